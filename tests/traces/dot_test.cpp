// DOT output: golden files for the example counterexample and the sync witness, parsed back with
// the Graphviz parser (node and edge counts, ids), deciding step in red, byte-identical reruns.
#include <cppunit/extensions/HelperMacros.h>

#include <set>
#include <sstream>
#include <string>

#include "tests/traces/example_trace.h"
#include "tests/traces/golden.h"
#include "tests/traces/parsed_dot.h"
#include "traces/dot.h"

using mapcheck::traces::DotOptions;
using mapcheck::traces::Trace;
namespace tt = mapcheck::traces::testing;

namespace {

std::string dot_of(const Trace& t, const DotOptions& opt = {}) {
  std::ostringstream out;
  mapcheck::traces::write_dot(out, t, opt);
  return out.str();
}

}  // namespace

class TraceDotTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(TraceDotTest);
  CPPUNIT_TEST(testExampleMatchesGolden);
  CPPUNIT_TEST(testSyncTraceMatchesGolden);
  CPPUNIT_TEST(testWritersTraceMatchesGolden);
  CPPUNIT_TEST(testThreeLanesAreOrderedByGoroutine);
  CPPUNIT_TEST(testEmptyTraceIsJustTheOutcome);
  CPPUNIT_TEST(testSpawnedGoroutineWithoutStepsSaysItNeverRan);
  CPPUNIT_TEST(testExampleParsesBackWithEveryNode);
  CPPUNIT_TEST(testExampleEdgesAreProgramInterleavingSyncAndSnapshots);
  CPPUNIT_TEST(testDecidingStepIsRed);
  CPPUNIT_TEST(testSyncEdgesLinkUnlockToLockAndSendToRecv);
  CPPUNIT_TEST(testWithoutSnapshotsThereAreNoTables);
  CPPUNIT_TEST(testSameTraceGivesIdenticalBytes);
  CPPUNIT_TEST(testHtmlSpecialCharactersAreEscaped);
  CPPUNIT_TEST(testTitleSaysWhichRandomExecutionItIs);
  CPPUNIT_TEST(testTitleSaysAFirstPathIsTheSearchsOwn);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testExampleMatchesGolden() { tt::check_golden("example.dot", dot_of(tt::example_trace())); }

  void testSyncTraceMatchesGolden() { tt::check_golden("sync.dot", dot_of(tt::sync_trace())); }

  void testWritersTraceMatchesGolden() {
    tt::check_golden("writers.dot", dot_of(tt::writers_trace()));
  }

  // Headers g1, g2, g3 share the top rank; invisible edges g1->g2->g3 fix their order.
  void testThreeLanesAreOrderedByGoroutine() {
    const std::string dot = dot_of(tt::writers_trace());
    CPPUNIT_ASSERT(dot.find("{rank=same; g1; g2; g3;}") != std::string::npos);
    CPPUNIT_ASSERT(dot.find("g1->g2 [style=invis]") != std::string::npos);
    CPPUNIT_ASSERT(dot.find("g2->g3 [style=invis]") != std::string::npos);
    const tt::ParsedDot p = tt::parse_dot(dot);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, p.edge_list.count({"s3", "s6"}));  // go -> first step
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, p.edge_list.count({"s4", "s8"}));
  }

  // g1: go g2; exit   (g2 never scheduled: its lane is a header alone)
  void testSpawnedGoroutineWithoutStepsSaysItNeverRan() {
    Trace t = tt::example_trace();
    t.steps.resize(2);
    t.preemptions = 0;
    const std::string dot = dot_of(t);
    CPPUNIT_ASSERT(dot.find("g2[label=<<B>g2</B> (never ran)>") != std::string::npos);
    CPPUNIT_ASSERT(dot.find("g1[label=<<B>g1</B> (main)>") != std::string::npos);
  }

  void testEmptyTraceIsJustTheOutcome() {
    const tt::ParsedDot p = tt::parse_dot(dot_of(Trace{}));
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, p.vertices);
    CPPUNIT_ASSERT_EQUAL(std::size_t{0}, p.edges);
  }

  // Lane headers g1 g2, steps s1..s11, snapshots at steps 1 and 10, the outcome.
  void testExampleParsesBackWithEveryNode() {
    const tt::ParsedDot p = tt::parse_dot(dot_of(tt::example_trace()));
    CPPUNIT_ASSERT_EQUAL(std::size_t{2 + 11 + 2 + 1}, p.vertices);
    const std::set<std::string> expected{"g1",  "g2",   "s1",    "s2",     "s3", "s4",
                                         "s5",  "s6",   "s7",    "s8",     "s9", "s10",
                                         "s11", "map1", "map10", "outcome"};
    CPPUNIT_ASSERT(p.ids == expected);
  }

  /*
   * program order: g1->s1..s7->s11 (8 edges), g2->s8->s9->s10 (3)
   * interleaving:  s7->s8 (preempt), s10->s11 (preempt)            (2)
   * sync:          s2->s8 (go)                                      (1)
   * snapshots:     s1->map1, s10->map10                             (2)
   * outcome:       s11->outcome                                     (1)
   * lane order:    g1->g2 (invisible)                               (1)
   */
  void testExampleEdgesAreProgramInterleavingSyncAndSnapshots() {
    const tt::ParsedDot p = tt::parse_dot(dot_of(tt::example_trace()));
    CPPUNIT_ASSERT_EQUAL(std::size_t{18}, p.edges);
    for (auto [a, b] : std::vector<std::pair<std::string, std::string>>{{"g1", "s1"},
                                                                        {"s7", "s11"},
                                                                        {"g2", "s8"},
                                                                        {"s9", "s10"},
                                                                        {"s7", "s8"},
                                                                        {"s10", "s11"},
                                                                        {"s2", "s8"},
                                                                        {"s10", "map10"},
                                                                        {"s11", "outcome"}})
      CPPUNIT_ASSERT_MESSAGE(a + "->" + b, p.edge_list.count({a, b}) == 1);
  }

  void testDecidingStepIsRed() {
    const tt::ParsedDot p = tt::parse_dot(dot_of(tt::example_trace()));
    CPPUNIT_ASSERT_EQUAL(std::string("#c62828"), p.color.at("s11"));
    CPPUNIT_ASSERT(p.color.at("s10") != "#c62828");
  }

  void testSyncEdgesLinkUnlockToLockAndSendToRecv() {
    const std::string dot = dot_of(tt::sync_trace());
    CPPUNIT_ASSERT(dot.find("s4->s5 [color=\"#1f5fbf\"") != std::string::npos);
    CPPUNIT_ASSERT(dot.find("label=\"unlock → lock\"") != std::string::npos);
    CPPUNIT_ASSERT(dot.find("label=\"send → recv\"") != std::string::npos);
    const tt::ParsedDot p = tt::parse_dot(dot);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, p.edge_list.count({"s6", "s7"}));
  }

  void testWithoutSnapshotsThereAreNoTables() {
    DotOptions o;
    o.snapshots = false;
    const tt::ParsedDot p = tt::parse_dot(dot_of(tt::example_trace(), o));
    CPPUNIT_ASSERT_EQUAL(std::size_t{14}, p.vertices);
    CPPUNIT_ASSERT(p.ids.count("map1") == 0);
  }

  void testSameTraceGivesIdenticalBytes() {
    CPPUNIT_ASSERT_EQUAL(dot_of(tt::example_trace()), dot_of(tt::example_trace()));
  }

  // A random search's path says which execution it is, as the text does; an exhaustive
  // search's title is unchanged (the goldens above).
  void testTitleSaysWhichRandomExecutionItIs() {
    Trace t = tt::example_trace();
    CPPUNIT_ASSERT(dot_of(t).find("random execution") == std::string::npos);
    t.origin.search = mapcheck::traces::TraceOrigin::Search::random;
    t.origin.execution = 41;
    t.origin.seed = 7;
    t.origin.schedule = "uniform";
    CPPUNIT_ASSERT(dot_of(t).find(" (random execution #41, seed 7)</FONT>") != std::string::npos);
  }

  void testTitleSaysAFirstPathIsTheSearchsOwn() {
    Trace t = tt::example_trace();
    CPPUNIT_ASSERT(dot_of(t).find("found first") == std::string::npos);
    t.origin.search = mapcheck::traces::TraceOrigin::Search::first;
    CPPUNIT_ASSERT(dot_of(t).find(" (the path the search found first)</FONT>") !=
                   std::string::npos);
  }

  // The sync trace's overflow bucket holds the key "<b>&".
  void testHtmlSpecialCharactersAreEscaped() {
    const std::string dot = dot_of(tt::sync_trace());
    CPPUNIT_ASSERT(dot.find("&quot;&lt;b&gt;&amp;&quot;:2") != std::string::npos);
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(TraceDotTest);
