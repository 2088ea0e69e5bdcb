// The call-depth bound (`--max-call-depth`, `max-call-depth=`) through `mapcheck check` and
// `run`, in-process on small recursive specs: where the bound stops a search, what the report
// and the exit status say, and that a recursion below it is searched exactly as before.
#include <cppunit/extensions/HelperMacros.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/check_command.h"
#include "cli/commands.h"
#include "tests/cli/spec_dir.h"

namespace fs = std::filesystem;
using mapcheck::cli::CheckArgs;
using mapcheck::tests::check;
using mapcheck::tests::Run;
using mapcheck::tests::SpecDir;

namespace {

// tests/cli/specs/endless_recursion.go: every call pushes a frame, so every state is new.
//   g1: depth(m, 0) -> m[0]++ -> depth(m, 1) -> m[1]++ -> ... (never returns)
const std::string kEndless =
    std::string(MAPCHECK_SOURCE_DIR) + "/tests/cli/specs/endless_recursion.go";

// A recursion that ends at depth `n`: main's frame, then depth(m, 0) ... depth(m, n), so n + 2
// frames at the deepest; it prints n.
std::string finite(int n) {
  return fmt::format(R"(//go:build ignore

// expect: always exit output "{0}\n"
package main

import "fmt"

func depth(m map[int]int, n int) int {{
	if n == {0} {{
		return 0
	}}
	m[n%4]++
	return depth(m, n+1) + 1
}}

func main() {{
	m := map[int]int{{}}
	fmt.Println(depth(m, 0))
}}
)",
                     n);
}

// g2 recurses forever on local work alone (no shared step: one step takes it to the bound);
// main prints and returns, so the exit is reachable whatever the bound cut.
//   g1: go spin(0); println("done"); exit | g2: spin(0) -> spin(1) -> ... held at the bound
const char* kEndlessBeside = R"(//go:build ignore

// expect: never exit
package main

import "fmt"

func spin(n int) int {
	return spin(n+1) + 1
}

func main() {
	go spin(0)
	fmt.Println("done")
}
)";

// The JSON report of one spec: status and the spec's object.
std::pair<int, nlohmann::json> check_json(CheckArgs args) {
  args.json = true;
  args.traces = "none";
  const Run r = check(args);
  const auto j = nlohmann::json::parse(r.out);
  CPPUNIT_ASSERT_EQUAL(r.status, j["status"].get<int>());
  return {r.status, j["specs"][0]};
}

// `bounds_hit` as JSON text, e.g. ["call_depth"].
std::string bounds_hit(const nlohmann::json& spec) {
  return spec["search"]["bounds_hit"].dump();
}

}  // namespace

class CallDepthTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(CallDepthTest);
  CPPUNIT_TEST(testEndlessRecursionStopsAtTheDefaultBound);
  CPPUNIT_TEST(testEndlessRecursionTextReportSaysStoppedByCallDepth);
  CPPUNIT_TEST(testRecursionBelowTheBoundIsSearchedAsBefore);
  CPPUNIT_TEST(testBoundIsFramesPerGoroutine);
  CPPUNIT_TEST(testBoundBelowTheRecursionIsReported);
  CPPUNIT_TEST(testDirectiveSetsTheBoundAndTheCommandLineWins);
  CPPUNIT_TEST(testViolatedExpectationBeatsTheBound);
  CPPUNIT_TEST(testZeroIsAUsageError);
  CPPUNIT_TEST(testRunStopsAtTheBound);
  CPPUNIT_TEST_SUITE_END();

 public:
  /* g1 recurses until it holds 1000 frames (main's and 999 of depth), then is held: no
   * outcome, the search ends by itself, and `always fatal "stack overflow"` stays open. */
  void testEndlessRecursionStopsAtTheDefaultBound() {
    CheckArgs a;
    a.specs = {kEndless};
    const auto [status, spec] = check_json(a);
    CPPUNIT_ASSERT_EQUAL(3, status);
    CPPUNIT_ASSERT_EQUAL(std::string(R"(["call_depth"])"), bounds_hit(spec));
    CPPUNIT_ASSERT(!spec["search"]["complete"].get<bool>());
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, spec["search"]["steps_bounded"].get<std::size_t>());
    CPPUNIT_ASSERT_EQUAL(std::size_t{0}, spec["search"]["terminal"].get<std::size_t>());
    CPPUNIT_ASSERT_EQUAL(std::size_t{0}, spec["outcomes"].size());
    CPPUNIT_ASSERT_EQUAL(std::size_t{kEndlessStates}, spec["search"]["states"].get<std::size_t>());
    CPPUNIT_ASSERT_EQUAL(std::string("unknown"),
                         spec["expectations"][0]["verdict"].get<std::string>());
  }

  void testEndlessRecursionTextReportSaysStoppedByCallDepth() {
    CheckArgs a;
    a.specs = {kEndless};
    a.overrides.max_call_depth = 10;
    const Run r = check(a);
    CPPUNIT_ASSERT_EQUAL(3, r.status);
    CPPUNIT_ASSERT(r.out.find("options: runtime=go1.23 grain=phase order=all hash=mix "
                              "max-call-depth=10\n") != std::string::npos);
    CPPUNIT_ASSERT(r.out.find(fmt::format("search: INCOMPLETE (stopped by call_depth); {} states",
                                          kEndlessStates10)) != std::string::npos);
    CPPUNIT_ASSERT(r.out.find("outcomes (0):") != std::string::npos);
  }

  /* depth 50 (52 frames) under the default bound of 1000: the counts of c9205ff, which had no
   * bound (559 states, 558 transitions), and the same report as with no bound in reach. */
  void testRecursionBelowTheBoundIsSearchedAsBefore() {
    SpecDir d("mapcheck-call-depth-test-");
    CheckArgs a;
    a.specs = {d.write("rec50.go", finite(50))};
    const auto [status, spec] = check_json(a);
    CPPUNIT_ASSERT_EQUAL(0, status);
    CPPUNIT_ASSERT(spec["search"]["complete"].get<bool>());
    CPPUNIT_ASSERT_EQUAL(std::size_t{559}, spec["search"]["states"].get<std::size_t>());
    CPPUNIT_ASSERT_EQUAL(std::size_t{558}, spec["search"]["transitions"].get<std::size_t>());
    CPPUNIT_ASSERT_EQUAL(std::size_t{0}, spec["search"]["steps_bounded"].get<std::size_t>());
    a.overrides.max_call_depth = UINT32_MAX;
    auto [unbounded_status, unbounded] = check_json(a);
    CPPUNIT_ASSERT_EQUAL(0, unbounded_status);
    CPPUNIT_ASSERT_EQUAL(spec["search"].dump(), unbounded["search"].dump());
    CPPUNIT_ASSERT_EQUAL(spec["outcomes"].dump(), unbounded["outcomes"].dump());
  }

  /* depth 50 needs 52 frames: a bound of 52 lets it finish, 51 holds depth(m, 50)'s call. */
  void testBoundIsFramesPerGoroutine() {
    SpecDir d("mapcheck-call-depth-test-");
    CheckArgs a;
    a.specs = {d.write("rec50.go", finite(50))};
    a.overrides.max_call_depth = 52;
    auto [status, spec] = check_json(a);
    CPPUNIT_ASSERT_EQUAL(0, status);
    CPPUNIT_ASSERT_EQUAL(std::size_t{559}, spec["search"]["states"].get<std::size_t>());
    a.overrides.max_call_depth = 51;
    std::tie(status, spec) = check_json(a);
    CPPUNIT_ASSERT_EQUAL(3, status);
    CPPUNIT_ASSERT_EQUAL(std::string(R"(["call_depth"])"), bounds_hit(spec));
    CPPUNIT_ASSERT_EQUAL(std::size_t{0}, spec["outcomes"].size());
  }

  void testBoundBelowTheRecursionIsReported() {
    SpecDir d("mapcheck-call-depth-test-");
    CheckArgs a;
    a.specs = {d.write("rec20.go", finite(20))};
    a.overrides.max_call_depth = 10;
    const auto [status, spec] = check_json(a);
    CPPUNIT_ASSERT_EQUAL(3, status);
    CPPUNIT_ASSERT_EQUAL(std::string(R"(["call_depth"])"), bounds_hit(spec));
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, spec["search"]["steps_bounded"].get<std::size_t>());
    CPPUNIT_ASSERT_EQUAL(std::size_t{0}, spec["outcomes"].size());
    // main and depth(m, 0) ... depth(m, 8): the ninth call is held, after 9 levels of m[n%4]++.
    CPPUNIT_ASSERT(spec["search"]["states"].get<std::size_t>() < 229);
  }

  void testDirectiveSetsTheBoundAndTheCommandLineWins() {
    SpecDir d("mapcheck-call-depth-test-");
    std::string text = finite(20);
    text.replace(text.find("// expect:"), 0, "// mapcheck: max-call-depth=10\n");
    CheckArgs a;
    a.specs = {d.write("rec20.go", text)};
    auto [status, spec] = check_json(a);
    CPPUNIT_ASSERT_EQUAL(3, status);
    CPPUNIT_ASSERT_EQUAL(std::string(R"(["call_depth"])"), bounds_hit(spec));
    a.overrides.max_call_depth = 100;
    std::tie(status, spec) = check_json(a);
    CPPUNIT_ASSERT_EQUAL(0, status);
    CPPUNIT_ASSERT(spec["search"]["complete"].get<bool>());
  }

  /* The bound cut g2, yet main's exit was reached: `never exit` is VIOLATED (exit 1), and the
   * report still says which bound the search met. */
  void testViolatedExpectationBeatsTheBound() {
    SpecDir d("mapcheck-call-depth-test-");
    CheckArgs a;
    a.specs = {d.write("beside.go", kEndlessBeside)};
    const auto [status, spec] = check_json(a);
    CPPUNIT_ASSERT_EQUAL(1, status);
    CPPUNIT_ASSERT_EQUAL(std::string(R"(["call_depth"])"), bounds_hit(spec));
    CPPUNIT_ASSERT_EQUAL(std::string("violated"),
                         spec["expectations"][0]["verdict"].get<std::string>());
  }

  void testZeroIsAUsageError() {
    SpecDir d("mapcheck-call-depth-test-");
    CheckArgs a;
    a.specs = {d.write("rec20.go", finite(20))};
    a.overrides.max_call_depth = 0;
    const Run r = check(a);
    CPPUNIT_ASSERT_EQUAL(2, r.status);
    CPPUNIT_ASSERT_EQUAL(std::string(), r.out);
    CPPUNIT_ASSERT(r.err.find("--max-call-depth: want a positive number of frames per goroutine") !=
                   std::string::npos);
  }

  /* `mapcheck run` stops where the bound holds the only goroutine: exit 3, saying so. */
  void testRunStopsAtTheBound() {
    mapcheck::cli::CliOverrides o;
    o.max_call_depth = 10;
    std::ostringstream out, err;
    CPPUNIT_ASSERT_EQUAL(3, mapcheck::cli::run_run(kEndless, 1, o, out, err));
    CPPUNIT_ASSERT_EQUAL(std::string(), out.str());
    CPPUNIT_ASSERT(err.str().find("at the call-depth bound (10 frames per goroutine") !=
                   std::string::npos);
  }

 private:
  /** States of kEndless's search under the default bound, and under a bound of 10. */
  static constexpr std::size_t kEndlessStates = 10996;
  static constexpr std::size_t kEndlessStates10 = 106;
};

CPPUNIT_TEST_SUITE_REGISTRATION(CallDepthTest);
