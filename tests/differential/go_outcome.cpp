// Classification of a real Go run's end into mapcheck's outcome names.
#include "tests/differential/go_outcome.h"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <utility>

namespace mapcheck::differential {

namespace {

constexpr std::string_view kFatalPrefix = "fatal error: ";
constexpr std::string_view kPanicPrefix = "panic: ";
constexpr std::string_view kChainedPanicPrefix = "\tpanic: ";
constexpr std::string_view kDeadlock = "all goroutines are asleep - deadlock!";

std::string_view first_line(std::string_view s) {
  const auto nl = s.find('\n');
  return nl == std::string_view::npos ? s : s.substr(0, nl);
}

/** The message of a line that starts with "fatal error: " (see classify_run). */
std::string first_fatal_message(std::string_view line) {
  // The line without its prefixes, and how many there were.
  std::string rest;
  std::size_t prefixes = 0;
  for (std::size_t at = 0; at < line.size();) {
    const std::size_t p = line.find(kFatalPrefix, at);
    rest += line.substr(at, p == std::string_view::npos ? std::string_view::npos : p - at);
    if (p == std::string_view::npos) break;
    ++prefixes;
    at = p + kFatalPrefix.size();
  }
  if (prefixes > 1 && rest.size() % prefixes == 0) {
    const std::size_t n = rest.size() / prefixes;
    bool repeated = true;
    for (std::size_t i = n; i < rest.size() && repeated; i += n)
      repeated = rest.compare(i, n, rest, 0, n) == 0;
    if (repeated) return rest.substr(0, n);
  }
  // One message whole after the leading prefixes, up to the next prefix if any.
  std::string_view msg = line.substr(kFatalPrefix.size());
  while (msg.starts_with(kFatalPrefix))
    msg.remove_prefix(kFatalPrefix.size());
  return std::string(msg.substr(0, msg.find(kFatalPrefix)));
}

}  // namespace

std::string_view go_outcome_kind_name(GoOutcomeKind k) {
  switch (k) {
    case GoOutcomeKind::exit:
      return "exit";
    case GoOutcomeKind::fatal:
      return "fatal";
    case GoOutcomeKind::panic:
      return "panic";
    case GoOutcomeKind::deadlock:
      return "deadlock";
    case GoOutcomeKind::timeout:
      return "timeout";
    case GoOutcomeKind::unclassified:
      return "unclassified";
  }
  throw std::logic_error("go_outcome_kind_name: unknown kind");
}

GoOutcome classify_run(const RunEnd& end) {
  GoOutcome o;
  if (end.timed_out) {
    o.kind = GoOutcomeKind::timeout;
    return o;
  }
  const std::string_view line = first_line(end.stderr_text);
  if (end.exit_status == 0) {
    o.kind = GoOutcomeKind::exit;
    o.output = end.stdout_text;
    return o;
  }
  if (end.exit_status == 2) {
    // The deciding line is the first "fatal error: " or "panic: " line of the first paragraph:
    // usually line 1, but a memory fault prints "unexpected fault address 0x..." before
    // "fatal error: fault".
    std::string_view rest = end.stderr_text;
    while (!rest.empty()) {
      const std::string_view l = first_line(rest);
      if (l.empty()) break;
      rest = rest.substr(std::min(rest.size(), l.size() + 1));
      if (l.starts_with(kFatalPrefix)) {
        // Two goroutines that throw at once interleave their prints, each of which writes
        // "fatal error: ", the message and "\n" apart: "fatal error: fatal error: X\nX",
        // "fatal error: Xfatal error: X" or "fatal error: fatal error: XX". The line's
        // prefixes removed, what is left is the first message whole, or (n prefixes) the same
        // message n times.
        std::string msg = first_fatal_message(l);
        if (msg == kDeadlock) {
          o.kind = GoOutcomeKind::deadlock;
        } else {
          o.kind = GoOutcomeKind::fatal;
          o.message = std::move(msg);
        }
        return o;
      }
      if (l.starts_with(kPanicPrefix)) {
        // A panic raised while others were still on the goroutine's panic chain (one being
        // unwound, or recovered by a deferred call that has not returned) is printed after
        // them, oldest first, each on a line "\tpanic: MSG" ("panic: a [recovered]\n\tpanic:
        // b"): the last line is the panic that ended the program, which mapcheck names.
        std::string_view last = l.substr(kPanicPrefix.size());
        for (std::string_view next = first_line(rest); next.starts_with(kChainedPanicPrefix);
             next = first_line(rest)) {
          last = next.substr(kChainedPanicPrefix.size());
          rest = rest.substr(std::min(rest.size(), next.size() + 1));
        }
        o.kind = GoOutcomeKind::panic;
        o.message = std::string(last);
        return o;
      }
    }
  }
  o.kind = GoOutcomeKind::unclassified;
  if (end.exit_status)
    o.message = fmt::format("exit status {}, stderr {}", *end.exit_status, quote(line));
  else if (end.signal)
    o.message = fmt::format("killed by signal {}, stderr {}", *end.signal, quote(line));
  else
    o.message = fmt::format("no exit status, stderr {}", quote(line));
  return o;
}

std::string quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      default:
        out += c;
    }
  }
  out += '"';
  return out;
}

std::string outcome_text(const GoOutcome& o) {
  switch (o.kind) {
    case GoOutcomeKind::exit:
      return "exit output " + quote(o.output);
    case GoOutcomeKind::fatal:
    case GoOutcomeKind::panic:
    case GoOutcomeKind::unclassified:
      return fmt::format("{} {}", go_outcome_kind_name(o.kind), quote(o.message));
    case GoOutcomeKind::deadlock:
    case GoOutcomeKind::timeout:
      return std::string(go_outcome_kind_name(o.kind));
  }
  throw std::logic_error("outcome_text: unknown kind");
}

}  // namespace mapcheck::differential
