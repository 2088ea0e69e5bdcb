// StepTouch: which parts of a World one step may have written, as the interpreter reports
// them, so that a successor's bytes can be built from its parent's without comparing parts.
#pragma once

#include <vector>

#include "model/ids.h"
#include "model/sync_id.h"

namespace mapcheck::model {

/** What apply_step may have written, an over-approximation: a part not listed is exactly as
 *  it was before the step (a part listed may be unchanged too). Ids are those of the world
 *  before the step. Lists may repeat an id. */
struct StepTouch {
  /** The stepping goroutine, the partners it woke and every goroutine whose status changed. */
  std::vector<GoroutineId> goroutines;
  /** Maps a step read or wrote through the interpreter's mutable access. */
  std::vector<MapId> maps;
  /** Sync objects and channels likewise. */
  std::vector<SyncId> syncs;
  /** A global or a cell was written, or a cell made. */
  bool globals_cells = false;
  /** Output was printed or the program ended (`output` or `term` changed). */
  bool output = false;
  /** Goroutines were started or removed: the goroutine list no longer lines up. */
  bool structure = false;
  /** A cell, map or sync object was made (its list grew). */
  bool made_object = false;

  /** Empties every list and clears every flag, keeping the lists' storage. */
  void clear() {
    goroutines.clear();
    maps.clear();
    syncs.clear();
    globals_cells = output = structure = made_object = false;
  }
};

}  // namespace mapcheck::model
