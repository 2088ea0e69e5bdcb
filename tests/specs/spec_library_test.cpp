// The spec library: every specs/library/**/*.go loads with no diagnostic, is marked
// `//go:build ignore`, and states at least one expectation; the claims are all there.
#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "specs/spec.h"
#include "tests/library_specs.h"

using namespace mapcheck::specs;
namespace fs = std::filesystem;

namespace {
std::vector<fs::path> library_files() {
  return mapcheck::testing::library_spec_files();
}
}  // namespace

class SpecLibraryTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(SpecLibraryTest);
  CPPUNIT_TEST(testLibraryHasAtLeastTwentySpecs);
  CPPUNIT_TEST(testEverySpecLoadsWithoutDiagnostics);
  CPPUNIT_TEST(testEveryClaimHasASpec);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testLibraryHasAtLeastTwentySpecs() { CPPUNIT_ASSERT(library_files().size() >= 20); }

  void testEverySpecLoadsWithoutDiagnostics() {
    std::string failures;
    for (const fs::path& p : library_files()) {
      auto r = load_spec_file(p.string());
      if (auto* ds = std::get_if<std::vector<Diagnostic>>(&r)) {
        failures += format_diagnostics(*ds);
        continue;
      }
      const Spec& s = std::get<Spec>(r);
      if (!s.directives.build_ignore) failures += p.string() + ": missing //go:build ignore\n";
      if (s.directives.expectations.empty()) failures += p.string() + ": no // expect: line\n";
    }
    if (!failures.empty()) CPPUNIT_FAIL(failures);
  }

  void testEveryClaimHasASpec() {
    std::vector<std::string> prefixes;
    for (const fs::path& p : library_files())
      if (p.parent_path().filename() == "claims")
        prefixes.push_back(p.filename().string().substr(0, 3));
    for (int i = 1; i <= 7; ++i) {
      std::string want = "c" + std::to_string(i) + "_";
      CPPUNIT_ASSERT_MESSAGE(want, std::count(prefixes.begin(), prefixes.end(), want) == 1);
    }
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(SpecLibraryTest);
