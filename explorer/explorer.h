// Explorer: exhaustive search of a TransitionSystem. Stores every reached state once, groups
// terminal states by outcome, keeps a path to the first state of each outcome and violation,
// and honours the bounds and reduction of SearchOptions. Knows nothing about maps.
#pragma once

#include <vector>

#include "explorer/search_observer.h"
#include "explorer/search_options.h"
#include "explorer/search_result.h"
#include "explorer/transition_system.h"

namespace mapcheck::explorer {

/** One search over one system. Deterministic: the same system and options give the same
 *  result, state ids and observer calls, whatever `threads` is (except when the time limit
 *  strikes). State ids are dense in discovery order; s0 is the initial state.
 *
 *  Usage:
 *    Explorer ex(system, SearchOptions{.order = Order::bfs, .max_depth = 200});
 *    ex.add_observer(dot_writer);
 *    SearchResult r = ex.run();
 */
class Explorer {
 public:
  /** `system` and every observer must outlive the Explorer. Throws std::invalid_argument if
   *  options.threads is 0. */
  Explorer(const TransitionSystem& system, SearchOptions options);

  /** Observers are called in the order they were added. */
  void add_observer(SearchObserver& observer);

  /** Runs the whole search from the initial state. Each call is a fresh search. Exceptions
   *  thrown by the system propagate (from whichever thread expanded the state). */
  SearchResult run();

 private:
  const TransitionSystem& system_;
  SearchOptions options_;
  std::vector<SearchObserver*> observers_;
};

}  // namespace mapcheck::explorer
