// World: canonical encoding (creation order does not matter, dead objects are dropped),
// decode round trips, and what the interpreter reports per step (footprints, records).
#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <set>
#include <vector>

#include "model/map_call.h"
#include "tests/model/interp_driver.h"

using namespace mapcheck;
using namespace mapcheck::model;
using mapcheck::testing::compile;
using mapcheck::testing::config;

namespace {

std::vector<std::byte> bytes_of(const World& w) {
  std::vector<std::byte> out;
  Encoder e(out);
  encode_world(w, e);
  return out;
}

HMap map_with(std::int64_t key, std::int64_t elem) {
  RuntimeConfig cfg;
  HMap h = make_map(ValueKind::int_, ValueKind::int_, 0, cfg);
  MapStepResult r = run_map_op(h, nullptr, MapOp::assign, Value::of_int(key), 0, cfg);
  map_store(h, *r.slot, Value::of_int(elem), nullptr);
  return h;
}

/** A world with two globals: G0 = map{1:10}, G1 = a func value capturing a cell that holds
 *  map{2:20}; goroutine g1 in function 0 with r0 = the cell. `reverse` creates the objects
 *  in the opposite order; `garbage` adds an unreachable map and cell. */
World sample(bool reverse, bool garbage) {
  World w;
  MapId a, b;
  if (garbage) w.new_map(map_with(9, 9));
  if (!reverse) {
    a = w.new_map(map_with(1, 10));
    b = w.new_map(map_with(2, 20));
  } else {
    b = w.new_map(map_with(2, 20));
    a = w.new_map(map_with(1, 10));
  }
  if (garbage) w.new_cell(GoValue::of_int(7));
  const CellId c = w.new_cell(MapRef{b});
  w.globals = {MapRef{a}, FuncRef{FuncId{0}, {c}}};
  Goroutine g;
  g.id = GoroutineId{1};
  Frame f;
  f.fn = FuncId{0};
  f.regs = {CellRef{c}, GoValue::of_string("x")};
  g.frames.push_back(f);
  w.goroutines.push_back(g);
  return w;
}

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

}  // namespace

class WorldTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(WorldTest);
  CPPUNIT_TEST(testCreationOrderDoesNotChangeEncoding);
  CPPUNIT_TEST(testUnreachableObjectsAreDropped);
  CPPUNIT_TEST(testDecodeRoundTripsCanonicalWorld);
  CPPUNIT_TEST(testCanonicalizeRenumbersByFirstReach);
  CPPUNIT_TEST(testFootprintsNameSharedObjects);
  CPPUNIT_TEST(testStepRecordNamesSourceLineAndRuntimeLabel);
  CPPUNIT_TEST(testIterinitOffersOneChoicePerStartBucketAndOffset);
  CPPUNIT_TEST(testIterinitChoiceNamesStartBucketAndOffset);
  CPPUNIT_TEST(testSuccessorEncodingEqualsFullEncoding);
  CPPUNIT_TEST_SUITE_END();

 public:
  // Over every state of two_writers (phase grain): the successor loop's path (restore the
  // reused world from the parent's changed parts, step, copy the parent's equal parts) gives
  // the same bytes as copying the parent and encoding the successor in full, and restoring
  // gives back the parent, and decoding over the previous state equals a fresh decode. Both
  // kinds of successor occur: parts copied (aligned) and not (a
  // go statement adds a goroutine).
  void testSuccessorEncodingEqualsFullEncoding() {
    const Program p = compile(two_writers);
    const RuntimeConfig cfg = config(Grain::phase);
    std::set<std::vector<std::byte>> seen{bytes_of(initial_world(p, cfg))};
    std::vector<std::vector<std::byte>> todo(seen.begin(), seen.end());
    World parent, next;
    PartChanges changes;
    std::vector<std::size_t> ends;
    std::vector<GoStep> steps;
    std::size_t aligned = 0, unaligned = 0, parts_kept = 0;
    // Decoding each state over the one decoded before keeps equal parts and reads the others.
    World over;
    std::vector<std::byte> prev;
    std::vector<std::size_t> prev_ends, over_ends;
    std::vector<std::uint32_t> prev_frames, over_frames;
    PartChanges read;
    while (!todo.empty()) {
      const std::vector<std::byte> s = std::move(todo.back());
      todo.pop_back();
      Decoder d(s);
      decode_world_parts(d, p, parent, ends);
      Decoder d2(s);
      decode_world_parts_over(d2, over, prev, prev_ends, prev_frames, over_ends, over_frames, read);
      CPPUNIT_ASSERT(over == parent);
      CPPUNIT_ASSERT(over_ends == ends);
      // Where each goroutine's frames start, kept over reused parts as read anew.
      const std::size_t first_g = 1 + parent.maps.size() + parent.syncs.size();
      for (std::size_t g = 0; !parent.term && g < parent.goroutines.size(); ++g) {
        const std::size_t p = first_g + g, from = ends[p - 1];
        CPPUNIT_ASSERT_EQUAL(goroutine_frames_at(std::span(s).subspan(from, ends[p] - from), g,
                                                 parent.maps.size(), parent.syncs.size()),
                             over_frames[p]);
      }
      if (read.aligned) parts_kept += std::count(read.changed.begin(), read.changed.end(), false);
      prev = s;
      prev_ends = over_ends;
      prev_frames = over_frames;
      enabled_steps(parent, p, cfg, steps);
      changes.aligned = false;  // `next` holds a successor of another state
      for (const GoStep& st : steps) {
        restore_world(next, parent, changes);
        CPPUNIT_ASSERT(next == parent);
        apply_step(next, p, cfg, st, nullptr);
        World full = parent;
        apply_step(full, p, cfg, st, nullptr);
        std::vector<std::byte> expected, got;
        {
          Encoder e(expected);
          encode_world_in_place(full, e);
        }
        {
          Encoder e(got);
          encode_successor_in_place(next, parent, s, ends, e, changes);
        }
        CPPUNIT_ASSERT(got == expected);
        ++(changes.aligned ? aligned : unaligned);
        if (seen.insert(got).second) todo.push_back(got);
      }
    }
    CPPUNIT_ASSERT(seen.size() > 20);
    CPPUNIT_ASSERT(aligned > 0);
    CPPUNIT_ASSERT(unaligned > 0);
    CPPUNIT_ASSERT(parts_kept > 0);
  }

  void testCreationOrderDoesNotChangeEncoding() {
    CPPUNIT_ASSERT(sample(false, false) != sample(true, false));
    CPPUNIT_ASSERT(bytes_of(sample(false, false)) == bytes_of(sample(true, false)));
  }

  void testUnreachableObjectsAreDropped() {
    CPPUNIT_ASSERT(bytes_of(sample(false, false)) == bytes_of(sample(false, true)));
    World w = sample(true, true);
    canonicalize(w);
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, w.maps.size());
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, w.cells.size());
  }

  void testDecodeRoundTripsCanonicalWorld() {
    World w = sample(true, true);
    const auto bytes = bytes_of(w);
    Decoder d(bytes);
    Program p;
    World back = decode_world(d, p);
    canonicalize(w);
    CPPUNIT_ASSERT(back == w);
    CPPUNIT_ASSERT(bytes_of(back) == bytes);
  }

  void testCanonicalizeRenumbersByFirstReach() {
    // Globals come first: G0's map is m0, the cell (via G1's closure) is c0, its map m1.
    World w = sample(true, true);
    canonicalize(w);
    CPPUNIT_ASSERT(w.globals[0] == GoValue(MapRef{MapId{0}}));
    CPPUNIT_ASSERT(w.globals[1] == GoValue(FuncRef{FuncId{0}, {CellId{0}}}));
    CPPUNIT_ASSERT(*w.cells[0] == GoValue(MapRef{MapId{1}}));
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, map_entries(*w.maps[0]).size());
    CPPUNIT_ASSERT(map_entries(*w.maps[0])[0].first == Value::of_int(1));
  }

  void testFootprintsNameSharedObjects() {
    // main runs both go statements; g2 and g3 each read the captured m (a cell) and then
    // stand at m[k] = v: accesses of the same map object. main stands at `n = 1`: a write of
    // global n (object 1); then at Println(n): a read of n, then stdout (visible).
    const Program p = compile(two_writers);
    const RuntimeConfig cfg = config(Grain::phase);
    World w = initial_world(p, cfg);
    const GoStep g1{GoroutineId{1}, 0}, g2{GoroutineId{2}, 0}, g3{GoroutineId{3}, 0};
    std::vector<ObjectAccess> acc, acc2, acc3;
    bool visible = true;
    apply_step(w, p, cfg, g1, nullptr);
    apply_step(w, p, cfg, g1, nullptr);
    canonicalize(w);
    step_footprint(w, p, cfg, g2, acc2, visible);
    CPPUNIT_ASSERT(!visible);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, acc2.size());
    CPPUNIT_ASSERT(!acc2[0].write);  // load of the cell holding m
    apply_step(w, p, cfg, g2, nullptr);
    apply_step(w, p, cfg, g3, nullptr);
    canonicalize(w);
    std::vector<GoStep> steps;
    enabled_steps(w, p, cfg, steps);
    CPPUNIT_ASSERT((steps == std::vector<GoStep>{g1, g2, g3}));
    step_footprint(w, p, cfg, g1, acc, visible);
    CPPUNIT_ASSERT(!visible);
    CPPUNIT_ASSERT((acc == std::vector<ObjectAccess>{{1, true}}));
    step_footprint(w, p, cfg, g2, acc2, visible);
    step_footprint(w, p, cfg, g3, acc3, visible);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, acc2.size());
    CPPUNIT_ASSERT((acc2 == acc3));       // mapassign's first step: both touch the one map
    CPPUNIT_ASSERT(acc2[0].object >= 2);  // past stdout and the one global
    apply_step(w, p, cfg, g1, nullptr);
    step_footprint(w, p, cfg, g1, acc, visible);
    CPPUNIT_ASSERT((acc == std::vector<ObjectAccess>{{1, false}}));  // load of n
    apply_step(w, p, cfg, g1, nullptr);
    step_footprint(w, p, cfg, g1, acc, visible);
    CPPUNIT_ASSERT(visible);
    CPPUNIT_ASSERT((acc == std::vector<ObjectAccess>{{0, true}}));
  }

  void testStepRecordNamesSourceLineAndRuntimeLabel() {
    const Program p = compile(two_writers);
    const RuntimeConfig cfg = config(Grain::phase);
    World w = initial_world(p, cfg);
    StepRecord rec;
    apply_step(w, p, cfg, GoStep{GoroutineId{1}, 0}, &rec);
    CPPUNIT_ASSERT_EQUAL(std::uint32_t{6}, rec.loc.line);
    CPPUNIT_ASSERT_EQUAL(std::string("go func() { m[1] = 1 }()"), rec.source);
    CPPUNIT_ASSERT(rec.event == StepEvent::go_start);
    apply_step(w, p, cfg, GoStep{GoroutineId{2}, 0}, &rec);
    CPPUNIT_ASSERT(rec.event == StepEvent::read);  // the captured m
    apply_step(w, p, cfg, GoStep{GoroutineId{2}, 0}, &rec);
    CPPUNIT_ASSERT(rec.event == StepEvent::map_op);
    CPPUNIT_ASSERT_EQUAL(std::string("go func() { m[1] = 1 }()"), rec.source);
    CPPUNIT_ASSERT_EQUAL(std::string("mapassign_fast64"), std::string(rec.label.function));
    CPPUNIT_ASSERT(!rec.deciding);
  }

  /** mapiterinit's count check and snapshot (it.B = h.B) are one step with no choice; r is
   *  drawn in the next step, after h.B is read again (a racing grow fits between them). */
  static void take_iterinit_snapshot(World& w, const Program& p, const RuntimeConfig& cfg) {
    std::vector<GoStep> steps;
    enabled_steps(w, p, cfg, steps);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, steps.size());
    apply_step(w, p, cfg, steps[0], nullptr);
  }

  void testIterinitOffersOneChoicePerStartBucketAndOffset() {
    // B = 0: one bucket, 8 offsets.
    const Program p = compile(R"(package main
func main() {
	m := map[int]int{1: 1}
	for range m {
	}
}
)");
    const RuntimeConfig cfg = config(Grain::phase);
    World w = initial_world(p, cfg);
    std::vector<GoStep> steps;
    take_iterinit_snapshot(w, p, cfg);
    enabled_steps(w, p, cfg, steps);
    CPPUNIT_ASSERT_EQUAL(std::size_t{8}, steps.size());
    CPPUNIT_ASSERT(steps[7] == (GoStep{GoroutineId{1}, 7}));
    StepRecord rec;
    apply_step(w, p, cfg, steps[5], &rec);
    CPPUNIT_ASSERT_EQUAL(std::string("startBucket=0 offset=5"), rec.choice_text);
  }

  void testIterinitChoiceNamesStartBucketAndOffset() {
    // 9 entries need B = 1: 2 buckets x 8 offsets; r = 11 is bucket 1, offset 5.
    const Program p = compile(R"(package main
func main() {
	m := map[int]int{1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 6: 6, 7: 7, 8: 8, 9: 9}
	for range m {
	}
}
)");
    const RuntimeConfig cfg = config(Grain::phase);
    World w = initial_world(p, cfg);
    std::vector<GoStep> steps;
    take_iterinit_snapshot(w, p, cfg);
    enabled_steps(w, p, cfg, steps);
    CPPUNIT_ASSERT_EQUAL(std::size_t{16}, steps.size());
    StepRecord rec;
    apply_step(w, p, cfg, steps[11], &rec);
    CPPUNIT_ASSERT_EQUAL(std::string("startBucket=1 offset=5"), rec.choice_text);
    CPPUNIT_ASSERT_EQUAL(std::string("mapiterinit"), std::string(rec.label.function));
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(WorldTest);
