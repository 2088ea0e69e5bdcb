// LoadedSpec: a spec file read, checked, configured and lowered: everything a command needs to
// run it. load_and_lower is the one place the CLI turns a path into a runnable program.
#pragma once

#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "cli/run_config.h"
#include "cli/trace_builder.h"
#include "cli/world_system.h"
#include "model/program.h"
#include "specs/spec.h"

namespace mapcheck::cli {

/** A spec ready to run. Not copyable: `system` points into `program`. */
struct LoadedSpec {
  specs::Spec spec;
  RunConfig config;
  model::Program program;
  std::unique_ptr<WorldSystem> system;

  /** Identity of the run for traces (path, bytes, lines, options). */
  TraceContext trace_context() const;
};

/** How loading failed: the text to print on stderr and whether it was the command line. */
struct LoadError {
  std::string text;
  bool usage = false;
};

/** Reads, checks and lowers `path` under the directives and `overrides`. Every diagnostic is
 *  rendered `file:line:col: msg`. */
std::variant<std::unique_ptr<LoadedSpec>, LoadError> load_and_lower(const std::string& path,
                                                                    const CliOverrides& overrides);

}  // namespace mapcheck::cli
