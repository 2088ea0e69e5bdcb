// HMapGoPortTest: the iteration and growth tests of the Go runtime (map_test.go, Go 1.22,
// and test/fixedbugs/issue59411.go) ported to the model, each run under every iterator
// start choice (startBucket, offset) instead of a few random ones.
#include <cppunit/extensions/HelperMacros.h>

#include <map>
#include <set>

#include "model/hmap.h"
#include "model/map_call.h"
#include "tests/model/hmap_test_util.h"

using namespace mapcheck::model;
using namespace mapcheck::model::testutil;

namespace {

HMap int_map(std::int64_t hint, const RuntimeConfig& cfg, int n) {
  HMap h = make_map(ValueKind::int_, ValueKind::int_, hint, cfg);
  for (int i = 0; i < n; ++i)
    put(h, I(i), I(i), cfg);
  return h;
}

}  // namespace

class HMapGoPortTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(HMapGoPortTest);
  CPPUNIT_TEST(testIterGrowAndDeleteNeverYieldsDeletedOddKeys);
  CPPUNIT_TEST(testIterGrowWithGCYieldsEveryOriginalKey);
  CPPUNIT_TEST(testMapIterOrderVariesWithStart);
  CPPUNIT_TEST(testMapSparseIterOrderVaries);
  CPPUNIT_TEST(testClearDuringIterationStopsItFromGo121);
  CPPUNIT_TEST(testClearDuringGrowingIterationLeaksStaleEntriesInGo119);
  CPPUNIT_TEST(testMapTombstonesInvariantHolds);
  CPPUNIT_TEST(testIncrementAfterBulkClearStartsAtZero);
  CPPUNIT_TEST(testSingleBucketStringMapLookupsMatchRange);
  CPPUNIT_TEST(testReinsertedKeyProducedTwiceForFiveOfEightOffsets);
  CPPUNIT_TEST(testIterationDuringGrowthProducesEachKeyOnce);
  CPPUNIT_TEST_SUITE_END();

 public:
  // TestIterGrowAndDelete (map_test.go L263): in the first iteration insert 100..999 (grow)
  // and delete every odd key; no later iteration may produce an odd key.
  void testIterGrowAndDeleteNeverYieldsDeletedOddKeys() {
    const auto cfg = config(Grain::op);
    const HMap base = int_map(4, cfg, 100);
    const std::uint32_t n = iter_choices(base, cfg);
    CPPUNIT_ASSERT_EQUAL(std::uint32_t{16 * 8}, n);
    for (std::uint32_t c = 0; c < n; ++c) {
      HMap h = base;
      bool grow = true;
      std::size_t odd_after = 0;
      range_map(h, c, cfg, [&](const Key& k, const Value&) {
        if (grow) {
          for (int i = 100; i < 1000; ++i)
            put(h, I(i), I(i), cfg);
          for (int i = 1; i < 1000; i += 2)
            del(h, I(i), cfg);
          grow = false;
        } else if (k.as_int() % 2 == 1) {
          ++odd_after;
        }
      });
      CPPUNIT_ASSERT_EQUAL(std::size_t{0}, odd_after);
      CPPUNIT_ASSERT(!check_invariants(h, cfg));
    }
  }

  // TestIterGrowWithGC (map_test.go L290): start iterating 0..15, grow in the first
  // iteration (insert 100..999); every original key must still be produced.
  void testIterGrowWithGCYieldsEveryOriginalKey() {
    const auto cfg = config(Grain::op);
    const HMap base = int_map(4, cfg, 16);
    const std::uint32_t n = iter_choices(base, cfg);
    for (std::uint32_t c = 0; c < n; ++c) {
      HMap h = base;
      bool grow = true;
      unsigned bitmask = 0;
      range_map(h, c, cfg, [&](const Key& k, const Value&) {
        if (k.as_int() < 16) bitmask |= 1U << k.as_int();
        if (grow) {
          for (int i = 100; i < 1000; ++i)
            put(h, I(i), I(i), cfg);
          grow = false;
        }
      });
      CPPUNIT_ASSERT_EQUAL((1U << 16) - 1, bitmask);
    }
  }

  // TestMapIterOrder (map_test.go L512): for sizes 3, 7, 9, 15 ranging produces at least
  // two distinct orders; here: every start choice gives a permutation, and the choices give
  // several orders.
  void testMapIterOrderVariesWithStart() {
    const auto cfg = config(Grain::op);
    for (int size : {3, 7, 9, 15}) {
      HMap h = int_map(0, cfg, size);
      std::set<std::vector<std::int64_t>> orders;
      for (std::uint32_t c = 0; c < iter_choices(h, cfg); ++c) {
        std::vector<std::int64_t> order;
        for (const auto& [k, v] : range_map(h, c, cfg))
          order.push_back(k.as_int());
        std::vector<std::int64_t> sorted = order;
        std::sort(sorted.begin(), sorted.end());
        CPPUNIT_ASSERT_EQUAL(static_cast<std::size_t>(size), sorted.size());
        for (int i = 0; i < size; ++i)
          CPPUNIT_ASSERT_EQUAL(std::int64_t{i}, sorted[i]);
        orders.insert(order);
      }
      CPPUNIT_ASSERT(orders.size() >= 2);
    }
  }

  // TestMapSparseIterOrder (map_test.go L550, issue 8410): 1000 inserted, 980 deleted; the
  // order still depends on the start (sampled choices).
  void testMapSparseIterOrderVaries() {
    const auto cfg = config(Grain::op);
    HMap h = int_map(0, cfg, 1000);
    for (int i = 0; i < 980; ++i)
      del(h, I(i), cfg);
    const std::uint32_t n = iter_choices(h, cfg);
    std::set<std::vector<std::int64_t>> orders;
    for (std::uint32_t c = 0; c < n; c += 97) {
      std::vector<std::int64_t> order;
      for (const auto& [k, v] : range_map(h, c, cfg))
        order.push_back(k.as_int());
      CPPUNIT_ASSERT_EQUAL(std::size_t{20}, order.size());
      orders.insert(order);
    }
    CPPUNIT_ASSERT(orders.size() >= 2);
  }

  /* test/fixedbugs/issue59411.go, with int keys: B=2 full (26 keys); range; in the first
   * iteration m[1000] starts a grow to B=3 (2 of 4 old buckets evacuated), then clear(m).
   * From Go 1.21 mapclear marks old and new buckets emptyRest: no further iteration runs. */
  void testClearDuringIterationStopsItFromGo121() {
    for (auto v : {RuntimeVersion::go1_21, RuntimeVersion::go1_22, RuntimeVersion::go1_23}) {
      const auto cfg = config(Grain::op, v);
      const HMap base = int_map(26, cfg, 26);
      for (std::uint32_t c = 0; c < iter_choices(base, cfg); ++c) {
        HMap h = base;
        bool first = true;
        const auto produced = range_map(h, c, cfg, [&](const Key&, const Value&) {
          if (!first) return;
          first = false;
          put(h, I(1000), I(1000), cfg);
          CPPUNIT_ASSERT(h.growing());
          clear(h, cfg);
        });
        CPPUNIT_ASSERT_EQUAL(std::size_t{1}, produced.size());
        CPPUNIT_ASSERT_EQUAL(std::int64_t{0}, map_len(h));
        CPPUNIT_ASSERT(!check_invariants(h, cfg));
      }
    }
  }

  /* The same program on the Go 1.19 runtime (the mapclear of the range-delete idiom): the
   * old buckets are dropped but not marked, so an iterator walking them keeps producing the
   * entries of unevacuated old buckets after the clear (the bug issue 59411 fixed). */
  void testClearDuringGrowingIterationLeaksStaleEntriesInGo119() {
    const auto cfg = config(Grain::op, RuntimeVersion::go1_19);
    const HMap base = int_map(26, cfg, 26);
    std::size_t leaking_choices = 0;
    const std::uint32_t n = iter_choices(base, cfg);
    for (std::uint32_t c = 0; c < n; ++c) {
      HMap h = base;
      bool first = true;
      const auto produced = range_map(h, c, cfg, [&](const Key&, const Value&) {
        if (!first) return;
        first = false;
        put(h, I(1000), I(1000), cfg);
        clear(h, cfg);
      });
      if (produced.size() > 1) ++leaking_choices;
      CPPUNIT_ASSERT_EQUAL(std::int64_t{0}, map_len(h));
    }
    CPPUNIT_ASSERT(leaking_choices > 0);
    CPPUNIT_ASSERT(leaking_choices <= n);
  }

  // TestMapTombstones (map_test.go L1177), scaled from N=10000 to N=1000: the emptyOne /
  // emptyRest invariant after fill, delete half, refill, delete all.
  void testMapTombstonesInvariantHolds() {
    const auto cfg = config(Grain::op);
    const int n = 1000;
    HMap h = make_map(ValueKind::int_, ValueKind::int_, 0, cfg);
    for (int i = 0; i < n; ++i)
      put(h, I(i), I(i), cfg);
    CPPUNIT_ASSERT(!check_invariants(h, cfg));
    for (int i = 0; i < n; i += 2)
      del(h, I(i), cfg);
    CPPUNIT_ASSERT(!check_invariants(h, cfg));
    for (int i = n; i < 3 * n / 2; ++i)
      put(h, I(i), I(i), cfg);
    CPPUNIT_ASSERT(!check_invariants(h, cfg));
    for (int i = 0; i < 3 * n / 2; ++i)
      del(h, I(i), cfg);
    CPPUNIT_ASSERT(!check_invariants(h, cfg));
    CPPUNIT_ASSERT_EQUAL(std::int64_t{0}, map_len(h));
  }

  // TestIncrementAfterBulkClearKeyStringValueInt (map_test.go L1162): after the range-delete
  // idiom (mapclear), m[k2]++ gives 1.
  void testIncrementAfterBulkClearStartsAtZero() {
    const auto cfg = config(Grain::op);
    HMap h = make_map(ValueKind::string_, ValueKind::int_, 0, cfg);
    put(h, S("1"), I(1), cfg);
    clear(h, cfg);
    const auto v = get(h, S("2"), cfg);
    const std::int64_t old = v ? v->as_int() : 0;
    put(h, S("2"), I(old + 1), cfg);
    CPPUNIT_ASSERT(get(h, S("2"), cfg) == I(1));
    CPPUNIT_ASSERT_EQUAL(std::int64_t{1}, map_len(h));
  }

  // testMapLookups / TestSingleBucketMapStringKeys_DupLen and _NoDupLen (map_test.go L466):
  // every (k, v) produced by range satisfies m[k] == v, with short and 32+ byte keys.
  void testSingleBucketMapStringKeysLookupsHelper(const std::vector<std::string>& keys) {
    const auto cfg = config(Grain::op);
    HMap h = make_map(ValueKind::string_, ValueKind::string_, 0, cfg);
    for (const auto& k : keys)
      put(h, S(k), S("v" + k), cfg);
    CPPUNIT_ASSERT_EQUAL(0, static_cast<int>(h.B));
    for (std::uint32_t c = 0; c < iter_choices(h, cfg); ++c) {
      const auto produced = range_map(h, c, cfg);
      CPPUNIT_ASSERT_EQUAL(keys.size(), produced.size());
      for (const auto& [k, v] : produced)
        CPPUNIT_ASSERT(get(h, k, cfg) == v);
    }
    CPPUNIT_ASSERT(!get(h, S("missing"), cfg));
  }
  void testSingleBucketStringMapLookupsMatchRange() {
    testSingleBucketMapStringKeysLookupsHelper({"x", "xx", "foo", "bar", "xxxx",
                                                "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
                                                "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxy"});
    testSingleBucketMapStringKeysLookupsHelper(
        {"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx1",
         "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx2",
         "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx3"});
  }

  /* Reference §5 (iii), verified with go1.19.8: 8 keys in one bucket (B=0, key i in slot i).
   * At the first iteration (key k = slot offset) delete (k+5)%8 and k, then re-insert k. It
   * lands in the first free slot, min(k, (k+5)%8): for offsets 3..7 that slot is visited
   * later, so k is produced twice; for 0..2 once. 5 of 8 starts. */
  void testReinsertedKeyProducedTwiceForFiveOfEightOffsets() {
    const auto cfg = config(Grain::op);
    const HMap base = int_map(0, cfg, 8);
    CPPUNIT_ASSERT_EQUAL(std::uint32_t{8}, iter_choices(base, cfg));
    std::vector<std::uint32_t> twice;
    for (std::uint32_t c = 0; c < 8; ++c) {
      HMap h = base;
      std::optional<std::int64_t> first;
      int times = 0;
      range_map(h, c, cfg, [&](const Key& k, const Value&) {
        if (!first) {
          first = k.as_int();
          del(h, I((*first + 5) % 8), cfg);
          del(h, I(*first), cfg);
          put(h, I(*first), I(*first), cfg);
        }
        if (k.as_int() == *first) ++times;
      });
      CPPUNIT_ASSERT_EQUAL(static_cast<std::int64_t>(c), *first);
      if (times == 2) twice.push_back(c);
    }
    CPPUNIT_ASSERT(twice == (std::vector<std::uint32_t>{3, 4, 5, 6, 7}));
  }

  /* An iterator started in the middle of a grow (it.B == h.B): old buckets are walked with
   * checkBucket filtering, so each key is still produced exactly once, whatever the start,
   * also when the loop body finishes the grow. */
  void testIterationDuringGrowthProducesEachKeyOnce() {
    const auto cfg = config(Grain::op);
    const HMap base = int_map(26, cfg, 27);
    CPPUNIT_ASSERT(base.growing());
    for (bool finish_in_body : {false, true}) {
      for (std::uint32_t c = 0; c < iter_choices(base, cfg); ++c) {
        HMap h = base;
        std::map<std::int64_t, int> seen;
        int w = 0;
        range_map(h, c, cfg, [&](const Key& k, const Value& v) {
          ++seen[k.as_int()];
          CPPUNIT_ASSERT(v == k);
          if (finish_in_body) del(h, I(5000 + w++), cfg);
        });
        CPPUNIT_ASSERT_EQUAL(std::size_t{27}, seen.size());
        for (const auto& [k, times] : seen)
          CPPUNIT_ASSERT_EQUAL(1, times);
      }
    }
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(HMapGoPortTest);
