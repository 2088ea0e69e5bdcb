// BenchHarnessTest: the benchmark harness on real input — the stderr lines mapcheck and
// /usr/bin/time print, run-spin.sh's line, the generated family specs, the tables' columns,
// one real `mapcheck check` measurement and the driver's --dry-run. Asserts no timing.
#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "bench/harness/measure.h"
#include "bench/harness/table.h"
#include "tests/differential/process_run.h"

namespace fs = std::filesystem;
using namespace mapcheck::bench;

namespace {

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A row with a SPIN model (nwriters.pml with `define`) and nothing measured yet.
RowResult nwriters_row(const std::string& name, const std::string& define) {
  RowResult r;
  r.row = BenchRow{name, "a.go", SpinModel{"nwriters.pml", {define}}};
  return r;
}

// The header line of a markdown table with these columns.
std::string header_line(const std::vector<std::string>& columns) {
  std::string s = "|";
  for (const auto& c : columns)
    s += " " + c + " |";
  return s;
}

bool has_line(const std::string& text, const std::string& line) {
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);)
    if (l == line) return true;
  return false;
}

const fs::path kRoot = MAPCHECK_SOURCE_DIR;
const fs::path kBin = MAPCHECK_BINARY_DIR;

}  // namespace

class BenchHarnessTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(BenchHarnessTest);
  CPPUNIT_TEST(testTimingLineGivesStatesAndBytes);
  CPPUNIT_TEST(testRusageMarkerGivesPeakMemory);
  CPPUNIT_TEST(testSpinLineNeedsEveryKey);
  CPPUNIT_TEST(testGeneratedSpecNamesItsSpinModel);
  CPPUNIT_TEST(testRowsAreFamiliesThenLibrary);
  CPPUNIT_TEST(testRareOutcomeIsTheFirstNonExit);
  CPPUNIT_TEST(testTablesPrintTheirColumnsAndMarks);
  CPPUNIT_TEST(testThreadsTableComparesWithOneThreadAndSpin);
  CPPUNIT_TEST(testFastestOfRepeatsOnlyQuickRuns);
  CPPUNIT_TEST(testMeasuresTwoWritersWithRealMapcheck);
  CPPUNIT_TEST(testDryRunPrintsTheColumns);
  CPPUNIT_TEST_SUITE_END();

 public:
  // The line mapcheck check writes on stderr (cli/check_command.cpp), then another spec's.
  void testTimingLineGivesStatesAndBytes() {
    const auto t = parse_timing_line(
        "x.go: 10 states in 0.001 s (9000 states/s), 500 bytes stored\n"
        "bench/specs/nwriters/nwriters_n2_k2.go: 6531 states in 0.204 s (32060 states/s), "
        "2615494 bytes stored\n");
    CPPUNIT_ASSERT(t);
    CPPUNIT_ASSERT_EQUAL(std::uint64_t{6531}, t->states);
    CPPUNIT_ASSERT_EQUAL(std::uint64_t{2615494}, t->bytes_stored);
    CPPUNIT_ASSERT(!parse_timing_line("result: ok\n"));
  }

  void testRusageMarkerGivesPeakMemory() {
    const auto u = parse_rusage("some stderr\nmapcheck-bench-rusage seconds=0.02 peak_kib=1112\n");
    CPPUNIT_ASSERT(u);
    CPPUNIT_ASSERT_EQUAL(std::uint64_t{1112}, u->peak_kib);
    CPPUNIT_ASSERT(!parse_rusage("Command exited with non-zero status 1\n"));
  }

  // bench/spin/run-spin.sh's contract: one line of six key=value figures.
  void testSpinLineNeedsEveryKey() {
    const auto s = parse_spin_line(
        "spin: compiling\nstates=1200 transitions=3400 seconds=0.05 memory_mb=128.7 errors=1 "
        "compile_seconds=1.9\n");
    CPPUNIT_ASSERT(s && s->ran);
    CPPUNIT_ASSERT_EQUAL(std::uint64_t{1200}, s->states);
    CPPUNIT_ASSERT_EQUAL(std::uint64_t{3400}, s->transitions);
    CPPUNIT_ASSERT_EQUAL(std::uint64_t{1}, s->errors);
    CPPUNIT_ASSERT_EQUAL(std::string("yes"), s->complete);
    CPPUNIT_ASSERT(!parse_spin_line("states=1200 transitions=3400 seconds=0.05\n"));
    // pan killed at run-spin.sh's --time-limit: no figures, and the reason.
    const auto t = parse_spin_line(
        "states=- transitions=- seconds=60.002 memory_mb=- errors=- compile_seconds=2.100 "
        "complete=time\n");
    CPPUNIT_ASSERT(t && !t->ran);
    CPPUNIT_ASSERT_EQUAL(std::string("time"), t->complete);
  }

  void testGeneratedSpecNamesItsSpinModel() {
    const auto m =
        parse_bench_directive(read_text(kRoot / "bench/specs/nwriters/nwriters_n3_k2.go"));
    CPPUNIT_ASSERT(m);
    CPPUNIT_ASSERT_EQUAL(std::string("nwriters.pml"), m->model);
    CPPUNIT_ASSERT(m->defines == (std::vector<std::string>{"-DN=3", "-DK=2"}));
    CPPUNIT_ASSERT(
        !parse_bench_directive(read_text(kRoot / "specs/library/runtime/two_writers.go")));
  }

  void testRowsAreFamiliesThenLibrary() {
    const auto rows = collect_rows(kRoot);
    const auto at = [&](const std::string& name) {
      return std::find_if(rows.begin(), rows.end(), [&](const auto& r) { return r.name == name; });
    };
    CPPUNIT_ASSERT(at("nwriters/nwriters_n4_k3") != rows.end());
    CPPUNIT_ASSERT(at("ranger_growth/ranger_growth_n12")->spin);
    // n16's grow goes to B=3, past what bench/spin/hmap.pml models: no SPIN row.
    CPPUNIT_ASSERT(at("ranger_growth/ranger_growth_n16") != rows.end());
    CPPUNIT_ASSERT(!at("ranger_growth/ranger_growth_n16")->spin);
    CPPUNIT_ASSERT(at("runtime/two_writers") != rows.end());
    CPPUNIT_ASSERT(!at("runtime/two_writers")->spin);
    CPPUNIT_ASSERT(at("rwmutex/rwmutex_r3_w1") < at("claims/c1_range_write_always_panics"));
    CPPUNIT_ASSERT_EQUAL(std::string("nwriters/nwriters_n2_k1"), rows.front().name);
    CPPUNIT_ASSERT(at("ranger_growth/ranger_growth_n8") < at("ranger_growth/ranger_growth_n12"));
  }

  void testRareOutcomeIsTheFirstNonExit() {
    MapcheckFigures f;
    f.ran = true;
    auto outcome = [](std::string kind, std::string text, bool leak = false) {
      mapcheck::differential::PredictedOutcome p;
      p.kind = std::move(kind);
      p.text = std::move(text);
      p.leak = leak;
      return p;
    };
    f.outcomes = {outcome("exit", "exit output \"1\\n\"")};
    CPPUNIT_ASSERT(!rare_outcome(f));
    f.outcomes.push_back(outcome("exit", "exit output \"0\\n\"", true));
    CPPUNIT_ASSERT(!rare_outcome(f));
    f.outcomes.push_back(outcome("deadlock", "deadlock"));
    f.outcomes.push_back(outcome("fatal", "fatal \"concurrent map writes\""));
    CPPUNIT_ASSERT_EQUAL(std::string("deadlock"), rare_outcome(f)->text);
  }

  /* one incomplete row with a SPIN model and a rare outcome; one library row without either */
  void testTablesPrintTheirColumnsAndMarks() {
    RowResult a = nwriters_row("nwriters/nwriters_n2_k1", "-DN=2");
    a.reduced.ran = true;
    a.reduced.states = 100;
    a.reduced.transitions = 150;
    a.reduced.seconds = 2;
    a.reduced.complete = false;
    a.reduced.bounds_hit = {"time"};
    a.traced = a.reduced;
    a.traced.seconds = 2.5;
    a.unreduced.note = "killed";
    a.spin_reduced.note = "no bench/spin/run-spin.sh";
    a.rare = RareOutcomeFigures{"fatal \"concurrent map writes\"",
                                0.5,
                                256,
                                {GoFirstSeen{"GOMAXPROCS=1", std::nullopt, 200, 1.0},
                                 GoFirstSeen{"GOMAXPROCS=2", 17, 17, 0.1}},
                                ""};
    RowResult b{
        {"runtime/nil_map_panic", "b.go", std::nullopt}, {}, {}, {}, {}, std::nullopt, {}, {}, {}};
    std::ostringstream out;
    write_tables(out, {a, b}, 200);
    const std::string t = out.str();
    CPPUNIT_ASSERT(has_line(t, header_line(mapcheck_columns())));
    CPPUNIT_ASSERT(has_line(t, header_line(spin_columns())));
    CPPUNIT_ASSERT(has_line(t, header_line(go_columns())));
    CPPUNIT_ASSERT(
        has_line(t,
                 "| nwriters/nwriters_n2_k1 | 100+ | 150+ | 2.000 | 2.500 | 50 | n/a | n/a | "
                 "n/a | n/a | n/a | n/a | n/a | n/a | n/a | reduced: stopped at bound (time); "
                 "with traces: stopped at bound (time); unreduced: killed |"));
    CPPUNIT_ASSERT(
        has_line(t,
                 "| nwriters/nwriters_n2_k1 | `fatal \"concurrent map writes\"` | 0.500 | "
                 "256 | not seen in 200 runs | 1.000 | 17 | 0.100 |  |"));
    CPPUNIT_ASSERT(t.find("| nwriters/nwriters_n2_k1 | `nwriters.pml -DN=2` | n/a |") !=
                   std::string::npos);
    // b has neither a SPIN model nor a rare outcome: it is only in the first table.
    CPPUNIT_ASSERT_EQUAL(std::string::size_type{1}, [&] {
      std::string::size_type n = 0;
      for (auto p = t.find("| runtime/nil_map_panic |"); p != std::string::npos;
           p = t.find("| runtime/nil_map_panic |", p + 1))
        ++n;
      return n;
    }());
  }

  /* A complete row: the threads table divides the one-thread time by the parallel time, and
   * the parallel time by SPIN's on one core and on as many cores; without threads > 1 there is
   * no such table. */
  void testThreadsTableComparesWithOneThreadAndSpin() {
    RowResult a = nwriters_row("nwriters/nwriters_n3_k2", "-DN=3");
    a.reduced.ran = true;
    a.reduced.states = 5000;
    a.reduced.seconds = 16;
    a.spin_reduced.ran = true;
    a.spin_reduced.states = 7000;
    a.spin_reduced.seconds = 10;
    a.parallel.ran = true;
    a.parallel.states = 5100;
    a.parallel.transitions = 9000;
    a.parallel.seconds = 8;
    a.parallel.peak_kib = 2048;
    a.spin_parallel.ran = true;
    a.spin_parallel.seconds = 6.4;
    std::ostringstream out;
    write_tables(out, {a}, 200, 2);
    const std::string t = out.str();
    CPPUNIT_ASSERT(has_line(t, "### mapcheck on 2 threads"));
    CPPUNIT_ASSERT(has_line(t, header_line(threads_columns(2))));
    CPPUNIT_ASSERT(has_line(t,
                            "| nwriters/nwriters_n3_k2 | 5100 | 9000 | 8.000 | 638 | 2.0 | 2.00 | "
                            "0.80 | 6.400 | 1.25 |  |"));
    // SPIN on two cores stopped at its memory bound: no ratio, and the note says why.
    a.spin_parallel.complete = "memlim";
    std::ostringstream cut;
    write_tables(cut, {a}, 200, 2);
    CPPUNIT_ASSERT(has_line(cut.str(),
                            "| nwriters/nwriters_n3_k2 | 5100 | 9000 | 8.000 | 638 | 2.0 | "
                            "2.00 | 0.80 | 6.400 | n/a | SPIN on 2 cores stopped early "
                            "(memlim) |"));
    std::ostringstream one;
    write_tables(one, {a}, 200, 1);
    CPPUNIT_ASSERT(one.str().find("threads") == std::string::npos);
  }

  /* Runs of 0.5, 0.2 and 0.3 s: the second is kept. A first run of 2 s is not repeated; nor
   * is one that did not run. */
  void testFastestOfRepeatsOnlyQuickRuns() {
    std::vector<double> times = {0.5, 0.2, 0.3, 9.0};
    std::size_t calls = 0;
    auto next = [&] {
      MapcheckFigures f;
      f.ran = true;
      f.states = calls;
      f.seconds = times.at(calls++);
      return f;
    };
    const MapcheckFigures best = fastest_of(3, 1.0, next);
    CPPUNIT_ASSERT_EQUAL(std::size_t{3}, calls);
    CPPUNIT_ASSERT_EQUAL(0.2, best.seconds);
    CPPUNIT_ASSERT_EQUAL(std::uint64_t{1}, best.states);
    times = {2.0, 0.1};
    calls = 0;
    CPPUNIT_ASSERT_EQUAL(2.0, fastest_of(3, 1.0, next).seconds);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, calls);
    calls = 0;
    const SpinFigures none = fastest_of(3, 1.0, [&] {
      ++calls;
      return SpinFigures{};
    });
    CPPUNIT_ASSERT(!none.ran);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, calls);
  }

  // nwriters_n2_k1: two goroutines, one key each; the set is {exit (no output), concurrent writes}.
  void testMeasuresTwoWritersWithRealMapcheck() {
    BenchOptions o;
    o.mapcheck = kBin / "cli" / "mapcheck";
    o.root = kRoot;
    o.time_limit = 600;
    const auto f = measure_mapcheck(o, kRoot / "bench/specs/nwriters/nwriters_n2_k1.go", true);
    CPPUNIT_ASSERT_MESSAGE(f.note, f.ran);
    CPPUNIT_ASSERT(f.complete);
    CPPUNIT_ASSERT_EQUAL(0, f.status);
    CPPUNIT_ASSERT_EQUAL(std::string("go1.23"), f.runtime);
    CPPUNIT_ASSERT(f.states > 2 && f.transitions >= f.states - 1);
    CPPUNIT_ASSERT(f.bytes_stored && *f.bytes_stored > 0);
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, f.outcomes.size());
    CPPUNIT_ASSERT_EQUAL(std::string("exit output \"\""), f.outcomes[0].text);
    CPPUNIT_ASSERT_EQUAL(std::string("fatal \"concurrent map writes\""), rare_outcome(f)->text);
  }

  void testDryRunPrintsTheColumns() {
    mapcheck::differential::ProcessSpec ps;
    ps.argv = {(kBin / "bench/harness/mapcheck_bench").string(),
               "--mapcheck",
               (kBin / "cli/mapcheck").string(),
               "--work",
               (kBin / "tests/bench/work").string(),
               "--quick",
               "--dry-run",
               "--filter",
               "^nwriters/nwriters_n2_k1$"};
    ps.env = mapcheck::differential::environment_with({});
    const auto end = mapcheck::differential::run_process(ps);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(end.stderr_text, 0, end.exit_status.value_or(-1));
    CPPUNIT_ASSERT(has_line(end.stdout_text, header_line(mapcheck_columns())));
    CPPUNIT_ASSERT(has_line(end.stdout_text, header_line(spin_columns())));
    CPPUNIT_ASSERT(has_line(end.stdout_text, header_line(go_columns())));
    CPPUNIT_ASSERT(has_line(end.stdout_text, header_line(threads_columns(2))));
    CPPUNIT_ASSERT(end.stdout_text.find("| nwriters/nwriters_n2_k1 | n/a |") != std::string::npos);
    CPPUNIT_ASSERT(end.stdout_text.find("claims/") == std::string::npos);
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(BenchHarnessTest);
