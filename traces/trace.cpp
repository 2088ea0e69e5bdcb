// Small helpers over Trace: verdict names, the spec hash, the spec's file name.
#include "traces/trace.h"

#include <fmt/format.h>
#include <xxhash.h>

namespace mapcheck::traces {

std::string_view verdict_name(Verdict v) {
  switch (v) {
    case Verdict::counterexample:
      return "counterexample";
    case Verdict::witness:
      return "witness";
    case Verdict::outcome:
      return "outcome";
  }
  return "?";
}

std::optional<Verdict> parse_verdict(std::string_view text) {
  for (Verdict v : {Verdict::counterexample, Verdict::witness, Verdict::outcome})
    if (verdict_name(v) == text) return v;
  return std::nullopt;
}

std::string spec_hash(std::string_view spec_bytes) {
  const XXH64_hash_t h = XXH64(spec_bytes.data(), spec_bytes.size(), 0);
  return fmt::format("{:016x}", static_cast<std::uint64_t>(h));
}

std::optional<std::string> check_invariants(const Trace& trace) {
  std::uint32_t marked = 0;
  for (std::size_t i = 0; i < trace.steps.size(); ++i) {
    const TraceStep& s = trace.steps[i];
    if (s.index.v != i + 1)
      return fmt::format("step {}: index is {}, expected {}", i + 1, s.index.v, i + 1);
    if (s.sync_from && (s.sync_from->v == 0 || s.sync_from->v >= s.index.v))
      return fmt::format("step {}: sync_from {} does not name an earlier step", i + 1,
                         s.sync_from->v);
    if (s.preemption && i == 0) return "step 1: the first step cannot be a preemption";
    marked += s.preemption ? 1 : 0;
  }
  if (trace.preemptions != marked)
    return fmt::format("preemptions is {} but {} step{} marked \"preemption\"", trace.preemptions,
                       marked, marked == 1 ? " is" : "s are");
  return std::nullopt;
}

std::optional<std::string> check_spec_hash(const Trace& trace, std::string_view spec_bytes) {
  const std::string actual = spec_hash(spec_bytes);
  if (actual == trace.spec_hash) return std::nullopt;
  return fmt::format(
      "the trace was recorded for a different version of {} (trace: xxh64 {}, file: xxh64 {})",
      trace.spec_path, trace.spec_hash, actual);
}

std::string source_line(std::string_view spec_text, std::uint32_t line) {
  if (line == 0) return "";
  std::size_t start = 0;
  for (std::uint32_t k = 1; k < line; ++k) {
    start = spec_text.find('\n', start);
    if (start == std::string_view::npos) return "";
    ++start;
  }
  std::size_t end = spec_text.find('\n', start);
  if (end == std::string_view::npos) end = spec_text.size();
  std::string_view text = spec_text.substr(start, end - start);
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return "";
  const auto last = text.find_last_not_of(" \t\r");
  return std::string(text.substr(first, last - first + 1));
}

std::string spec_file_name(const Trace& trace) {
  const auto slash = trace.spec_path.find_last_of('/');
  if (slash == std::string::npos) return trace.spec_path;
  return trace.spec_path.substr(slash + 1);
}

}  // namespace mapcheck::traces
