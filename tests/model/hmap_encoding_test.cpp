// HMapEncodingTest: the canonical encoding of map state (equal maps built in different ways
// encode equally, different ones differently, everything round-trips), Value formatting,
// and the collection of orphaned bucket arrays.
#include <cppunit/extensions/HelperMacros.h>

#include "model/hmap.h"
#include "model/map_call.h"
#include "tests/model/hmap_test_util.h"

using namespace mapcheck::model;
using namespace mapcheck::model::testutil;

namespace {

template <class T>
std::vector<std::byte> bytes(const T& v) {
  std::vector<std::byte> out;
  Encoder e(out);
  v.encode(e);
  e.flush();
  return out;
}

template <class T>
T round_trip(const T& v) {
  const auto b = bytes(v);
  Decoder d(b);
  T back = T::decode(d);
  CPPUNIT_ASSERT(d.at_end());
  return back;
}

/** hash=table placing int key k in bucket k % 4 of a B=2 map. */
RuntimeConfig placed_config() {
  RuntimeConfig cfg = config(Grain::phase);
  cfg.hash.mode = HashSpec::Mode::table;
  for (int k = 0; k < 8; ++k)
    cfg.hash.table.emplace_back(I(k), placed_hash(static_cast<std::uint64_t>(k % 4), 20 + k));
  return cfg;
}

}  // namespace

class HMapEncodingTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(HMapEncodingTest);
  CPPUNIT_TEST(testSameContentsInTwoOrdersEncodeEqually);
  CPPUNIT_TEST(testInsertThenDeleteEncodesLikeNeverInserted);
  CPPUNIT_TEST(testDifferentContentsEncodeDifferently);
  CPPUNIT_TEST(testStatesRoundTripMidOperation);
  CPPUNIT_TEST(testMapCallWritesOnlyItsSetFields);
  CPPUNIT_TEST(testCollectArraysDropsOnlyUnreferencedArrays);
  CPPUNIT_TEST(testValuesFormatLikeGo);
  CPPUNIT_TEST_SUITE_END();

 public:
  /* Keys 0..3 each alone in buckets 0..3 (hash=table): inserting 0,1,2,3 or 3,1,0,2 gives the
   * same hmap, hence the same bytes. */
  void testSameContentsInTwoOrdersEncodeEqually() {
    const auto cfg = placed_config();
    HMap a = make_map(ValueKind::int_, ValueKind::string_, 14, cfg);
    HMap b = make_map(ValueKind::int_, ValueKind::string_, 14, cfg);
    for (int k : {0, 1, 2, 3})
      put(a, I(k), S("v" + std::to_string(k)), cfg);
    for (int k : {3, 1, 0, 2})
      put(b, I(k), S("v" + std::to_string(k)), cfg);
    CPPUNIT_ASSERT(a == b);
    CPPUNIT_ASSERT(bytes(a) == bytes(b));
  }

  /* m[1], m[2] versus m[1], m[3], m[2], delete(m, 3): key 3 sits alone in bucket 3; its delete
   * marks the cell emptyRest again and clears key and elem, so the maps are equal. */
  void testInsertThenDeleteEncodesLikeNeverInserted() {
    const auto cfg = placed_config();
    HMap a = make_map(ValueKind::int_, ValueKind::int_, 14, cfg);
    HMap b = make_map(ValueKind::int_, ValueKind::int_, 14, cfg);
    put(a, I(1), I(10), cfg);
    put(a, I(2), I(20), cfg);
    put(b, I(1), I(10), cfg);
    put(b, I(3), I(30), cfg);
    put(b, I(2), I(20), cfg);
    del(b, I(3), cfg);
    CPPUNIT_ASSERT(bytes(a) == bytes(b));
  }

  void testDifferentContentsEncodeDifferently() {
    const auto cfg = placed_config();
    HMap a = make_map(ValueKind::int_, ValueKind::int_, 14, cfg);
    put(a, I(1), I(10), cfg);
    HMap b = a;
    put(b, I(1), I(11), cfg);
    CPPUNIT_ASSERT(bytes(a) != bytes(b));
    HMap c = a;
    put(c, I(5), I(10), cfg);  // same bucket as 1, new cell
    CPPUNIT_ASSERT(bytes(a) != bytes(c));
  }

  /* A growing map, an iterator mid-range and an assign stopped at its toggle all decode to
   * equal values. */
  void testStatesRoundTripMidOperation() {
    const auto cfg = config(Grain::phase);
    HMap h = make_map(ValueKind::string_, ValueKind::bool_, 26, cfg);
    for (int i = 0; i < 27; ++i)
      put(h, S("k" + std::to_string(i)), Value::of_bool(i % 2), cfg);
    CPPUNIT_ASSERT(h.growing());
    CPPUNIT_ASSERT(round_trip(h) == h);
    HIter it;
    MapCall c = begin_map_call(MapOp::iterinit);
    while (map_step(h, &it, c, 3, cfg, nullptr).status == MapStatus::running) {
    }
    CPPUNIT_ASSERT(it.key.has_value());
    CPPUNIT_ASSERT(round_trip(it) == it);
    MapCall a = begin_map_call(MapOp::assign, S("new"));
    map_step(h, nullptr, a, 0, cfg, nullptr);
    CPPUNIT_ASSERT(round_trip(a) == a);
    map_step(h, nullptr, a, 0, cfg, nullptr);
    CPPUNIT_ASSERT(round_trip(a) == a);
    CPPUNIT_ASSERT(round_trip(h) == h);
  }

  /* A map call's encoding holds the op, key and pc, a mask, and the fields the mask marks as
   * set: a call with every field set round-trips, a fresh one is five bytes, and decoding a
   * fresh call over the full one leaves no field of the full one behind. */
  void testMapCallWritesOnlyItsSetFields() {
    MapCall full = begin_map_call(MapOp::assign, I(7));
    full.value = I(1);
    full.slot = SlotRef{BucketPos{ArrayId{2}, 3, 1}, 4};
    full.pc = MapPc::evac_cell;
    full.ret = MapPc::assign_search;
    full.hash = 0xfedcba9876543210u;
    full.top = 9;
    full.bucket = 5;
    full.b = BucketPos{ArrayId{1}, 2, 0};
    full.i = 6;
    full.b_orig = BucketPos{ArrayId{1}, 3, 0};
    full.insert = SlotRef{BucketPos{ArrayId{1}, 4, 2}, 7};
    full.found = true;
    full.one_bucket = true;
    full.flags_tmp = 4;
    full.bigger = 1;
    full.grow_old = ArrayId{1};
    full.grow_new = ArrayId{3};
    full.growwork_stage = 1;
    full.evac_old = 2;
    full.newbit = 4;
    full.evac_src = BucketPos{ArrayId{1}, 2, 1};
    full.evac_i = 3;
    full.dst_x = EvacDst{BucketPos{ArrayId{3}, 2, 0}, 1};
    full.dst_y = EvacDst{BucketPos{ArrayId{3}, 6, 0}, 2};
    full.evac_use_y = 1;
    full.evac_top = 8;
    full.result = I(3);
    full.result_key = I(7);
    CPPUNIT_ASSERT(round_trip(full) == full);

    const MapCall fresh = begin_map_call(MapOp::assign, I(7));
    const auto fresh_bytes = bytes(fresh);
    CPPUNIT_ASSERT_EQUAL(std::size_t{5}, fresh_bytes.size());  // op, key (tag, 7), pc, mask 0
    MapCall over = full;
    Decoder d(fresh_bytes);
    MapCall::decode_into(d, over);
    CPPUNIT_ASSERT(d.at_end());
    CPPUNIT_ASSERT(over == fresh);

    // One field set: one more byte for it (the mask stays one byte for the first seven).
    MapCall one = fresh;
    one.top = 9;
    CPPUNIT_ASSERT_EQUAL(std::size_t{6}, bytes(one).size());
    CPPUNIT_ASSERT(round_trip(one) == one);
    CPPUNIT_ASSERT(!(round_trip(one) == fresh));
  }

  /* After a B=0 map grows to B=1 the old array is orphaned; it is dropped unless an iterator
   * still walks it. */
  void testCollectArraysDropsOnlyUnreferencedArrays() {
    const auto cfg = config(Grain::op);
    HMap h = make_map(ValueKind::int_, ValueKind::int_, 0, cfg);
    for (int i = 0; i < 8; ++i)
      put(h, I(i), I(i), cfg);
    HIter it;
    run_map_op(h, &it, MapOp::iterinit, Key{}, 0, cfg);
    put(h, I(8), I(8), cfg);
    CPPUNIT_ASSERT(!h.growing());
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, h.arrays.size());
    std::vector<ArrayId> live;
    referenced_arrays(it, live);
    HMap kept = h;
    collect_arrays(kept, live);
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, kept.arrays.size());
    collect_arrays(h, {});
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, h.arrays.size());
    CPPUNIT_ASSERT(h.arrays.front().id == *h.buckets);
    CPPUNIT_ASSERT(!check_invariants(h, cfg));
  }

  void testValuesFormatLikeGo() {
    CPPUNIT_ASSERT_EQUAL(std::string("-3"), fmt::format("{}", I(-3)));
    CPPUNIT_ASSERT_EQUAL(std::string("a\"b"), fmt::format("{}", S("a\"b")));
    CPPUNIT_ASSERT_EQUAL(std::string("\"a\\\"b\\n\""), fmt::format("{:q}", S("a\"b\n")));
    CPPUNIT_ASSERT_EQUAL(std::string("true"), fmt::format("{}", Value::of_bool(true)));
    CPPUNIT_ASSERT(Value::zero(ValueKind::string_) == S(""));
    CPPUNIT_ASSERT(I(1) < I(2));
    CPPUNIT_ASSERT_THROW(I(1).as_string(), std::logic_error);
    CPPUNIT_ASSERT(round_trip(S("x")) == S("x"));
    CPPUNIT_ASSERT(round_trip(Value::of_bool(false)) == Value::of_bool(false));
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(HMapEncodingTest);
