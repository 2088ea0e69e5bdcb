// Text rendering: golden list and column layouts of the example counterexample, the deciding
// marker, and the pieces a reader relies on (runtime statement under the spec line, choices).
#include <cppunit/extensions/HelperMacros.h>

#include <sstream>
#include <string>

#include "tests/traces/example_trace.h"
#include "tests/traces/golden.h"
#include "traces/text.h"

using mapcheck::traces::TextOptions;
using mapcheck::traces::Trace;
namespace tt = mapcheck::traces::testing;

namespace {
std::string text_of(const Trace& t, const TextOptions& opt = {}) {
  std::ostringstream out;
  mapcheck::traces::write_text(out, t, opt);
  return out.str();
}
TextOptions columns() {
  TextOptions o;
  o.layout = TextOptions::Layout::columns;
  return o;
}
}  // namespace

class TraceTextTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(TraceTextTest);
  CPPUNIT_TEST(testListMatchesGolden);
  CPPUNIT_TEST(testColumnsMatchGolden);
  CPPUNIT_TEST(testSyncTraceListMatchesGolden);
  CPPUNIT_TEST(testWritersColumnsMatchGolden);
  CPPUNIT_TEST(testDecidingStepIsMarked);
  CPPUNIT_TEST(testRuntimeStatementFollowsSpecLine);
  CPPUNIT_TEST(testChoiceIsShown);
  CPPUNIT_TEST(testPreemptionAndSyncAreAnnotated);
  CPPUNIT_TEST(testRuntimeLinesCanBeHidden);
  CPPUNIT_TEST(testColumnsWrapLongTextWithinTheWidth);
  CPPUNIT_TEST(testSameTraceGivesSameText);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testListMatchesGolden() { tt::check_golden("example.txt", text_of(tt::example_trace())); }

  void testColumnsMatchGolden() {
    tt::check_golden("example-columns.txt", text_of(tt::example_trace(), columns()));
  }

  void testSyncTraceListMatchesGolden() { tt::check_golden("sync.txt", text_of(tt::sync_trace())); }

  void testWritersColumnsMatchGolden() {
    tt::check_golden("writers-columns.txt", text_of(tt::writers_trace(), columns()));
  }

  void testDecidingStepIsMarked() {
    const std::string t = text_of(tt::example_trace());
    CPPUNIT_ASSERT(t.find(">> 11 [g1] claim1.go:13: for k := range m {  (preempts g2)\n") !=
                   std::string::npos);
    CPPUNIT_ASSERT(
        t.find("fatal error: concurrent map iteration and map write  (decided at #11)\n") !=
        std::string::npos);
  }

  void testRuntimeStatementFollowsSpecLine() {
    const std::string t = text_of(tt::example_trace());
    CPPUNIT_ASSERT(
        t.find("    9 [g2] claim1.go:11: m[9] = 9\n"
               "           mapassign_fast64: h.flags ^= hashWriting (runtime/map.go)\n") !=
        std::string::npos);
  }

  void testChoiceIsShown() {
    CPPUNIT_ASSERT(text_of(tt::example_trace()).find("choice: startBucket=0 offset=3\n") !=
                   std::string::npos);
  }

  void testPreemptionAndSyncAreAnnotated() {
    const std::string t = text_of(tt::example_trace());
    CPPUNIT_ASSERT(t.find("m[9] = 9  (preempts g1; after #2 go)\n") != std::string::npos);
    CPPUNIT_ASSERT(t.find("go func() {  (starts g2)\n") != std::string::npos);
  }

  void testRuntimeLinesCanBeHidden() {
    TextOptions o;
    o.runtime = false;
    o.snapshots = false;
    const std::string t = text_of(tt::example_trace(), o);
    CPPUNIT_ASSERT(t.find("runtime/map.go") == std::string::npos);
    CPPUNIT_ASSERT(t.find("B=1") == std::string::npos);
  }

  // Every row of the table is as wide as its header row: long text wraps instead of widening
  // a column, and a word longer than the column (`iterator|oldIterator)`) is cut with `…`.
  void testColumnsWrapLongTextWithinTheWidth() {
    TextOptions o = columns();
    o.column_width = 16;
    std::istringstream in(text_of(tt::example_trace(), o));
    std::string line;
    std::size_t header = 0, rows = 0;
    auto points = [](const std::string& s) {
      std::size_t n = 0;
      for (char c : s)
        n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
      return n;
    };
    while (std::getline(in, line)) {
      if (line.find("| g1") != std::string::npos) header = points(line);
      if (header == 0 || line.empty() || line[0] == '-') continue;
      if (line.find('|') == std::string::npos) break;
      ++rows;
      CPPUNIT_ASSERT_MESSAGE(line, points(line) <= header);
    }
    CPPUNIT_ASSERT(rows > 30);
    CPPUNIT_ASSERT(text_of(tt::example_trace(), o).find("|   mapiterinit:   |") !=
                   std::string::npos);
    CPPUNIT_ASSERT(text_of(tt::example_trace(), o).find("iterator|ol…") != std::string::npos);
  }

  void testSameTraceGivesSameText() {
    CPPUNIT_ASSERT_EQUAL(text_of(tt::example_trace(), columns()),
                         text_of(tt::example_trace(), columns()));
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(TraceTextTest);
