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
                                       std::uint32_t max_k, std::vector<Outcome> targets)
    : system_(system), base_(std::move(base)), max_k_(max_k), targets_(std::move(targets)) {}

SearchResult SimplestPathFinder::run_round(std::uint32_t k, std::vector<Outcome> stop_at) const {
  SearchOptions o = base_;
  o.order = Order::bfs;
  // Unreduced: the reduction may drop the interleaving with the fewest preemptions.
  o.reduction = Reduction::none;
  o.max_depth = std::nullopt;
  o.max_preemptions = k;
  o.progress_every = 0;
  o.stop_at = std::move(stop_at);
  return Explorer(system_, o).run();
}

const SearchResult& SimplestPathFinder::round(std::uint32_t k) {
  while (rounds_.size() <= k) {
    // Look for the targets no earlier round reached; with none left (or none given) the
    // round runs to its end.
    std::vector<Outcome> open;
    for (const Outcome& t : targets_)
      if (std::none_of(rounds_.begin(), rounds_.end(),
                       [&](const SearchResult& r) { return r.find(t) != nullptr; }))
        open.push_back(t);
    const auto k_now = static_cast<std::uint32_t>(rounds_.size());
    rounds_.push_back(run_round(k_now, std::move(open)));
  }
  return rounds_[k];
}

const SearchResult& SimplestPathFinder::whole_round(std::uint32_t k) {
  const SearchResult& r = round(k);
  if (std::find(r.bounds_hit.begin(), r.bounds_hit.end(), Bound::goals) == r.bounds_hit.end())
    return r;
  if (whole_.size() <= k) whole_.resize(k + 1);
  if (!whole_[k]) whole_[k] = run_round(k, {});
  return *whole_[k];
}

namespace {
bool cut_by_preemptions(const SearchResult& r) {
  return std::find(r.bounds_hit.begin(), r.bounds_hit.end(), Bound::preemptions) !=
         r.bounds_hit.end();
}
}  // namespace

std::optional<SimplestPath> SimplestPathFinder::find(
    const std::function<bool(const Outcome&)>& wanted) {
  for (std::uint32_t k = 0; k <= max_k_; ++k) {
    const SearchResult& r = whole_round(k);
    const OutcomeRecord* best = nullptr;
    for (const OutcomeRecord& rec : r.outcomes) {
      if (!wanted(rec.outcome)) continue;
      // bfs paths are shortest within the bound; of several outcomes take the shortest path.
      if (best == nullptr || rec.path.size() < best->path.size()) best = &rec;
    }
    if (best != nullptr) return SimplestPath{best->path, k};
    // Complete without hitting the preemption bound: more preemptions reach nothing new.
    if (!cut_by_preemptions(r)) return std::nullopt;
  }
  return std::nullopt;
}

std::optional<SimplestPath> SimplestPathFinder::find(const Outcome& target) {
  for (std::uint32_t k = 0; k <= max_k_; ++k) {
    // A round stopped at its goals reached every target earlier rounds missed; another
    // outcome needs the whole round.
    const SearchResult* r = &round(k);
    if (r->find(target) == nullptr) r = &whole_round(k);
    if (const OutcomeRecord* rec = r->find(target)) return SimplestPath{rec->path, k};
    if (!cut_by_preemptions(*r)) return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace mapcheck::explorer
