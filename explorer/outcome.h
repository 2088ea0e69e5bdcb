// The terminal outcome of one execution: how the program ended and what it printed.
// A value with <=> and a formatter; the explorer groups terminal states by it.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace mapcheck::explorer {

enum class OutcomeKind : std::uint8_t {
  exit,      ///< main returned (or os.Exit); `output` is everything printed to stdout
  fatal,     ///< runtime fatal error: unrecoverable, `message` is Go's text
  panic,     ///< unrecovered panic: `message` is the panic value as Go prints it
  deadlock,  ///< "all goroutines are asleep - deadlock!"
};

std::string_view outcome_kind_name(OutcomeKind k);

/** `s` in double quotes with \n, \t, \" and \\ escaped, as reports and directives write
 *  messages and outputs (so that an output with newlines stays on one line). */
std::string quote(std::string_view s);

/** How one execution ended. Two executions with equal Outcome are the same outcome. */
struct Outcome {
  OutcomeKind kind = OutcomeKind::exit;
  /** Go's message for fatal and panic; empty for exit and deadlock. */
  std::string message;
  /** Everything the program wrote to stdout, in order. */
  std::string output;
  /** Only for exit: some goroutine was blocked forever when main returned. */
  bool leak = false;
  auto operator<=>(const Outcome&) const = default;
};

}  // namespace mapcheck::explorer

/** Formats as the report prints it: `exit output "1\n"`, `fatal "concurrent map writes"`. */
template <>
struct fmt::formatter<mapcheck::explorer::Outcome> {
  constexpr auto parse(fmt::format_parse_context& ctx) { return ctx.begin(); }
  auto format(const mapcheck::explorer::Outcome& o, fmt::format_context& ctx) const
      -> decltype(ctx.out());
};
