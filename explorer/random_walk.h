// random_walk: one execution of a TransitionSystem chosen by a seeded Rng, as `mapcheck run`
// prints it. Each step picks an enabled actor uniformly, then one of its choices uniformly.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "explorer/outcome.h"
#include "explorer/rng.h"
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
 *  unless the walk ran out of steps or reached a state whose only steps the system holds back
 *  (then neither). */
struct WalkResult {
  Path path;
  /** Set iff the walk reached a terminal state. */
  std::optional<Outcome> outcome;
  /** Set iff the walk reached a state the system reports as a violation; it stops there. */
  std::optional<std::string> violation;
  /** The last state reached. */
  StateBytes state;
  /** The walk stopped where every step left was held back (TransitionSystem::held_back). */
  bool held = false;
};

WalkResult random_walk(const TransitionSystem& system, const WalkOptions& options);

/** One execution from the initial state: `pick(enabled)` chooses each step, and
 *  `reached(step, state)` sees every state, the initial one with a null step, until a
 *  violation, a terminal state, a state with only held-back steps or `max_steps` steps. The
 *  loop random_walk and pct_walk share; they differ in the scheduler. */
template <typename Pick, typename Reached>
WalkResult walk(const TransitionSystem& system, std::size_t max_steps, Pick&& pick,
                Reached&& reached) {
  WalkResult r;
  r.state = system.initial();
  reached(static_cast<const Step*>(nullptr), r.state);
  std::vector<Step> steps;
  for (;;) {
    if ((r.violation = system.violation(r.state))) return r;
    system.enabled(r.state, steps);
    if (steps.empty()) {
      r.held = system.held_back(r.state) > 0;
      if (!r.held) r.outcome = system.outcome(r.state);
      return r;
    }
    if (r.path.size() >= max_steps) return r;
    const Step step = pick(std::span<const Step>(steps));
    r.state = system.apply(r.state, step);
    r.path.push_back(step);
    reached(&r.path.back(), r.state);
  }
}

/** The steps of `actor` in `enabled` (sorted by actor, choice): a contiguous run, empty if the
 *  actor has no enabled step. */
std::span<const Step> steps_of(std::span<const Step> enabled, ActorId actor);

/** The uniform scheduler's pick: an enabled actor uniformly, then one of its choices uniformly.
 *  Actor first, not step: a goroutine with many choices (an iterator's random start has up to
 *  8 << B) would otherwise run far more often than one with a single step, which is neither
 *  how the Go scheduler behaves nor good at finding interleavings. `enabled` is non-empty and
 *  sorted by (actor, choice). */
Step pick_uniform(std::span<const Step> enabled, Rng& rng);

}  // namespace mapcheck::explorer
