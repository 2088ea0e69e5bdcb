// The Graphviz DOT picture of a Trace, built as a Boost.Graph and printed with
// boost::write_graphviz: one lane per goroutine, the interleaving top to bottom, program-order,
// interleaving and synchronisation edges, map snapshots as tables, the deciding step in red.
#pragma once

#include <cstddef>
#include <ostream>

#include "traces/trace.h"

namespace mapcheck::traces {

/** What write_dot draws. Plain options, no globals. */
struct DotOptions {
  /** Draw each recorded map snapshot as an HTML-like table beside its step. */
  bool snapshots = true;
  /** Show the runtime function and statement inside each step's box. */
  bool runtime = true;
  /** Wrap source and runtime text in step boxes at about this many characters (>= 16). */
  std::size_t wrap = 44;
  /** The font of every label; must exist where the picture is rendered. */
  std::string font = "Helvetica";
};

/** Writes the trace as a DOT digraph. Node ids: `g<N>` lane headers (one per goroutine, in id
 *  order), `s<k>` for step k, `map<k>` for the snapshot recorded at step k, `outcome`.
 *  Edges: program order (solid, within a lane), interleaving (dashed grey between consecutive
 *  steps of different goroutines; orange when the switch is a preemption), synchronisation
 *  (blue: go -> first step of the new goroutine, and sync_from -> step), snapshots (dotted), and
 *  deciding step -> outcome (red). Output is a pure function of (trace, options): equal inputs
 *  give byte-identical DOT. Throws std::logic_error if check_invariants(trace) fails (a
 *  recorder bug, never a user error). */
void write_dot(std::ostream& out, const Trace& trace, const DotOptions& options = {});

}  // namespace mapcheck::traces
