// Termination: how a program run ended (exit, runtime fatal error, unrecovered panic,
// deadlock), with Go's message and the output so far. The CLI maps it to explorer::Outcome.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

namespace mapcheck::model {

enum class TerminationKind : std::uint8_t {
  exit,      ///< main returned
  fatal,     ///< runtime fatal error ("concurrent map writes"): recover cannot catch it
  panic,     ///< a panic no deferred call recovered
  deadlock,  ///< every goroutine blocked forever
};

std::string_view termination_kind_name(TerminationKind k);

/** The end of a run. `message` is Go's text without the "panic: " / "fatal error: " prefix:
 *  "concurrent map writes", "boom", "assignment to entry in nil map",
 *  "all goroutines are asleep - deadlock!"; empty for exit. */
struct Termination {
  TerminationKind kind = TerminationKind::exit;
  std::string message;
  /** Everything written to stdout. */
  std::string output;
  /** exit only: some other goroutine was blocked forever when main returned. */
  bool leak = false;
  auto operator<=>(const Termination&) const = default;
};

}  // namespace mapcheck::model
