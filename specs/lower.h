// Lowering: a checked spec (CheckedFile) to the model's Program IR. Decides where each
// variable lives (a register, or a heap cell when a closure captures it, or a global), turns
// structured control flow into jumps, and reports constructs the interpreter cannot run yet
// (channels, sync, atomics, select with cases) as Diagnostics, never silently.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "model/program.h"
#include "model/runtime_config.h"
#include "specs/checker.h"
#include "specs/diagnostic.h"

namespace mapcheck::specs {

/** What lowering needs to know about the run. */
struct LowerOptions {
  /** The runtime the program will run on, if known: `clear` needs go1.21 or later. */
  std::optional<model::RuntimeVersion> runtime;
};

/** The program, meaningful only when `diagnostics` is empty. */
struct LowerResult {
  model::Program program;
  std::vector<Diagnostic> diagnostics;
};

/** Lowers `file` (which passed check()); `source` is the spec text (kept for traces).
 *  Unsupported constructs give "file:line:col: X is not supported yet" diagnostics. */
LowerResult lower(const CheckedFile& file, std::string_view source,
                  const LowerOptions& options = {});

}  // namespace mapcheck::specs
