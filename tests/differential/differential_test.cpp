// DifferentialTest: the differential check's pieces without real Go: classification of a
// run's end, reading mapcheck's JSON, the matching rule, process runs, the report, and the
// whole check_spec pipeline driven by a fake mapcheck and a fake `go` (shell scripts).
#include <cppunit/extensions/HelperMacros.h>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/differential/differential_check.h"
#include "tests/differential/go_outcome.h"
#include "tests/differential/mapcheck_prediction.h"
#include "tests/differential/process_run.h"
#include "tests/differential/report.h"
#include "tests/differential/spec_result.h"

namespace fs = std::filesystem;
using namespace mapcheck::differential;

namespace {

RunEnd exited(int status, std::string out, std::string err) {
  RunEnd e;
  e.exit_status = status;
  e.stdout_text = std::move(out);
  e.stderr_text = std::move(err);
  return e;
}

GoOutcome outcome(GoOutcomeKind k, std::string message = "", std::string output = "") {
  return GoOutcome{k, std::move(message), std::move(output)};
}

PredictedOutcome predicted_outcome(std::string kind, std::string message, std::string output,
                                   bool leak = false) {
  PredictedOutcome p;
  p.kind = std::move(kind);
  p.message = std::move(message);
  p.output = std::move(output);
  p.leak = leak;
  p.text = p.kind;
  return p;
}

// A report in the shape `mapcheck check --json` prints (trimmed to the fields read).
const char* kReport = R"({"mapcheck": "0.1.0", "specs": [{
  "spec": "specs/library/runtime/two_writers.go",
  "options": {"grain": "phase", "hash": "mix", "order": "all", "runtime": "go1.23"},
  "search": {"complete": true, "states": 338, "terminal": 67},
  "outcomes": [
    {"kind": "exit", "message": "", "output": "2\n", "leak": false,
     "text": "exit output \"2\\n\"", "terminal_states": 60},
    {"kind": "fatal", "message": "concurrent map writes", "output": "", "leak": false,
     "text": "fatal \"concurrent map writes\"", "terminal_states": 7}],
  "expectations": [], "status": 0}], "status": 0})";

fs::path temp_dir(const std::string& name) {
  const fs::path d = fs::temp_directory_path() / ("mapcheck-differential-test-" + name);
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

void write_script(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << text;
  fs::permissions(p, fs::perms::owner_all);
}

}  // namespace

class DifferentialTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(DifferentialTest);
  CPPUNIT_TEST(testStatusZeroIsExitWithStdout);
  CPPUNIT_TEST(testFatalErrorFirstLineIsFatalMessage);
  CPPUNIT_TEST(testTwoFatalsAtOnceInterleaveTheirPrefixes);
  CPPUNIT_TEST(testAllGoroutinesAsleepIsDeadlock);
  CPPUNIT_TEST(testPanicKeepsFirstLineOnly);
  CPPUNIT_TEST(testRepanicIsNamedByTheLastPanicOfTheChain);
  CPPUNIT_TEST(testMemoryFaultIsFatalFault);
  CPPUNIT_TEST(testFatalLineAfterFirstParagraphDoesNotCount);
  CPPUNIT_TEST(testTimeoutSignalAndOddStatusAreNotGoOutcomes);
  CPPUNIT_TEST(testOutcomeTextMatchesMapcheckReports);
  CPPUNIT_TEST(testParsePredictionReadsOutcomesAndRuntime);
  CPPUNIT_TEST(testParsePredictionRejectsLoadErrorsAndBadJson);
  CPPUNIT_TEST(testLeakedExitCoversRealExitWithSameOutput);
  CPPUNIT_TEST(testMessagesAndOutputsMustMatchExactly);
  CPPUNIT_TEST(testRuntimeNamesMapToToolchainVersions);
  CPPUNIT_TEST(testBuildableSourceDropsBuildIgnoreLine);
  CPPUNIT_TEST(testGoModNamesTheToolchainVersion);
  CPPUNIT_TEST(testUnpredictedAndNeverObserved);
  CPPUNIT_TEST(testMismatchTextNamesOutcomeCountsAndStderr);
  CPPUNIT_TEST(testReportRowListsPredictedObservedAndUnseen);
  CPPUNIT_TEST(testRunProcessCapturesBothStreamsAndStatus);
  CPPUNIT_TEST(testRunProcessPassesExactEnvironment);
  CPPUNIT_TEST(testRunProcessMissingProgramIs127);
  CPPUNIT_TEST(testRunProcessKillsRunPastItsLimit);
  CPPUNIT_TEST(testReportRowOfSkippedSpecGivesTheReason);
  CPPUNIT_TEST(testCheckSpecSkipsWhatMapcheckCannotRun);
  CPPUNIT_TEST(testCheckSpecSkipsProtocolVariants);
  CPPUNIT_TEST(testCheckSpecCountsEveryRunPerConfig);
  CPPUNIT_TEST(testCheckSpecReportsSpecThatDoesNotBuild);
  CPPUNIT_TEST(testCollectSpecsIsSortedAndRecursive);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testStatusZeroIsExitWithStdout() {
    CPPUNIT_ASSERT(classify_run(exited(0, "3\n", "")) == outcome(GoOutcomeKind::exit, "", "3\n"));
  }

  void testFatalErrorFirstLineIsFatalMessage() {
    const auto o = classify_run(
        exited(2, "partial\n",
               "fatal error: concurrent map writes\n\ngoroutine 1 [running]:\nmain.main()\n"));
    CPPUNIT_ASSERT(o == outcome(GoOutcomeKind::fatal, "concurrent map writes"));
  }

  // Seen from go1.23 on waitgroup_fanout_writers (1 run in 4000, GOMAXPROCS=4): two writers
  // threw at once and their prints interleaved.
  void testTwoFatalsAtOnceInterleaveTheirPrefixes() {
    const auto o = classify_run(exited(2, "",
                                       "fatal error: fatal error: concurrent map writes\n"
                                       "concurrent map writes\n\ngoroutine 18 [running]:\n"));
    CPPUNIT_ASSERT(o == outcome(GoOutcomeKind::fatal, "concurrent map writes"));
    // Seen from go1.23.5 on waitgroup_fanout_writers (1 run in 2000, GOMAXPROCS=2): the second
    // print right after the first message, on its line.
    const auto after = classify_run(
        exited(2, "",
               "fatal error: concurrent map writesfatal error: concurrent map writes\n\n"
               "goroutine 7 gp=0xc0000076c0 m=0 mp=0x554920 [running]:\n"));
    CPPUNIT_ASSERT(after == outcome(GoOutcomeKind::fatal, "concurrent map writes"));
    // Both prefixes first, then both messages.
    const auto both = classify_run(
        exited(2, "",
               "fatal error: fatal error: concurrent map read and map writeconcurrent map read "
               "and map write\n\n"));
    CPPUNIT_ASSERT(both == outcome(GoOutcomeKind::fatal, "concurrent map read and map write"));
    // One prefix: the message is the line's rest, whatever it holds.
    const auto one =
        classify_run(exited(2, "", "fatal error: concurrent map writesconcurrent map writes\n"));
    CPPUNIT_ASSERT(one ==
                   outcome(GoOutcomeKind::fatal, "concurrent map writesconcurrent map writes"));
  }

  void testAllGoroutinesAsleepIsDeadlock() {
    const auto o = classify_run(exited(
        2, "",
        "fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 [semacquire]:\n"));
    CPPUNIT_ASSERT(o == outcome(GoOutcomeKind::deadlock));
  }

  void testPanicKeepsFirstLineOnly() {
    const auto o = classify_run(exited(
        2, "", "panic: assignment to entry in nil map\n\ngoroutine 1 [running]:\nmain.main()\n"));
    CPPUNIT_ASSERT(o == outcome(GoOutcomeKind::panic, "assignment to entry in nil map"));
  }

  // panic(a); a deferred func recovers and panics(b), or panics(b) without recovering: Go
  // prints the chain, oldest first; b ended the program.
  void testRepanicIsNamedByTheLastPanicOfTheChain() {
    auto o = classify_run(exited(2, "", "panic: a [recovered]\n\tpanic: b\n\ngoroutine 1"));
    CPPUNIT_ASSERT(o == outcome(GoOutcomeKind::panic, "b"));
    o = classify_run(exited(2, "", "panic: a\n\tpanic: b\n\tpanic: c\n\ngoroutine 1"));
    CPPUNIT_ASSERT(o == outcome(GoOutcomeKind::panic, "c"));
    o = classify_run(exited(2, "", "panic: a\n[signal SIGSEGV]\n\tpanic: b\n"));
    CPPUNIT_ASSERT(o == outcome(GoOutcomeKind::panic, "a"));
  }

  // Seen on range_write_with_growth.go: the iterator reads a bucket array the racing writer
  // is still setting up, and the runtime's signal handler throws "fault".
  void testMemoryFaultIsFatalFault() {
    const auto o = classify_run(exited(2, "",
                                       "unexpected fault address 0xc000400018\n"
                                       "fatal error: fault\n"
                                       "[signal SIGSEGV: segmentation violation code=0x2]\n\n"
                                       "goroutine 1 gp=0xc0000061c0 m=0 mp=0x554920 [running]:\n"));
    CPPUNIT_ASSERT(o == outcome(GoOutcomeKind::fatal, "fault"));
  }

  void testFatalLineAfterFirstParagraphDoesNotCount() {
    const auto o =
        classify_run(exited(2, "", "something odd\n\nfatal error: concurrent map writes\n"));
    CPPUNIT_ASSERT(o.kind == GoOutcomeKind::unclassified);
    CPPUNIT_ASSERT_EQUAL(std::string("exit status 2, stderr \"something odd\""), o.message);
  }

  void testTimeoutSignalAndOddStatusAreNotGoOutcomes() {
    RunEnd t;
    t.timed_out = true;
    CPPUNIT_ASSERT(classify_run(t).kind == GoOutcomeKind::timeout);
    RunEnd s;
    s.signal = 11;
    CPPUNIT_ASSERT_EQUAL(std::string("killed by signal 11, stderr \"\""), classify_run(s).message);
    const auto odd = classify_run(exited(1, "", "fatal error: concurrent map writes\n"));
    CPPUNIT_ASSERT(odd.kind == GoOutcomeKind::unclassified);
    CPPUNIT_ASSERT_EQUAL(
        std::string("exit status 1, stderr \"fatal error: concurrent map writes\""), odd.message);
  }

  void testOutcomeTextMatchesMapcheckReports() {
    CPPUNIT_ASSERT_EQUAL(std::string("exit output \"1 0\\n\""),
                         outcome_text(outcome(GoOutcomeKind::exit, "", "1 0\n")));
    CPPUNIT_ASSERT_EQUAL(std::string("fatal \"concurrent map writes\""),
                         outcome_text(outcome(GoOutcomeKind::fatal, "concurrent map writes")));
    CPPUNIT_ASSERT_EQUAL(std::string("deadlock"), outcome_text(outcome(GoOutcomeKind::deadlock)));
    CPPUNIT_ASSERT_EQUAL(std::string("timeout"), outcome_text(outcome(GoOutcomeKind::timeout)));
  }

  void testParsePredictionReadsOutcomesAndRuntime() {
    const auto parsed = parse_prediction(kReport);
    const auto* p = std::get_if<MapcheckPrediction>(&parsed);
    CPPUNIT_ASSERT(p);
    CPPUNIT_ASSERT_EQUAL(std::string("go1.23"), p->runtime);
    CPPUNIT_ASSERT(p->complete);
    CPPUNIT_ASSERT_EQUAL(std::size_t{338}, p->states);
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, p->outcomes.size());
    CPPUNIT_ASSERT_EQUAL(std::string("2\n"), p->outcomes[0].output);
    CPPUNIT_ASSERT_EQUAL(std::string("concurrent map writes"), p->outcomes[1].message);
    CPPUNIT_ASSERT_EQUAL(std::string("fatal \"concurrent map writes\""), p->outcomes[1].text);
    CPPUNIT_ASSERT_EQUAL(std::size_t{7}, p->outcomes[1].terminal_states);
  }

  void testParsePredictionRejectsLoadErrorsAndBadJson() {
    const auto load = parse_prediction(
        R"({"mapcheck":"0.1.0","specs":[{"spec":"x.go","status":2,"errors":"x.go:1:1: bad\n"}],)"
        R"("status":2})");
    const auto* e = std::get_if<PredictionError>(&load);
    CPPUNIT_ASSERT(e);
    CPPUNIT_ASSERT_EQUAL(std::string("mapcheck could not load the spec: x.go:1:1: bad\n"),
                         e->message);
    CPPUNIT_ASSERT(std::holds_alternative<PredictionError>(parse_prediction("{not json")));
    CPPUNIT_ASSERT(std::holds_alternative<PredictionError>(parse_prediction(R"({"specs":[]})")));
  }

  void testLeakedExitCoversRealExitWithSameOutput() {
    const auto leak = predicted_outcome("exit", "", "9\n", true);
    CPPUNIT_ASSERT(predicts(leak, outcome(GoOutcomeKind::exit, "", "9\n")));
    CPPUNIT_ASSERT(!predicts(leak, outcome(GoOutcomeKind::exit, "", "9")));
    CPPUNIT_ASSERT(
        predicts(predicted_outcome("deadlock", "", ""), outcome(GoOutcomeKind::deadlock)));
  }

  void testMessagesAndOutputsMustMatchExactly() {
    const auto fatal = predicted_outcome("fatal", "concurrent map writes", "");
    CPPUNIT_ASSERT(predicts(fatal, outcome(GoOutcomeKind::fatal, "concurrent map writes")));
    CPPUNIT_ASSERT(!predicts(fatal, outcome(GoOutcomeKind::panic, "concurrent map writes")));
    CPPUNIT_ASSERT(
        !predicts(fatal, outcome(GoOutcomeKind::fatal, "concurrent map read and map write")));
    const std::vector<PredictedOutcome> all{fatal, predicted_outcome("exit", "", "1\n")};
    CPPUNIT_ASSERT(!predicted(all, outcome(GoOutcomeKind::timeout)));
    CPPUNIT_ASSERT(!predicted(all, outcome(GoOutcomeKind::exit, "", "2\n")));
    CPPUNIT_ASSERT(predicted(all, outcome(GoOutcomeKind::exit, "", "1\n")));
  }

  void testRuntimeNamesMapToToolchainVersions() {
    CPPUNIT_ASSERT(go_version_for_runtime("hmap") == std::optional<std::string>("go1.23"));
    CPPUNIT_ASSERT(go_version_for_runtime("go1.22") == std::optional<std::string>("go1.22"));
    CPPUNIT_ASSERT(go_version_for_runtime("swiss") == std::optional<std::string>("go1.24"));
    CPPUNIT_ASSERT(!go_version_for_runtime("go1.23+writer_checks_iterator"));
    CPPUNIT_ASSERT(!go_version_for_runtime("rust"));
  }

  void testBuildableSourceDropsBuildIgnoreLine() {
    CPPUNIT_ASSERT_EQUAL(
        std::string("\n// expect: always exit\npackage main\n"),
        buildable_source("//go:build ignore\n\n// expect: always exit\npackage main\n"));
  }

  void testGoModNamesTheToolchainVersion() {
    CPPUNIT_ASSERT_EQUAL(std::string("module spec\n\ngo 1.22\n"), go_mod_text("go1.22"));
  }

  SpecResult two_writers_result() {
    SpecResult r;
    r.spec = "specs/library/runtime/two_writers.go";
    r.status = SpecStatus::mismatch;
    r.go_version = "go1.23.5";
    r.runs = 10;
    r.prediction = std::get<MapcheckPrediction>(parse_prediction(kReport));
    r.configs = {RunConfig{"P1", {"GOMAXPROCS=1"}}, RunConfig{"P2", {"GOMAXPROCS=2"}}};
    r.observed[outcome(GoOutcomeKind::exit, "", "2\n")] = Tally{{10, 8}, ""};
    r.observed[outcome(GoOutcomeKind::exit, "", "1\n")] = Tally{{0, 2}, "corrupt\n"};
    return r;
  }

  // Predicted {exit "2\n", fatal}; seen {exit "2\n" x18, exit "1\n" x2}.
  void testUnpredictedAndNeverObserved() {
    const SpecResult r = two_writers_result();
    const auto un = unpredicted(r);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, un.size());
    CPPUNIT_ASSERT(un[0] == outcome(GoOutcomeKind::exit, "", "1\n"));
    const auto never = never_observed(r);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, never.size());
    CPPUNIT_ASSERT_EQUAL(std::string("concurrent map writes"), never[0].message);
    CPPUNIT_ASSERT(compare_status(r) == SpecStatus::mismatch);
  }

  void testMismatchTextNamesOutcomeCountsAndStderr() {
    CPPUNIT_ASSERT_EQUAL(
        std::string("MISMATCH specs/library/runtime/two_writers.go (go1.23.5, mapcheck runtime "
                    "go1.23):\n"
                    "  real Go showed exit output \"1\\n\" in 2 of 20 runs (10 per "
                    "configuration: P1 0, P2 2); not predicted\n"
                    "  its stderr (first run):\n"
                    "    corrupt\n"
                    "  mapcheck predicts: {exit output \"2\\n\"} {fatal \"concurrent map "
                    "writes\"}\n"),
        mismatch_text(two_writers_result()));
  }

  void testReportRowListsPredictedObservedAndUnseen() {
    std::ostringstream out;
    write_report_markdown(out, ReportHeader{"mapcheck 0.1.0", 10}, {two_writers_result()});
    const std::string md = out.str();
    const std::string row =
        "| `specs/library/runtime/two_writers.go` | MISMATCH | `exit output \"2\\n\"`<br>`fatal "
        "\"concurrent map writes\"` | **UNPREDICTED** `exit output \"1\\n\"`: 2 (P1 0, P2 "
        "2)<br>`exit output \"2\\n\"`: 18 (P1 10, P2 8) | `fatal \"concurrent map writes\"` |\n";
    CPPUNIT_ASSERT_MESSAGE(md, md.find(row) != std::string::npos);
    CPPUNIT_ASSERT(md.find("- 1 spec(s): 0 agreed, 1 MISMATCH, 0 skipped, 0 error\n") !=
                   std::string::npos);
    CPPUNIT_ASSERT(md.find("## Mismatches (model bugs)") != std::string::npos);
  }

  void testRunProcessCapturesBothStreamsAndStatus() {
    ProcessSpec ps;
    ps.argv = {"/bin/sh", "-c", "printf out; printf err >&2; exit 3"};
    ps.env = environment_with({});
    const RunEnd e = run_process(ps);
    CPPUNIT_ASSERT(e.exit_status == 3);
    CPPUNIT_ASSERT_EQUAL(std::string("out"), e.stdout_text);
    CPPUNIT_ASSERT_EQUAL(std::string("err"), e.stderr_text);
    CPPUNIT_ASSERT(!e.timed_out);
  }

  void testRunProcessPassesExactEnvironment() {
    ProcessSpec ps;
    ps.argv = {"/bin/sh", "-c", "printf '%s/%s' \"$GOMAXPROCS\" \"${GOGC-unset}\""};
    ps.env = environment_with({"GOMAXPROCS=4"}, {"GOGC"});
    CPPUNIT_ASSERT_EQUAL(std::string("4/unset"), run_process(ps).stdout_text);
  }

  void testRunProcessMissingProgramIs127() {
    ProcessSpec ps;
    ps.argv = {"/nonexistent/prog"};
    const RunEnd e = run_process(ps);
    CPPUNIT_ASSERT(e.exit_status == 127);
    CPPUNIT_ASSERT_EQUAL(std::string("cannot run /nonexistent/prog\n"), e.stderr_text);
  }

  // A shell that starts a child sleeping far past the limit: the whole process group is
  // killed, the run is a timeout and has no exit status.
  void testRunProcessKillsRunPastItsLimit() {
    ProcessSpec ps;
    ps.argv = {"/bin/sh", "-c", "echo started; sleep 600 & wait"};
    ps.env = environment_with({});
    ps.timeout = std::chrono::milliseconds(300);
    const RunEnd e = run_process(ps);
    CPPUNIT_ASSERT(e.timed_out);
    CPPUNIT_ASSERT(!e.exit_status);
    CPPUNIT_ASSERT_EQUAL(std::string("started\n"), e.stdout_text);
    CPPUNIT_ASSERT(classify_run(e) == outcome(GoOutcomeKind::timeout));
  }

  void testReportRowOfSkippedSpecGivesTheReason() {
    SpecResult r;
    r.spec = "specs/library/patterns/leaked_worker.go";
    r.status = SpecStatus::skipped;
    r.note = "mapcheck cannot run it yet (exit 2): leaked_worker.go:14:10: channels | later";
    std::ostringstream out;
    write_report_markdown(out, ReportHeader{"mapcheck 0.1.0", 5}, {r});
    const std::string row =
        "| `specs/library/patterns/leaked_worker.go` | skipped | mapcheck cannot run it yet (exit "
        "2): leaked_worker.go:14:10: channels \\| later | | |\n";
    CPPUNIT_ASSERT_MESSAGE(out.str(), out.str().find(row) != std::string::npos);
    CPPUNIT_ASSERT(out.str().find("## Mismatches") == std::string::npos);
  }

  DifferentialOptions fake_options(const fs::path& dir, const std::string& mapcheck_script) {
    DifferentialOptions o;
    o.mapcheck = dir / "mapcheck";
    write_script(o.mapcheck, mapcheck_script);
    o.toolchains = dir / "toolchains";
    o.work_dir = dir / "work";
    o.display_root = dir;
    o.runs = 3;
    o.jobs = 2;
    std::ofstream(dir / "spec.go") << "//go:build ignore\n\npackage main\n\nfunc main() {}\n";
    return o;
  }

  void testCheckSpecSkipsWhatMapcheckCannotRun() {
    const fs::path dir = temp_dir("skip");
    const auto o = fake_options(
        dir, "#!/bin/sh\necho \"$4:3:1: channels are not supported yet\" >&2\nexit 2\n");
    const SpecResult r = check_spec(o, dir / "spec.go");
    CPPUNIT_ASSERT(r.status == SpecStatus::skipped);
    CPPUNIT_ASSERT_EQUAL(std::string("spec.go: skipped: mapcheck cannot run it yet (exit 2): ") +
                             (dir / "spec.go").string() + ":3:1: channels are not supported yet",
                         summary_line(r));
  }

  void testCheckSpecSkipsProtocolVariants() {
    const fs::path dir = temp_dir("variant");
    std::string report = kReport;
    report.replace(report.find("\"go1.23\""), 8, "\"go1.23+iter_check\"");
    std::ofstream(dir / "report.json") << report;
    const auto o =
        fake_options(dir, "#!/bin/sh\ncat " + (dir / "report.json").string() + "\nexit 0\n");
    const SpecResult r = check_spec(o, dir / "spec.go");
    CPPUNIT_ASSERT(r.status == SpecStatus::skipped);
    CPPUNIT_ASSERT_EQUAL(std::string("runtime go1.23+iter_check has no real Go to compare with"),
                         r.note);
  }

  // The fake `go build` writes a program that exits printing "2" under GOMAXPROCS=1 and dies
  // with "fatal error: concurrent map writes" otherwise; the fake mapcheck predicts both
  // outcomes of two_writers: 3 runs per config, all agreed, counts exact per column.
  void testCheckSpecCountsEveryRunPerConfig() {
    const fs::path dir = temp_dir("counts");
    std::ofstream(dir / "report.json") << kReport;
    const auto o =
        fake_options(dir, "#!/bin/sh\ncat " + (dir / "report.json").string() + "\nexit 0\n");
    write_script(o.toolchains / "go-1.23" / "bin" / "go",
                 "#!/bin/sh\n"
                 "case \"$1\" in\n"
                 "  env) echo go1.23.9 ;;\n"
                 "  build) grep -q '^go 1.23$' go.mod || exit 1\n"
                 "    grep -q 'go:build' main.go && exit 1\n"
                 "    printf '#!/bin/sh\\nif [ \"$GOMAXPROCS\" = 1 ]; then echo 2; exit 0; fi\\n"
                 "echo \"fatal error: concurrent map writes\" >&2\\nexit 2\\n' > \"$3\"\n"
                 "    chmod +x \"$3\" ;;\n"
                 "esac\n");
    const SpecResult r = check_spec(o, dir / "spec.go");
    CPPUNIT_ASSERT_EQUAL_MESSAGE(r.note, std::string("agreed"), status_word(r.status));
    CPPUNIT_ASSERT_EQUAL(std::string("go1.23.9"), r.go_version);
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, r.observed.size());
    const auto exit2 = r.observed.at(outcome(GoOutcomeKind::exit, "", "2\n")).counts;
    const auto fatal = r.observed.at(outcome(GoOutcomeKind::fatal, "concurrent map writes")).counts;
    CPPUNIT_ASSERT((exit2 == std::vector<std::size_t>{3, 0, 0, 0}));
    CPPUNIT_ASSERT((fatal == std::vector<std::size_t>{0, 3, 3, 3}));
    CPPUNIT_ASSERT(never_observed(r).empty());
  }

  void testCheckSpecReportsSpecThatDoesNotBuild() {
    const fs::path dir = temp_dir("nobuild");
    std::ofstream(dir / "report.json") << kReport;
    const auto o =
        fake_options(dir, "#!/bin/sh\ncat " + (dir / "report.json").string() + "\nexit 1\n");
    write_script(o.toolchains / "go-1.23" / "bin" / "go",
                 "#!/bin/sh\ncase \"$1\" in\n  env) echo go1.23.9 ;;\n"
                 "  build) echo './main.go:5:1: syntax error' >&2; exit 1 ;;\nesac\n");
    const SpecResult r = check_spec(o, dir / "spec.go");
    CPPUNIT_ASSERT(r.status == SpecStatus::error);
    CPPUNIT_ASSERT_EQUAL(
        std::string("the spec does not build with go1.23.9: ./main.go:5:1: syntax error\n"),
        r.note);
  }

  void testCollectSpecsIsSortedAndRecursive() {
    const fs::path dir = temp_dir("collect");
    fs::create_directories(dir / "b");
    std::ofstream(dir / "b" / "z.go") << "";
    std::ofstream(dir / "a.go") << "";
    std::ofstream(dir / "notes.md") << "";
    const auto specs = collect_specs({dir});
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, specs.size());
    CPPUNIT_ASSERT(specs[0] == dir / "a.go");
    CPPUNIT_ASSERT(specs[1] == dir / "b" / "z.go");
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(DifferentialTest);
