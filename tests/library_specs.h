// The spec library's files (specs/library/*/*.go) and the bench specs, for the suites that
// run every one of them.
#pragma once

#include <algorithm>
#include <filesystem>
#include <vector>

namespace mapcheck::testing {

/** Every .go file under `dir` (relative to the source tree), sorted, so suites visit them in a
 *  fixed order. Needs MAPCHECK_SOURCE_DIR, which mapcheck_add_suite defines. */
inline std::vector<std::filesystem::path> spec_files_under(const char* dir) {
  std::vector<std::filesystem::path> out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(
           std::filesystem::path(MAPCHECK_SOURCE_DIR) / dir))
    if (e.is_regular_file() && e.path().extension() == ".go") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

/** Every .go file under specs/library. */
inline std::vector<std::filesystem::path> library_spec_files() {
  return spec_files_under("specs/library");
}

/** The library's specs, then the bench specs (bench/specs: N writers, growth under a ranger,
 *  RWMutex), each sorted. */
inline std::vector<std::filesystem::path> library_and_bench_spec_files() {
  std::vector<std::filesystem::path> out = library_spec_files();
  const std::vector<std::filesystem::path> bench = spec_files_under("bench/specs");
  out.insert(out.end(), bench.begin(), bench.end());
  return out;
}

}  // namespace mapcheck::testing
