// The spec library's golden oracles: for every specs/library/DIR/NAME.go, `mapcheck check`
// must print exactly tests/golden/library/DIR/NAME.report (outcomes, verdicts, traces), the
// same diagnostics on stderr (NAME.stderr, if any), and the figures in NAME.counts.
// Regenerate with tests/regen-golden.sh and review the diff.
#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "cli/check_command.h"
#include "tests/library_specs.h"

namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

// "states 1371 transitions 2083 terminal 310 outcomes 3 status 1" from a report and its status.
std::string counts_of(const std::string& report, int status) {
  std::smatch m;
  std::string out;
  static const std::regex search(
      R"(\nsearch: [^;]*; (\d+) states, (\d+) transitions, (\d+) terminal)");
  static const std::regex outcomes(R"(\noutcomes \((\d+)\):)");
  std::string r = "\n" + report;
  if (std::regex_search(r, m, search))
    out += "states " + m[1].str() + " transitions " + m[2].str() + " terminal " + m[3].str() + " ";
  std::string n;
  if (std::regex_search(r, m, outcomes)) n = m[1].str();
  return out + "outcomes " + n + " status " + std::to_string(status) + "\n";
}

}  // namespace

class LibraryGoldenTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(LibraryGoldenTest);
  CPPUNIT_TEST(testEverySpecHasAGoldenReport);
  CPPUNIT_TEST(testReportsCountsAndStatusMatchGolden);
  CPPUNIT_TEST_SUITE_END();

  static std::vector<fs::path> specs() { return mapcheck::testing::library_spec_files(); }

  static fs::path golden(const fs::path& spec, const char* ext) {
    const fs::path lib = fs::path(MAPCHECK_SOURCE_DIR) / "specs/library";
    fs::path rel = fs::relative(spec, lib);
    rel.replace_extension(ext);
    return fs::path(MAPCHECK_SOURCE_DIR) / "tests/golden/library" / rel;
  }

 public:
  void testEverySpecHasAGoldenReport() {
    const auto all = specs();
    CPPUNIT_ASSERT(all.size() >= 20);
    for (const auto& s : all)
      CPPUNIT_ASSERT_MESSAGE("no golden report for " + s.string(),
                             fs::exists(golden(s, ".report")));
  }

  void testReportsCountsAndStatusMatchGolden() {
    std::string failures;
    // Reports name specs by the path given on the command line: run from the source root.
    const fs::path old = fs::current_path();
    fs::current_path(MAPCHECK_SOURCE_DIR);
    for (const auto& s : specs()) {
      const std::string rel = fs::relative(s, MAPCHECK_SOURCE_DIR).string();
      mapcheck::cli::CheckArgs args;
      args.specs = {rel};
      args.timing = false;
      std::ostringstream out, err;
      const int status = mapcheck::cli::run_check(args, out, err);
      const std::string want_report = slurp(golden(s, ".report"));
      const fs::path stderr_file = golden(s, ".stderr");
      const std::string want_err = fs::exists(stderr_file) ? slurp(stderr_file) : "";
      const std::string want_counts = slurp(golden(s, ".counts"));
      if (out.str() != want_report) failures += rel + ": report differs from golden\n";
      if (err.str() != want_err) failures += rel + ": stderr differs from golden\n";
      const std::string counts = counts_of(out.str(), status);
      if (counts != want_counts)
        failures += rel + ": counts " + counts + "       golden " + want_counts;
    }
    fs::current_path(old);
    CPPUNIT_ASSERT_EQUAL(std::string(), failures);
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(LibraryGoldenTest);
