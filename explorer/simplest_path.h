// simplest_path: the counterexample a person reads fastest. Iterative context bounding as in
// CHESS: breadth-first searches with 0, 1, 2, ... preemptions until a terminal state with the
// wanted outcome appears, so the path has the fewest preemptions, then the fewest steps.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "explorer/search_options.h"
#include "explorer/search_result.h"
#include "explorer/transition_system.h"

namespace mapcheck::explorer {

/** The simplest path found, with its preemption count. */
struct SimplestPath {
  Path path;
  std::uint32_t preemptions = 0;
};

/** A path to a terminal state whose outcome satisfies `wanted`, with the fewest preemptions
 *  and, among those, the fewest steps; ties go to the first found by a deterministic bfs.
 *  `base` supplies threads, time and state limits (its order, reduction, depth and preemption
 *  fields are replaced: each round is an unreduced bfs with max_preemptions = k). Tries
 *  k = 0 .. max_k; nullopt if no round found one (unreachable, or cut by a bound). */
std::optional<SimplestPath> simplest_path(const TransitionSystem& system, const SearchOptions& base,
                                          const std::function<bool(const Outcome&)>& wanted,
                                          std::uint32_t max_k = 8);

/** simplest_path for several wanted outcomes of one system: each round (one bounded bfs) runs
 *  at most once and is kept, so a report with several expectations pays for the rounds its
 *  hardest witness needs, not for every witness's rounds again. `system` must outlive it.
 *  Given the `targets` a report will ask for, a round stops as soon as it has reached every
 *  target no earlier round reached (the paths found are those the whole round would find
 *  first), so the last round a report needs is cut short. */
class SimplestPathFinder {
 public:
  SimplestPathFinder(const TransitionSystem& system, SearchOptions base, std::uint32_t max_k = 8,
                     std::vector<Outcome> targets = {});

  /** The same answer as simplest_path(system, base, wanted, max_k), for any `wanted` (from
   *  whole rounds). */
  std::optional<SimplestPath> find(const std::function<bool(const Outcome&)>& wanted);
  /** A path to `target` with the fewest preemptions, as find(o == target) gives, or, when
   *  `target` is one of the targets and its round stopped early, the path that round had
   *  found for it by then: as few preemptions and no more steps (a whole round may yet give
   *  one of its states a parent with fewer preemptions, never a shorter path). */
  std::optional<SimplestPath> find(const Outcome& target);

 private:
  /** Round k, run on first use; stopped early once it reached the targets it looks for. */
  const SearchResult& round(std::uint32_t k);
  /** Round k run to its end, for a wanted outcome the early-stopped round may have missed. */
  const SearchResult& whole_round(std::uint32_t k);
  SearchResult run_round(std::uint32_t k, std::vector<Outcome> stop_at) const;

  const TransitionSystem& system_;
  SearchOptions base_;
  std::uint32_t max_k_;
  std::vector<Outcome> targets_;
  /** rounds_[k]: the result of round k (possibly stopped at Bound::goals). */
  std::vector<SearchResult> rounds_;
  /** whole_[k]: round k run to its end, when a find needed it (rarely: see find). */
  std::vector<std::optional<SearchResult>> whole_;
};

}  // namespace mapcheck::explorer
