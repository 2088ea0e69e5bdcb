// check_spec(): the differential check of one spec. Asks mapcheck for its predicted outcome
// set, builds the spec with the matching real Go toolchain offline, runs the binary many
// times under each RunConfig, classifies every run and compares. Prints nothing.
#pragma once
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "tests/differential/spec_result.h"

namespace mapcheck::differential {

/** Everything check_spec needs; a plain struct, no globals. */
struct DifferentialOptions {
  /** The mapcheck executable. */
  std::filesystem::path mapcheck;
  /** A Go toolchain's `go` (used when its version matches the spec's runtime). */
  std::optional<std::filesystem::path> go;
  /** Where Debian puts versioned toolchains: DIR/go-1.NN/bin/go. */
  std::filesystem::path toolchains = "/usr/lib";
  /** Throwaway modules, binaries and the Go build cache go here. */
  std::filesystem::path work_dir;
  /** Spec paths in results are shown relative to this directory when under it. */
  std::filesystem::path display_root;
  /** Runs per configuration. */
  std::size_t runs = 200;
  /** Runs executed at once. */
  unsigned jobs = 2;
  std::vector<RunConfig> configs = default_run_configs();
  /** Limit per real run; a run that exceeds it is a `timeout` outcome (a failure). */
  std::chrono::milliseconds run_timeout{10000};
  /** Limit for `mapcheck check` and for `go build`. */
  std::chrono::milliseconds tool_timeout{600000};
};

/** The `go` binary for Go version `version` ("go1.22"): DIR/go-1.22/bin/go if it exists,
 *  else options.go if that toolchain reports that version; nullopt otherwise. */
std::optional<std::filesystem::path> find_toolchain(const DifferentialOptions& options,
                                                    const std::string& version);

/** `go env GOVERSION` of a toolchain ("go1.23.5"); empty if it cannot be asked. */
std::string toolchain_version(const std::filesystem::path& go);

/** The spec's source as a buildable main.go: the `//go:build ignore` line removed. */
std::string buildable_source(const std::string& spec_source);

/** The go.mod of the throwaway module for Go version `version` ("go1.22" -> `go 1.22`). */
std::string go_mod_text(const std::string& version);

/** Builds `spec` offline with the toolchain `go` (Go `version`, e.g. "go1.23") in a throwaway
 *  module under options.work_dir named for `display` (the spec's name in reports). Returns the
 *  binary's path, or why it could not be built. Also used by the benchmark harness (bench/). */
std::variant<std::filesystem::path, std::string> build_spec(const DifferentialOptions& options,
                                                            const std::filesystem::path& spec,
                                                            const std::string& display,
                                                            const std::string& version,
                                                            const std::filesystem::path& go);

/** The whole differential check of one spec (see the file comment). Never throws for a
 *  spec's problems: they come back as skipped or error with a note. */
SpecResult check_spec(const DifferentialOptions& options, const std::filesystem::path& spec);

/** The .go files named by `paths`: files as given, directories searched recursively; sorted,
 *  each once. */
std::vector<std::filesystem::path> collect_specs(const std::vector<std::filesystem::path>& paths);

}  // namespace mapcheck::differential
