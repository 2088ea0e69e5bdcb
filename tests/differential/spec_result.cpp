// Comparing a spec's predicted outcome set with real Go's histogram.
#include "tests/differential/spec_result.h"

#include <numeric>

namespace mapcheck::differential {

std::vector<RunConfig> default_run_configs() {
  return {
      RunConfig{"P1", {"GOMAXPROCS=1"}},
      RunConfig{"P2", {"GOMAXPROCS=2"}},
      RunConfig{"P4", {"GOMAXPROCS=4"}},
      RunConfig{"P4 GOGC=1", {"GOMAXPROCS=4", "GOGC=1"}},
  };
}

std::size_t Tally::total() const {
  return std::accumulate(counts.begin(), counts.end(), 0UL);
}

std::vector<GoOutcome> unpredicted(const SpecResult& r) {
  std::vector<GoOutcome> out;
  for (const auto& [o, t] : r.observed)
    if (!predicted(r.prediction.outcomes, o)) out.push_back(o);
  return out;
}

std::vector<PredictedOutcome> never_observed(const SpecResult& r) {
  std::vector<PredictedOutcome> out;
  for (const auto& p : r.prediction.outcomes) {
    bool seen = false;
    for (const auto& [o, t] : r.observed)
      seen = seen || predicts(p, o);
    if (!seen) out.push_back(p);
  }
  return out;
}

SpecStatus compare_status(const SpecResult& r) {
  return unpredicted(r).empty() ? SpecStatus::agreed : SpecStatus::mismatch;
}

}  // namespace mapcheck::differential
