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

std::string spec_file_name(const Trace& trace) {
  const auto slash = trace.spec_path.find_last_of('/');
  if (slash == std::string::npos) return trace.spec_path;
  return trace.spec_path.substr(slash + 1);
}

}  // namespace mapcheck::traces
