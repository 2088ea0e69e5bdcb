// The files `--trace-dir DIR` writes for one verdict (`.txt`, `.json`, `.dot` and optionally
// the rendering), produced in memory so the CLI only writes them and tests compare them.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "traces/dot.h"
#include "traces/render.h"
#include "traces/text.h"
#include "traces/trace.h"

namespace mapcheck::traces {

/** One file of a trace bundle: a bare file name (no directory) and its exact bytes. */
struct TraceFile {
  std::string name;
  std::string bytes;
  bool operator==(const TraceFile&) const = default;
};

/** What goes into a bundle. */
struct TraceFilesOptions {
  TextOptions text;
  DotOptions dot;
  /** Also render the DOT (`--render svg|png`); nullopt writes no image. */
  std::optional<ImageFormat> render;
};

/** `<spec file without .go>.<verdict>-<ordinal>`, e.g. `claim1.counterexample-1`: a stable,
 *  distinct stem per verdict when the CLI numbers the expectations of a spec from 1. */
std::string trace_file_stem(const Trace& trace, std::size_t ordinal);

/** The bundle in a fixed order: `<stem>.txt`, `<stem>.json`, `<stem>.dot`, then `<stem>.svg` or
 *  `<stem>.png` if asked. Equal inputs give equal bytes (images: as deterministic as Graphviz).
 *  The only failure is the rendering's. */
std::variant<std::vector<TraceFile>, RenderError> trace_files(
    const Trace& trace, std::string_view stem, const TraceFilesOptions& options = {});

}  // namespace mapcheck::traces
