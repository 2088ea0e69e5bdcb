// FutureAccess (what a goroutine may still touch) and the canonical form of ended worlds.
#include <cppunit/extensions/HelperMacros.h>

#include "model/future_access.h"
#include "tests/model/interp_driver.h"

using namespace mapcheck::model;
using mapcheck::testing::compile;
using mapcheck::testing::config;

namespace {

// Objects: 0 stdout, 1 global n, 2 the cell holding m (captured), 3 the map.
const char* two_writers = R"(package main
import "fmt"
var n int
func main() {
	m := map[int]int{}
	go func() { m[1] = 1 }()
	go func() { m[2] = 2 }()
	n = 1
	fmt.Println(n)
}
)";

// Objects: 0 stdout, 1 global n, 2 the cell holding m, 3 the map.
const char* finisher = R"(package main
var n int
func main() {
	m := map[int]int{}
	go func() {
		m[1] = 1
		n = 2
	}()
	n = 1
}
)";

std::vector<std::byte> bytes_of(const World& w) {
  std::vector<std::byte> out;
  Encoder e(out);
  encode_world(w, e);
  return out;
}

}  // namespace

class FutureAccessTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(FutureAccessTest);
  CPPUNIT_TEST(testFuturesFollowTheRemainingCode);
  CPPUNIT_TEST(testFutureOfAFinishedWriterHasNoMap);
  CPPUNIT_TEST(testEndedWorldsWithTheSameEndingAreOneState);
  CPPUNIT_TEST_SUITE_END();

  /** The world once main ran both go statements and g2, g3 loaded m: every one of them stands
   *  at its next shared action (main: n = 1; g2, g3: m[k] = v). */
  static World started(const Program& p) {
    const RuntimeConfig cfg = config(Grain::phase);
    World w = initial_world(p, cfg);
    apply_step(w, p, cfg, {GoroutineId{1}, 0}, nullptr);
    apply_step(w, p, cfg, {GoroutineId{1}, 0}, nullptr);
    apply_step(w, p, cfg, {GoroutineId{2}, 0}, nullptr);
    apply_step(w, p, cfg, {GoroutineId{3}, 0}, nullptr);
    canonicalize(w);
    return w;
  }

 public:
  /* main: n = 1; Println(n) | g2: m[1] = 1 | g3: m[2] = 2
   * main may still write n and print (a print may format a map it reaches: m, read); it never
   * touches the cell of m again. Each writer may still write the map, and nothing else. */
  void testFuturesFollowTheRemainingCode() {
    const Program p = compile(two_writers);
    const FutureAccess fa(p);
    const World w = started(p);
    std::vector<ObjectAccess> f;
    fa.of(w, GoroutineId{1}, f);
    CPPUNIT_ASSERT((f == std::vector<ObjectAccess>{{0, true}, {1, true}, {3, false}}));
    fa.of(w, GoroutineId{2}, f);
    CPPUNIT_ASSERT((f == std::vector<ObjectAccess>{{0, true}, {3, true}}));
    fa.of(w, GoroutineId{3}, f);
    CPPUNIT_ASSERT((f == std::vector<ObjectAccess>{{0, true}, {3, true}}));
  }

  /* g2: m[1] = 1; n = 2 | main: n = 1
   * At op grain g2 loads m, then assigns m[1] (mapassign and the element store): until then
   * its future writes the map; after it only n is left (and stdout), although its frame still
   * holds the cell of m. */
  void testFutureOfAFinishedWriterHasNoMap() {
    const Program p = compile(finisher);
    const RuntimeConfig cfg = config(Grain::op);
    const FutureAccess fa(p);
    World w = initial_world(p, cfg);
    apply_step(w, p, cfg, {GoroutineId{1}, 0}, nullptr);  // go
    apply_step(w, p, cfg, {GoroutineId{2}, 0}, nullptr);  // load m
    canonicalize(w);
    std::vector<ObjectAccess> f;
    fa.of(w, GoroutineId{2}, f);
    CPPUNIT_ASSERT((f == std::vector<ObjectAccess>{{0, true}, {1, true}, {3, true}}));
    apply_step(w, p, cfg, {GoroutineId{2}, 0}, nullptr);  // m[1] = 1
    canonicalize(w);
    fa.of(w, GoroutineId{2}, f);
    CPPUNIT_ASSERT((f == std::vector<ObjectAccess>{{0, true}, {1, true}}));
  }

  /* Two different worlds that both ended with fatal "concurrent map writes" (and the same
   * output) encode to the same bytes; another output or message keeps them apart. */
  void testEndedWorldsWithTheSameEndingAreOneState() {
    const Program p = compile(two_writers);
    World a = initial_world(p, config(Grain::phase));
    World b = started(p);
    CPPUNIT_ASSERT(bytes_of(a) != bytes_of(b));
    const Termination fatal{TerminationKind::fatal, "concurrent map writes", "", false};
    a.term = fatal;
    b.term = fatal;
    CPPUNIT_ASSERT(bytes_of(a) == bytes_of(b));
    const std::vector<std::byte> ended = bytes_of(a);
    Decoder d(ended);
    const World back = decode_world(d, p);
    CPPUNIT_ASSERT(termination(back) == fatal);
    b.output = "1\n";
    CPPUNIT_ASSERT(bytes_of(a) != bytes_of(b));
    b.output.clear();
    b.term->message = "concurrent map read and map write";
    CPPUNIT_ASSERT(bytes_of(a) != bytes_of(b));
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(FutureAccessTest);
