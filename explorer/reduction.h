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
// (the explorer's: no cycle of reduced sets; docs/explorer.md) keeps a step from being
// postponed for ever around a cycle.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
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

/** True if persistent_actors(succ, futures, eligible) is nullopt whatever `futures` and
 *  `eligible` are, given TransitionSystem's contract that an actor's future covers its enabled
 *  steps: then a step of x that conflicts with a step of q puts q in every closure holding x,
 *  so every closure holds its seed's component of that relation; if each component is all
 *  the enabled actors or holds an actor with a visible step, no closure is both usable and
 *  proper. Cheap and pure (no futures needed, so a search can skip asking for them); false
 *  when it cannot tell (more than 64 enabled actors). */
bool persistent_set_impossible(std::span<const Successor> succ);

/** As persistent_set_impossible(succ), knowing `eligible` too: also true if every component
 *  of that relation that is not all the enabled actors and holds no visible step holds a step
 *  that is not eligible, as a closure is usable only if all its steps are eligible. Then
 *  persistent_actors(succ, futures, eligible) is nullopt whatever `futures` are. `eligible` is
 *  asked only of the steps of such components, up to the first that is not. */
bool persistent_set_impossible(std::span<const Successor> succ,
                               const std::function<bool(std::size_t)>& eligible);

/** The objects one or more footprints access, as bit sets when every object is numbered
 *  below 64 (systems number objects densely, so almost always): then whether two of them
 *  conflict is two ands, exactly what conflict() tells of the footprints they hold. */
struct ObjectMask {
  std::uint64_t reads = 0;
  std::uint64_t writes = 0;
  /** Some object is numbered 64 or more: the bits do not tell, compare the footprints. */
  bool wide = false;

  void add(const Footprint& f) {
    for (const Access& a : f.accesses) {
      if (a.object >= 64) {
        wide = true;
        continue;
      }
      (a.write ? writes : reads) |= std::uint64_t{1} << a.object;
    }
  }
  /** Some object written by one is accessed by the other; only if neither is wide. */
  bool meets(const ObjectMask& o) const {
    return ((writes & (o.reads | o.writes)) | (o.writes & reads)) != 0;
  }
};

/** The conflicts between the enabled steps of one state, by actor, computed once for
 *  persistent_set_impossible's two questions (before the store is read, and after, knowing
 *  which successors are eligible). */
class EnabledConflicts {
 public:
  /** Computes the relation for `succ` (sorted by actor). */
  void compute(std::span<const Successor> succ);
  /** persistent_set_impossible(succ) for the `succ` last computed. */
  bool impossible() const;
  /** persistent_set_impossible(succ, eligible) for the `succ` last computed. */
  bool impossible(const std::function<bool(std::size_t)>& eligible) const;

 private:
  static constexpr std::size_t kMax = 64;
  /** True unless some component of the relation that is not every enabled actor and holds no
   *  visible step is not settled by `settles(component)` (bit x: the x-th actor of succ). */
  template <class Settles>
  bool impossible_unless(const Settles& settles) const;

  /** More than kMax actors: nothing can be told. */
  bool too_many_ = false;
  /** Enabled actors; actor x's steps are succ[start_[x], start_[x + 1]). */
  std::size_t n_ = 0;
  std::array<std::size_t, kMax + 1> start_{};
  /** Bit q of adjacent_[x]: a step of x conflicts with a step of q. */
  std::array<std::uint64_t, kMax> adjacent_{};
  /** Bit x: actor x has a visible step. */
  std::uint64_t visible_ = 0;
  /** What all of actor x's steps access. */
  std::array<ObjectMask, kMax> masks_{};
};

/** persistent_actors for a search that asks once per state: the same choice, made without
 *  allocating once its buffers have grown. Actors are bit sets over the state's live actors;
 *  which actors a step pulls into a closure is computed once per actor, not once per seed;
 *  and the caller's `eligible` (a visited-set lookup) is asked only of a closure that would
 *  otherwise win. Not thread-safe: one per search thread. */
class PersistentSetFinder {
 public:
  /** As persistent_actors(succ, futures, eligible), with `futures` null for nullopt: true iff
   *  a persistent set was chosen, its actors (sorted) then in actors(). */
  bool choose(std::span<const Successor> succ, const std::vector<ActorFuture>* futures,
              const std::function<bool(std::size_t)>& eligible);

  /** The actors of the last set chosen, sorted; valid until the next choose. */
  const std::vector<ActorId>& actors() const { return chosen_; }

 private:
  /** An actor that may still move. The first `enabled_` of live_ are the enabled ones, in
   *  ascending order (their steps are succ[first, last)); the rest are blocked (first ==
   *  last) and appear only through a future. */
  struct Live {
    ActorId actor;
    std::size_t first = 0;
    std::size_t last = 0;
    /** nullptr: unknown, conflicts with every step that accesses anything. */
    const Footprint* future = nullptr;
    /** Steps all invisible and eligible: 1 yes, 0 no, -1 not asked yet. */
    std::int8_t usable = -1;
    /** Row of conflicts_ computed. */
    bool row_done = false;
    /** future_mask holds what `future` accesses (once a row asked). */
    bool future_masked = false;
    ObjectMask future_mask{};
  };

  /** Bit q of row x: some enabled step of x conflicts with live actor q's future. */
  const std::uint64_t* row(std::span<const Successor> succ, std::size_t x);
  /** choose's search over seeds once live_ is built, when its actors fit one word. */
  bool choose_one_word(std::span<const Successor> succ,
                       const std::function<bool(std::size_t)>& eligible);
  /** Every step of enabled actor x is invisible and eligible (asked once per choose). */
  bool usable(std::span<const Successor> succ, std::size_t x,
              const std::function<bool(std::size_t)>& eligible);

  std::vector<Live> live_;
  std::size_t enabled_ = 0;
  /** 64-bit words per actor set. */
  std::size_t words_ = 0;
  /** Row x at [x * words_, (x + 1) * words_), for enabled x. */
  std::vector<std::uint64_t> conflicts_;
  std::vector<std::uint64_t> closure_;
  std::vector<std::uint64_t> best_;
  std::vector<std::size_t> work_;
  std::vector<ActorId> chosen_;
};

}  // namespace mapcheck::explorer
