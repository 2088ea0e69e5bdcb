// Partial-order reduction over footprints: independence of two steps, and the choice of an
// ample set. Pure functions; the explorer decides when to call them.
//
// Two ample sets are offered. `persistent_actors` is Godefroid's conflicting-actors persistent
// set: it starts from one actor and adds every actor whose future (TransitionSystem::futures)
// may conflict with a step already in the set, so no step outside the set, now or later, can
// interfere with those inside. Without futures it degenerates to `ample_actor`, the classic
// "private step" reduction (Peled; SPIN's statement
// merging): if some actor's enabled steps all touch no shared object and are invisible, those
// steps alone are expanded. They commute with every step of every other actor and no other
// actor can enable or disable them (TransitionSystem's footprint contract), so the reduced
// graph keeps every terminal state, every outcome and every violation. The cycle proviso
// (every successor through the ample set must be new) keeps a step from being postponed for
// ever around a cycle.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <span>
#include <vector>

#include "explorer/ids.h"
#include "explorer/transition_system.h"

namespace mapcheck::explorer {

/** True iff the two footprints conflict: some object is written by one and accessed by the
 *  other. Steps of different actors commute iff their footprints do not conflict. */
bool conflict(const Footprint& a, const Footprint& b);

/** True iff a step with this footprint touches only its own actor's state and no observer
 *  can see it (no accesses and not visible). */
bool is_private(const Footprint& f);

/** The actor whose steps form the ample set of a state, or nullopt to expand everything.
 *  `succ` is the state's full successor list, sorted by (actor, choice). An actor qualifies if
 *  it has at least one step, every one of its steps is private, and `eligible(i)` holds for
 *  each of its steps' indices i (the caller's cycle proviso and bounds). The ample set is
 *  proper only if another actor is enabled too; otherwise nullopt. Lowest actor id wins. */
std::optional<ActorId> ample_actor(std::span<const Successor> succ,
                                   const std::function<bool(std::size_t)>& eligible);

/** The actors whose steps form a persistent set of the state, sorted, or nullopt to expand
 *  everything. For each enabled actor p (ascending) the closure T of {p} is built: an actor q
 *  joins T if its future (from `futures`; unknown futures conflict with every non-private
 *  step) conflicts with the footprint of an enabled step of an actor in T. A closure is usable
 *  if every actor in it is enabled, none of its steps is visible and `eligible(i)` holds for
 *  each of its steps. Of the usable closures that leave some enabled actor out, the one with
 *  fewest steps wins (lowest p on ties). */
std::optional<std::vector<ActorId>> persistent_actors(
    std::span<const Successor> succ, const std::optional<std::vector<ActorFuture>>& futures,
    const std::function<bool(std::size_t)>& eligible);

}  // namespace mapcheck::explorer
