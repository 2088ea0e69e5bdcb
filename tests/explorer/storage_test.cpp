// Storages: exact, hash compaction and collapse give the same search (states, outcomes,
// witness paths) on toy systems under every order and bound; TLC's collision estimate;
// component interning shares parts; max_memory stops cleanly with Bound::memory.
#include <cppunit/extensions/HelperMacros.h>

#include <cmath>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "explorer/block_vector.h"
#include "explorer/collapse_store.h"
#include "explorer/explorer.h"
#include "explorer/fingerprint_store.h"
#include "explorer/rng.h"
#include "tests/explorer/forwarding_system.h"
#include "tests/explorer/search_compare.h"
#include "tests/explorer/toy_system.h"

using namespace mapcheck::explorer;
using namespace mapcheck::explorer::testing;

namespace {

std::span<const std::byte> as_bytes(const std::string& s) {
  return std::as_bytes(std::span<const char>(s.data(), s.size()));
}

/** A ToySystem whose states split into one part per actor (pc, reg) and one for the
 *  variables and locks, as a world splits into goroutines and shared objects. */
class PartedToy final : public ToySystem {
 public:
  PartedToy(std::vector<std::vector<Instr>> actors, std::size_t vars, std::size_t locks)
      : ToySystem(actors, vars, locks), actors_(actors.size()) {}
  void components(StateView s, std::vector<StateView>& parts) const override {
    for (std::size_t a = 0; a < actors_; ++a)
      parts.push_back(s.subspan(2 * a, 2));
    parts.push_back(s.subspan(2 * actors_));
  }

 private:
  std::size_t actors_;
};

/** A PartedToy whose expand hands each successor's part ends over (as an encoder that knows
 *  where it wrote each part does), and which counts the components() calls left. */
class EndsToy final : public ForwardingSystem {
 public:
  explicit EndsToy(const PartedToy& inner, std::size_t actors)
      : ForwardingSystem(inner), actors_(actors) {}
  void components(StateView s, std::vector<StateView>& parts) const override {
    ++components_calls;
    ForwardingSystem::components(s, parts);
  }
  void expand(StateView s, std::vector<Successor>& out) const override {
    TransitionSystem::expand(s, out);
    for (Successor& x : out) {
      x.part_ends.clear();
      for (std::size_t a = 1; a <= actors_; ++a)
        x.part_ends.push_back(static_cast<std::uint32_t>(2 * a));
      x.part_ends.push_back(static_cast<std::uint32_t>(x.state.size()));
    }
  }
  // Every expansion goes through expand above, as a system's own would, not to the inner one.
  void expand_without_footprints(StateView s, std::vector<Successor>& out) const override {
    expand(s, out);
  }
  std::size_t expand_without_preempting(StateView s, ActorId a,
                                        std::vector<Successor>& out) const override {
    return TransitionSystem::expand_without_preempting(s, a, out);
  }
  mutable int components_calls = 0;

 private:
  std::size_t actors_;
};

/** Random straight-line programs of 2-3 actors over two variables and one lock. */
PartedToy random_system(Rng& rng, std::size_t* actor_count = nullptr) {
  std::vector<std::vector<Instr>> actors(2 + rng.below(2));
  if (actor_count) *actor_count = actors.size();
  for (auto& prog : actors) {
    const std::size_t len = 1 + rng.below(5);
    bool locked = false;
    while (prog.size() < len) {
      const auto v = static_cast<std::uint8_t>(rng.below(2));
      switch (rng.below(5)) {
        case 0:
          prog.push_back(read(v));
          break;
        case 1:
          prog.push_back(write(v));
          break;
        case 2:
          prog.push_back(local());
          break;
        case 3:
          prog.push_back(choose(2));
          break;
        case 4:
          prog.push_back(locked ? unlock(0) : lock(0));
          locked = !locked;
          break;
      }
    }
  }
  return PartedToy(actors, 2, 1);
}

/** The option sets every storage is compared under. */
std::vector<SearchOptions> option_sets() {
  std::vector<SearchOptions> v;
  for (Order o : {Order::dfs, Order::bfs, Order::fewest_preemptions})
    for (Reduction r : {Reduction::none, Reduction::ample}) {
      v.push_back({.order = o, .reduction = r});
      v.push_back({.order = o, .reduction = r, .max_preemptions = 1});
      v.push_back({.order = o, .reduction = r, .max_depth = 4});
    }
  v.push_back({.order = Order::bfs, .threads = 4});
  return v;
}

SearchResult run(const TransitionSystem& ts, SearchOptions o, Storage s) {
  o.storage = s;
  return Explorer(ts, o).run();
}

}  // namespace

class StorageTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(StorageTest);
  CPPUNIT_TEST(testStoragesAgreeOnTheLostUpdate);
  CPPUNIT_TEST(testStoragesAgreeOnRandomSystemsUnderEveryOrderAndBound);
  CPPUNIT_TEST(testStoragesAgreeOnViolations);
  CPPUNIT_TEST(testHashCompactionReportsTlcsEstimate);
  CPPUNIT_TEST(testExactAndCollapseReportNoCollisionEstimate);
  CPPUNIT_TEST(testOptimisticEstimateFormula);
  CPPUNIT_TEST(testObservedEstimateIsOneOverTheLeastDistance);
  CPPUNIT_TEST(testFingerprintStoreDeduplicates);
  CPPUNIT_TEST(testCollapseInternsSharedParts);
  CPPUNIT_TEST(testCollapseRebuildsTheBytes);
  CPPUNIT_TEST(testCollapseRejectsPartsThatAreNotTheState);
  CPPUNIT_TEST(testCollapseSharesPartsInASearch);
  CPPUNIT_TEST(testCollapseTakesThePartEndsASuccessorCarries);
  CPPUNIT_TEST(testCollapseWidensPositionsAndRepacks);
  CPPUNIT_TEST(testCollapseCutsPartsIntoSharedPieces);
  CPPUNIT_TEST(testCollapseAgreesWithAnExactSetOnRandomStates);
  CPPUNIT_TEST(testCollapseSplitsAStateFoundOnlyOnce);
  CPPUNIT_TEST(testCollapseTakesTheNearStatesPieces);
  CPPUNIT_TEST(testParallelBfsIsIdenticalWithEveryStorage);
  CPPUNIT_TEST(testMaxMemoryStopsWithAPartialResult);
  CPPUNIT_TEST(testMaxMemoryAboveNeedIsComplete);
  CPPUNIT_TEST(testStorageNamesParseBack);
  CPPUNIT_TEST(testBlockVectorKeepsElementsAndAccountsItsBlocks);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testStoragesAgreeOnTheLostUpdate() {
    const ToySystem ts = lost_update();
    for (const SearchOptions& o : option_sets()) {
      const SearchResult exact = run(ts, o, Storage::exact);
      assert_same_search(exact, run(ts, o, Storage::hash_compact), "hash");
      assert_same_search(exact, run(ts, o, Storage::collapse), "collapse");
    }
    CPPUNIT_ASSERT_EQUAL(std::size_t{13}, run(ts, {}, Storage::collapse).stats.states);
  }

  void testStoragesAgreeOnRandomSystemsUnderEveryOrderAndBound() {
    Rng rng(4);
    for (int i = 0; i < 40; ++i) {
      const PartedToy ts = random_system(rng);
      for (const SearchOptions& o : option_sets()) {
        const SearchResult exact = run(ts, o, Storage::exact);
        const std::string what = fmt::format("system {} order {}", i, order_name(o.order));
        assert_same_search(exact, run(ts, o, Storage::hash_compact), what + " hash");
        assert_same_search(exact, run(ts, o, Storage::collapse), what + " collapse");
      }
    }
  }

  void testStoragesAgreeOnViolations() {
    ToySystem ts = lost_update();
    ts.bad = {{0, 1}};  // x0 == 1 is a violation
    const SearchResult exact = run(ts, {}, Storage::exact);
    CPPUNIT_ASSERT(!exact.violations.empty());
    assert_same_search(exact, run(ts, {}, Storage::hash_compact), "hash");
    assert_same_search(exact, run(ts, {}, Storage::collapse), "collapse");
  }

  void testHashCompactionReportsTlcsEstimate() {
    const SearchResult r = run(lost_update(), {}, Storage::hash_compact);
    CPPUNIT_ASSERT(r.stats.collision_probability.has_value());
    CPPUNIT_ASSERT_DOUBLES_EQUAL(13.0 * 12 / 2 / std::ldexp(1.0, 64),
                                 *r.stats.collision_probability, 1e-30);
    // 13 fingerprints are at least 1 apart, so 1/distance is at most 1; xxHash3's are far apart.
    CPPUNIT_ASSERT(r.stats.observed_collision_probability.has_value());
    CPPUNIT_ASSERT(*r.stats.observed_collision_probability > 0);
    CPPUNIT_ASSERT(*r.stats.observed_collision_probability < 1e-6);
  }

  void testExactAndCollapseReportNoCollisionEstimate() {
    CPPUNIT_ASSERT(!run(lost_update(), {}, Storage::exact).stats.collision_probability);
    CPPUNIT_ASSERT(!run(lost_update(), {}, Storage::collapse).stats.collision_probability);
  }

  void testOptimisticEstimateFormula() {
    CPPUNIT_ASSERT_EQUAL(0.0, optimistic_collision_probability(0));
    CPPUNIT_ASSERT_EQUAL(0.0, optimistic_collision_probability(1));
    CPPUNIT_ASSERT_EQUAL(std::ldexp(1.0, -64), optimistic_collision_probability(2));
    // 10^6 states: 499999500000 / 2^64 = 2.7105e-08.
    CPPUNIT_ASSERT_DOUBLES_EQUAL(2.71050e-08, optimistic_collision_probability(1'000'000), 1e-12);
    // 2^32 states: about one half; a double product would still fit, a 64-bit one would not.
    CPPUNIT_ASSERT_DOUBLES_EQUAL(0.5, optimistic_collision_probability(std::size_t{1} << 32), 1e-9);
    CPPUNIT_ASSERT_EQUAL(std::string("2.7e-08"),
                         fmt::format("{:.1e}", optimistic_collision_probability(1'000'000)));
  }

  void testObservedEstimateIsOneOverTheLeastDistance() {
    FingerprintStore fs;
    for (const char* s : {"a", "b", "c", "d"})
      fs.find_or_add(as_bytes(s));
    std::vector<std::uint64_t> fps;
    for (const char* s : {"a", "b", "c", "d"})
      fps.push_back(FingerprintStore::fingerprint(as_bytes(s)));
    std::sort(fps.begin(), fps.end());
    std::uint64_t least = UINT64_MAX;
    for (std::size_t i = 1; i < fps.size(); ++i)
      least = std::min(least, fps[i] - fps[i - 1]);
    const CollisionEstimate e = fs.collision_estimate();
    CPPUNIT_ASSERT_DOUBLES_EQUAL(1.0 / static_cast<double>(least), e.observed, 1e-30);
    CPPUNIT_ASSERT_EQUAL(optimistic_collision_probability(4), e.optimistic);
  }

  void testFingerprintStoreDeduplicates() {
    FingerprintStore fs;
    for (int i = 0; i < 5000; ++i)
      CPPUNIT_ASSERT_EQUAL(static_cast<std::uint32_t>(i),
                           fs.find_or_add(as_bytes(std::to_string(i))).first.v);
    for (int i = 0; i < 5000; ++i) {
      const auto [id, added] = fs.find_or_add(as_bytes(std::to_string(i)));
      CPPUNIT_ASSERT(!added);
      CPPUNIT_ASSERT_EQUAL(static_cast<std::uint32_t>(i), id.v);
    }
    CPPUNIT_ASSERT(!fs.find(as_bytes("x")).has_value());
    CPPUNIT_ASSERT_EQUAL(std::size_t{5000}, fs.size());
    CPPUNIT_ASSERT(!fs.holds_bytes());
  }

  /** Splits into single bytes: part i is byte i. */
  static CollapseStore bytewise() {
    return CollapseStore(
        [](std::span<const std::byte> s, std::vector<std::span<const std::byte>>& p) {
          for (std::size_t i = 0; i < s.size(); ++i)
            p.push_back(s.subspan(i, 1));
        });
  }

  void testCollapseInternsSharedParts() {
    CollapseStore cs = bytewise();
    for (const char* s : {"ab", "ac", "bc", "ab"})
      cs.find_or_add(as_bytes(s));
    CPPUNIT_ASSERT_EQUAL(std::size_t{3}, cs.size());
    // Position 0 holds {a, b}, position 1 {b, c}: 4 parts for 3 states of 2 parts each.
    CPPUNIT_ASSERT_EQUAL(std::size_t{4}, cs.parts_stored());
    CPPUNIT_ASSERT_EQUAL(std::size_t{6}, cs.parts_referenced());
    CPPUNIT_ASSERT_EQUAL(1u, cs.find(as_bytes("ac"))->v);
    CPPUNIT_ASSERT(!cs.find(as_bytes("cc")).has_value());   // c never at position 0
    CPPUNIT_ASSERT(!cs.find(as_bytes("bb")).has_value());   // parts known, tuple not
    CPPUNIT_ASSERT(!cs.find(as_bytes("abc")).has_value());  // a position never seen
  }

  void testCollapseRebuildsTheBytes() {
    CollapseStore cs = bytewise();
    std::vector<std::string> states;
    for (int i = 0; i < 300; ++i)
      states.push_back(fmt::format("{}-{}", i % 7, i));
    for (const auto& s : states)
      cs.find_or_add(as_bytes(s));
    std::vector<std::byte> scratch;
    for (std::size_t i = 0; i < states.size(); ++i) {
      const auto b = cs.bytes(StateId{static_cast<std::uint32_t>(i)}, scratch);
      CPPUNIT_ASSERT_EQUAL(states[i],
                           std::string(reinterpret_cast<const char*>(b.data()), b.size()));
    }
  }

  void testCollapseRejectsPartsThatAreNotTheState() {
    CollapseStore cs([](std::span<const std::byte> s, std::vector<std::span<const std::byte>>& p) {
      p.push_back(s.first(1));  // leaves the rest out
    });
    CPPUNIT_ASSERT_THROW(cs.find_or_add(as_bytes("ab")), std::logic_error);
  }

  void testCollapseSharesPartsInASearch() {
    // Three independent counters: each actor's part takes 4 values, the states are 4^3 = 64
    // (times the shared part), but the actor parts stored are only 4 per position.
    const PartedToy ts(
        {{local(), local(), local()}, {local(), local(), local()}, {local(), local(), local()}}, 0,
        0);
    const SearchResult r = run(ts, {}, Storage::collapse);
    CPPUNIT_ASSERT_EQUAL(std::size_t{64}, r.stats.states);
    CPPUNIT_ASSERT_EQUAL(std::size_t{3 * 4 + 1}, r.stats.parts_stored);
    CPPUNIT_ASSERT_EQUAL(std::size_t{64 * 4}, r.stats.parts_referenced);
  }

  /* A system whose successors carry their part ends gets the same collapse search as when
   * the store splits every state through components(), under every order and bound, and is
   * asked components() only for the initial state (which no expand produced). */
  void testCollapseTakesThePartEndsASuccessorCarries() {
    Rng rng(17);
    for (int i = 0; i < 30; ++i) {
      std::size_t actors = 0;
      const PartedToy ts = random_system(rng, &actors);
      const EndsToy ends(ts, actors);
      for (const SearchOptions& o : option_sets()) {
        const std::string what = fmt::format("system {} order {}", i, order_name(o.order));
        const SearchResult split = run(ts, o, Storage::collapse);
        ends.components_calls = 0;
        const SearchResult handed = run(ends, o, Storage::collapse);
        assert_same_search(split, handed, what);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(what, split.stats.parts_stored, handed.stats.parts_stored);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(what, 1, ends.components_calls);
      }
    }
  }

  /** States of self-describing parts: each part is a length byte and that many bytes. */
  static CollapseStore length_prefixed(std::size_t chunk) {
    return CollapseStore(
        [](std::span<const std::byte> s, std::vector<std::span<const std::byte>>& p) {
          for (std::size_t at = 0; at < s.size(); at += 1 + static_cast<std::size_t>(s[at]))
            p.push_back(s.subspan(at, 1 + static_cast<std::size_t>(s[at])));
        },
        chunk);
  }

  // Part 0 takes 70000 values (three bytes), part 1 two values: position 0 widens a bit at a
  // time (ids + 1 must fit, 0 meaning absent: 63 parts take 6 bits, 64 take 7), position 1
  // takes 2 bits, and every widening re-packs the tuples stored before; ids, finds and bytes
  // are unchanged by it. Past 2^16 states a position widens 2 bits more than it needs.
  void testCollapseWidensPositionsAndRepacks() {
    CollapseStore cs([](std::span<const std::byte> s, std::vector<std::span<const std::byte>>& p) {
      p.push_back(s.first(3));
      p.push_back(s.subspan(3));
    });
    auto state = [](std::uint32_t i) {
      return std::string{static_cast<char>(i & 0xFF), static_cast<char>((i >> 8) & 0xFF),
                         static_cast<char>(i >> 16), static_cast<char>('a' + i % 2)};
    };
    std::vector<std::size_t> widths;  // tuple bytes after each add
    for (std::uint32_t i = 0; i < 140000; ++i) {
      const auto [id, added] = cs.find_or_add(as_bytes(state(i)));
      CPPUNIT_ASSERT(added);
      CPPUNIT_ASSERT_EQUAL(i, id.v);
      widths.push_back(cs.tuple_bytes());
    }
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, widths[0]);       // 1 + 1 bits
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, widths[62]);      // 63 parts: 6 + 2 bits
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, widths[63]);      // 64 parts: 7 + 2 bits
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, widths[16382]);   // 14 + 2 bits
    CPPUNIT_ASSERT_EQUAL(std::size_t{3}, widths[16383]);   // 15 + 2 bits
    CPPUNIT_ASSERT_EQUAL(std::size_t{3}, widths[131070]);  // 17 (at 65536 states) + 2 bits
    CPPUNIT_ASSERT_EQUAL(std::size_t{3}, widths[131071]);  // 18 + 2 spare + 2 bits
    CPPUNIT_ASSERT_EQUAL(std::size_t{3}, widths[139999]);
    std::vector<std::byte> scratch;
    for (std::uint32_t i = 0; i < 140000; i += 97) {
      CPPUNIT_ASSERT_EQUAL(i, cs.find(as_bytes(state(i)))->v);
      CPPUNIT_ASSERT_EQUAL(i, cs.find_or_add(as_bytes(state(i))).first.v);
      const auto b = cs.bytes(StateId{i}, scratch);
      CPPUNIT_ASSERT_EQUAL(state(i),
                           std::string(reinterpret_cast<const char*>(b.data()), b.size()));
    }
    CPPUNIT_ASSERT_EQUAL(std::size_t{140000}, cs.size());
    CPPUNIT_ASSERT_EQUAL(std::size_t{140002}, cs.parts_stored());
  }

  // Pieces of 4 bytes: a part of a length byte (9) and "aaaabbbbc" is three pieces ("\taaa",
  // "abbb", "bc"); changing its last byte makes one new piece, not a new part of 10 bytes.
  void testCollapseCutsPartsIntoSharedPieces() {
    CollapseStore cs = length_prefixed(4);
    const std::string first = "\taaaabbbbc", second = "\taaaabbbbd";
    const std::string two_parts = first + std::string(1, '\0');  // and an empty second part
    cs.find_or_add(as_bytes(first));
    CPPUNIT_ASSERT_EQUAL(std::size_t{3}, cs.parts_stored());
    cs.find_or_add(as_bytes(second));
    CPPUNIT_ASSERT_EQUAL(std::size_t{4}, cs.parts_stored());
    cs.find_or_add(as_bytes(two_parts));
    CPPUNIT_ASSERT_EQUAL(std::size_t{3}, cs.size());
    CPPUNIT_ASSERT_EQUAL(std::size_t{5}, cs.parts_stored());  // + the second part's piece
    CPPUNIT_ASSERT_EQUAL(std::size_t{3 + 3 + 4}, cs.parts_referenced());
    CPPUNIT_ASSERT_EQUAL(2u, cs.find(as_bytes(two_parts))->v);
    CPPUNIT_ASSERT_EQUAL(0u, cs.find(as_bytes(first))->v);
    CPPUNIT_ASSERT(!cs.find(as_bytes("\taaaabbbbe")).has_value());
    std::vector<std::byte> scratch;
    const auto b = cs.bytes(StateId{2}, scratch);
    CPPUNIT_ASSERT_EQUAL(two_parts, std::string(reinterpret_cast<const char*>(b.data()), b.size()));
  }

  // 20000 random states of 0-6 parts of 0-20 bytes from a small alphabet (so parts and pieces
  // recur), under pieces of 1, 3 and 64 bytes: ids, `added`, find before and after adding, and
  // the rebuilt bytes all agree with a std::map from state to id.
  void testCollapseAgreesWithAnExactSetOnRandomStates() {
    for (const std::size_t chunk : {std::size_t{1}, std::size_t{3}, std::size_t{64}}) {
      Rng rng(chunk);
      CollapseStore cs = length_prefixed(chunk);
      std::map<std::string, std::uint32_t> ids;
      std::vector<std::string> by_id;
      for (int n = 0; n < 20000; ++n) {
        std::string s;
        for (std::size_t p = rng.below(7); p > 0; --p) {
          const std::size_t len = rng.below(rng.below(4) == 0 ? 21 : 4);
          s += static_cast<char>(len);
          for (std::size_t i = 0; i < len; ++i)
            s += static_cast<char>('a' + rng.below(3));
        }
        const auto known = ids.find(s);
        const auto before = cs.find(as_bytes(s));
        CPPUNIT_ASSERT_EQUAL(known != ids.end(), before.has_value());
        const auto [id, added] = cs.find_or_add(as_bytes(s));
        CPPUNIT_ASSERT_EQUAL(known == ids.end(), added);
        if (added) {
          CPPUNIT_ASSERT_EQUAL(static_cast<std::uint32_t>(by_id.size()), id.v);
          ids.emplace(s, id.v);
          by_id.push_back(s);
        } else {
          CPPUNIT_ASSERT_EQUAL(known->second, id.v);
          CPPUNIT_ASSERT_EQUAL(known->second, before->v);
        }
        CPPUNIT_ASSERT_EQUAL(id.v, cs.find(as_bytes(s))->v);
      }
      CPPUNIT_ASSERT(by_id.size() > 5000);  // the set grew past several re-packs
      CPPUNIT_ASSERT_EQUAL(by_id.size(), cs.size());
      std::vector<std::byte> scratch;
      for (std::uint32_t i = 0; i < by_id.size(); ++i) {
        const auto b = cs.bytes(StateId{i}, scratch);
        CPPUNIT_ASSERT_EQUAL(by_id[i],
                             std::string(reinterpret_cast<const char*>(b.data()), b.size()));
      }
    }
  }

  // find remembers its split, so find_or_add of the same state (what the reduction's lookups
  // are followed by) does not split it again; other states still are, and results are equal.
  void testCollapseSplitsAStateFoundOnlyOnce() {
    int splits = 0;
    CollapseStore cs([&](std::span<const std::byte> s, std::vector<std::span<const std::byte>>& p) {
      ++splits;
      for (std::size_t i = 0; i < s.size(); ++i)
        p.push_back(s.subspan(i, 1));
    });
    cs.find_or_add(as_bytes("ab"));
    CPPUNIT_ASSERT_EQUAL(1, splits);
    CPPUNIT_ASSERT(!cs.find(as_bytes("ac")).has_value());
    CPPUNIT_ASSERT_EQUAL(0u, cs.find(as_bytes("ab"))->v);
    CPPUNIT_ASSERT_EQUAL(3, splits);
    CPPUNIT_ASSERT_EQUAL(1u, cs.find_or_add(as_bytes("ac")).first.v);  // recalled
    CPPUNIT_ASSERT_EQUAL(0u, cs.find_or_add(as_bytes("ab")).first.v);  // recalled
    CPPUNIT_ASSERT_EQUAL(3, splits);
    CPPUNIT_ASSERT_EQUAL(2u, cs.find_or_add(as_bytes("bc")).first.v);  // never found: split
    CPPUNIT_ASSERT_EQUAL(4, splits);
    std::vector<std::byte> scratch;
    const auto b = cs.bytes(StateId{1}, scratch);
    CPPUNIT_ASSERT_EQUAL(std::string("ac"),
                         std::string(reinterpret_cast<const char*>(b.data()), b.size()));
  }

  // As a search looks up successors: each state is a stored one with one part changed (and now
  // and then a part more or less), looked up after near(that one). Ids, finds and bytes are
  // those of a store never told; the pieces the two share are not looked up.
  void testCollapseTakesTheNearStatesPieces() {
    for (const std::size_t chunk : {std::size_t{3}, std::size_t{64}}) {
      Rng rng(7 + chunk);
      CollapseStore told = length_prefixed(chunk), plain = length_prefixed(chunk);
      std::vector<std::vector<std::string>> parts_of;  // each stored state's parts
      const auto join = [](const std::vector<std::string>& parts) {
        std::string s;
        for (const std::string& p : parts)
          s += static_cast<char>(p.size()) + p;
        return s;
      };
      parts_of.push_back({"ab", "cdefgh", "", "ij"});
      told.find_or_add(as_bytes(join(parts_of[0])));
      plain.find_or_add(as_bytes(join(parts_of[0])));
      for (int n = 0; n < 20000; ++n) {
        const std::uint32_t parent = static_cast<std::uint32_t>(rng.below(parts_of.size()));
        std::vector<std::string> parts = parts_of[parent];
        const std::size_t p = rng.below(parts.size());
        parts[p].clear();
        for (std::size_t len = rng.below(8); len > 0; --len)
          parts[p] += static_cast<char>('a' + rng.below(3));
        if (rng.below(10) == 0) parts.emplace_back("k");
        if (rng.below(10) == 0 && parts.size() > 1) parts.pop_back();
        const std::string s = join(parts);
        told.near(StateId{parent});
        const auto before = told.find(as_bytes(s));
        CPPUNIT_ASSERT(before == plain.find(as_bytes(s)));
        const auto [id, added] = told.find_or_add(as_bytes(s));
        CPPUNIT_ASSERT(plain.find_or_add(as_bytes(s)) == std::make_pair(id, added));
        CPPUNIT_ASSERT_EQUAL(!before.has_value(), added);
        if (added) parts_of.push_back(parts);
      }
      told.near(StateId{static_cast<std::uint32_t>(parts_of.size())});  // not stored: ignored
      CPPUNIT_ASSERT_EQUAL(std::uint32_t{0}, told.find(as_bytes(join(parts_of[0])))->v);
      CPPUNIT_ASSERT(parts_of.size() > 5000);
      CPPUNIT_ASSERT_EQUAL(plain.size(), told.size());
      CPPUNIT_ASSERT_EQUAL(plain.parts_stored(), told.parts_stored());
      std::vector<std::byte> a, b;
      for (std::uint32_t i = 0; i < told.size(); ++i) {
        const auto x = told.bytes(StateId{i}, a), y = plain.bytes(StateId{i}, b);
        CPPUNIT_ASSERT(std::equal(x.begin(), x.end(), y.begin(), y.end()));
        CPPUNIT_ASSERT_EQUAL(join(parts_of[i]),
                             std::string(reinterpret_cast<const char*>(x.data()), x.size()));
      }
      // One part of four or five changes: most pieces come from the near state.
      CPPUNIT_ASSERT(told.piece_lookups() * 2 < plain.piece_lookups());
    }
  }

  void testParallelBfsIsIdenticalWithEveryStorage() {
    // 4 actors of 8 steps (one shared write each): 9^4 = 6561 states, bfs levels of hundreds
    // of states, so batches are expanded on several threads (and rebuilt there, for collapse).
    std::vector<Instr> prog(8, local());
    prog[3] = write(0);
    const PartedToy ts({prog, prog, prog, prog}, 1, 0);
    const SearchResult exact = run(ts, {.order = Order::bfs}, Storage::exact);
    CPPUNIT_ASSERT_EQUAL(std::size_t{6561}, exact.stats.states);
    for (Storage s : {Storage::exact, Storage::hash_compact, Storage::collapse}) {
      const SearchResult r = run(ts, {.order = Order::bfs, .threads = 4}, s);
      assert_same_search(exact, r, std::string(storage_name(s)));
      CPPUNIT_ASSERT(r.stats == run(ts, {.order = Order::bfs}, s).stats);
    }
  }

  void testMaxMemoryStopsWithAPartialResult() {
    // 3 actors of 6 private steps: 7^3 = 343 states, enough for the tables to grow.
    const std::vector<Instr> six(6, local());
    const PartedToy ts({six, six, six}, 0, 0);
    for (Storage s : {Storage::exact, Storage::hash_compact, Storage::collapse}) {
      const SearchResult full = run(ts, {}, s);
      // The initial state is stored whatever the bound: with 1 byte, s0 alone.
      SearchOptions tiny;
      tiny.max_memory = 1;
      const SearchResult first = run(ts, tiny, s);
      CPPUNIT_ASSERT_EQUAL(std::size_t{1}, first.stats.states);
      CPPUNIT_ASSERT(first.bounds_hit == std::vector<Bound>{Bound::memory});
      SearchOptions o;
      o.max_memory = (first.stats.memory_bytes + full.stats.memory_bytes) / 2;
      const SearchResult cut = run(ts, o, s);
      CPPUNIT_ASSERT(!cut.complete());
      CPPUNIT_ASSERT(cut.bounds_hit == std::vector<Bound>{Bound::memory});
      CPPUNIT_ASSERT(cut.stats.states < full.stats.states);
      CPPUNIT_ASSERT(cut.stats.states >= 1);
      // Stopped before passing it, and not long before: one more state would have passed it.
      CPPUNIT_ASSERT(cut.stats.memory_bytes <= *o.max_memory);
      CPPUNIT_ASSERT(cut.stats.memory_bytes * 2 > *o.max_memory);
    }
  }

  void testMaxMemoryAboveNeedIsComplete() {
    const ToySystem ts = lost_update();
    SearchOptions o;
    o.max_memory = std::size_t{1} << 30;
    const SearchResult r = run(ts, o, Storage::exact);
    CPPUNIT_ASSERT(r.complete());
    CPPUNIT_ASSERT_EQUAL(std::size_t{13}, r.stats.states);
  }

  void testStorageNamesParseBack() {
    for (Storage s : {Storage::exact, Storage::hash_compact, Storage::collapse})
      CPPUNIT_ASSERT(parse_storage(storage_name(s)) == s);
    CPPUNIT_ASSERT_EQUAL(std::string("hash"), std::string(storage_name(Storage::hash_compact)));
    CPPUNIT_ASSERT(!parse_storage("compact").has_value());
    CPPUNIT_ASSERT_EQUAL(std::string("memory"), std::string(bound_name(Bound::memory)));
  }

  // The search's per-state records: 300,000 elements cross all 9 doubling blocks (16 ..
  // 4,096) and 72 fixed ones of 4,096. Every element reads back, a reference taken early stays
  // valid, memory_after_push predicts the next memory_bytes exactly, and the spare room is
  // never more than one block.
  void testBlockVectorKeepsElementsAndAccountsItsBlocks() {
    mapcheck::explorer::BlockVector<std::uint64_t> v;
    CPPUNIT_ASSERT_EQUAL(std::size_t{0}, v.memory_bytes());
    const std::uint64_t* early = nullptr;
    std::size_t blocks = 0;
    for (std::uint64_t i = 0; i < 300000; ++i) {
      const std::size_t predicted = v.memory_after_push();
      const std::size_t before = v.memory_bytes();
      v.push_back(i * 7 + 3);
      if (v.memory_bytes() != before) ++blocks;
      CPPUNIT_ASSERT_EQUAL(predicted, v.memory_bytes());
      if (i == 5) early = &v[5];
    }
    CPPUNIT_ASSERT_EQUAL(std::size_t{300000}, v.size());
    for (std::size_t i = 0; i < v.size(); ++i)
      CPPUNIT_ASSERT_EQUAL(std::uint64_t{i * 7 + 3}, v[i]);
    CPPUNIT_ASSERT(early == &v[5]);
    // 16 * (2^9 - 1) = 8,176 in the doubling blocks, then ceil(291,824 / 4,096) = 72.
    CPPUNIT_ASSERT_EQUAL(std::size_t{9 + 72}, blocks);
    const std::size_t held = v.memory_bytes() - 128 * sizeof(void*);  // less the block table
    CPPUNIT_ASSERT_EQUAL((std::size_t{8176} + 72 * 4096) * sizeof(std::uint64_t), held);
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(StorageTest);
