// The interpreter: runs a Program's goroutines on a World, one visible step at a time.
// A step is one shared action of one goroutine (a global or captured-variable access, one
// step of a map operation at the configured grain, the element store after mapassign, a
// print, a go statement, a yield, blocking, or the end of the program) followed by all the
// goroutine-local instructions up to its next shared action, which are merged into it.
// Pure functions over World values; nothing here prints, exits or keeps global state.
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/ids.h"
#include "model/program.h"
#include "model/runtime_config.h"
#include "model/step_label.h"
#include "model/step_touch.h"
#include "model/termination.h"
#include "model/world.h"

namespace mapcheck::model {

/** One transition: goroutine `g` takes its next step with `choice` (in [0, n) where n is the
 *  number of choices the step offers, e.g. mapiterinit's random start; 0 when there is none).
 *  Ordered (g, choice). */
struct GoStep {
  GoroutineId g;
  std::uint32_t choice = 0;
  auto operator<=>(const GoStep&) const = default;
};

/** The world goroutine 1 starts in: globals at their zero values, g1 about to run
 *  Program::entry, already advanced to its first shared action. Validates `p` (throws
 *  std::logic_error on a malformed program). */
World initial_world(const Program& p, const RuntimeConfig& cfg);

/** Steps enabled in `w`, sorted by (g, choice), into `out` (cleared first). Empty iff `w` is
 *  terminal: the program ended (exit, fatal, panic) or every goroutine is blocked (deadlock);
 *  or every goroutine that could move is held at the call-depth bound. With `held`, sets
 *  *held to held_at_call_depth(w, p, cfg), counted on the way. */
void enabled_steps(const World& w, const Program& p, const RuntimeConfig& cfg,
                   std::vector<GoStep>& out, std::size_t* held = nullptr);

/** Goroutines of `w` whose next move would push a frame beyond cfg.max_call_depth (see
 *  RuntimeConfig::max_call_depth): runnable, yet enabled_steps gives them no step. Each is one
 *  step held back by the bound: a world with none enabled but some held is not terminal (the
 *  program has not ended), only cut. 0 for an ended world and without a bound. */
std::size_t held_at_call_depth(const World& w, const Program& p, const RuntimeConfig& cfg);

/** What kind of action a step was, for traces. */
enum class StepEvent : std::uint8_t {
  local,      ///< only goroutine-local work (a long local computation was cut into pieces)
  go_start,   ///< a go statement: a new goroutine exists
  print,      ///< output to stdout
  map_op,     ///< a step of a map operation (label says which runtime line)
  map_store,  ///< the element store after mapassign (`*p = v`)
  map_len,    ///< len(m): reads h.count
  read,       ///< read of a global or captured variable
  write,      ///< write of a global or captured variable
  yield,      ///< runtime.Gosched / time.Sleep
  block,      ///< the goroutine blocks forever (select{})
  sync,       ///< a step of a sync or sync/atomic method (label-free; source names it)
  chan,       ///< a channel send, receive, close or select
  exit,       ///< main returned: the program ends
  panic,      ///< an unrecovered panic ends the program
};

std::string_view step_event_name(StepEvent e);

/** What apply_step did. Strings in `label` point at static storage. */
struct StepRecord {
  GoroutineId g;
  /** The spec location and source line of the instruction that made the step. */
  SpecLoc loc;
  std::string source;
  /** The runtime line mirrored, for map steps (empty function otherwise). */
  StepLabel label;
  /** The choice taken, readable ("choice=3 of 8"), empty when there was none. */
  std::string choice_text;
  StepEvent event = StepEvent::local;
  /** The map changed by this step, if any (canonical id in the world before the step). */
  std::optional<MapId> map_changed;
  /** This step produced the program's fatal error or ended it with a panic. */
  bool deciding = false;
};

/** Takes `step` (which must be enabled in `w`) and advances that goroutine to its next shared
 *  action. The result is not canonicalized (see canonicalize / encode_world). `rec` may be
 *  null. `touch`, unless null, receives (after clearing) what the step may have written.
 *  Throws std::logic_error if `step` is not enabled. */
void apply_step(World& w, const Program& p, const RuntimeConfig& cfg, GoStep step, StepRecord* rec,
                StepTouch* touch = nullptr);

/** One shared object a step touches. Numbering within one world: 0 = stdout, 1 + i = global
 *  i, then cells, then maps (by their ids in `w`). */
struct ObjectAccess {
  std::uint32_t object = 0;
  bool write = false;
  auto operator<=>(const ObjectAccess&) const = default;
};

/** Shared objects `step` touches and whether it is visible (prints or ends the program, or
 *  blocks). Conservative: a map step the map model cannot classify counts as a write. */
void step_footprint(const World& w, const Program& p, const RuntimeConfig& cfg, GoStep step,
                    std::vector<ObjectAccess>& out, bool& visible);

/** The map goroutine `g`'s next step works on, if that step is a map operation's: a micro-step
 *  of the call in progress, the element store after mapassign, or the start of an operation
 *  (on a non-nil map); nullopt for any other step, and for a goroutine that cannot step. */
std::optional<MapId> map_step_target(const World& w, const Program& p, const RuntimeConfig& cfg,
                                     GoroutineId g);

/** Where goroutine `g` stands at a sync method (a sync_op instruction, runnable or waiting, in
 *  any phase): its object and method. */
struct SyncStand {
  SyncId object;
  SyncOp op = SyncOp::mutex_lock;
  SyncPhase phase = SyncPhase::none;
  GoStatus status = GoStatus::runnable;
};

/** Where `g` stands at a sync method of `w`, if it does (nullopt for any other position, an
 *  ended world or an absent goroutine). */
std::optional<SyncStand> sync_stand(const World& w, const Program& p, GoroutineId g);

/** True if goroutine `g` of `w` is blocked or waiting, or stands at an instruction that can
 *  block it (select{}, a sync method, a channel operation): whether it counts as leaked when
 *  main exits then depends on the other goroutines. False for an absent goroutine. */
bool may_wait(const World& w, const Program& p, GoroutineId g);

/** How a terminal world ended: its recorded termination, or deadlock if every goroutine is
 *  blocked or waiting ("all goroutines are asleep - deadlock!"); nullopt if `w` is not
 *  terminal. An exit records leak = true when some other goroutine was blocked or waiting. */
std::optional<Termination> termination(const World& w);

/** Go's text for a panic value as the runtime prints it after "panic: " ("boom", "42",
 *  "assignment to entry in nil map", "runtime error: integer divide by zero", "2s" for a
 *  time.Duration); `type` is Goroutine::panic_type. */
std::string panic_message(const GoValue& v, std::string_view type = "");

}  // namespace mapcheck::model
