// run_process(): run a program with a given environment, capture stdout and stderr, and kill
// it (and its process group) when it exceeds a time limit. POSIX only (fork/exec/poll).
#pragma once
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "tests/differential/go_outcome.h"

namespace mapcheck::differential {

/** What to run. `argv[0]` is the program (a path; PATH is not searched). */
struct ProcessSpec {
  std::vector<std::string> argv;
  /** The complete environment, as NAME=VALUE strings (nothing is inherited). */
  std::vector<std::string> env;
  /** Working directory; the caller's when empty. */
  std::filesystem::path cwd;
  /** The run is killed (SIGKILL to its process group) after this long. */
  std::chrono::milliseconds timeout{10000};
};

/** Runs `spec` to its end and returns how it ended with everything it wrote. A program that
 *  cannot be started ends as exit status 127 with the reason on stderr, as a shell would.
 *  Throws std::runtime_error only when the machine refuses pipes or fork. */
RunEnd run_process(const ProcessSpec& spec);

/** The current process's environment with each NAME=VALUE of `overrides` replacing (or
 *  adding) the variable of that name, and each name in `removed` dropped. Sorted by name. */
std::vector<std::string> environment_with(const std::vector<std::string>& overrides,
                                          const std::vector<std::string>& removed = {});

}  // namespace mapcheck::differential
