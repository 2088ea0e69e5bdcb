// Turning an explorer path into a traces::Trace: replays the path on the model, keeping each
// step's record (spec line, runtime statement, choice) and a snapshot of any map it changed.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cli/world_system.h"
#include "explorer/search_result.h"
#include "model/hmap.h"
#include "traces/trace.h"

namespace mapcheck::cli {

/** What identifies the run a trace belongs to. */
struct TraceContext {
  std::string spec_path;
  /** The spec's bytes, hashed into Trace::spec_hash. */
  std::string spec_source;
  /** The spec's lines (1-based line k is lines[k-1]), for the source text of each step. */
  std::vector<std::string> lines;
  /** Options as the report lists them (runtime, grain, order, hash, ...). */
  std::vector<std::pair<std::string, std::string>> options;
};

/** The snapshot of `h` that traces print: header fields and every non-empty bucket. */
traces::MapSnapshot snapshot_map(const model::HMap& h, std::uint32_t map_id);

/** Replays `path` from the initial state and records it. Throws std::logic_error if a step of
 *  the path is not enabled (the explorer only hands out replayable paths). */
traces::Trace build_trace(const WorldSystem& system, const TraceContext& ctx,
                          const explorer::Path& path, traces::Verdict verdict,
                          std::string expectation);

}  // namespace mapcheck::cli
