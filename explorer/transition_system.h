// The one interface through which the explorer sees a system: states are opaque canonical
// byte strings; the explorer never looks inside them and links no model code.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "explorer/ids.h"
#include "explorer/outcome.h"

namespace mapcheck::explorer {

/** A state as the explorer holds it: the system's canonical encoding. Two states are the
 *  same state iff their encodings are byte-equal. */
using StateBytes = std::vector<std::byte>;
using StateView = std::span<const std::byte>;

/** One object a step touches. Objects are numbered by the system; the numbering only has
 *  to be stable within one state and its successors. */
struct Access {
  std::uint32_t object = 0;
  bool write = false;
  auto operator<=>(const Access&) const = default;
};

/** What a step reads and writes. Two steps of different actors are independent iff no
 *  object is written by one and accessed by the other. A step that can enable or disable
 *  another actor's step (a lock, a channel) must list the object they share as written.
 *
 *  A step with no accesses (a private step) is reordered freely by the reduction, so it must
 *  commute with every step of every other actor: it may not allocate from a counter another
 *  actor also allocates from (goroutine, map or cell ids) unless the state encoding is
 *  canonical under renaming, and it may not change what any outcome reports (output, leak)
 *  even when another actor ends the program right after it. */
struct Footprint {
  std::vector<Access> accesses;
  /** True if the step changes what an outcome or a property can observe (program output,
   *  termination). Visible steps are never reordered by the reduction. */
  bool visible = false;
};

/** What one actor may still access, from some state on: for the persistent-set reduction. */
struct ActorFuture {
  ActorId actor;
  /** Over-approximates every access of every step the actor can still take, and of every
   *  actor it may still create. `visible` is ignored. */
  Footprint footprint;
};

/** One successor of a state, as `expand` returns it. */
struct Successor {
  Step step;
  Footprint footprint;
  StateBytes state;
  /** Where the parts components(state) gives end (byte offsets, ascending, the last one
   *  state.size()), when expand has them at no cost (an encoder knows where it wrote each
   *  part); empty: a store that needs them calls components(). */
  std::vector<std::uint32_t> part_ends = {};
};

/** A transition system in the manner of Storm's NextStateGenerator. Every method is const
 *  and must be safe to call from several threads at once. */
class TransitionSystem {
 public:
  virtual ~TransitionSystem() = default;

  /** The single initial state. */
  virtual StateBytes initial() const = 0;

  /** Steps enabled in `s`, sorted by (actor, choice). Empty iff `s` is terminal. */
  virtual void enabled(StateView s, std::vector<Step>& out) const = 0;

  /** The state reached from `s` by `step`; `step` must be enabled in `s`. */
  virtual StateBytes apply(StateView s, const Step& step) const = 0;

  /** Objects `step` reads and writes when taken from `s`. */
  virtual Footprint footprint(StateView s, const Step& step) const = 0;

  /** How execution ended in terminal state `s` (one where nothing is enabled). */
  virtual Outcome outcome(StateView s) const = 0;

  /** Steps of `s` the system holds back as beyond a bound of its own (mapcheck: a call
   *  deeper than its call-depth bound): enabled() and expand() leave them out, yet `s` is not
   *  terminal because of them. The search counts them in SearchStats::steps_bounded and
   *  reports Bound::call_depth; a state whose only steps are held back is cut (its outcome()
   *  is never asked). The search asks right after expanding `s`, on the same thread. The
   *  default: none. */
  virtual std::size_t held_back(StateView /*s*/) const { return 0; }

  /** A safety violation in `s` (an invariant that must never break), if any. The search
   *  reports it with its path and does not expand `s`. */
  virtual std::optional<std::string> violation(StateView /*s*/) const { return std::nullopt; }

  /** Every actor of `s` that may still move (enabled or blocked), sorted by actor, with what
   *  it may still access. With futures the reduction can
   *  postpone whole actors (reduction.h); without, it only reorders private steps. An enabled
   *  actor missing from the list is treated as touching everything. Fills `out` (whose
   *  elements' vectors a system may reuse) and returns true, or returns false if it cannot
   *  tell (then `out` is not read). */
  virtual bool futures(StateView /*s*/, std::vector<ActorFuture>& /*out*/) const { return false; }

  /** Splits `s` into consecutive parts for Storage::collapse: views into `s` whose
   *  concatenation, in order, is `s` (appended to `parts`). Parts that recur across states (a
   *  map, an idle process) are then stored once. Any split is correct; a good one makes part
   *  i of every state the same kind of thing. The default is one part: the whole state. */
  virtual void components(StateView s, std::vector<StateView>& parts) const { parts.push_back(s); }

  /** All successors with their footprints, in `enabled` order, replacing what `out` held.
   *  The default calls the three methods above; systems override it when decoding a state
   *  once is cheaper. `out` may hold an earlier call's successors, whose state buffers
   *  still hold bytes (the search's keys) and their capacity: an override that resizes `out`
   *  and overwrites its elements in place (each state whole: assigned, or cleared before it
   *  is appended to), instead of clearing `out`, allocates nothing per successor once the
   *  buffers have grown. */
  virtual void expand(StateView s, std::vector<Successor>& out) const {
    std::vector<Step> steps;
    enabled(s, steps);
    out.clear();
    out.reserve(steps.size());
    for (const Step& st : steps)
      out.push_back({st, footprint(s, st), apply(s, st)});
  }

  /** As expand, for a search that reads no footprint (no reduction): a system may leave the
   *  successors' footprints empty when working them out costs. The default calls expand. */
  virtual void expand_without_footprints(StateView s, std::vector<Successor>& out) const {
    expand(s, out);
  }

  /** As expand_without_footprints, for a search without reduction whose preemption budget is
   *  spent in `s` after `actor`'s step: when `actor` has an enabled step, only `actor`'s
   *  successors go to `out` (any other would preempt it, and the search drops those), and it
   *  returns how many enabled steps it left out; otherwise every successor, and 0. A system
   *  that builds successors one by one overrides it to skip building the ones left out: in a
   *  preemption-bounded search (the witness search's rounds) they are most of them. The
   *  default expands all and drops the others; returning all and 0 is also correct. */
  virtual std::size_t expand_without_preempting(StateView s, ActorId actor,
                                                std::vector<Successor>& out) const {
    expand_without_footprints(s, out);
    const auto by_actor = [&](const Successor& x) { return x.step.actor == actor; };
    if (std::none_of(out.begin(), out.end(), by_actor)) return 0;
    const std::size_t before = out.size();
    std::erase_if(out, [&](const Successor& x) { return !by_actor(x); });
    return before - out.size();
  }
};

}  // namespace mapcheck::explorer
