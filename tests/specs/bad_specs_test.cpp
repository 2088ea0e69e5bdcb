// The diagnostics suite: every tests/specs/bad/*.go starts with `// want: LINE:COL: MSG` lines
// giving exactly the diagnostics load_spec must report (all of them, in position order).
#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "specs/spec.h"

using namespace mapcheck::specs;
namespace fs = std::filesystem;

namespace {
std::vector<fs::path> bad_files() {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(fs::path(MAPCHECK_SOURCE_DIR) / "tests/specs/bad"))
    if (e.path().extension() == ".go") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

std::string read(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/** The `// want:` lines at the top of the file, without the prefix. */
std::vector<std::string> wants(const std::string& src) {
  std::vector<std::string> w;
  std::istringstream in(src);
  std::string line;
  while (std::getline(in, line) && line.rfind("// want: ", 0) == 0)
    w.push_back(line.substr(9));
  return w;
}

/** `LINE:COL: MSG` for each diagnostic (the file name dropped; notes not compared). */
std::vector<std::string> actual(const std::string& name, const std::string& src) {
  auto r = load_spec(name, src);
  std::vector<std::string> out;
  if (std::holds_alternative<Spec>(r)) return out;
  for (const Diagnostic& d : std::get<std::vector<Diagnostic>>(r))
    out.push_back(std::to_string(d.loc.line) + ":" + std::to_string(d.loc.col) + ": " + d.msg);
  return out;
}

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v)
    s += "  " + x + "\n";
  return s;
}
}  // namespace

class BadSpecsTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(BadSpecsTest);
  CPPUNIT_TEST(testAtLeastThirtyBadSpecs);
  CPPUNIT_TEST(testEveryBadSpecGivesExactlyItsWantedDiagnostics);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testAtLeastThirtyBadSpecs() { CPPUNIT_ASSERT(bad_files().size() >= 30); }

  void testEveryBadSpecGivesExactlyItsWantedDiagnostics() {
    std::string failures;
    for (const fs::path& p : bad_files()) {
      std::string src = read(p);
      std::vector<std::string> want = wants(src);
      std::vector<std::string> got = actual(p.filename().string(), src);
      if (want.empty()) failures += p.filename().string() + ": no // want: lines\n";
      if (want != got)
        failures += p.filename().string() + ":\n want:\n" + join(want) + " got:\n" + join(got);
    }
    if (!failures.empty()) CPPUNIT_FAIL(failures);
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(BadSpecsTest);
