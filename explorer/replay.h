// replay: re-executes a path (a counterexample, a witness, a saved trace) on a system and
// returns every state along it, checking that each step is enabled where it is taken.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

#include "explorer/ids.h"
#include "explorer/transition_system.h"

namespace mapcheck::explorer {

/** The states a path visits. states[0] is the initial state and states[i+1] the state after
 *  path[i]. If path[k] is not enabled in states[k], replay stops there: `states` ends with
 *  states[k] and `rejected` is k. */
struct Replay {
  std::vector<StateBytes> states;
  /** Index of the first step that was not enabled; nullopt iff the whole path replayed. */
  std::optional<std::size_t> rejected;
};

Replay replay(const TransitionSystem& system, std::span<const Step> path);

/** Preemptions along `path`: steps by an actor other than the one that took the previous step
 *  while that one still had an enabled step (the measure of SearchOptions::max_preemptions).
 *  Throws std::invalid_argument if a step is not enabled where it is taken. */
std::size_t count_preemptions(const TransitionSystem& system, std::span<const Step> path);

/** For each step of `path`, whether it is a preemption (as count_preemptions counts them), so
 *  that a trace can mark the switches that were forced on the program. Same precondition. */
std::vector<bool> preempting_steps(const TransitionSystem& system, std::span<const Step> path);

}  // namespace mapcheck::explorer
