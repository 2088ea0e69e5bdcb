// `mapcheck check`: explore each spec, list its outcomes, judge its expectations, and show a
// counterexample or witness trace per expectation. Text report on stdout (or one JSON document
// with --json); timing only on stderr, so stdout is byte-identical run to run.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "cli/run_config.h"

namespace mapcheck::cli {

/** What `mapcheck check` was told. */
struct CheckArgs {
  std::vector<std::string> specs;
  CliOverrides overrides;
  bool json = false;
  /** Write `.txt`, `.json` and `.dot` (and the rendering) of every trace into this folder. */
  std::optional<std::string> trace_dir;
  /** With trace_dir: also render each trace's DOT to "svg" or "png". */
  std::optional<std::string> render;
  /** Print a progress line on `err` about once a second. */
  bool progress = false;
  /** Show timing figures (seconds, states/s) on `err`. */
  bool timing = true;
};

/** Exit status as DESIGN.md says: 0 every expectation holds; 1 one is violated; 2 a spec or
 *  the command line is wrong; 3 the search stopped at a bound before it could decide. */
int run_check(const CheckArgs& args, std::ostream& out, std::ostream& err);

}  // namespace mapcheck::cli
