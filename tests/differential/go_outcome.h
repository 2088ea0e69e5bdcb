// GoOutcome: how one run of a real Go binary ended, classified exactly as mapcheck names
// outcomes (exit + stdout, fatal "MSG", panic "MSG", deadlock), plus the two ways a real run
// can fail to fit that scheme (timeout, unclassified). classify_run() does the classifying.
#pragma once
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mapcheck::differential {

/** The kinds of a real run's end. timeout and unclassified are never predicted by mapcheck:
 *  seeing one is always a failure of the differential check. */
enum class GoOutcomeKind : std::uint8_t {
  exit,          ///< exit status 0: main returned; `output` is stdout
  fatal,         ///< status 2, stderr says "fatal error: MSG" (MSG is not the deadlock text)
  panic,         ///< status 2, stderr says "panic: MSG"
  deadlock,      ///< status 2, stderr says "fatal error: all goroutines are asleep - deadlock!"
  timeout,       ///< the run did not end within its time limit and was killed
  unclassified,  ///< anything else (another status, a signal, an unexpected stderr)
};

/** "exit", "fatal", "panic", "deadlock", "timeout" or "unclassified". */
std::string_view go_outcome_kind_name(GoOutcomeKind k);

/** One observed outcome. Ordered (kind, message, output) so histograms print in a stable
 *  order. Invariant: `output` is non-empty only for exit; `message` is empty for exit,
 *  deadlock and timeout. */
struct GoOutcome {
  GoOutcomeKind kind = GoOutcomeKind::exit;
  /** fatal/panic: Go's text after "fatal error: " / "panic: " (first stderr line only);
   *  unclassified: a short description of what was seen. */
  std::string message;
  /** exit: everything the program wrote to stdout. */
  std::string output;
  auto operator<=>(const GoOutcome&) const = default;
};

/** How a process ended, as the classifier needs it. Exactly one of exit_status, signal and
 *  timed_out describes the end. */
struct RunEnd {
  /** The exit status when the process exited normally. */
  std::optional<int> exit_status;
  /** The signal that killed it, when it did not exit normally (and was not timed out). */
  std::optional<int> signal;
  /** True when the run exceeded its time limit and was killed. */
  bool timed_out = false;
  std::string stdout_text;
  std::string stderr_text;
};

/** Classifies a real run: status 0 is exit (with stdout); status 2 is decided by the first
 *  stderr line of the first paragraph that starts "fatal error: " or "panic: " (line 1, except
 *  that a memory fault prints "unexpected fault address 0x..." before "fatal error: fault"):
 *  "fatal error: all goroutines are asleep - deadlock!" is deadlock, "fatal error: MSG" is
 *  fatal MSG, "panic: MSG" is panic MSG (the whole line after the prefix, so a re-panic keeps
 *  its " [recovered]"); a timeout is timeout; everything else unclassified. */
GoOutcome classify_run(const RunEnd& end);

/** `s` in double quotes with \n, \t, \" and \\ escaped: the way mapcheck's reports write
 *  messages and outputs. */
std::string quote(std::string_view s);

/** As mapcheck's reports print an outcome: `exit output "3\n"`, `fatal "concurrent map
 *  writes"`, `panic "..."`, `deadlock`; plus `timeout` and `unclassified "..."`. */
std::string outcome_text(const GoOutcome& o);

}  // namespace mapcheck::differential
