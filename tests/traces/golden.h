// Byte-for-byte comparison against files in tests/traces/golden/. With MAPCHECK_REGEN_GOLDEN=1
// in the environment (tests/traces/regen.sh sets it) the file is rewritten instead.
#pragma once

#include <cppunit/extensions/HelperMacros.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace mapcheck::traces::testing {

inline std::string golden_path(const std::string& name) {
  return std::string(MAPCHECK_SOURCE_DIR) + "/tests/traces/golden/" + name;
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/** Asserts that `actual` equals the golden file `name` byte for byte. On a mismatch the actual
 *  text is written next to the test binary as `name.actual`, for `diff`. */
inline void check_golden(const std::string& name, const std::string& actual) {
  const char* regen = std::getenv("MAPCHECK_REGEN_GOLDEN");
  if (regen != nullptr && std::string(regen) == "1") {
    std::ofstream(golden_path(name), std::ios::binary) << actual;
    return;
  }
  const std::string expected = read_file(golden_path(name));
  if (expected != actual) {
    const std::string out = std::string(MAPCHECK_BINARY_DIR) + "/" + name + ".actual";
    std::ofstream(out, std::ios::binary) << actual;
    CPPUNIT_FAIL("golden " + name + " differs; actual output written to " + out +
                 " (tests/traces/regen.sh regenerates)");
  }
}

}  // namespace mapcheck::traces::testing
