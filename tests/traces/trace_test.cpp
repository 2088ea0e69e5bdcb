// Trace helpers: invariants the printers rely on, the spec-hash check replay uses, names.
#include <cppunit/extensions/HelperMacros.h>

#include <sstream>
#include <stdexcept>
#include <string>

#include "tests/traces/example_trace.h"
#include "traces/dot.h"
#include "traces/snapshot_text.h"
#include "traces/text.h"
#include "traces/trace.h"

using mapcheck::traces::check_invariants;
using mapcheck::traces::StepIndex;
using mapcheck::traces::Trace;
namespace tt = mapcheck::traces::testing;

class TraceTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(TraceTest);
  CPPUNIT_TEST(testExamplesSatisfyTheInvariants);
  CPPUNIT_TEST(testWrongIndexIsNamed);
  CPPUNIT_TEST(testSyncFromMustPointBackwards);
  CPPUNIT_TEST(testFirstStepCannotBeAPreemption);
  CPPUNIT_TEST(testPreemptionCountMustMatch);
  CPPUNIT_TEST(testPrintersRejectMalformedTraces);
  CPPUNIT_TEST(testSpecHashMatchesTheRecordedSpec);
  CPPUNIT_TEST(testSpecHashMismatchNamesBothHashes);
  CPPUNIT_TEST(testSpecFileNameIsTheLastPathComponent);
  CPPUNIT_TEST(testVerdictNamesRoundTrip);
  CPPUNIT_TEST(testIdsFormatAsTheReportWritesThem);
  CPPUNIT_TEST(testSourceLineIsTrimmed);
  CPPUNIT_TEST(testFlagsTextNamesBitsInOrder);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testExamplesSatisfyTheInvariants() {
    CPPUNIT_ASSERT(!check_invariants(tt::example_trace()));
    CPPUNIT_ASSERT(!check_invariants(tt::sync_trace()));
    CPPUNIT_ASSERT(!check_invariants(tt::writers_trace()));
    CPPUNIT_ASSERT(!check_invariants(Trace{}));
  }

  void testWrongIndexIsNamed() {
    Trace t = tt::example_trace();
    t.steps[4].index = StepIndex{9};
    CPPUNIT_ASSERT_EQUAL(std::string("step 5: index is 9, expected 5"), *check_invariants(t));
  }

  void testSyncFromMustPointBackwards() {
    Trace t = tt::example_trace();
    t.steps[7].sync_from = StepIndex{8};
    CPPUNIT_ASSERT_EQUAL(std::string("step 8: sync_from 8 does not name an earlier step"),
                         *check_invariants(t));
  }

  void testFirstStepCannotBeAPreemption() {
    Trace t = tt::sync_trace();
    t.steps[0].preemption = true;
    t.preemptions = 1;
    CPPUNIT_ASSERT_EQUAL(std::string("step 1: the first step cannot be a preemption"),
                         *check_invariants(t));
  }

  void testPreemptionCountMustMatch() {
    Trace t = tt::writers_trace();
    t.preemptions = 0;
    CPPUNIT_ASSERT_EQUAL(std::string("preemptions is 0 but 1 step is marked \"preemption\""),
                         *check_invariants(t));
  }

  void testPrintersRejectMalformedTraces() {
    Trace t = tt::example_trace();
    t.steps[7].sync_from = StepIndex{40};
    std::ostringstream out;
    CPPUNIT_ASSERT_THROW(mapcheck::traces::write_dot(out, t), std::logic_error);
    CPPUNIT_ASSERT_THROW(mapcheck::traces::write_text(out, t), std::logic_error);
  }

  void testSpecHashMatchesTheRecordedSpec() {
    CPPUNIT_ASSERT(!mapcheck::traces::check_spec_hash(tt::example_trace(), tt::kClaim1Source));
  }

  void testSpecHashMismatchNamesBothHashes() {
    const Trace t = tt::example_trace();
    const auto msg = mapcheck::traces::check_spec_hash(t, "");
    CPPUNIT_ASSERT(msg);
    CPPUNIT_ASSERT_EQUAL(std::string("the trace was recorded for a different version of "
                                     "specs/library/claim1.go (trace: xxh64 ") +
                             t.spec_hash + ", file: xxh64 ef46db3751d8e999)",
                         *msg);
  }

  void testSpecFileNameIsTheLastPathComponent() {
    CPPUNIT_ASSERT_EQUAL(std::string("claim1.go"),
                         mapcheck::traces::spec_file_name(tt::example_trace()));
    CPPUNIT_ASSERT_EQUAL(std::string("sync.go"),
                         mapcheck::traces::spec_file_name(tt::sync_trace()));
  }

  void testVerdictNamesRoundTrip() {
    using mapcheck::traces::Verdict;
    for (Verdict v : {Verdict::counterexample, Verdict::witness, Verdict::outcome})
      CPPUNIT_ASSERT(mapcheck::traces::parse_verdict(mapcheck::traces::verdict_name(v)) == v);
    CPPUNIT_ASSERT(!mapcheck::traces::parse_verdict("Witness"));
  }

  void testIdsFormatAsTheReportWritesThem() {
    using namespace mapcheck::traces;
    CPPUNIT_ASSERT_EQUAL(
        std::string("g2 #7 m0 b3"),
        fmt::format("{} {} {} {}", GoroutineId{2}, StepIndex{7}, MapId{0}, BucketIndex{3}));
  }

  void testSourceLineIsTrimmed() {
    using mapcheck::traces::source_line;
    CPPUNIT_ASSERT_EQUAL(std::string("for k := range m {"), source_line(tt::kClaim1Source, 13));
    CPPUNIT_ASSERT_EQUAL(std::string("//go:build ignore"), source_line(tt::kClaim1Source, 1));
    CPPUNIT_ASSERT_EQUAL(std::string(""), source_line(tt::kClaim1Source, 2));
    CPPUNIT_ASSERT_EQUAL(std::string(""), source_line(tt::kClaim1Source, 99));
    CPPUNIT_ASSERT_EQUAL(std::string(""), source_line(tt::kClaim1Source, 0));
    CPPUNIT_ASSERT_EQUAL(std::string("x"), source_line("a\r\n\tx \r\n", 2));
  }

  void testFlagsTextNamesBitsInOrder() {
    using mapcheck::traces::hmap_flags_text;
    CPPUNIT_ASSERT_EQUAL(std::string(""), hmap_flags_text(0));
    CPPUNIT_ASSERT_EQUAL(std::string("hashWriting"), hmap_flags_text(4));
    CPPUNIT_ASSERT_EQUAL(std::string("iterator|oldIterator|hashWriting"), hmap_flags_text(7));
    CPPUNIT_ASSERT_EQUAL(std::string("sameSizeGrow|0x80"), hmap_flags_text(0x88));
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(TraceTest);
