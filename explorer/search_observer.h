// SearchObserver: the hooks through which statistics, progress, DOT output and trace recording
// watch a search without living inside it. The explorer calls them in a deterministic order
// from the searching thread only.
#pragma once

#include "explorer/ids.h"
#include "explorer/outcome.h"
#include "explorer/search_stats.h"
#include "explorer/transition_system.h"

namespace mapcheck::explorer {

/** Base class with empty hooks; override the ones you need. */
class SearchObserver {
 public:
  virtual ~SearchObserver() = default;

  /** A state was stored for the first time under `id`; `state` is the system's encoding
   *  (valid only during the call). Called for the initial state too, as s0. */
  virtual void on_state(StateId /*id*/, StateView /*state*/) {}

  /** The search took `step` from `from` to `to` (`to` may be an old state). Called after
   *  on_state(to) when `to` is new. */
  virtual void on_edge(StateId /*from*/, StateId /*to*/, const Step& /*step*/) {}

  /** `id` is terminal and ended with `outcome`. */
  virtual void on_terminal(StateId /*id*/, const Outcome& /*outcome*/) {}

  /** Every SearchOptions::progress_every expanded states: the counters so far (memory_bytes
   *  and frontier current), for a progress line. */
  virtual void on_progress(const SearchStats& /*stats*/) {}
};

}  // namespace mapcheck::explorer
