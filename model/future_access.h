// FutureAccess: what a goroutine may still touch, from a world on: an over-approximation of
// the shared objects every step it (and every goroutine it may still start) can take, for the
// persistent-set reduction. Holds a per-instruction summary of the program's remaining code;
// it does not decide anything about search.
#pragma once

#include <cstdint>
#include <vector>

#include "model/interpreter.h"
#include "model/program.h"
#include "model/world.h"

namespace mapcheck::model {

/** The summary of some code: which kinds of shared object it may touch, and how. */
struct CodeReach {
  bool cells_read = false;   ///< load_cell (or a return reading a captured named result)
  bool cells_write = false;  ///< store_cell
  bool maps_read = false;    ///< a map read (lookup, iteration step, len, printing a map)
  bool maps_write = false;   ///< a map write (assign, delete, clear, mapiterinit's flags)
  bool syncs = false;        ///< a sync method or channel operation
  bool any_call = false;     ///< a call through a func value: any function may run
  std::vector<GlobalId> globals_read;
  std::vector<GlobalId> globals_written;
  bool operator==(const CodeReach&) const = default;
};

/** Summaries of every function of a program, built once. */
class FutureAccess {
 public:
  /** `p` must outlive this object. */
  explicit FutureAccess(const Program& p);

  /** Every object goroutine `g` of `w` may access in any later step, and every object of the
   *  goroutines it may start, numbered as step_footprint numbers them, sorted, each once;
   *  reachable cells and maps are written if the code has any write of that kind (cell
   *  store, map write), read otherwise; sync objects are written. Sound because:
   *  - the code it may still run is its frames' functions from their pc on (following every
   *    jump), their deferred calls, and every callee of that code, transitively (all functions
   *    if it calls a func value);
   *  - the cells, maps and sync objects it may access are those reachable now from its own
   *    registers, iterators, deferred arguments, panic value and map call, and from the
   *    globals, through cells and sync contents; an object another goroutine hands it later is
   *    reachable now from that goroutine too (which then has it in its own future), or new;
   *  - stdout is always listed: any goroutine may end the program by a panic.
   *  A goroutine in the middle of a map operation also has that map as written. */
  void of(const World& w, GoroutineId g, std::vector<ObjectAccess>& out) const;

  /** The summary of the code reachable from (fn, pc) (jumps followed, callees included). */
  const CodeReach& from(FuncId fn, std::uint32_t pc) const;

 private:
  const Program& p_;
  /** Per function, per pc (plus one past the end): the summary from that pc on. */
  std::vector<std::vector<CodeReach>> from_pc_;
};

}  // namespace mapcheck::model
