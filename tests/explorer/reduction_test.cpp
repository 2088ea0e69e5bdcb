// Partial-order reduction: independence of footprints, the choice of the ample actor, and that
// the reduced search keeps every outcome and violation with fewer states.
#include <cppunit/extensions/HelperMacros.h>

#include <vector>

#include "explorer/explorer.h"
#include "explorer/reduction.h"
#include "tests/explorer/toy_system.h"

using namespace mapcheck::explorer;
using namespace mapcheck::explorer::testing;

namespace {

Successor succ(std::uint32_t actor, std::uint32_t choice, Footprint f) {
  return Successor{Step{ActorId{actor}, choice}, std::move(f), {}};
}

const Footprint kPrivate{};
const Footprint kReadX{{Access{0, false}}, false};
const Footprint kWriteX{{Access{0, true}}, false};
const Footprint kReadY{{Access{1, false}}, false};
const Footprint kVisible{{}, true};

auto always = [](std::size_t) { return true; };

std::vector<Outcome> outcomes_of(const SearchResult& r) {
  std::vector<Outcome> v;
  for (const auto& rec : r.outcomes)
    v.push_back(rec.outcome);
  return v;
}

}  // namespace

class ReductionTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(ReductionTest);
  CPPUNIT_TEST(testConflictNeedsAWriteToTheSameObject);
  CPPUNIT_TEST(testPrivateMeansNoAccessAndInvisible);
  CPPUNIT_TEST(testAmplePicksLowestActorWhoseStepsAreAllPrivate);
  CPPUNIT_TEST(testNoAmpleWhenOnlyOneActorMoves);
  CPPUNIT_TEST(testNoAmpleWhenTheProvisoRefuses);
  CPPUNIT_TEST(testPrivatePrefixesAreInterleavedOnce);
  CPPUNIT_TEST(testAmpleKeepsEveryOutcomeOfLargerSystems);
  CPPUNIT_TEST(testCycleProvisoStillLetsTheOtherActorMove);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testConflictNeedsAWriteToTheSameObject() {
    CPPUNIT_ASSERT(!conflict(kReadX, kReadX));
    CPPUNIT_ASSERT(conflict(kReadX, kWriteX));
    CPPUNIT_ASSERT(conflict(kWriteX, kReadX));
    CPPUNIT_ASSERT(conflict(kWriteX, kWriteX));
    CPPUNIT_ASSERT(!conflict(kWriteX, kReadY));
    CPPUNIT_ASSERT(!conflict(kPrivate, kWriteX));
  }

  void testPrivateMeansNoAccessAndInvisible() {
    CPPUNIT_ASSERT(is_private(kPrivate));
    CPPUNIT_ASSERT(!is_private(kReadX));
    CPPUNIT_ASSERT(!is_private(kVisible));
  }

  /* a0 has one shared choice among private ones, a1 is private, a2 is private:
   * a1 is the lowest actor whose every step is private. */
  void testAmplePicksLowestActorWhoseStepsAreAllPrivate() {
    const std::vector<Successor> s{succ(0, 0, kPrivate), succ(0, 1, kReadX), succ(1, 0, kPrivate),
                                   succ(1, 1, kPrivate), succ(2, 0, kPrivate)};
    const auto a = ample_actor(s, always);
    CPPUNIT_ASSERT(a.has_value());
    CPPUNIT_ASSERT_EQUAL(1u, a->v);
  }

  void testNoAmpleWhenOnlyOneActorMoves() {
    const std::vector<Successor> s{succ(3, 0, kPrivate), succ(3, 1, kPrivate)};
    CPPUNIT_ASSERT(!ample_actor(s, always));
    CPPUNIT_ASSERT(!ample_actor({}, always));
  }

  void testNoAmpleWhenTheProvisoRefuses() {
    const std::vector<Successor> s{succ(0, 0, kPrivate), succ(1, 0, kWriteX), succ(2, 0, kVisible)};
    CPPUNIT_ASSERT(!ample_actor(s, [](std::size_t i) { return i != 0; }));
    CPPUNIT_ASSERT_EQUAL(0u, ample_actor(s, always)->v);
  }

  /* g0: local; r=x; x=r+1 | g1: local; r=x; x=r+1
   * Unreduced: the 13 states of the lost update after both locals, plus (0,k) for k=0..3 and
   * (k,0) for k=1..3: 20 states. Reduced: g0's local, then g1's local, then the lost update:
   * 2 + 13 = 15 states and 2 + 14 = 16 edges. */
  void testPrivatePrefixesAreInterleavedOnce() {
    const ToySystem ts({{local(), read(0), write(0)}, {local(), read(0), write(0)}}, 1, 0);
    const SearchResult full = Explorer(ts, {}).run();
    const SearchResult red = Explorer(ts, {.reduction = Reduction::ample}).run();
    CPPUNIT_ASSERT_EQUAL(std::size_t{20}, full.stats.states);
    CPPUNIT_ASSERT_EQUAL(std::size_t{15}, red.stats.states);
    CPPUNIT_ASSERT_EQUAL(std::size_t{16}, red.stats.edges);
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, red.stats.reduced);
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, red.stats.steps_reduced);
    CPPUNIT_ASSERT(outcomes_of(full) == outcomes_of(red));
    CPPUNIT_ASSERT(red.complete());
  }

  void testAmpleKeepsEveryOutcomeOfLargerSystems() {
    const std::vector<ToySystem> systems{
        ToySystem({{local(), read(0), local(), write(0), local()},
                   {choose(2), read(0), write(0), local()},
                   {local(), local(), read(0)}},
                  1, 0),
        ToySystem({{local(), lock(0), local(), lock(1), unlock(1), unlock(0)},
                   {lock(1), choose(3), lock(0), unlock(0), unlock(1)}},
                  0, 2),
        ToySystem({{fork(3), local(), write(0), read(1), jump(6), local(), write(1)},
                   {local(), write(1), read(0), local()}},
                  2, 0),
    };
    for (const ToySystem& ts : systems) {
      for (Order order : {Order::dfs, Order::bfs}) {
        const SearchResult full = Explorer(ts, {.order = order}).run();
        const SearchResult red =
            Explorer(ts, {.order = order, .reduction = Reduction::ample}).run();
        CPPUNIT_ASSERT(outcomes_of(full) == outcomes_of(red));
        CPPUNIT_ASSERT(red.stats.states < full.stats.states);
        CPPUNIT_ASSERT(red.stats.reduced > 0);
      }
    }
  }

  /* g0: spins privately for ever (pc0 -> pc1 -> pc0) | g1: x=1
   * Without the cycle proviso the ample set would always be g0's spin and x=1 would never be
   * reached; with it, the state that closes the cycle is expanded fully. */
  void testCycleProvisoStillLetsTheOtherActorMove() {
    ToySystem ts({{jump(1), jump(0)}, {write(0)}}, 1, 0);
    ts.bad = {{0, 1}};
    for (Order order : {Order::dfs, Order::bfs}) {
      const SearchResult r = Explorer(ts, {.order = order, .reduction = Reduction::ample}).run();
      CPPUNIT_ASSERT_EQUAL(std::size_t{1}, r.violations.size());
      CPPUNIT_ASSERT(r.outcomes.empty());
    }
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ReductionTest);
