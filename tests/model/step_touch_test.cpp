// apply_step's StepTouch: what each kind of step reports it may have written (the successor
// fast path copies every part not reported from the parent's bytes).
#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <string>
#include <vector>

#include "model/interpreter.h"
#include "model/step_touch.h"
#include "tests/model/interp_driver.h"

using namespace mapcheck;
using mapcheck::testing::compile;

class StepTouchTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(StepTouchTest);
  CPPUNIT_TEST(testEachStepReportsWhatItWrote);
  CPPUNIT_TEST(testGoStatementAndReturnChangeTheGoroutineList);
  CPPUNIT_TEST_SUITE_END();

  /** One step's event, touch, and whether it changed any map (the worlds compared). */
  struct Taken {
    model::StepEvent event;
    model::StepTouch touch;
    bool map_changed = false;
  };

  /** Takes the first (or, with `last`, the last) enabled step until the program ends. */
  static std::vector<Taken> run(const model::Program& p, bool last = false) {
    const model::RuntimeConfig cfg;
    model::World w = model::initial_world(p, cfg);
    std::vector<Taken> out;
    std::vector<model::GoStep> en;
    for (model::enabled_steps(w, p, cfg, en); !en.empty(); model::enabled_steps(w, p, cfg, en)) {
      model::StepRecord rec;
      model::StepTouch touch;
      const model::World before = w;
      model::apply_step(w, p, cfg, last ? en.back() : en.front(), &rec, &touch);
      out.push_back({rec.event, touch, !(w.maps == before.maps)});
      model::canonicalize(w);
    }
    return out;
  }

  static bool only(const std::vector<model::GoroutineId>& gs, std::uint32_t g) {
    return !gs.empty() &&
           std::all_of(gs.begin(), gs.end(), [&](model::GoroutineId x) { return x.v == g; });
  }

 public:
  /* main alone: m[1] = 1 (mapassign in phases, then the element store), x = 2, print, exit.
     Map steps touch g1, and map 0 if they write it (a phase that only reads it, such as the
     hashWriting check, does not); the store to x touches globals; print and exit touch
     output; none starts or ends a goroutine or makes an object. */
  void testEachStepReportsWhatItWrote() {
    const model::Program p = compile(R"(package main

import "fmt"

var x int

func main() {
	m := map[int]int{}
	m[1] = 1
	x = 2
	fmt.Println(x)
}
)");
    const auto steps = run(p);
    std::size_t map_steps = 0, map_writes = 0, writes = 0, prints = 0, exits = 0;
    for (const auto& [event, t, map_changed] : steps) {
      CPPUNIT_ASSERT(only(t.goroutines, 1));
      CPPUNIT_ASSERT(!t.structure && !t.made_object);
      switch (event) {
        case model::StepEvent::map_op:
        case model::StepEvent::map_store:
          ++map_steps;
          CPPUNIT_ASSERT(!map_changed || !t.maps.empty());
          map_writes += !t.maps.empty();
          for (model::MapId m : t.maps)
            CPPUNIT_ASSERT_EQUAL(0u, m.v);
          CPPUNIT_ASSERT(t.syncs.empty() && !t.globals_cells && !t.output);
          break;
        case model::StepEvent::write:
          ++writes;
          CPPUNIT_ASSERT(t.globals_cells && t.maps.empty() && !t.output);
          break;
        case model::StepEvent::print:
          ++prints;
          CPPUNIT_ASSERT(t.output && t.maps.empty() && !t.globals_cells);
          break;
        case model::StepEvent::exit:
          ++exits;
          CPPUNIT_ASSERT(t.output && t.maps.empty() && !t.globals_cells);
          break;
        default:
          break;
      }
    }
    CPPUNIT_ASSERT(map_steps >= 3);  // mapassign at phase grain, then `*p = 1`
    CPPUNIT_ASSERT(map_writes >= 2 && map_writes < map_steps);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, writes);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, prints);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, exits);
  }

  /* main: go f() starts g2 (the list changes) | g2: Gosched, then returns in the same step
     (the list changes again) | main: Gosched, Gosched, exit. */
  void testGoStatementAndReturnChangeTheGoroutineList() {
    const model::Program p = compile(R"(package main

import "runtime"

func f() {
	runtime.Gosched()
}

func main() {
	go f()
	runtime.Gosched()
	runtime.Gosched()
}
)");
    const auto steps = run(p, true);  // g2 first once it exists
    std::size_t changes = 0;
    for (const auto& [event, t, map_changed] : steps) {
      CPPUNIT_ASSERT(!map_changed);
      if (t.structure) ++changes;
      if (event == model::StepEvent::go_start) CPPUNIT_ASSERT(t.structure && only(t.goroutines, 1));
      if (event == model::StepEvent::yield && only(t.goroutines, 2)) CPPUNIT_ASSERT(t.structure);
      CPPUNIT_ASSERT(!t.made_object);
    }
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, changes);
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(StepTouchTest);
