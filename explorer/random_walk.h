// random_walk: one execution of a TransitionSystem chosen by a seeded Rng, as `mapcheck run`
// prints it. Each step picks an enabled actor uniformly, then one of its choices uniformly.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "explorer/outcome.h"
#include "explorer/search_result.h"
#include "explorer/transition_system.h"

namespace mapcheck::explorer {

struct WalkOptions {
  /** Same seed, same system: same walk. */
  std::uint64_t seed = 0;
  /** The walk stops (unfinished) after this many steps. */
  std::uint32_t max_steps = 1'000'000;
};

/** Where one walk went and how it ended. Exactly one of `outcome` and `violation` is set,
 *  unless the walk ran out of steps (then neither). */
struct WalkResult {
  Path path;
  /** Set iff the walk reached a terminal state. */
  std::optional<Outcome> outcome;
  /** Set iff the walk reached a state the system reports as a violation; it stops there. */
  std::optional<std::string> violation;
  /** The last state reached. */
  StateBytes state;
};

WalkResult random_walk(const TransitionSystem& system, const WalkOptions& options);

}  // namespace mapcheck::explorer
