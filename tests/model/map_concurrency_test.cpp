// MapConcurrencyTest: two map calls driven by hand in chosen interleavings, asserting the
// runtime's exact fatal messages at phase grain and that op grain makes the same
// interleavings impossible (each operation is one step).
#include <cppunit/extensions/HelperMacros.h>

#include "model/hmap.h"
#include "model/map_call.h"
#include "tests/model/hmap_test_util.h"

using namespace mapcheck::model;
using namespace mapcheck::model::testutil;

namespace {

HMap int_map(int n, const RuntimeConfig& cfg) {
  HMap h = make_map(ValueKind::int_, ValueKind::int_, 0, cfg);
  for (int i = 1; i <= n; ++i)
    put(h, I(i), I(i), cfg);
  return h;
}

/** Runs `call` to completion; returns the final result. */
MapStepResult finish(HMap& h, HIter* it, MapCall& call, const RuntimeConfig& cfg) {
  for (;;) {
    const MapStepResult r = map_step(h, it, call, 0, cfg, nullptr);
    if (r.status != MapStatus::running) return r;
  }
}

}  // namespace

class MapConcurrencyTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(MapConcurrencyTest);
  CPPUNIT_TEST(testIteratorStepAfterWriterToggleIsFatal);
  CPPUNIT_TEST(testSecondWriterEntryCheckIsFatal);
  CPPUNIT_TEST(testTwoTogglesCancelAndTheExitCheckFires);
  CPPUNIT_TEST(testReadDuringWriteIsFatal);
  CPPUNIT_TEST(testReadOfEmptyMapDuringWriteIsBenign);
  CPPUNIT_TEST(testHashGrowPlainStoreLosesIteratorBits);
  CPPUNIT_TEST(testStoreAfterConcurrentGrowIsLost);
  CPPUNIT_TEST(testOpGrainRunsEachOperationInOneStep);
  CPPUNIT_TEST(testPhaseStepsReportReadsAndWrites);
  CPPUNIT_TEST(testAccessGrainSplitTogglesLetTwoWritersCorruptTheMap);
  CPPUNIT_TEST(testGrowBetweenSnapshotAndStartBucketFaultsOrPanics);
  CPPUNIT_TEST(testGrowWorkAfterARacerFinishedTheGrowPanicsOnNil);
  CPPUNIT_TEST_SUITE_END();

 public:
  /* g2: for k := range m (first entry produced) | g1: m[4] = 4 (check; h.flags ^= hashWriting)
   * | g2: mapiternext -> fatal "concurrent map iteration and map write".
   * At op grain g1's assign is one step, so g2's next mapiternext finds the flag clear. */
  void testIteratorStepAfterWriterToggleIsFatal() {
    for (Grain g : {Grain::phase, Grain::op}) {
      const auto cfg = config(g);
      HMap h = int_map(3, cfg);
      HIter it;
      MapCall g2 = begin_map_call(MapOp::iterinit);
      CPPUNIT_ASSERT(finish(h, &it, g2, cfg).found);
      MapCall g1 = begin_map_call(MapOp::assign, I(4));
      StepLabel label;
      step(h, nullptr, g1, cfg);  // phase: the entry check; op: the whole assign
      if (g == Grain::phase) {
        step(h, nullptr, g1, cfg, 0, &label);  // h.flags ^= hashWriting
        CPPUNIT_ASSERT_EQUAL(std::string_view("mapassign_fast64"), label.function);
        CPPUNIT_ASSERT_EQUAL(std::string_view("h.flags ^= hashWriting"), label.statement);
        CPPUNIT_ASSERT_EQUAL(std::string_view("runtime/map_fast64.go"), label.file);
        CPPUNIT_ASSERT_EQUAL(107, label.go_line);
        CPPUNIT_ASSERT((h.flags & hflag::hash_writing) != 0);
      }
      MapCall next = begin_map_call(MapOp::iternext);
      const MapStepResult r = step(h, &it, next, cfg, 0, &label);
      CPPUNIT_ASSERT_EQUAL(std::string_view("mapiternext"), label.function);
      CPPUNIT_ASSERT_EQUAL(868, label.go_line);
      if (g == Grain::phase) {
        CPPUNIT_ASSERT(r.status == MapStatus::fatal);
        CPPUNIT_ASSERT_EQUAL(std::string_view("concurrent map iteration and map write"),
                             r.fatal_message);
      } else {
        CPPUNIT_ASSERT(r.status == MapStatus::done);
      }
    }
  }

  /* g1: m[4] = 4 (check; toggle) | g2: m[5] = 5 entry check -> fatal "concurrent map writes" */
  void testSecondWriterEntryCheckIsFatal() {
    const auto cfg = config(Grain::phase);
    HMap h = int_map(3, cfg);
    MapCall g1 = begin_map_call(MapOp::assign, I(4));
    step(h, nullptr, g1, cfg);
    step(h, nullptr, g1, cfg);
    MapCall g2 = begin_map_call(MapOp::del, I(1));
    CPPUNIT_ASSERT(step(h, nullptr, g2, cfg).status == MapStatus::running);  // count check
    const MapStepResult r = step(h, nullptr, g2, cfg);
    CPPUNIT_ASSERT(r.status == MapStatus::fatal);
    CPPUNIT_ASSERT_EQUAL(std::string_view("concurrent map writes"), r.fatal_message);
  }

  /* g1: check | g2: check | g1: h.flags ^= hashWriting (set) | g2: h.flags ^= hashWriting
   * (cleared again) | g1 runs on: at done, h.flags&hashWriting == 0 -> fatal "concurrent map
   * writes". At op grain the two assigns simply run one after the other. */
  void testTwoTogglesCancelAndTheExitCheckFires() {
    {
      const auto cfg = config(Grain::phase);
      HMap h = int_map(3, cfg);
      MapCall g1 = begin_map_call(MapOp::assign, I(4));
      MapCall g2 = begin_map_call(MapOp::assign, I(5));
      step(h, nullptr, g1, cfg);
      step(h, nullptr, g2, cfg);
      step(h, nullptr, g1, cfg);
      step(h, nullptr, g2, cfg);
      CPPUNIT_ASSERT_EQUAL(0, h.flags & hflag::hash_writing);
      const MapStepResult r = finish(h, nullptr, g1, cfg);
      CPPUNIT_ASSERT(r.status == MapStatus::fatal);
      CPPUNIT_ASSERT_EQUAL(std::string_view("concurrent map writes"), r.fatal_message);
      CPPUNIT_ASSERT(g2.pc != MapPc::finished);
    }
    {
      const auto cfg = config(Grain::op);
      HMap h = int_map(3, cfg);
      MapCall g1 = begin_map_call(MapOp::assign, I(4));
      MapCall g2 = begin_map_call(MapOp::assign, I(5));
      CPPUNIT_ASSERT(step(h, nullptr, g1, cfg).status == MapStatus::done);
      CPPUNIT_ASSERT(step(h, nullptr, g2, cfg).status == MapStatus::done);
      CPPUNIT_ASSERT_EQUAL(std::int64_t{5}, map_len(h));
    }
  }

  /* g1: m["c"] = 1 (check; toggle) | g2: v, ok := m["a"] (count; check) -> fatal
   * "concurrent map read and map write", labelled mapaccess2_faststr. */
  void testReadDuringWriteIsFatal() {
    const auto cfg = config(Grain::phase);
    HMap h = make_map(ValueKind::string_, ValueKind::int_, 0, cfg);
    put(h, S("a"), I(1), cfg);
    MapCall g1 = begin_map_call(MapOp::assign, S("c"));
    step(h, nullptr, g1, cfg);
    step(h, nullptr, g1, cfg);
    MapCall g2 = begin_map_call(MapOp::access2, S("a"));
    CPPUNIT_ASSERT(step(h, nullptr, g2, cfg).status == MapStatus::running);
    StepLabel label;
    const MapStepResult r = step(h, nullptr, g2, cfg, 0, &label);
    CPPUNIT_ASSERT(r.status == MapStatus::fatal);
    CPPUNIT_ASSERT_EQUAL(std::string_view("concurrent map read and map write"), r.fatal_message);
    CPPUNIT_ASSERT_EQUAL(std::string_view("mapaccess2_faststr"), label.function);
    CPPUNIT_ASSERT_EQUAL(std::string_view("runtime/map_faststr.go"), label.file);
    CPPUNIT_ASSERT_EQUAL(116, label.go_line);
  }

  /* empty map | g1: m[1] = 1 (check; toggle; count still 0) | g2: m[1] reads h.count == 0 and
   * returns the zero value without looking at h.flags: no fatal. */
  void testReadOfEmptyMapDuringWriteIsBenign() {
    const auto cfg = config(Grain::phase);
    HMap h = make_map(ValueKind::int_, ValueKind::int_, 0, cfg);
    MapCall g1 = begin_map_call(MapOp::assign, I(1));
    step(h, nullptr, g1, cfg);
    step(h, nullptr, g1, cfg);
    MapCall g2 = begin_map_call(MapOp::access1, I(1));
    const MapStepResult r = step(h, nullptr, g2, cfg);
    CPPUNIT_ASSERT(r.status == MapStatus::done);
    CPPUNIT_ASSERT(r.value == I(0));
    CPPUNIT_ASSERT(finish(h, nullptr, g1, cfg).status == MapStatus::done);
  }

  /* B=0 with 8 entries | g1: m[9] = 9 runs into hashGrow up to `flags := h.flags &^ ...` |
   * g2: range m runs mapiterinit through atomic.Or8(&h.flags, iterator|oldIterator) |
   * g1: h.flags = flags (plain store) -> the iterator bits are lost. */
  void testHashGrowPlainStoreLosesIteratorBits() {
    const auto cfg = config(Grain::phase);
    HMap h = int_map(8, cfg);
    MapCall g1 = begin_map_call(MapOp::assign, I(9));
    step_until(h, nullptr, g1, cfg, MapPc::grow_commit);
    HIter it;
    MapCall g2 = begin_map_call(MapOp::iterinit);
    step_until(h, &it, g2, cfg, MapPc::iternext_check);
    const std::uint8_t both = hflag::iterator | hflag::old_iterator;
    CPPUNIT_ASSERT_EQUAL(static_cast<int>(both), h.flags & both);
    StepLabel label;
    step(h, nullptr, g1, cfg, 0, &label);
    CPPUNIT_ASSERT_EQUAL(std::string_view("hashGrow"), label.function);
    CPPUNIT_ASSERT_EQUAL(0, h.flags & both);
    // g2's mapiternext now runs inside g1's write window.
    const MapStepResult r = step(h, &it, g2, cfg);
    CPPUNIT_ASSERT(r.status == MapStatus::fatal);
    CPPUNIT_ASSERT_EQUAL(std::string_view("concurrent map iteration and map write"),
                         r.fatal_message);
  }

  /* B=0 with 8 entries | g1: m[1] = 100: mapassign returns the elem slot (flag cleared) |
   * g2: m[9] = 9 grows to B=1 and evacuates the only old bucket | g1: *slot = 100 lands in
   * the old array: the update is lost, m[1] is still 1. */
  void testStoreAfterConcurrentGrowIsLost() {
    const auto cfg = config(Grain::phase);
    HMap h = int_map(8, cfg);
    MapCall g1 = begin_map_call(MapOp::assign, I(1));
    const MapStepResult r1 = finish(h, nullptr, g1, cfg);
    CPPUNIT_ASSERT(r1.status == MapStatus::done && r1.slot);
    MapCall g2 = begin_map_call(MapOp::assign, I(9));
    const MapStepResult r2 = finish(h, nullptr, g2, cfg);
    CPPUNIT_ASSERT(r2.status == MapStatus::done);
    map_store(h, *r2.slot, I(9), nullptr);
    CPPUNIT_ASSERT_EQUAL(1, static_cast<int>(h.B));
    StepLabel label;
    MapCall store = begin_map_store(*r1.slot, I(100));
    CPPUNIT_ASSERT(step(h, nullptr, store, cfg, 0, &label).status == MapStatus::done);
    CPPUNIT_ASSERT_EQUAL(std::string_view("mapassign_fast64"), label.function);
    CPPUNIT_ASSERT(get(h, I(1), cfg) == I(1));
    CPPUNIT_ASSERT_EQUAL(std::int64_t{9}, map_len(h));
  }

  void testOpGrainRunsEachOperationInOneStep() {
    const auto cfg = config(Grain::op);
    HMap h = int_map(20, cfg);
    for (MapOp op : {MapOp::access1, MapOp::access2, MapOp::assign, MapOp::del, MapOp::clear}) {
      MapCall c = begin_map_call(op, I(3));
      CPPUNIT_ASSERT(step(h, nullptr, c, cfg).status == MapStatus::done);
      CPPUNIT_ASSERT(c.pc == MapPc::finished);
    }
    put(h, I(1), I(1), cfg);
    HIter it;
    MapCall c = begin_map_call(MapOp::iterinit);
    const std::uint32_t n = map_choices(h, c, cfg);
    CPPUNIT_ASSERT_EQUAL(std::uint32_t{4 * 8}, n);  // mapclear keeps B = 2
    const MapStepResult r = step(h, &it, c, cfg, n - 1);
    CPPUNIT_ASSERT(r.status == MapStatus::done && r.found);
    CPPUNIT_ASSERT(*r.it_key == I(1));
  }

  void testPhaseStepsReportReadsAndWrites() {
    const auto cfg = config(Grain::phase);
    HMap h = int_map(3, cfg);
    MapCall a = begin_map_call(MapOp::assign, I(7));
    MapAccess acc = map_next_access(h, a, cfg);
    CPPUNIT_ASSERT(acc.read && !acc.write);  // the entry check only reads h.flags
    step(h, nullptr, a, cfg);
    acc = map_next_access(h, a, cfg);
    CPPUNIT_ASSERT(acc.read && acc.write);  // the toggle
    MapCall r = begin_map_call(MapOp::access1, I(1));
    acc = map_next_access(h, r, config(Grain::op));
    CPPUNIT_ASSERT(acc.read && !acc.write);
  }

  /* Access grain (the toggle is a load and a store): B=0, keys 1..3.
   * g1 m[4]=4: check, load flags | g2 m[5]=5: check, load flags | g1 store 4 | g2 store 4 |
   * g1 search (slot 3 free) | g2 search (slot 3 free) | g1 writes slot 3, count++ , exit check,
   * load flags | g2 writes slot 3, count++, exit check, load flags | g1 store 0 | g2 store 0.
   * Neither check fires, key 4 is lost and count (5) no longer matches the live cells (4).
   * At phase grain every overlap of two writers past their entry checks is fatal. */
  void testAccessGrainSplitTogglesLetTwoWritersCorruptTheMap() {
    const auto cfg = config(Grain::access);
    HMap h = int_map(3, cfg);
    MapCall g1 = begin_map_call(MapOp::assign, I(4));
    MapCall g2 = begin_map_call(MapOp::assign, I(5));
    step_until(h, nullptr, g1, cfg, MapPc::assign_toggle_store);
    step_until(h, nullptr, g2, cfg, MapPc::assign_toggle_store);
    step(h, nullptr, g1, cfg);
    step(h, nullptr, g2, cfg);
    CPPUNIT_ASSERT_EQUAL(static_cast<int>(hflag::hash_writing), h.flags & hflag::hash_writing);
    step_until(h, nullptr, g1, cfg, MapPc::assign_insert_top);
    step_until(h, nullptr, g2, cfg, MapPc::assign_insert_top);
    CPPUNIT_ASSERT(g1.insert == g2.insert);
    step_until(h, nullptr, g1, cfg, MapPc::assign_unflag_store);
    step_until(h, nullptr, g2, cfg, MapPc::assign_unflag_store);
    CPPUNIT_ASSERT(step(h, nullptr, g1, cfg).status == MapStatus::done);
    CPPUNIT_ASSERT(step(h, nullptr, g2, cfg).status == MapStatus::done);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{5}, map_len(h));
    CPPUNIT_ASSERT_EQUAL(std::size_t{4}, map_entries(h).size());
    CPPUNIT_ASSERT(!get(h, I(4), cfg));
    const auto err = check_invariants(h, cfg);
    CPPUNIT_ASSERT(err.has_value());
    CPPUNIT_ASSERT_EQUAL(std::string("count 5 but 4 live cells"), *err);
  }

  /* Found by the differential check (real Go 1.23: "fatal error: fault" and a nil-dereference
   * panic in mapiternext on specs/library/runtime/range_write_with_growth.go):
   * g2: for range m (mapiterinit: it.B = h.B = 0; it.buckets = h.buckets)
   * | g1: m[9] = 9 (the 9th key grows the map: h.B = 1)
   * | g2: it.startBucket = r & bucketMask(h.B) = 1, past the end of the 1-bucket it.buckets
   * | g2: mapiternext reads it.buckets[1] -> fault, or a nil overflow pointer -> panic. */
  void testGrowBetweenSnapshotAndStartBucketFaultsOrPanics() {
    const auto cfg = config(Grain::phase);
    for (std::uint32_t fault_choice : {0u, 1u}) {
      HMap h = int_map(8, cfg);
      CPPUNIT_ASSERT_EQUAL(std::uint8_t{0}, h.B);
      HIter it;
      MapCall g2 = begin_map_call(MapOp::iterinit);
      CPPUNIT_ASSERT(map_step(h, &it, g2, 0, cfg, nullptr).status == MapStatus::running);
      CPPUNIT_ASSERT_EQUAL(std::uint8_t{0}, it.B);  // the snapshot is taken
      MapCall g1 = begin_map_call(MapOp::assign, I(9));
      CPPUNIT_ASSERT(finish(h, nullptr, g1, cfg).status == MapStatus::done);
      CPPUNIT_ASSERT_EQUAL(std::uint8_t{1}, h.B);
      // r ranges over 2^h.B * 8 values now; r = 1 gives startBucket 1.
      CPPUNIT_ASSERT_EQUAL(16u, map_choices(h, g2, cfg));
      MapStepResult r = map_step(h, &it, g2, 1, cfg, nullptr);
      CPPUNIT_ASSERT_EQUAL(std::uint64_t{1}, it.start_bucket);
      while (r.status == MapStatus::running && map_choices(h, g2, cfg) == 1)
        r = map_step(h, &it, g2, 0, cfg, nullptr);
      CPPUNIT_ASSERT(r.status == MapStatus::running);
      CPPUNIT_ASSERT_EQUAL(2u, map_choices(h, g2, cfg));
      StepLabel label;
      r = map_step(h, &it, g2, fault_choice, cfg, &label);
      CPPUNIT_ASSERT_EQUAL(std::string("mapiternext"), std::string(label.function));
      if (fault_choice == 0) {
        CPPUNIT_ASSERT(r.status == MapStatus::fatal);
        CPPUNIT_ASSERT_EQUAL(std::string("fault"), std::string(r.fatal_message));
      } else {
        CPPUNIT_ASSERT(r.status == MapStatus::panic);
        CPPUNIT_ASSERT_EQUAL(
            std::string("runtime error: invalid memory address or nil pointer dereference"),
            std::string(r.fatal_message));
      }
    }
  }

  /* g1 and g2 both pass the entry check of an assign on a map mid-grow (both toggle, so
   * hashWriting ends clear); g1 sees h.growing() and is about to run growWork; g2's growWork
   * evacuates the last old buckets and sets h.oldbuckets = nil; g1's evacuate then reads
   * b.tophash[0] at add(nil, oldbucket*t.BucketSize), below 0x1000: sigpanic raises the nil
   * dereference panic (recoverable), not a fatal error. */
  void testGrowWorkAfterARacerFinishedTheGrowPanicsOnNil() {
    const auto cfg = config(Grain::phase);
    const HMap grown = int_map(27, cfg);  // the 27th insert started a 2 -> 3 grow
    CPPUNIT_ASSERT(grown.growing());
    int finished_by_g2 = 0;
    for (int k = 100; k < 140; ++k) {
      HMap h = grown;
      MapCall g1 = begin_map_call(MapOp::assign, I(99));
      MapCall g2 = begin_map_call(MapOp::assign, I(k));
      step(h, nullptr, g1, cfg);  // entry checks: nobody writes yet
      step(h, nullptr, g2, cfg);
      step(h, nullptr, g1, cfg);  // h.flags ^= hashWriting, twice: clear again
      step(h, nullptr, g2, cfg);
      step_until(h, nullptr, g1, cfg, MapPc::growwork_first);
      const MapStepResult r2 = finish(h, nullptr, g2, cfg);
      CPPUNIT_ASSERT(r2.status == MapStatus::fatal);  // its exit check finds hashWriting clear
      CPPUNIT_ASSERT_EQUAL(std::string_view("concurrent map writes"), r2.fatal_message);
      if (h.growing()) continue;  // g2 evacuated, but not the last old bucket
      ++finished_by_g2;
      const MapStepResult r1 = step(h, nullptr, g1, cfg);
      CPPUNIT_ASSERT(r1.status == MapStatus::panic);
      CPPUNIT_ASSERT_EQUAL(
          std::string_view("runtime error: invalid memory address or nil pointer dereference"),
          r1.fatal_message);
    }
    CPPUNIT_ASSERT(finished_by_g2 > 0);
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(MapConcurrencyTest);
