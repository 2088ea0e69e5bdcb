// SearchResult: what a search found: every distinct outcome with a path that reaches it, every
// distinct violation with its path, the bounds that cut the search, and its statistics.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "explorer/ids.h"
#include "explorer/outcome.h"
#include "explorer/search_options.h"
#include "explorer/search_stats.h"

namespace mapcheck::explorer {

/** Steps from the initial state, in order. Replaying them reproduces the path exactly. */
using Path = std::vector<Step>;

/** One distinct outcome. */
struct OutcomeRecord {
  Outcome outcome;
  /** Terminal states with this outcome (>= 1). */
  std::size_t terminal_states = 0;
  /** The first terminal state found with this outcome. */
  StateId first;
  /** A path from the initial state to `first` (shortest possible under bfs). */
  Path path;
};

/** One distinct violation message reported by TransitionSystem::violation. */
struct ViolationRecord {
  std::string message;
  /** States in which it was reported (>= 1); they were not expanded. */
  std::size_t states = 0;
  StateId first;
  Path path;
};

/** The result of Explorer::run. */
struct SearchResult {
  /** Sorted by outcome; each outcome once. */
  std::vector<OutcomeRecord> outcomes;
  /** Sorted by message; each message once. */
  std::vector<ViolationRecord> violations;
  /** Bounds that cut the search, sorted, each once. Empty iff the search was complete, i.e.
   *  `outcomes` holds every reachable outcome. */
  std::vector<Bound> bounds_hit;
  SearchStats stats;

  bool complete() const { return bounds_hit.empty(); }
  /** The record for `o`, or nullptr if it was not found. */
  const OutcomeRecord* find(const Outcome& o) const;
};

}  // namespace mapcheck::explorer
