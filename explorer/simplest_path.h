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
 *  hardest witness needs, not for every witness's rounds again. `system` must outlive it. */
class SimplestPathFinder {
 public:
  SimplestPathFinder(const TransitionSystem& system, SearchOptions base, std::uint32_t max_k = 8);

  /** The same answer as simplest_path(system, base, wanted, max_k). */
  std::optional<SimplestPath> find(const std::function<bool(const Outcome&)>& wanted);

 private:
  /** Round k, run on first use. */
  const SearchResult& round(std::uint32_t k);

  const TransitionSystem& system_;
  SearchOptions base_;
  std::uint32_t max_k_;
  /** rounds_[k]: the result of round k. */
  std::vector<SearchResult> rounds_;
};

}  // namespace mapcheck::explorer
