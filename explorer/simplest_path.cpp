// simplest_path: rounds of preemption-bounded bfs, each finding shortest paths within its bound.
#include "explorer/simplest_path.h"

#include <algorithm>

#include "explorer/explorer.h"

namespace mapcheck::explorer {

std::optional<SimplestPath> simplest_path(const TransitionSystem& system, const SearchOptions& base,
                                          const std::function<bool(const Outcome&)>& wanted,
                                          std::uint32_t max_k) {
  return SimplestPathFinder(system, base, max_k).find(wanted);
}

SimplestPathFinder::SimplestPathFinder(const TransitionSystem& system, SearchOptions base,
                                       std::uint32_t max_k)
    : system_(system), base_(base), max_k_(max_k) {}

const SearchResult& SimplestPathFinder::round(std::uint32_t k) {
  while (rounds_.size() <= k) {
    SearchOptions o = base_;
    o.order = Order::bfs;
    // Unreduced: the reduction may drop the interleaving with the fewest preemptions.
    o.reduction = Reduction::none;
    o.max_depth = std::nullopt;
    o.max_preemptions = static_cast<std::uint32_t>(rounds_.size());
    o.progress_every = 0;
    rounds_.push_back(Explorer(system_, o).run());
  }
  return rounds_[k];
}

std::optional<SimplestPath> SimplestPathFinder::find(
    const std::function<bool(const Outcome&)>& wanted) {
  for (std::uint32_t k = 0; k <= max_k_; ++k) {
    const SearchResult& r = round(k);
    const OutcomeRecord* best = nullptr;
    for (const OutcomeRecord& rec : r.outcomes) {
      if (!wanted(rec.outcome)) continue;
      // bfs paths are shortest within the bound; of several outcomes take the shortest path.
      if (best == nullptr || rec.path.size() < best->path.size()) best = &rec;
    }
    if (best != nullptr) return SimplestPath{best->path, k};
    // Complete without hitting the preemption bound: more preemptions reach nothing new.
    const bool cut_by_preemptions = std::find(r.bounds_hit.begin(), r.bounds_hit.end(),
                                              Bound::preemptions) != r.bounds_hit.end();
    if (!cut_by_preemptions) return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace mapcheck::explorer
