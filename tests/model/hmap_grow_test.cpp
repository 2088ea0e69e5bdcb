// HMapGrowTest: makemap sizing, lazy bucket allocation, overflow chains and the growth
// triggers exactly as runtime/map.go (overLoadFactor 6.5, tooManyOverflowBuckets).
#include <cppunit/extensions/HelperMacros.h>

#include "model/hmap.h"
#include "model/map_call.h"
#include "tests/model/hmap_test_util.h"

using namespace mapcheck::model;
using namespace mapcheck::model::testutil;

class HMapGrowTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(HMapGrowTest);
  CPPUNIT_TEST(testMakeMapHintPicksSmallestB);
  CPPUNIT_TEST(testSmallMapAllocatesBucketsLazily);
  CPPUNIT_TEST(testLoadFactorThresholdsPortTestLoadFactor);
  CPPUNIT_TEST(testBucketCountsPortTestMapBuckets);
  CPPUNIT_TEST(testNinthInsertIntoB0Grows);
  CPPUNIT_TEST(testB1GrowsOnFourteenthInsert);
  CPPUNIT_TEST(testUpdateOfExistingKeyNeverGrows);
  CPPUNIT_TEST(testNinthKeyInOneBucketGoesToOverflow);
  CPPUNIT_TEST(testTooManyOverflowBucketsStartsSameSizeGrow);
  CPPUNIT_TEST(testGrowthFinishesAfterEnoughWrites);
  CPPUNIT_TEST(testReadsNeverEvacuate);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testMakeMapHintPicksSmallestB() {
    const auto cfg = config();
    const std::pair<std::int64_t, int> cases[] = {{-5, 0}, {0, 0},  {8, 0},  {9, 1},
                                                  {13, 1}, {14, 2}, {26, 2}, {27, 3}};
    for (const auto& [hint, b] : cases) {
      const HMap h = make_map(ValueKind::int_, ValueKind::int_, hint, cfg);
      CPPUNIT_ASSERT_EQUAL(b, static_cast<int>(h.B));
      CPPUNIT_ASSERT_EQUAL(b != 0, h.buckets.has_value());
    }
  }

  void testSmallMapAllocatesBucketsLazily() {
    const auto cfg = config();
    HMap h = make_map(ValueKind::int_, ValueKind::int_, 0, cfg);
    CPPUNIT_ASSERT(!h.buckets);
    CPPUNIT_ASSERT(!get(h, I(1), cfg));  // count == 0: no bucket touched
    put(h, I(1), I(10), cfg);
    CPPUNIT_ASSERT(h.buckets);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, h.array(*h.buckets)->buckets.size());
    CPPUNIT_ASSERT_EQUAL(std::int64_t{1}, map_len(h));
  }

  // TestLoadFactor (map_test.go L1425): count = 13*(1<<b)/2 (8 when b == 0) is not over the
  // load factor, count+1 is.
  void testLoadFactorThresholdsPortTestLoadFactor() {
    for (std::uint8_t b = 0; b < 20; ++b) {
      const std::int64_t count = b == 0 ? 8 : 13 * (std::int64_t{1} << b) / 2;
      CPPUNIT_ASSERT(!over_load_factor(count, b));
      CPPUNIT_ASSERT(over_load_factor(count + 1, b));
    }
  }

  // TestMapBuckets (map_test.go L717): {n, buckets} for maps filled with n entries and for
  // maps made with hint n.
  void testBucketCountsPortTestMapBuckets() {
    const auto cfg = config();
    const std::pair<std::int64_t, std::size_t> cases[] = {
        {-(1 << 30), 1}, {-1, 1}, {0, 1}, {1, 1}, {8, 1}, {9, 2}, {13, 2}, {14, 4}, {26, 4}};
    for (const auto& [n, buckets] : cases) {
      HMap filled = make_map(ValueKind::int_, ValueKind::int_, 0, cfg);
      for (std::int64_t i = 0; i < n; ++i)
        put(filled, I(i), I(i), cfg);
      CPPUNIT_ASSERT_EQUAL(buckets, std::size_t{1} << filled.B);
      if (n >= -1) {
        HMap hinted = make_map(ValueKind::int_, ValueKind::int_, n, cfg);
        for (std::int64_t i = 0; i < n; ++i)
          put(hinted, I(i), I(i), cfg);
        CPPUNIT_ASSERT_EQUAL(buckets, std::size_t{1} << hinted.B);
      }
    }
  }

  /* B=0, 8 entries | m[8] = 8: overLoadFactor(9, 0) -> hashGrow to B=1; goto again evacuates
   * the only old bucket, so the grow also finishes within the same mapassign. */
  void testNinthInsertIntoB0Grows() {
    const auto cfg = config();
    HMap h = make_map(ValueKind::int_, ValueKind::int_, 0, cfg);
    for (int i = 0; i < 8; ++i)
      put(h, I(i), I(i), cfg);
    CPPUNIT_ASSERT_EQUAL(0, static_cast<int>(h.B));
    CPPUNIT_ASSERT(!h.growing());
    put(h, I(8), I(8), cfg);
    CPPUNIT_ASSERT_EQUAL(1, static_cast<int>(h.B));
    CPPUNIT_ASSERT(!h.growing());
    CPPUNIT_ASSERT_EQUAL(std::int64_t{9}, map_len(h));
    CPPUNIT_ASSERT(!check_invariants(h, cfg));
    for (int i = 0; i < 9; ++i)
      CPPUNIT_ASSERT(get(h, I(i), cfg) == I(i));
  }

  /* B=1 holds 13 = 6.5*2 entries; the 14th insert grows to B=2 (4 buckets). */
  void testB1GrowsOnFourteenthInsert() {
    const auto cfg = config();
    HMap h = make_map(ValueKind::int_, ValueKind::int_, 13, cfg);
    CPPUNIT_ASSERT_EQUAL(1, static_cast<int>(h.B));
    for (int i = 0; i < 13; ++i)
      put(h, I(i), I(i), cfg);
    CPPUNIT_ASSERT_EQUAL(1, static_cast<int>(h.B));
    put(h, I(13), I(13), cfg);
    CPPUNIT_ASSERT_EQUAL(2, static_cast<int>(h.B));
    CPPUNIT_ASSERT(!h.same_size_grow());
    CPPUNIT_ASSERT(!check_invariants(h, cfg));
    CPPUNIT_ASSERT_EQUAL(std::int64_t{14}, map_len(h));
  }

  void testUpdateOfExistingKeyNeverGrows() {
    const auto cfg = config();
    HMap h = make_map(ValueKind::int_, ValueKind::int_, 0, cfg);
    for (int i = 0; i < 8; ++i)
      put(h, I(i), I(i), cfg);
    for (int i = 0; i < 8; ++i)
      put(h, I(i), I(100 + i), cfg);
    CPPUNIT_ASSERT_EQUAL(0, static_cast<int>(h.B));
    CPPUNIT_ASSERT(get(h, I(7), cfg) == I(107));
  }

  /* hash=table puts keys 0..8 into bucket 0 of a B=1 map: the 9th goes to a new overflow
   * bucket (h.newoverflow), noverflow = 1, and is still found. */
  void testNinthKeyInOneBucketGoesToOverflow() {
    auto cfg = config();
    cfg.hash.mode = HashSpec::Mode::table;
    for (int k = 0; k < 9; ++k)
      cfg.hash.table.emplace_back(I(k), placed_hash(0, 10 + k));
    HMap h = make_map(ValueKind::int_, ValueKind::int_, 9, cfg);
    for (int k = 0; k < 9; ++k)
      put(h, I(k), I(k), cfg);
    CPPUNIT_ASSERT_EQUAL(1, static_cast<int>(h.B));
    CPPUNIT_ASSERT_EQUAL(std::uint16_t{1}, h.noverflow);
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, h.array(*h.buckets)->buckets[0].chain.size());
    CPPUNIT_ASSERT(get(h, I(8), cfg) == I(8));
    CPPUNIT_ASSERT(!check_invariants(h, cfg));
  }

  /* B=2 (4 buckets, load limit 26). For each bucket j: insert 9 keys hashed into j (one
   * overflow bucket each), delete them again. noverflow = 4 = 2^B with count 0, so the next
   * insert takes tooManyOverflowBuckets: a same-size grow (B stays 2, sameSizeGrow set). */
  void testTooManyOverflowBucketsStartsSameSizeGrow() {
    auto cfg = config();
    cfg.hash.mode = HashSpec::Mode::table;
    for (int k = 0; k < 36; ++k)
      cfg.hash.table.emplace_back(I(k), placed_hash(static_cast<std::uint64_t>(k / 9), 10 + k));
    cfg.hash.table.emplace_back(I(100), placed_hash(1, 200));
    HMap h = make_map(ValueKind::int_, ValueKind::int_, 14, cfg);
    CPPUNIT_ASSERT_EQUAL(2, static_cast<int>(h.B));
    for (int j = 0; j < 4; ++j) {
      for (int k = 9 * j; k < 9 * j + 9; ++k)
        put(h, I(k), I(k), cfg);
      for (int k = 9 * j; k < 9 * j + 9; ++k)
        del(h, I(k), cfg);
    }
    CPPUNIT_ASSERT_EQUAL(std::uint16_t{4}, h.noverflow);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{0}, map_len(h));
    CPPUNIT_ASSERT(!h.growing());
    put(h, I(100), I(1), cfg);
    CPPUNIT_ASSERT_EQUAL(2, static_cast<int>(h.B));
    CPPUNIT_ASSERT(h.growing());
    CPPUNIT_ASSERT(h.same_size_grow());
    CPPUNIT_ASSERT_EQUAL(std::uint16_t{0}, h.noverflow);
    // growWork evacuated old bucket 1 (the key's) and old bucket 0 (nevacuate) -> nevacuate 2.
    CPPUNIT_ASSERT_EQUAL(std::uint64_t{2}, h.nevacuate);
    CPPUNIT_ASSERT(!check_invariants(h, cfg));
    CPPUNIT_ASSERT(get(h, I(100), cfg) == I(1));
  }

  /* B=2 full (26) -> the 27th insert starts a grow to B=3 with 4 old buckets; each write
   * evacuates at most 2, so it takes further writes (deletes of absent keys count) to finish. */
  void testGrowthFinishesAfterEnoughWrites() {
    const auto cfg = config();
    HMap h = make_map(ValueKind::int_, ValueKind::int_, 26, cfg);
    for (int i = 0; i < 27; ++i)
      put(h, I(i), I(i), cfg);
    CPPUNIT_ASSERT_EQUAL(3, static_cast<int>(h.B));
    int writes = 0;
    while (h.growing()) {
      del(h, I(1000 + writes), cfg);
      CPPUNIT_ASSERT(!check_invariants(h, cfg));
      ++writes;
    }
    CPPUNIT_ASSERT(writes >= 1 && writes <= 2);
    CPPUNIT_ASSERT_EQUAL(std::uint64_t{4}, h.nevacuate);  // == newbit, as the runtime leaves it
    CPPUNIT_ASSERT_EQUAL(std::size_t{27}, map_entries(h).size());
  }

  void testReadsNeverEvacuate() {
    const auto cfg = config();
    HMap h = make_map(ValueKind::int_, ValueKind::int_, 26, cfg);
    for (int i = 0; i < 27; ++i)
      put(h, I(i), I(i), cfg);
    CPPUNIT_ASSERT(h.growing());
    const HMap before = h;
    for (int i = 0; i < 27; ++i)
      CPPUNIT_ASSERT(get(h, I(i), cfg) == I(i));
    HMap copy = h;
    range_map(copy, 0, cfg);
    CPPUNIT_ASSERT(h == before);
    CPPUNIT_ASSERT(copy.growing());
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(HMapGrowTest);
