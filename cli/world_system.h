// WorldSystem: presents a spec's model::World as an explorer::TransitionSystem. The small
// adapter DESIGN.md places with the wiring, so neither model/ nor explorer/ includes the other.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cli/future_memo.h"
#include "cli/step_memo.h"
#include "explorer/transition_system.h"
#include "model/future_access.h"
#include "model/interpreter.h"
#include "model/program.h"
#include "model/runtime_config.h"
#include "model/world.h"

namespace mapcheck::cli {

/** The transition system of one program under one runtime configuration. States are
 *  model::encode_world bytes; actors are goroutine ids; a step's choice is the model's. */
class WorldSystem final : public explorer::TransitionSystem {
 public:
  /** `program` must outlive the system. With `fixed_order`, every mapiterinit takes r = 0
   *  (choice 0) instead of offering every start bucket and offset (`order=fixed`). */
  WorldSystem(const model::Program& program, model::RuntimeConfig cfg, bool fixed_order = false);

  explorer::StateBytes initial() const override;
  void enabled(explorer::StateView s, std::vector<explorer::Step>& out) const override;
  explorer::StateBytes apply(explorer::StateView s, const explorer::Step& step) const override;
  explorer::Footprint footprint(explorer::StateView s, const explorer::Step& step) const override;
  explorer::Outcome outcome(explorer::StateView s) const override;
  /** Goroutines held at the call-depth bound (model::held_at_call_depth), one step each; reads
   *  the world expand just decoded when `s` is the state it expanded on this thread. */
  std::size_t held_back(explorer::StateView s) const override;
  void expand(explorer::StateView s, std::vector<explorer::Successor>& out) const override;
  /** As expand, with every footprint left empty (step_footprint is not asked). */
  void expand_without_footprints(explorer::StateView s,
                                 std::vector<explorer::Successor>& out) const override;
  /** As expand_without_footprints, building only `actor`'s successors when it has an enabled
   *  step: the others are never decoded into, stepped or encoded. */
  std::size_t expand_without_preempting(explorer::StateView s, explorer::ActorId actor,
                                        std::vector<explorer::Successor>& out) const override;
  /** For Storage::collapse: [globals and cells] [each map] [each sync object] [each goroutine]
   *  [output and termination], see world_parts.cpp. */
  void components(explorer::StateView s, std::vector<explorer::StateView>& parts) const override;
  /** Every goroutine that may still move, with model::FutureAccess's over-approximation,
   *  memoized per thread (FutureMemo): the same as FutureAccess::of, computed once per
   *  distinct goroutine. */
  bool futures(explorer::StateView s, std::vector<explorer::ActorFuture>& out) const override;

  /** The world a state encodes (for replay and traces). */
  model::World decode(explorer::StateView s) const;
  /** The canonical bytes of a world. */
  static explorer::StateBytes encode(const model::World& w);

  /** A debugging switch, off by default (tests turn it on): expand also builds every
   *  successor the plain way (apply_step on a copy of the state, encode_world) and checks
   *  that both give the same bytes, and that each restored world is the state again; it
   *  throws std::logic_error on any difference. */
  void set_check_successors(bool on) { check_successors_ = on; }
  /** Cuts each goroutine's part longer than a collapse store piece in two where its frames
   *  start, in components() and in the successors' part ends: for the collapse store, whose
   *  pieces are then a goroutine's map call and its frames, which steps change apart. */
  void set_cut_frames(bool on) { cut_frames_ = on; }

  /** Whether expand remembers map micro-steps and sync-method steps (StepMemo) and splices in
   *  the parts a step met before made instead of taking it again. On by default; results are
   *  the same either way (tests compare). */
  void set_step_memo(bool on) { use_step_memo_ = on; }
  /** How many successors this thread took from the step memo for this system (for tests);
   *  0 if the thread's memo last served another system. */
  std::uint64_t step_memo_hits() const;

  const model::Program& program() const { return program_; }
  const model::RuntimeConfig& config() const { return cfg_; }

 private:
  /** The footprint of `step` from `w`, which led to `next`, into `fp` (its storage reused). */
  void footprint_of(const model::World& w, model::GoStep step, const model::World& next,
                    explorer::Footprint& fp) const;
  /** With cut_frames_: `ends`, where the parts of state `s` (with `maps` maps and `syncs`
   *  sync objects) end, with each goroutine's part longer than a collapse store piece
   *  (CollapseStore::kDefaultChunk) cut where its frames start. A part its parent had, as
   *  `parent_frames` says (parts line up with the parent's; part p is the parent's if
   *  `changed` is empty and p != `changed_part`, or changed[p] is 0), is cut where the
   *  parent's was; any other where reading the part finds its frames. */
  void cut_at_frames(explorer::StateView s, std::size_t maps, std::size_t syncs,
                     std::vector<std::uint32_t>& ends,
                     std::span<const std::uint32_t> parent_frames = {},
                     std::span<const std::uint8_t> changed = {},
                     std::size_t changed_part = 0) const;
  /** With check_successors_: throws unless `bytes` are those of `w` after `step`. */
  void check_successor(const model::World& w, model::GoStep step,
                       const explorer::StateBytes& bytes) const;
  /** For set_check_successors: throws unless `part_ends` (if any) are where components()
   *  splits `bytes`. */
  void check_part_ends(const explorer::StateBytes& bytes,
                       const std::vector<std::uint32_t>& part_ends) const;
  /** expand, with or without the successors' footprints; with `continuing`, only that
   *  goroutine's successors if it has an enabled step. Returns the enabled steps left out. */
  std::size_t expand_with(explorer::StateView s, std::vector<explorer::Successor>& out,
                          bool footprints, std::optional<model::GoroutineId> continuing) const;
  /** For a step of the state being expanded (`w`, bytes `s`) that works on a map or (through
   *  recall_sync_step) a sync object: the parts the step works on (mp: the map's or sync
   *  object's, gp: the goroutine's), set whenever the memo was asked (then remember_step may
   *  keep the step), and, if the step memo has it, what it made; nullptr otherwise. */
  const StepMemo::Result* recall_step(const model::World& w, explorer::StateView s,
                                      model::GoStep st, std::size_t& mp, std::size_t& gp) const;
  /** recall_step for a step at a sync method (goroutine part `g_part`). */
  const StepMemo::Result* recall_sync_step(const model::World& w, explorer::StateView s,
                                           model::GoStep st, std::size_t g_part, std::size_t& mp,
                                           std::size_t& gp) const;
  /** Keeps what step `st` of `w` made (`next`, built as `x`) in the step memo, if the step
   *  touched nothing but parts mp and gp or (a map step) ended the program from there. */
  void remember_step(const model::World& w, explorer::StateView s, model::GoStep st,
                     const model::World& next, const explorer::Successor& x, bool footprints,
                     std::size_t mp, std::size_t gp) const;
  /** With check_successors_: throws unless the remembered `hit` gives successor `x`. */
  void check_remembered(explorer::StateView s, model::GoStep st, const StepMemo::Result& hit,
                        std::size_t mp, std::size_t gp, const explorer::Successor& x,
                        bool footprints) const;
  /** The model's enabled steps, less the iterator choices order=fixed leaves out. */
  void enabled_of(const model::World& w, std::vector<model::GoStep>& out,
                  std::size_t* held = nullptr) const;

  const model::Program& program_;
  model::RuntimeConfig cfg_;
  bool fixed_order_;
  bool check_successors_ = false;
  bool cut_frames_ = false;
  bool use_step_memo_ = true;
  model::FutureAccess future_;
  /** Unique among the systems of this process: the per-thread futures memo's owner. */
  std::uint64_t serial_;
};

/** explorer::Outcome of a model termination. */
explorer::Outcome to_outcome(const model::Termination& t);

/** A model step for an explorer step, and back. */
inline model::GoStep to_go_step(const explorer::Step& s) {
  return model::GoStep{model::GoroutineId{s.actor.v}, s.choice};
}
inline explorer::Step to_step(const model::GoStep& s) {
  return explorer::Step{explorer::ActorId{s.g.v}, s.choice};
}

}  // namespace mapcheck::cli
