// The spec library's files, for the suites that run every one of them (specs/library/*/*.go).
#pragma once

#include <algorithm>
#include <filesystem>
#include <vector>

namespace mapcheck::testing {

/** Every .go file under specs/library, sorted, so suites visit them in a fixed order.
 *  Needs MAPCHECK_SOURCE_DIR, which mapcheck_add_suite defines. */
inline std::vector<std::filesystem::path> library_spec_files() {
  std::vector<std::filesystem::path> out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(
           std::filesystem::path(MAPCHECK_SOURCE_DIR) / "specs/library"))
    if (e.is_regular_file() && e.path().extension() == ".go") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace mapcheck::testing
