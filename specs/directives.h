// Directives: the comments before `package` that configure a spec (`// mapcheck: k=v ...`)
// and state what must happen (`// expect: ...`). Parsed and validated here, independent of
// the explorer (the CLI maps them onto search options and explorer expectations).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "specs/ast.h"
#include "specs/diagnostic.h"

namespace mapcheck::specs {

/** How an outcome is named in `// expect:` (DESIGN.md "Outcomes"). */
struct OutcomePattern {
  enum class Kind : std::uint8_t { Exit, Fatal, Panic, Deadlock, Leak };
  Kind kind = Kind::Exit;
  /** Exit/Leak: the exact output (`exit output "1\n"`); Fatal/Panic: the exact message.
   *  nullopt matches any output/message. Always nullopt for Deadlock. */
  std::optional<std::string> message_or_output;
  auto operator<=>(const OutcomePattern&) const = default;
};

enum class Quantifier : std::uint8_t {
  Always,     ///< every outcome matches the one pattern
  Never,      ///< no outcome matches the one pattern
  Sometimes,  ///< some outcome matches the one pattern
  Outcomes,   ///< `outcomes { P1; P2 }`: the exact set of outcome patterns
};

/** One `// expect:` line. Invariant: patterns.size() == 1 unless q == Outcomes (>= 1). */
struct Expectation {
  Loc loc;           ///< the comment's position
  std::string text;  ///< the text after `expect:`, trimmed (for reports)
  Quantifier q = Quantifier::Always;
  std::vector<OutcomePattern> patterns;
};

/** One raw `key=value` of a `// mapcheck:` line, as written. */
struct Option {
  Loc loc;  ///< position of the key
  std::string key;
  std::string value;
};

enum class Grain : std::uint8_t { Op, Phase, Access };
enum class Order : std::uint8_t { All, Fixed };

/** `hash=`: `mix` (fixed mixing function), `all` (every placement; later), or
 *  `table{1:0x0, "a":0x80}` (chosen keys get exact hashes; others use mix). */
struct HashSpec {
  enum class Kind : std::uint8_t { Mix, All, Table };
  Kind kind = Kind::Mix;
  /** Table: in written order; keys unique. */
  std::vector<std::pair<std::variant<std::int64_t, std::string>, std::uint64_t>> table;
};

/** Everything the directives say. The typed fields are set iff the option was written and
 *  valid; `options` keeps every key=value as written (also the typed ones). */
struct Directives {
  std::vector<Option> options;
  std::vector<Expectation> expectations;
  /** `runtime=`: "hmap", "swiss", "go1.19".."go1.24", optionally "+VARIANT" (the model
   *  decides whether the variant exists). */
  std::optional<std::string> runtime;
  std::optional<Grain> grain;
  std::optional<Order> order;
  std::optional<HashSpec> hash;
  std::optional<std::uint64_t> max_preemptions;
  std::optional<std::uint64_t> max_depth;
  std::optional<std::uint64_t> max_states;
  std::optional<std::uint64_t> time_limit;  ///< seconds
  /** `max-call-depth=`: frames a goroutine may hold; >= 1 when set. */
  std::optional<std::uint64_t> max_call_depth;
  /** `//go:build ignore` was present (the library convention; not required). */
  bool build_ignore = false;
};

/** The result of reading the directives of one file. */
struct DirectivesResult {
  Directives directives;
  std::vector<Diagnostic> diagnostics;
};

/** Reads the directives among `comments`: `// mapcheck:` and `// expect:` comments must come
 *  before `package_loc` (one after it is a diagnostic, never ignored). */
DirectivesResult parse_directives(const std::vector<Comment>& comments, const Loc& package_loc);

/** Parses the text after `expect:` (e.g. `always fatal "x"`); `loc` is where `text` starts.
 *  Appends diagnostics on error and returns nullopt. */
std::optional<Expectation> parse_expectation(std::string_view text, const Loc& loc,
                                             std::vector<Diagnostic>& diags);

/** Canonical text of a pattern / expectation: `fatal "concurrent map writes"`,
 *  `outcomes { exit; deadlock }`. */
std::string to_string(const OutcomePattern& p);
std::string to_string(const Expectation& e);

}  // namespace mapcheck::specs
