// Short words for map snapshots, shared by the text and DOT printers so both show a map alike:
// the header line (`m0 B=1 count=8 flags=hashWriting growing nevacuate=0`) and cell labels.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "traces/trace.h"

namespace mapcheck::traces {

/** A cell as printers show it: `1:10` for a live entry (key:elem, as Go prints a map), `_` for
 *  emptyOne (deleted), `evX`/`evY`/`ev_` for the evacuation marks, "" for emptyRest. */
std::string cell_text(const MapCell& cell);

/** The cells of one bucket as printers show them, with trailing emptyRest cells dropped. */
std::vector<std::string> visible_cells(const std::vector<MapCell>& cells);

/** h.flags as snapshot text: the names of the set bits in bit order, joined by `|` —
 *  iterator (1), oldIterator (2), hashWriting (4), sameSizeGrow (8), runtime/map.go's values;
 *  any other bit as `0x..`; "" for 0. The CLI uses it to fill MapSnapshot::flags. */
std::string hmap_flags_text(std::uint8_t flags);

/** The header fields after the map's name: `B=1 count=8 flags=oldIterator|hashWriting growing
 *  nevacuate=0` (`flags=-` when no flag is set; `growing nevacuate=N` only while growing). */
std::string snapshot_header(const MapSnapshot& map);

}  // namespace mapcheck::traces
