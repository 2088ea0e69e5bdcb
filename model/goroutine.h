// Goroutine: one goroutine's private state: its call frames (registers, hidden range
// iterators, deferred calls), the panic in flight, and the map operation in progress.
// Everything here is goroutine-private except what registers point to (cells, maps).
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <vector>

#include "model/go_value.h"
#include "model/hiter.h"
#include "model/ids.h"
#include "model/map_call.h"
#include "model/program.h"

namespace mapcheck::model {

/** A call pushed by `defer`: callee and arguments were evaluated at the defer statement.
 *  `args` starts with the captured cells of a closure (as CellRef values). */
struct DeferredCall {
  FuncId fn;
  std::vector<GoValue> args;
  bool operator==(const DeferredCall&) const = default;
};

/** The hidden variable of a `for k, v := range m` loop: the map being ranged (fixed at
 *  range_init, even if the map variable changes) and the runtime's hiter. mapiterinit ends
 *  by producing the first entry (it.key, or no key when the map is empty): `pending` is true
 *  from then until the loop's first range_next consumes it without a map step. */
struct RangeIter {
  MapId map;
  HIter it;
  bool pending = false;
  bool operator==(const RangeIter&) const = default;
};

/** How a frame is leaving: not at all, by return (running its deferred calls, results set),
 *  or by panic (running its deferred calls; then the frame below panics). */
enum class Unwind : std::uint8_t { none, returning, panicking };

/** One activation of a Function. Invariant: regs.size() == function's num_regs,
 *  iters.size() == num_iters; pc indexes the function's code. While unwind != none, pc is
 *  unused and the frame only pops deferred calls. */
struct Frame {
  FuncId fn;
  std::uint32_t pc = 0;
  std::vector<GoValue> regs;
  /** Empty entries are iterators not in use (never started or loop left). */
  std::vector<std::optional<RangeIter>> iters;
  /** Last deferred runs first (back()). */
  std::vector<DeferredCall> defers;
  Unwind unwind = Unwind::none;
  /** This frame runs a deferred call of the frame below it (recover() works only here). */
  bool is_defer = false;
  bool operator==(const Frame&) const = default;
};

/** What a goroutine is doing between steps. */
enum class GoStatus : std::uint8_t {
  runnable,  ///< at a visible instruction (or mid map operation, or mid local run)
  blocked,   ///< blocked forever (select{}); never runs again
  waiting,   ///< at a sync or channel instruction that cannot proceed now (recomputed after
             ///< every step from the objects and the other goroutines' positions)
  exiting,   ///< main's last frame returned: the next step ends the program (exit)
  dying,     ///< a panic unwound every frame: the next step ends the program (panic)
  done,      ///< a non-main goroutine returned; removed from World within the same step
};

/** One goroutine. Invariant: status == runnable implies !frames.empty(). A finished
 *  non-main goroutine is removed from World at once. */
struct Goroutine {
  GoroutineId id;
  std::vector<Frame> frames;
  GoStatus status = GoStatus::runnable;
  /** The panic in flight (being unwound) while some frame has unwind == panicking. */
  std::optional<GoValue> panic;
  /** The panic's dynamic type when its value alone does not tell it: "time.Duration", whose
   *  String method the runtime prints (Instr::static_types of the panic); else empty, and
   *  always empty without a panic. */
  std::string panic_type;
  /** The map operation in progress at the top frame's instruction (between its steps). */
  std::optional<MapCall> call;
  /** Set after mapassign returned: the element store (`*p = v`) still to do, one step. */
  std::optional<SlotRef> store;
  /** The map `call` or `store` works on; meaningless when neither is set. */
  MapId call_map;
  /** Inside a sync method at the top frame's instruction: sleeping on its semaphore. */
  SyncPhase sync_phase = SyncPhase::none;
  bool operator==(const Goroutine&) const = default;
};

}  // namespace mapcheck::model
