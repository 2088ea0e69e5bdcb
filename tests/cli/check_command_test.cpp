// `mapcheck check`, `run`, `replay` and `render` driven in-process on small specs written to a
// temporary folder: exit statuses, overrides, JSON, determinism, trace files and replay.
#include <cppunit/extensions/HelperMacros.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli/check_command.h"
#include "cli/commands.h"
#include "tests/cli/spec_dir.h"
#include "tests/library_specs.h"

namespace fs = std::filesystem;
using mapcheck::cli::CheckArgs;
using mapcheck::cli::run_check;
using mapcheck::tests::check;
using mapcheck::tests::Run;
using mapcheck::tests::SpecDir;

namespace {

// Two goroutines write different keys of one map; main waits by yielding.
//   g1: m[1] = 1 | g2: m[2] = 2  -> fatal "concurrent map writes" at grain phase
const char* kTwoWriters = R"(//go:build ignore

// expect: sometimes fatal "concurrent map writes"
// expect: sometimes exit
package main

import "runtime"

func main() {
	m := map[int]int{}
	go func() {
		m[2] = 2
	}()
	m[1] = 1
	runtime.Gosched()
}
)";

// A sequential program: one outcome, printed exactly.
const char* kSequential = R"(//go:build ignore

// expect: always exit output "map[1:10 2:20]\n"
package main

import "fmt"

func main() {
	m := make(map[int]int)
	m[2] = 20
	m[1] = 10
	fmt.Println(m)
}
)";

const std::string kClaimOne =
    std::string(MAPCHECK_SOURCE_DIR) + "/specs/library/claims/c1_range_write_always_panics.go";

// The stderr of `a` run once `change` has been applied to it, which must be a usage error:
// exit 2 and nothing on stdout.
template <class Change>
std::string usage_error(CheckArgs a, Change change) {
  change(a);
  const Run r = check(a);
  CPPUNIT_ASSERT_EQUAL(2, r.status);
  CPPUNIT_ASSERT_EQUAL(std::string(), r.out);
  return r.err;
}

}  // namespace

class CheckCommandTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(CheckCommandTest);
  CPPUNIT_TEST(testHoldingExpectationsExitZero);
  CPPUNIT_TEST(testViolatedExpectationExitsOneWithCounterexample);
  CPPUNIT_TEST(testBadSpecExitsTwoWithLocation);
  CPPUNIT_TEST(testStateBoundExitsThree);
  CPPUNIT_TEST(testGrainOpOverrideMakesWritesAtomic);
  CPPUNIT_TEST(testBadCommandLineValueIsAUsageError);
  CPPUNIT_TEST(testJsonReportListsOutcomesAndVerdicts);
  CPPUNIT_TEST(testPrintingAMapWalksItUnlessPrintfSaysT);
  CPPUNIT_TEST(testJsonReportSaysWhatTheReductionDid);
  CPPUNIT_TEST(testBoundedSearchIsUnreduced);
  CPPUNIT_TEST(testReportIsDeterministicAcrossRunsAndThreads);
  CPPUNIT_TEST(testThreadsWithDfsSayTheyRunOnOne);
  CPPUNIT_TEST(testTraceDirFilesReplayAndRender);
  CPPUNIT_TEST(testReplayNamesFirstStepThatNoLongerFits);
  CPPUNIT_TEST(testRunPrintsLikeGoRun);
  CPPUNIT_TEST(testRandomSearchOnClaimOneGivesAFixedReport);
  CPPUNIT_TEST(testRandomReportIsByteIdenticalAcrossRunsAndThreads);
  CPPUNIT_TEST(testRandomFlagsUsageErrors);
  CPPUNIT_TEST(testRandomJsonSaysItIsARandomSearch);
  CPPUNIT_TEST(testRandomTracesReplay);
  CPPUNIT_TEST(testPctIsNotStuckInGoschedSpinLoops);
  CPPUNIT_TEST(testTracesNoneKeepsEverythingButTheTraces);
  CPPUNIT_TEST(testTracesFirstAreTheSearchsOwnPathsAndNeverSimpler);
  CPPUNIT_TEST(testTracesFirstOnRangerGrowth);
  CPPUNIT_TEST(testTracesUsageErrors);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testHoldingExpectationsExitZero() {
    SpecDir d;
    CheckArgs a;
    a.specs = {d.write("two.go", kTwoWriters), d.write("seq.go", kSequential)};
    const Run r = check(a);
    CPPUNIT_ASSERT_EQUAL(0, r.status);
    CPPUNIT_ASSERT(r.out.find("fatal \"concurrent map writes\"") != std::string::npos);
    CPPUNIT_ASSERT(r.out.find("HOLDS: fatal \"concurrent map writes\" is reachable") !=
                   std::string::npos);
    CPPUNIT_ASSERT(r.out.find("outcomes (1):\n  [1] exit output \"map[1:10 2:20]\\n\"") !=
                   std::string::npos);
    CPPUNIT_ASSERT_EQUAL(std::string(), r.err);
  }

  void testViolatedExpectationExitsOneWithCounterexample() {
    SpecDir d;
    std::string spec = kTwoWriters;
    spec.replace(spec.find("sometimes fatal"), 15, "never fatal");
    CheckArgs a;
    a.specs = {d.write("never.go", spec)};
    const Run r = check(a);
    CPPUNIT_ASSERT_EQUAL(1, r.status);
    CPPUNIT_ASSERT(r.out.find("VIOLATED") != std::string::npos);
    CPPUNIT_ASSERT(r.out.find("counterexample (") != std::string::npos);
    // The deciding step is the second writer's check of hashWriting.
    CPPUNIT_ASSERT(r.out.find("fatal error: concurrent map writes") != std::string::npos);
  }

  void testBadSpecExitsTwoWithLocation() {
    SpecDir d;
    CheckArgs a;
    a.specs = {d.write("bad.go", "package main\n\nfunc main() {\n\tx := 1\n}\n")};
    const Run r = check(a);
    CPPUNIT_ASSERT_EQUAL(2, r.status);
    CPPUNIT_ASSERT_EQUAL((d.path / "bad.go").string() + ":4:2: declared and not used: x\n", r.err);
    CPPUNIT_ASSERT_EQUAL(std::string(), r.out);
  }

  void testStateBoundExitsThree() {
    SpecDir d;
    CheckArgs a;
    a.overrides.max_states = 5;
    // `never deadlock` can only be proved by a complete search; 5 states cannot complete it.
    a.specs = {d.write("bounded.go",
                       "//go:build ignore\n\n// expect: never deadlock\npackage "
                       "main\n\nfunc main() {\n\tm := map[int]int{}\n\tgo func() "
                       "{ m[2] = 2 }()\n\tm[1] = 1\n}\n")};
    const Run r = check(a);
    CPPUNIT_ASSERT_EQUAL(3, r.status);
    CPPUNIT_ASSERT(r.out.find("INCOMPLETE (stopped by states)") != std::string::npos);
  }

  void testGrainOpOverrideMakesWritesAtomic() {
    SpecDir d;
    CheckArgs a;
    a.specs = {d.write("two.go", kTwoWriters)};
    a.overrides.grain = "op";
    const Run r = check(a);
    // With whole operations atomic no write can see another's hashWriting.
    CPPUNIT_ASSERT_EQUAL(1, r.status);
    CPPUNIT_ASSERT(r.out.find("options: runtime=go1.23 grain=op") != std::string::npos);
    CPPUNIT_ASSERT(r.out.find("[1] exit output \"\"") != std::string::npos);
    CPPUNIT_ASSERT(r.out.find("] fatal") == std::string::npos);
  }

  void testBadCommandLineValueIsAUsageError() {
    SpecDir d;
    CheckArgs a;
    a.specs = {d.write("two.go", kTwoWriters)};
    a.overrides.grain = "fine";
    const Run r = check(a);
    CPPUNIT_ASSERT_EQUAL(2, r.status);
    CPPUNIT_ASSERT_EQUAL(std::string("--grain: unknown grain fine (want op, phase or access)\n"),
                         r.err);
  }

  void testJsonReportListsOutcomesAndVerdicts() {
    SpecDir d;
    CheckArgs a;
    a.specs = {d.write("two.go", kTwoWriters)};
    a.json = true;
    const Run r = check(a);
    CPPUNIT_ASSERT_EQUAL(0, r.status);
    const auto j = nlohmann::json::parse(r.out);
    CPPUNIT_ASSERT_EQUAL(0, j["status"].get<int>());
    const auto& s = j["specs"][0];
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, s["outcomes"].size());
    CPPUNIT_ASSERT_EQUAL(std::string("holds"), s["expectations"][0]["verdict"].get<std::string>());
    CPPUNIT_ASSERT(s["expectations"][0].contains("trace"));
    CPPUNIT_ASSERT_EQUAL(std::string("fatal"),
                         s["expectations"][0]["trace"]["outcome"]["kind"].get<std::string>());
  }

  // fmt walks a map it prints with the runtime's iterator, so a print racing a write can be
  // caught, also from a deferred print; %T prints the type alone and walks nothing.
  void testPrintingAMapWalksItUnlessPrintfSaysT() {
    const std::string head = R"(//go:build ignore

package main

import (
	"fmt"
	"runtime"
)

func main() {
	m := map[int]int{1: 1}
)";
    const std::string racing_writer = R"(
	go func() {
		m[2] = 2
	}()
	runtime.Gosched()
}
)";
    auto outcomes = [&](const std::string& body) {
      SpecDir d;
      CheckArgs a;
      a.specs = {d.write("print.go", head + body + racing_writer)};
      a.json = true;
      a.traces = "none";
      const Run r = check(a);
      CPPUNIT_ASSERT_EQUAL_MESSAGE(r.err, 0, r.status);
      const auto j = nlohmann::json::parse(r.out);
      std::vector<std::string> texts;
      for (const auto& o : j["specs"][0]["outcomes"])
        texts.push_back(o["text"].get<std::string>());
      std::sort(texts.begin(), texts.end());
      return fmt::format("{}", fmt::join(texts, "; "));
    };
    const std::string walked =
        R"(exit output "map[1:1 2:0]\n"; exit output "map[1:1 2:2]\n"; )"
        R"(exit output "map[1:1]\n"; fatal "concurrent map iteration and map write")";
    CPPUNIT_ASSERT_EQUAL(walked, outcomes("\tdefer fmt.Println(m)"));
    CPPUNIT_ASSERT_EQUAL(walked, outcomes("\tdefer fmt.Printf(\"%v\\n\", m)"));
    CPPUNIT_ASSERT_EQUAL(std::string(R"(exit output "true\n")"),
                         outcomes("\tdefer fmt.Println(len(fmt.Sprintf(\"%d %T\", 1, m)) > 0)"));
  }

  // The benchmark's nwriters n2_k3: the reduction takes 30% fewer steps and stores 15% fewer
  // states (what one persistent set postpones, another path often reaches). Under the strict
  // cycle proviso, which refused every set with a step to a stored state, it stored 53,184
  // states over 114,257 transitions (8,457 reduced states).
  void testJsonReportSaysWhatTheReductionDid() {
    CheckArgs a;
    a.specs = {std::string(MAPCHECK_SOURCE_DIR) + "/bench/specs/nwriters/nwriters_n2_k3.go"};
    a.json = true;
    a.traces = "none";
    auto search = [&] {
      const Run r = check(a);
      CPPUNIT_ASSERT_EQUAL(0, r.status);
      return nlohmann::json::parse(r.out)["specs"][0]["search"];
    };
    auto count = [](const nlohmann::json& s, const char* key) { return s[key].get<std::size_t>(); };
    const auto reduced = search();
    CPPUNIT_ASSERT_EQUAL(std::size_t{45988}, count(reduced, "states"));
    CPPUNIT_ASSERT_EQUAL(std::size_t{88854}, count(reduced, "transitions"));
    CPPUNIT_ASSERT_EQUAL(std::size_t{45988}, count(reduced, "expanded"));
    CPPUNIT_ASSERT_EQUAL(std::size_t{20007}, count(reduced, "reduced_states"));
    CPPUNIT_ASSERT_EQUAL(std::size_t{24271}, count(reduced, "steps_reduced"));
    CPPUNIT_ASSERT_EQUAL(std::size_t{0}, count(reduced, "steps_bounded"));
    a.overrides.no_reduction = true;
    const auto full = search();
    CPPUNIT_ASSERT_EQUAL(std::size_t{54258}, count(full, "states"));
    CPPUNIT_ASSERT_EQUAL(std::size_t{127083}, count(full, "transitions"));
    CPPUNIT_ASSERT_EQUAL(std::size_t{0}, count(full, "reduced_states"));
    CPPUNIT_ASSERT_EQUAL(std::size_t{0}, count(full, "steps_reduced"));
  }

  // nwriters n2_k3's fatal takes one preemption. Reduced, the search under that bound (or two)
  // kept one schedule, 74 states, and found only the exit: the reduction postponed the second
  // writer to where running it cost a preemption. waitgroup_fanout_writers' fatal is 18 steps
  // from the start; reduced, a search to depth 20 found no outcome. A search bounded in
  // preemptions or depth is now unreduced, whether or not --no-reduction is given, and from
  // the spec's directive too.
  void testBoundedSearchIsUnreduced() {
    SpecDir d;
    const std::string bench =
        std::string(MAPCHECK_SOURCE_DIR) + "/bench/specs/nwriters/nwriters_n2_k3.go";
    std::ifstream in(bench);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string directive = "// mapcheck: grain=phase";
    const std::size_t at = text.find(directive);
    CPPUNIT_ASSERT(at != std::string::npos);
    text.replace(at, directive.size(), "// mapcheck: grain=phase max-preemptions=1");
    const std::string in_spec = d.write("n2_k3_bounded.go", text);
    auto report = [](CheckArgs a) {
      a.json = true;
      a.traces = "none";
      const Run r = check(a);
      CPPUNIT_ASSERT_EQUAL(3, r.status);  // the bound cut the search
      return nlohmann::json::parse(r.out)["specs"][0];
    };
    for (int variant = 0; variant < 3; ++variant) {
      CheckArgs a;
      a.specs = {variant == 2 ? in_spec : bench};
      if (variant < 2) a.overrides.max_preemptions = 1;
      a.overrides.no_reduction = variant == 1;
      const auto rep = report(a);
      CPPUNIT_ASSERT_EQUAL(std::size_t{1288}, rep["search"]["states"].get<std::size_t>());
      CPPUNIT_ASSERT_EQUAL(std::size_t{1390}, rep["search"]["transitions"].get<std::size_t>());
      CPPUNIT_ASSERT_EQUAL(std::size_t{0}, rep["search"]["reduced_states"].get<std::size_t>());
      CPPUNIT_ASSERT_EQUAL(std::size_t{2}, rep["outcomes"].size());
      CPPUNIT_ASSERT_EQUAL(std::string("holds"),
                           rep["expectations"][0]["verdict"].get<std::string>());
    }
    CheckArgs a;
    a.specs = {std::string(MAPCHECK_SOURCE_DIR) +
               "/specs/library/patterns/waitgroup_fanout_writers.go"};
    a.overrides.max_depth = 20;
    const auto rep = report(a);
    CPPUNIT_ASSERT_EQUAL(std::size_t{403}, rep["search"]["states"].get<std::size_t>());
    CPPUNIT_ASSERT_EQUAL(std::size_t{0}, rep["search"]["reduced_states"].get<std::size_t>());
    CPPUNIT_ASSERT_EQUAL(std::string("fatal \"concurrent map writes\""),
                         rep["outcomes"][0]["text"].get<std::string>());
    CPPUNIT_ASSERT_EQUAL(std::string("holds"),
                         rep["expectations"][0]["verdict"].get<std::string>());
  }

  void testReportIsDeterministicAcrossRunsAndThreads() {
    SpecDir d;
    CheckArgs a;
    a.specs = {d.write("two.go", kTwoWriters)};
    a.overrides.search_order = mapcheck::explorer::Order::bfs;
    const Run one = check(a);
    const Run again = check(a);
    a.overrides.threads = 2;
    const Run two = check(a);
    CPPUNIT_ASSERT_EQUAL(one.out, again.out);
    CPPUNIT_ASSERT_EQUAL(one.out, two.out);
  }

  // --threads 2 with the default dfs: a note on stderr (with the timing lines, so not under
  // --quiet) that only --bfs uses them; none with --bfs, none with one thread.
  void testThreadsWithDfsSayTheyRunOnOne() {
    SpecDir d;
    CheckArgs a;
    a.specs = {d.write("two.go", kTwoWriters)};
    a.timing = true;
    auto err_of = [](const CheckArgs& args) {
      std::ostringstream out, err;
      run_check(args, out, err);
      return err.str();
    };
    const std::string note =
        ": note: a dfs search runs on one thread; --bfs expands states on "
        "all 2 (the witness search uses them either way)\n";
    CPPUNIT_ASSERT(err_of(a).find("note:") == std::string::npos);
    a.overrides.threads = 2;
    CPPUNIT_ASSERT(err_of(a).find(a.specs[0] + note) != std::string::npos);
    a.timing = false;
    CPPUNIT_ASSERT(err_of(a).empty());
    a.timing = true;
    a.overrides.search_order = mapcheck::explorer::Order::bfs;
    CPPUNIT_ASSERT(err_of(a).find("note:") == std::string::npos);
  }

  void testTraceDirFilesReplayAndRender() {
    SpecDir d;
    CheckArgs a;
    const std::string spec = d.write("two.go", kTwoWriters);
    a.specs = {spec};
    a.trace_dir = (d.path / "traces").string();
    a.render = "svg";
    CPPUNIT_ASSERT_EQUAL(0, check(a).status);
    for (const char* ext : {".txt", ".json", ".dot", ".svg"})
      CPPUNIT_ASSERT_MESSAGE(ext,
                             fs::exists(d.path / "traces" / (std::string("two.expect1") + ext)));
    std::ostringstream out, err;
    const std::string json = (d.path / "traces/two.expect1.json").string();
    CPPUNIT_ASSERT_EQUAL(0, mapcheck::cli::run_replay(spec, json, out, err));
    CPPUNIT_ASSERT(out.str().find("same outcome as recorded (fatal)") != std::string::npos);
    const std::string png = (d.path / "t.png").string();
    CPPUNIT_ASSERT_EQUAL(0, mapcheck::cli::run_render(json, png, std::nullopt, err));
    std::ifstream f(png, std::ios::binary);
    char magic[4] = {};
    f.read(magic, 4);
    CPPUNIT_ASSERT_EQUAL(std::string("\x89PNG"), std::string(magic, 4));
  }

  void testReplayNamesFirstStepThatNoLongerFits() {
    SpecDir d;
    CheckArgs a;
    const std::string spec = d.write("two.go", kTwoWriters);
    a.specs = {spec};
    a.trace_dir = (d.path / "traces").string();
    CPPUNIT_ASSERT_EQUAL(0, check(a).status);
    // Without the go statement there is no g2 for the trace's g2 steps.
    std::string changed = kTwoWriters;
    changed.replace(changed.find("go func() {"), 11, "func() {");
    const std::string spec2 = d.write("two.go", changed);
    std::ostringstream out, err;
    CPPUNIT_ASSERT_EQUAL(1, mapcheck::cli::run_replay(
                                spec2, (d.path / "traces/two.expect1.json").string(), out, err));
    CPPUNIT_ASSERT(err.str().find("is not enabled when replayed") != std::string::npos);
    CPPUNIT_ASSERT(err.str().find("has changed since the trace was recorded") != std::string::npos);
  }

  void testRunPrintsLikeGoRun() {
    SpecDir d;
    std::ostringstream out, err;
    CPPUNIT_ASSERT_EQUAL(0,
                         mapcheck::cli::run_run(d.write("seq.go", kSequential), 7, {}, out, err));
    CPPUNIT_ASSERT_EQUAL(std::string("map[1:10 2:20]\n"), out.str());
    CPPUNIT_ASSERT_EQUAL(std::string(), err.str());
  }

  /* `mapcheck check c1_range_write_always_panics.go --random 200 --seed 7` (pct depth 3). */
  void testRandomSearchOnClaimOneGivesAFixedReport() {
    CheckArgs a;
    a.specs = {kClaimOne};
    a.random.executions = 200;
    a.random.seed = 7;
    const Run r = check(a);
    CPPUNIT_ASSERT_EQUAL(1, r.status);
    CPPUNIT_ASSERT_EQUAL(std::string(), r.err);
    for (const char* line : {
             "search: random, 200 executions (pct depth 3), seed 7; 3 distinct outcomes; 0 cut (at "
             "10000 steps); 4131 steps, longest 28\n",
             "  [1] exit output \"3\\n\"   (46 executions, first #2)\n",
             "  [2] exit output \"4\\n\"   (94 executions, first #1)\n",
             "  [3] fatal \"concurrent map iteration and map write\"   (60 executions, first #0)\n",
             "  VIOLATED: exit output \"3\\n\" is reachable and does not match (random execution "
             "#2, 46 of 200)\n",
             "  HOLDS: fatal \"concurrent map iteration and map write\" is reachable (random "
             "execution #0, 60 of 200)\n",
             "  INCOMPLETE: panic not seen in 200 random executions\n",
             "  counterexample (26 steps, 1 preemption; random execution #2):\n",
             "  witness (10 steps, 2 preemptions; random execution #0):\n",
             "      path      10 steps, 2 preemptions (random execution #0, seed 7)\n",
             "result: VIOLATED (1 of 4 expectations violated)\n",
         })
      CPPUNIT_ASSERT_MESSAGE(line, r.out.find(line) != std::string::npos);
  }

  void testRandomReportIsByteIdenticalAcrossRunsAndThreads() {
    for (const char* schedule : {"uniform", "pct"}) {
      CheckArgs a;
      a.specs = {kClaimOne};
      a.random.executions = 300;
      a.random.schedule = schedule;
      const Run one = check(a);
      const Run again = check(a);
      a.overrides.threads = 2;
      const Run two = check(a);
      CPPUNIT_ASSERT_EQUAL(one.out, again.out);
      CPPUNIT_ASSERT_EQUAL(one.out, two.out);
      a.random.seed = 2;
      CPPUNIT_ASSERT(check(a).out != one.out);
    }
  }

  void testRandomFlagsUsageErrors() {
    auto error_of = [](auto change) {
      CheckArgs a;
      a.specs = {kClaimOne};
      a.random.executions = 10;
      return usage_error(a, change);
    };
    CPPUNIT_ASSERT_EQUAL(
        std::string("mapcheck check: --random cannot be combined with --bfs/--dfs (an exhaustive "
                    "search option)\n"),
        error_of([](CheckArgs& a) { a.overrides.search_order = mapcheck::explorer::Order::bfs; }));
    CPPUNIT_ASSERT(error_of([](CheckArgs& a) {
                     a.overrides.max_states = 5;
                   }).find("--max-states") != std::string::npos);
    CPPUNIT_ASSERT(error_of([](CheckArgs& a) { a.overrides.store = "hash"; }).find("--store") !=
                   std::string::npos);
    CPPUNIT_ASSERT(error_of([](CheckArgs& a) {
                     a.overrides.max_memory = "1G";
                   }).find("--max-memory") != std::string::npos);
    CPPUNIT_ASSERT_EQUAL(
        std::string("mapcheck check: --seed, --schedule and --pct-depth need --random N\n"),
        error_of([](CheckArgs& a) {
          a.random.executions.reset();
          a.random.seed = 3;
        }));
    CPPUNIT_ASSERT_EQUAL(
        std::string("mapcheck check: --schedule: unknown schedule fair (want uniform or pct)\n"),
        error_of([](CheckArgs& a) { a.random.schedule = "fair"; }));
    CPPUNIT_ASSERT_EQUAL(std::string("mapcheck check: --pct-depth needs --schedule pct\n"),
                         error_of([](CheckArgs& a) {
                           a.random.schedule = "uniform";
                           a.random.pct_depth = 2;
                         }));
    CPPUNIT_ASSERT_EQUAL(std::string("mapcheck check: --random: N must be at least 1\n"),
                         error_of([](CheckArgs& a) { a.random.executions = 0; }));
  }

  void testRandomJsonSaysItIsARandomSearch() {
    SpecDir d;
    CheckArgs a;
    a.specs = {d.write("two.go", kTwoWriters)};
    a.random.executions = 100;
    a.random.schedule = "uniform";
    a.json = true;
    const Run r = check(a);
    const auto j = nlohmann::json::parse(r.out);
    const auto& s = j["specs"][0];
    CPPUNIT_ASSERT_EQUAL(std::string("random"), s["search"]["mode"].get<std::string>());
    CPPUNIT_ASSERT_EQUAL(std::string("uniform"), s["search"]["schedule"].get<std::string>());
    CPPUNIT_ASSERT(!s["search"].contains("pct_depth"));
    CPPUNIT_ASSERT_EQUAL(100, s["search"]["executions"].get<int>());
    int total = 0;
    for (const auto& o : s["outcomes"])
      total += o["executions"].get<int>();
    CPPUNIT_ASSERT_EQUAL(100, total);
    CPPUNIT_ASSERT_EQUAL(r.status, j["status"].get<int>());
    // `sometimes fatal` is witnessed by the first execution that hit it.
    const auto& e = s["expectations"][0];
    CPPUNIT_ASSERT_EQUAL(std::string("holds"), e["verdict"].get<std::string>());
    CPPUNIT_ASSERT(e.contains("execution") && e.contains("trace"));
  }

  void testRandomTracesReplay() {
    SpecDir d;
    CheckArgs a;
    const std::string spec = d.write("two.go", kTwoWriters);
    a.specs = {spec};
    a.random.executions = 50;
    a.trace_dir = (d.path / "traces").string();
    const Run r = check(a);
    CPPUNIT_ASSERT_EQUAL(0, r.status);
    std::ifstream t(d.path / "traces/two.expect1.txt");
    const std::string text((std::istreambuf_iterator<char>(t)), std::istreambuf_iterator<char>());
    CPPUNIT_ASSERT(text.find(", seed 1)\n") != std::string::npos);
    CPPUNIT_ASSERT(text.find("shortest bfs") == std::string::npos);
    // The JSON records the same origin, so a replayed or re-rendered trace keeps it.
    std::ifstream js(d.path / "traces/two.expect1.json");
    const nlohmann::json doc = nlohmann::json::parse(js);
    CPPUNIT_ASSERT_EQUAL(std::string("random"), doc.at("origin").at("search").get<std::string>());
    CPPUNIT_ASSERT_EQUAL(std::uint64_t{1}, doc.at("origin").at("seed").get<std::uint64_t>());
    CPPUNIT_ASSERT_EQUAL(std::string("pct depth 3"),
                         doc.at("origin").at("schedule").get<std::string>());
    const auto execution = doc.at("origin").at("execution").get<std::uint64_t>();
    CPPUNIT_ASSERT(text.find("(random execution #" + std::to_string(execution) + ", seed 1)\n") !=
                   std::string::npos);
    std::ostringstream out, err;
    CPPUNIT_ASSERT_EQUAL(0, mapcheck::cli::run_replay(
                                spec, (d.path / "traces/two.expect1.json").string(), out, err));
    CPPUNIT_ASSERT(out.str().find("same outcome as recorded (fatal)") != std::string::npos);
    CPPUNIT_ASSERT(out.str().find("(random execution #" + std::to_string(execution) +
                                  ", seed 1)\n") != std::string::npos);
  }

  /* runtime/two_writers.go waits with `for !done { runtime.Gosched() }`. Under strict
   * priorities main would spin until the step bound whenever it outranks the writer; the PCT
   * scheduler demotes an actor whose step returns to a state already visited. */
  void testPctIsNotStuckInGoschedSpinLoops() {
    CheckArgs a;
    a.specs = {std::string(MAPCHECK_SOURCE_DIR) + "/specs/library/runtime/two_writers.go"};
    a.random.executions = 200;
    a.random.pct_depth = 1;
    const Run r = check(a);
    CPPUNIT_ASSERT(r.out.find("; 0 cut (at 10000 steps)") != std::string::npos);
  }

  /* `--traces none`: the JSON report of every library spec is the default's without
   * its "trace" fields (same outcomes, verdicts, reasons and status). */
  void testTracesNoneKeepsEverythingButTheTraces() {
    int dropped = 0;
    for (const auto& spec : mapcheck::testing::library_spec_files()) {
      CheckArgs a;
      a.specs = {spec.string()};
      a.json = true;
      const Run simplest = check(a);
      a.traces = "none";
      const Run none = check(a);
      CPPUNIT_ASSERT_EQUAL_MESSAGE(spec.string(), simplest.status, none.status);
      auto stripped = nlohmann::json::parse(simplest.out);
      for (auto& e : stripped["specs"][0]["expectations"])
        if (e.contains("trace")) {
          e.erase("trace");
          ++dropped;
        }
      const auto j = nlohmann::json::parse(none.out);
      CPPUNIT_ASSERT_MESSAGE(spec.string(), stripped == j);
    }
    // Most specs decide an expectation by an outcome: the default had traces to drop.
    CPPUNIT_ASSERT(dropped > 20);
  }

  /* `--traces first` on every library spec: the same verdicts, a trace for each
   * expectation the default traces, marked as the search's own path, that replays to its
   * outcome. It is never simpler than the default's: at least as many preemptions, and at
   * least as many steps when as many preemptions. On some specs it is strictly longer. */
  void testTracesFirstAreTheSearchsOwnPathsAndNeverSimpler() {
    int traced = 0, longer = 0;
    for (const auto& spec : mapcheck::testing::library_spec_files()) {
      const std::string name = spec.string();
      CheckArgs a;
      a.specs = {name};
      a.json = true;
      const auto simplest = nlohmann::json::parse(check(a).out)["specs"][0]["expectations"];
      a.traces = "first";
      const auto first = nlohmann::json::parse(check(a).out)["specs"][0]["expectations"];
      CPPUNIT_ASSERT_EQUAL_MESSAGE(name, simplest.size(), first.size());
      for (std::size_t i = 0; i < first.size(); ++i) {
        CPPUNIT_ASSERT_MESSAGE(name, simplest[i]["verdict"] == first[i]["verdict"]);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(name, simplest[i].contains("trace"),
                                     first[i].contains("trace"));
        if (!first[i].contains("trace")) continue;
        ++traced;
        const auto& s = simplest[i]["trace"];
        const auto& f = first[i]["trace"];
        CPPUNIT_ASSERT_MESSAGE(name, !s.contains("origin"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(name, std::string("first"),
                                     f.at("origin").at("search").get<std::string>());
        CPPUNIT_ASSERT_MESSAGE(name, s["outcome"] == f["outcome"]);
        const auto sp = s["preemptions"].get<int>(), fp = f["preemptions"].get<int>();
        const auto ss = s["steps"].size(), fs_ = f["steps"].size();
        CPPUNIT_ASSERT_MESSAGE(name, fp >= sp);
        if (fp == sp) CPPUNIT_ASSERT_MESSAGE(name, fs_ >= ss);
        if (fp > sp || fs_ > ss) ++longer;
      }
    }
    CPPUNIT_ASSERT(traced > 20);
    CPPUNIT_ASSERT(longer > 10);
  }

  /* ranger_growth n12: the default's witness of the iteration/write fatal is 9 steps with two
   * preemptions; the dfs reached it first by 40. That path is written, replays and says so. */
  void testTracesFirstOnRangerGrowth() {
    SpecDir d;
    const std::string spec =
        std::string(MAPCHECK_SOURCE_DIR) + "/bench/specs/ranger_growth/ranger_growth_n12.go";
    CheckArgs a;
    a.specs = {spec};
    const Run simplest = check(a);
    CPPUNIT_ASSERT(simplest.out.find("  witness (9 steps, 2 preemptions; fewest preemptions "
                                     "first, then the shortest bfs found):\n") !=
                   std::string::npos);
    a.traces = "first";
    a.trace_dir = (d.path / "traces").string();
    const Run first = check(a);
    CPPUNIT_ASSERT_EQUAL(0, first.status);
    CPPUNIT_ASSERT(first.out.find("  witness (40 steps, 2 preemptions; the path the search found "
                                  "first):\n") != std::string::npos);
    CPPUNIT_ASSERT(first.out.find("shortest bfs") == std::string::npos);
    std::ifstream t(d.path / "traces/ranger_growth_n12.expect1.txt");
    const std::string text((std::istreambuf_iterator<char>(t)), std::istreambuf_iterator<char>());
    CPPUNIT_ASSERT(text.find("path      40 steps, 2 preemptions (the path the search found "
                             "first)\n") != std::string::npos);
    std::ostringstream out, err;
    CPPUNIT_ASSERT_EQUAL(
        0, mapcheck::cli::run_replay(
               spec, (d.path / "traces/ranger_growth_n12.expect1.json").string(), out, err));
    CPPUNIT_ASSERT(out.str().find("replayed 40 steps: same outcome as recorded (fatal)") !=
                   std::string::npos);
  }

  void testTracesUsageErrors() {
    auto error_of = [](auto change) {
      CheckArgs a;
      a.specs = {kClaimOne};
      return usage_error(a, change);
    };
    CPPUNIT_ASSERT_EQUAL(
        std::string("mapcheck check: --traces: unknown choice short (want simplest, first or "
                    "none)\n"),
        error_of([](CheckArgs& a) { a.traces = "short"; }));
    CPPUNIT_ASSERT_EQUAL(
        std::string("mapcheck check: --trace-dir writes traces, and --traces none asks for none\n"),
        error_of([](CheckArgs& a) {
          a.traces = "none";
          a.trace_dir = "/nonexistent";
        }));
    CPPUNIT_ASSERT(error_of([](CheckArgs& a) {
                     a.traces = "simplest";
                     a.random.executions = 10;
                   }).find("--traces simplest needs an exhaustive search") != std::string::npos);
    // A random search takes first (its only kind) and none.
    CheckArgs a;
    a.specs = {kClaimOne};
    a.random.executions = 10;
    a.traces = "none";
    const Run r = check(a);
    CPPUNIT_ASSERT_EQUAL(1, r.status);  // ten executions do not see the panic it claims
    CPPUNIT_ASSERT(r.out.find("VIOLATED") != std::string::npos);
    CPPUNIT_ASSERT(r.out.find("counterexample (") == std::string::npos);
    CPPUNIT_ASSERT(r.out.find("witness (") == std::string::npos);
    a.traces = "first";
    CPPUNIT_ASSERT(check(a).out.find("(random execution #") != std::string::npos);
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(CheckCommandTest);
