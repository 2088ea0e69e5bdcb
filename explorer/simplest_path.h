// simplest_path: the counterexample a person reads fastest. Iterative context bounding as in
// CHESS: breadth-first searches with 0, 1, 2, ... preemptions until a terminal state with the
// wanted outcome appears, so the path has the fewest preemptions, then the fewest steps.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>

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

}  // namespace mapcheck::explorer
