// Helpers of the suites that drive `mapcheck check` in-process on specs written to a
// temporary folder: the folder, and one run's exit status and output.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "cli/check_command.h"

namespace mapcheck::tests {

/** A temporary folder, removed with everything in it when the object goes. */
struct SpecDir {
  std::filesystem::path path;
  explicit SpecDir(const std::string& prefix = "mapcheck-cli-test-") {
    path = std::filesystem::temp_directory_path() / (prefix + std::to_string(::getpid()));
    std::filesystem::create_directories(path);
  }
  ~SpecDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  SpecDir(const SpecDir&) = delete;
  SpecDir& operator=(const SpecDir&) = delete;
  /** Writes `text` to the file `name` in the folder; returns its path. */
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(path / name) << text;
    return (path / name).string();
  }
};

/** One `mapcheck check`: exit status, stdout and stderr. */
struct Run {
  int status;
  std::string out, err;
};

/** Runs `check` with `args`, without timing lines (they would differ from run to run). */
inline Run check(cli::CheckArgs args) {
  args.timing = false;
  std::ostringstream out, err;
  const int status = cli::run_check(args, out, err);
  return {status, out.str(), err.str()};
}

}  // namespace mapcheck::tests
