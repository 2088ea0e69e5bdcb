// Trace JSON: round trip (equal value, identical bytes), the golden file, and read errors
// that name the step and field.
#include <cppunit/extensions/HelperMacros.h>

#include <string>
#include <variant>

#include "tests/traces/example_trace.h"
#include "tests/traces/golden.h"
#include "traces/trace_json.h"

using mapcheck::traces::read_json;
using mapcheck::traces::Trace;
using mapcheck::traces::TraceOrigin;
using mapcheck::traces::write_json;
namespace tt = mapcheck::traces::testing;

namespace {

/** The error read_json gives for `text`; fails the test if it parses. */
std::string error_of(const std::string& text) {
  auto r = read_json(text);
  if (std::holds_alternative<Trace>(r)) CPPUNIT_FAIL("expected a read error for: " + text);
  return std::get<std::string>(r);
}

/** The example's JSON after `edit` changed its JSON value. */
template <typename Edit>
std::string edited_json(Edit edit) {
  nlohmann::json j = mapcheck::traces::to_json(tt::example_trace());
  edit(j);
  return j.dump(2);
}

/** The example's JSON with `from` replaced by `to` (first occurrence, which must exist). */
std::string edited(const std::string& from, const std::string& to) {
  std::string j = write_json(tt::example_trace());
  const auto at = j.find(from);
  CPPUNIT_ASSERT_MESSAGE("edit target not found: " + from, at != std::string::npos);
  return j.replace(at, from.size(), to);
}

const char* kMinimal = R"({
  "format": "mapcheck-trace", "format_version": 1,
  "spec_path": "a.go", "spec_hash": "0000000000000000",
  "verdict": "outcome", "outcome": {"kind": "exit"},
  "steps": [ {"index": 1, "goroutine": 1, "event": "print"} ]
})";

}  // namespace

class TraceJsonTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(TraceJsonTest);
  CPPUNIT_TEST(testRoundTripGivesEqualTraceAndIdenticalBytes);
  CPPUNIT_TEST(testSyncTraceRoundTrips);
  CPPUNIT_TEST(testRandomOriginRoundTripsAndExhaustiveIsOmitted);
  CPPUNIT_TEST(testFirstOriginRoundTrips);
  CPPUNIT_TEST(testUnknownOriginSearchIsAnError);
  CPPUNIT_TEST(testExampleMatchesGolden);
  CPPUNIT_TEST(testGoldenReadsBackAsTheExample);
  CPPUNIT_TEST(testAbsentOptionalFieldsAreOmitted);
  CPPUNIT_TEST(testOutputEndsWithNewline);
  CPPUNIT_TEST(testMinimalHandWrittenTraceTakesDefaults);
  CPPUNIT_TEST(testMissingGoroutineNamesTheStep);
  CPPUNIT_TEST(testUnsupportedVersionIsNamed);
  CPPUNIT_TEST(testMissingFormatMarkerIsNotATrace);
  CPPUNIT_TEST(testSyntaxErrorGivesLineAndColumn);
  CPPUNIT_TEST(testUnknownFieldIsAnError);
  CPPUNIT_TEST(testWrongTypeNamesFieldAndValue);
  CPPUNIT_TEST(testIndexOutOfOrderIsAnError);
  CPPUNIT_TEST(testSyncFromALaterStepIsAnError);
  CPPUNIT_TEST(testPreemptionCountMustMatchMarkedSteps);
  CPPUNIT_TEST(testUnknownVerdictAndOutcomeKind);
  CPPUNIT_TEST(testCellErrorNamesStepBucketAndCell);
  CPPUNIT_TEST(testTophashOutOfRangeIsAnError);
  CPPUNIT_TEST(testSpecHashIsXxh64InHex);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testRoundTripGivesEqualTraceAndIdenticalBytes() {
    const Trace t = tt::example_trace();
    const std::string first = write_json(t);
    auto r = read_json(first);
    CPPUNIT_ASSERT_MESSAGE(std::holds_alternative<std::string>(r) ? std::get<std::string>(r) : "",
                           std::holds_alternative<Trace>(r));
    CPPUNIT_ASSERT(std::get<Trace>(r) == t);
    CPPUNIT_ASSERT_EQUAL(first, write_json(std::get<Trace>(r)));
  }

  // A random search's path records what reproduces it; the exhaustive search's (the default)
  // writes no field, so traces written before the field existed read back unchanged.
  void testRandomOriginRoundTripsAndExhaustiveIsOmitted() {
    Trace t = tt::example_trace();
    CPPUNIT_ASSERT(write_json(t).find("\"origin\"") == std::string::npos);
    t.origin.search = TraceOrigin::Search::random;
    t.origin.execution = 41;
    t.origin.seed = 7;
    t.origin.schedule = "pct depth 3";
    const std::string text = write_json(t);
    CPPUNIT_ASSERT(text.find("\"origin\": {\n    \"execution\": 41,\n    \"schedule\": \"pct depth "
                             "3\",\n    \"search\": \"random\",\n    \"seed\": 7\n  }") !=
                   std::string::npos);
    auto r = read_json(text);
    CPPUNIT_ASSERT(std::holds_alternative<Trace>(r));
    CPPUNIT_ASSERT(std::get<Trace>(r) == t);
    CPPUNIT_ASSERT_EQUAL(text, write_json(std::get<Trace>(r)));
  }

  // `check --traces first`: the search's own path, marked so that a replay says so.
  void testFirstOriginRoundTrips() {
    Trace t = tt::example_trace();
    t.origin.search = TraceOrigin::Search::first;
    const std::string text = write_json(t);
    CPPUNIT_ASSERT(text.find("\"origin\": {\n    \"search\": \"first\"\n  }") != std::string::npos);
    auto r = read_json(text);
    CPPUNIT_ASSERT(std::holds_alternative<Trace>(r));
    CPPUNIT_ASSERT(std::get<Trace>(r) == t);
    CPPUNIT_ASSERT_EQUAL(text, write_json(std::get<Trace>(r)));
  }

  void testUnknownOriginSearchIsAnError() {
    CPPUNIT_ASSERT_EQUAL(
        std::string("origin: unknown search \"guess\" (expected exhaustive, first or random)"),
        error_of(edited_json([](auto& j) {
          j["origin"] = {{"search", "guess"}};
        })));
    // Version 1 had no origin: such a file is read as before, but not with the new field.
    CPPUNIT_ASSERT_EQUAL(std::string("field \"origin\" needs format_version 2"),
                         error_of(edited_json([](auto& j) {
                           j["format_version"] = 1;
                           j["origin"] = {{"search", "random"}};
                         })));
    CPPUNIT_ASSERT_EQUAL(std::string("origin: unknown field \"depth\""),
                         error_of(edited_json([](auto& j) {
                           j["origin"] = {{"search", "random"}, {"depth", 3}};
                         })));
  }

  void testSyncTraceRoundTrips() {
    const Trace t = tt::sync_trace();
    auto r = read_json(write_json(t));
    CPPUNIT_ASSERT(std::holds_alternative<Trace>(r));
    CPPUNIT_ASSERT(std::get<Trace>(r) == t);
  }

  void testExampleMatchesGolden() {
    tt::check_golden("example.json", write_json(tt::example_trace()));
  }

  void testGoldenReadsBackAsTheExample() {
    auto r = read_json(tt::read_file(tt::golden_path("example.json")));
    CPPUNIT_ASSERT(std::holds_alternative<Trace>(r));
    CPPUNIT_ASSERT(std::get<Trace>(r) == tt::example_trace());
  }

  // Step 3 (mapiterinit) has no spawn, no sync and no snapshot: those keys are absent.
  void testAbsentOptionalFieldsAreOmitted() {
    const auto j = mapcheck::traces::to_json(tt::example_trace());
    const auto& s3 = j["steps"][2];
    CPPUNIT_ASSERT(!s3.contains("spawned"));
    CPPUNIT_ASSERT(!s3.contains("sync_from"));
    CPPUNIT_ASSERT(!s3.contains("map"));
    CPPUNIT_ASSERT_EQUAL(2u, j["steps"][1]["spawned"].get<unsigned>());
    CPPUNIT_ASSERT_EQUAL(2u, j["steps"][7]["sync_from"].get<unsigned>());
  }

  void testOutputEndsWithNewline() {
    const std::string j = write_json(tt::example_trace());
    CPPUNIT_ASSERT_EQUAL('\n', j.back());
    CPPUNIT_ASSERT_EQUAL(std::string("{\n  \"expectation\""), j.substr(0, 17));
  }

  void testMinimalHandWrittenTraceTakesDefaults() {
    auto r = read_json(kMinimal);
    CPPUNIT_ASSERT_MESSAGE(std::holds_alternative<std::string>(r) ? std::get<std::string>(r) : "",
                           std::holds_alternative<Trace>(r));
    const Trace& t = std::get<Trace>(r);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, t.steps.size());
    CPPUNIT_ASSERT_EQUAL(0u, t.steps[0].choice);
    CPPUNIT_ASSERT_EQUAL(std::string(""), t.steps[0].source);
    CPPUNIT_ASSERT(!t.steps[0].map);
    CPPUNIT_ASSERT_EQUAL(0u, t.preemptions);
    CPPUNIT_ASSERT(t.options.empty());
    // kMinimal is a version-1 file: still read, kept at version 1, exhaustive origin.
    CPPUNIT_ASSERT_EQUAL(1, t.format_version);
    CPPUNIT_ASSERT(t.origin == TraceOrigin{});
    CPPUNIT_ASSERT(write_json(t).find("\"format_version\": 1,") != std::string::npos);
  }

  void testMissingGoroutineNamesTheStep() {
    CPPUNIT_ASSERT_EQUAL(std::string("step 4: missing field \"goroutine\""),
                         error_of(edited_json([](auto& j) { j["steps"][3].erase("goroutine"); })));
  }

  void testUnsupportedVersionIsNamed() {
    CPPUNIT_ASSERT_EQUAL(
        std::string("unsupported format_version 7 (this mapcheck reads versions 1 to 2)"),
        error_of(edited("\"format_version\": 2", "\"format_version\": 7")));
  }

  void testMissingFormatMarkerIsNotATrace() {
    CPPUNIT_ASSERT_EQUAL(
        std::string("not a mapcheck trace (field \"format\" must be \"mapcheck-trace\")"),
        error_of("{\"steps\": []}"));
    CPPUNIT_ASSERT_EQUAL(std::string("expected a JSON object, got array"), error_of("[1]"));
  }

  void testSyntaxErrorGivesLineAndColumn() {
    CPPUNIT_ASSERT_EQUAL(std::string("not valid JSON: parse error at line 2, column 4: syntax "
                                     "error while parsing value - unexpected '}'; expected end "
                                     "of input"),
                         error_of("{\n  }}"));
  }

  void testUnknownFieldIsAnError() {
    CPPUNIT_ASSERT_EQUAL(std::string("step 1: unknown field \"goroutin\""),
                         error_of(edited("\"goroutine\": 1", "\"goroutin\": 1")));
  }

  void testWrongTypeNamesFieldAndValue() {
    CPPUNIT_ASSERT_EQUAL(
        std::string("step 1: field \"goroutine\" must be an integer in [0, 4294967295], got -1"),
        error_of(edited("\"goroutine\": 1", "\"goroutine\": -1")));
    CPPUNIT_ASSERT_EQUAL(std::string("step 1: field \"line\" must be an integer in [0, "
                                     "4294967295], got \"9\""),
                         error_of(edited("\"line\": 9", "\"line\": \"9\"")));
    CPPUNIT_ASSERT_EQUAL(std::string("step 1: field \"deciding\" must be true or false, got 0"),
                         error_of(edited("\"deciding\": false", "\"deciding\": 0")));
  }

  void testIndexOutOfOrderIsAnError() {
    CPPUNIT_ASSERT_EQUAL(std::string("step 2: index is 5, expected 2"),
                         error_of(edited("\"index\": 2", "\"index\": 5")));
  }

  void testSyncFromALaterStepIsAnError() {
    CPPUNIT_ASSERT_EQUAL(std::string("step 8: sync_from 9 does not name an earlier step"),
                         error_of(edited("\"sync_from\": 2", "\"sync_from\": 9")));
  }

  void testPreemptionCountMustMatchMarkedSteps() {
    CPPUNIT_ASSERT_EQUAL(std::string("preemptions is 3 but 2 steps are marked \"preemption\""),
                         error_of(edited("\"preemptions\": 2", "\"preemptions\": 3")));
  }

  void testUnknownVerdictAndOutcomeKind() {
    CPPUNIT_ASSERT_EQUAL(
        std::string("unknown verdict \"proof\" (expected counterexample, witness or outcome)"),
        error_of(edited("\"counterexample\"", "\"proof\"")));
    CPPUNIT_ASSERT_EQUAL(
        std::string("outcome: unknown kind \"crash\" (expected exit, fatal, panic or deadlock)"),
        error_of(edited("\"kind\": \"fatal\"", "\"kind\": \"crash\"")));
  }

  // The first cell of step 1's bucket 0 loses its tophash.
  void testCellErrorNamesStepBucketAndCell() {
    CPPUNIT_ASSERT_EQUAL(std::string("step 1: map: bucket 0: cell 0: missing field \"tophash\""),
                         error_of(edited_json([](auto& j) {
                           j["steps"][0]["map"]["buckets"][0]["cells"][0].erase("tophash");
                         })));
  }

  void testTophashOutOfRangeIsAnError() {
    CPPUNIT_ASSERT_EQUAL(
        std::string("step 1: map: bucket 0: cell 0: field \"tophash\" must be an integer in [0, "
                    "255], got 300"),
        error_of(edited("\"tophash\": 156", "\"tophash\": 300")));
  }

  void testSpecHashIsXxh64InHex() {
    // Reference values of XXH64 with seed 0.
    CPPUNIT_ASSERT_EQUAL(std::string("ef46db3751d8e999"), mapcheck::traces::spec_hash(""));
    CPPUNIT_ASSERT_EQUAL(std::size_t{16}, mapcheck::traces::spec_hash("package main\n").size());
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(TraceJsonTest);
