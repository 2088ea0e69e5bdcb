// The smaller subcommands: `run` (one random execution, printed as `go run` would), `replay`
// (re-execute a JSON trace), `render` (a trace as DOT, SVG or PNG) and `runtimes`.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

#include "cli/run_config.h"

namespace mapcheck::cli {

/** `mapcheck run SPEC --seed S`: stdout as the program printed it; a fatal error, panic or
 *  deadlock on stderr as Go prints it, exit status 2 as Go's. */
int run_run(const std::string& spec, std::uint64_t seed, const CliOverrides& overrides,
            std::ostream& out, std::ostream& err);

/** `mapcheck replay SPEC TRACE.json`: replays the trace step by step on the spec (with the
 *  trace's options) and confirms it ends with the recorded outcome. 0 reproduced, 1 the trace
 *  does not fit (names the first step not enabled, or the outcome differs), 2 bad input. */
int run_replay(const std::string& spec, const std::string& trace_path, std::ostream& out,
               std::ostream& err);

/** `mapcheck render TRACE.json -o OUT`: DOT, SVG or PNG by OUT's extension (or `format`). */
int run_render(const std::string& trace_path, const std::string& output,
               const std::optional<std::string>& format, std::ostream& err);

/** `mapcheck runtimes`: the runtime versions and protocol variants, one line each. */
int run_runtimes(std::ostream& out);

}  // namespace mapcheck::cli
