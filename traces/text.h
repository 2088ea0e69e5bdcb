// The text rendering of a Trace: a TLC-style numbered list (default) or one column per
// goroutine, with the runtime statement under each spec line and the deciding step marked `>>`.
#pragma once

#include <cstddef>
#include <ostream>

#include "traces/trace.h"

namespace mapcheck::traces {

/** How write_text lays a trace out. Plain options, no globals. */
struct TextOptions {
  enum class Layout : std::uint8_t {
    list,     ///< one numbered entry per step, top to bottom (TLC / genmc style)
    columns,  ///< one column per goroutine, one row per step, so the interleaving reads across
  };
  Layout layout = Layout::list;
  /** Show the runtime function and statement under each step. */
  bool runtime = true;
  /** Show the map snapshots recorded with the steps. */
  bool snapshots = true;
  /** Columns layout only: width of one goroutine's column in characters (>= 16). Longer
   *  text wraps at spaces onto more lines; a word longer than the column is cut, ending in `…`. */
  std::size_t column_width = 40;
};

/** Writes the trace as text: a header (verdict, expectation, spec, options, outcome, size), the
 *  steps, and the outcome as Go prints it. Output is a pure function of (trace, options).
 *  Throws std::logic_error if check_invariants(trace) fails (a recorder bug). */
void write_text(std::ostream& out, const Trace& trace, const TextOptions& options = {});

}  // namespace mapcheck::traces
