// PCT, probabilistic concurrency testing (Burckhardt, Kothari, Musuvathi, Nagarakatte, ASPLOS
// 2010): one execution scheduled by random actor priorities with d-1 random change points.
#pragma once

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "explorer/ids.h"
#include "explorer/random_walk.h"
#include "explorer/rng.h"
#include "explorer/transition_system.h"

namespace mapcheck::explorer {

/** The PCT scheduler of one execution. The highest-priority enabled actor runs; its choice is
 *  uniform. Actors appear dynamically (goroutines are created as the program runs), so an
 *  actor gets its priority when first seen enabled: a uniformly random place among the
 *  initial priorities, which over all actors is a uniformly random permutation. After the
 *  step numbered k_i (i = 1 … d-1, each uniform in [1, k]) the actor that took it drops to
 *  priority d-i, below every initial priority. PCT finds a bug of depth d with probability at
 *  least 1/(n k^(d-1)) for n actors and executions of at most k steps. */
class PctScheduler {
 public:
  /** `depth` >= 1 (d), `length` >= 1 (k, the expected number of steps of an execution). */
  PctScheduler(std::uint64_t seed, std::uint32_t depth, std::uint32_t length);

  /** The step to take next; `enabled` is non-empty and sorted by (actor, choice). */
  Step pick(std::span<const Step> enabled);

  /** `actor` made no progress (its step led back to a state of this execution, e.g. a spin
   *  loop around runtime.Gosched): it drops below every other priority, as a yield. Strict
   *  priorities would otherwise spin it until the step bound. */
  void demote(ActorId actor);

  /** The change points k_1 … k_{d-1}, in the order drawn. */
  const std::vector<std::uint32_t>& change_points() const { return change_points_; }

 private:
  /** Removes `actor` from either band. */
  void remove(ActorId actor);
  /** Puts `actor` into the low band with priority `value`. */
  void lower(ActorId actor, std::int64_t value);

  Rng rng_;
  std::uint32_t depth_;
  std::vector<std::uint32_t> change_points_;
  /** Actors with their initial priority, highest first. */
  std::vector<ActorId> high_;
  /** Lowered actors with their priority, highest first; every one is below all of `high_`. */
  std::vector<std::pair<std::int64_t, ActorId>> low_;
  /** Steps picked so far. */
  std::uint32_t steps_ = 0;
  /** The priority the next demoted actor gets (below every change-point priority). */
  std::int64_t next_demotion_ = 0;
};

/** PCT options for one execution. */
struct PctWalkOptions {
  std::uint64_t seed = 0;
  /** d: the bug depth PCT targets; d-1 change points. */
  std::uint32_t depth = 3;
  /** k: the expected execution length the change points are drawn from. */
  std::uint32_t length = 1;
  /** The walk stops (unfinished) after this many steps. */
  std::uint32_t max_steps = 1'000'000;
};

/** One execution of `system` under a PctScheduler, ending as random_walk's do. */
WalkResult pct_walk(const TransitionSystem& system, const PctWalkOptions& options);

}  // namespace mapcheck::explorer
