// Expectations (`// expect:` directives) as values, and their verdict on a SearchResult.
// The spec parser builds them; the explorer judges them. Matching follows DESIGN.md: a pattern
// without `output` matches any output, `exit` matches every exit (leaking or not), `leak`
// only leaking exits.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "explorer/outcome.h"
#include "explorer/search_result.h"

namespace mapcheck::explorer {

/** What an outcome pattern names; `leak` is not an OutcomeKind but an exit with leak set. */
enum class PatternKind : std::uint8_t { exit, leak, fatal, panic, deadlock };

std::string_view pattern_kind_name(PatternKind k);

/** One outcome pattern: `fatal "concurrent map writes"`, `exit output "1\n"`, `deadlock`. */
struct OutcomePattern {
  PatternKind kind = PatternKind::exit;
  /** fatal/panic only: the exact message; nullopt matches any message. */
  std::optional<std::string> message;
  /** exit/leak only: the exact output; nullopt matches any output. */
  std::optional<std::string> output;
  auto operator<=>(const OutcomePattern&) const = default;
};

/** True iff `o` is an outcome `p` describes. */
bool matches(const OutcomePattern& p, const Outcome& o);

/** The index of the first record (anything with an `outcome`) whose outcome matches some
 *  pattern of `ps` (want_match) or none of them (!want_match); nullopt if there is none. */
template <class Records>
std::optional<std::size_t> first_where(const Records& records, bool want_match,
                                       const std::vector<OutcomePattern>& ps) {
  for (std::size_t i = 0; i < records.size(); ++i) {
    bool any = false;
    for (const OutcomePattern& p : ps)
      any = any || matches(p, records[i].outcome);
    if (any == want_match) return i;
  }
  return std::nullopt;
}

enum class Quantifier : std::uint8_t {
  always,     ///< every outcome matches the pattern
  never,      ///< no outcome matches the pattern
  sometimes,  ///< some outcome matches the pattern
  outcomes,   ///< `outcomes {a; b}`: every outcome matches some pattern, every pattern some outcome
};

std::string_view quantifier_name(Quantifier q);

/** One `// expect:` line. always/never/sometimes have exactly one pattern; outcomes has one
 *  or more. */
struct Expectation {
  Quantifier quantifier = Quantifier::always;
  std::vector<OutcomePattern> patterns;
  auto operator<=>(const Expectation&) const = default;
};

enum class VerdictStatus : std::uint8_t {
  holds,     ///< proved (or, for sometimes, witnessed)
  violated,  ///< refuted: a counterexample outcome exists, or the complete search lacks one
  unknown,   ///< the search was cut by a bound and neither proves nor refutes it
};

std::string_view verdict_status_name(VerdictStatus s);

/** The judgement of one expectation. */
struct Verdict {
  VerdictStatus status = VerdictStatus::unknown;
  /** Index into SearchResult::outcomes of the outcome that decides it: the counterexample of a
   *  violated always/never/outcomes, or the witness of a holding sometimes. nullopt when no
   *  single outcome decides (e.g. a pattern of `outcomes {...}` that nothing matched). */
  std::optional<std::size_t> outcome;
  /** One line for the report: "fatal \"concurrent map writes\" is reachable". */
  std::string reason;
  bool operator==(const Verdict&) const = default;
};

/** Judges `e` on `r`. A bound (r.complete() false) turns "nothing found" into unknown; a found
 *  counterexample or witness decides whatever the bounds. Uses the first decisive outcome in
 *  SearchResult order, so verdicts are deterministic. Throws std::logic_error if `e` has the
 *  wrong number of patterns. */
Verdict evaluate(const Expectation& e, const SearchResult& r);

/** The verdict of a whole spec: violated if any is violated (a counterexample decides even
 *  under a bound), else unknown if any is unknown, else holds (also when `verdicts` is empty).
 *  The CLI maps these to exit status 1, 3 and 0. */
VerdictStatus overall(std::span<const Verdict> verdicts);

}  // namespace mapcheck::explorer

/** As written in a directive: `fatal "concurrent map writes"`, `exit output "1\n"`. */
template <>
struct fmt::formatter<mapcheck::explorer::OutcomePattern> {
  constexpr auto parse(fmt::format_parse_context& ctx) { return ctx.begin(); }
  auto format(const mapcheck::explorer::OutcomePattern& p, fmt::format_context& ctx) const
      -> decltype(ctx.out());
};

/** As written in a directive: `always deadlock`, `outcomes { exit; fatal "..." }`. */
template <>
struct fmt::formatter<mapcheck::explorer::Expectation> {
  constexpr auto parse(fmt::format_parse_context& ctx) { return ctx.begin(); }
  auto format(const mapcheck::explorer::Expectation& e, fmt::format_context& ctx) const
      -> decltype(ctx.out());
};
