// Rng and random_walk: fixed sequences per seed, walks that end where a search says they can.
#include <cppunit/extensions/HelperMacros.h>

#include <set>
#include <vector>

#include "explorer/random_walk.h"
#include "explorer/replay.h"
#include "explorer/rng.h"
#include "tests/explorer/toy_system.h"

using namespace mapcheck::explorer;
using namespace mapcheck::explorer::testing;

class RandomWalkTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(RandomWalkTest);
  CPPUNIT_TEST(testSplitMixFirstValueForSeedZero);
  CPPUNIT_TEST(testBelowCoversTheRangeAndNothingElse);
  CPPUNIT_TEST(testBelowZeroIsAnInternalBug);
  CPPUNIT_TEST(testSameSeedSameWalk);
  CPPUNIT_TEST(testWalksReachBothLostUpdateOutcomes);
  CPPUNIT_TEST(testMaxStepsStopsUnfinished);
  CPPUNIT_TEST(testWalkStopsAtAViolation);
  CPPUNIT_TEST(testWalkPathReplays);
  CPPUNIT_TEST_SUITE_END();

 public:
  /** The reference SplitMix64 output for seed 0. */
  void testSplitMixFirstValueForSeedZero() {
    Rng rng(0);
    CPPUNIT_ASSERT_EQUAL(std::uint64_t{0xe220a8397b1dcdafULL}, rng.next());
  }

  void testBelowCoversTheRangeAndNothingElse() {
    Rng rng(42);
    std::set<std::uint64_t> seen;
    for (int i = 0; i < 1000; ++i)
      seen.insert(rng.below(7));
    CPPUNIT_ASSERT_EQUAL(std::size_t{7}, seen.size());
    CPPUNIT_ASSERT_EQUAL(std::uint64_t{6}, *seen.rbegin());
    CPPUNIT_ASSERT_EQUAL(std::uint64_t{0}, Rng(5).below(1));
  }

  void testBelowZeroIsAnInternalBug() {
    Rng rng(1);
    CPPUNIT_ASSERT_THROW(rng.below(0), std::logic_error);
  }

  void testSameSeedSameWalk() {
    const ToySystem ts({{local(), read(0), write(0), choose(4)}, {read(0), write(0), local()}}, 1,
                       0);
    const WalkResult a = random_walk(ts, {.seed = 99});
    const WalkResult b = random_walk(ts, {.seed = 99});
    CPPUNIT_ASSERT(a.path == b.path);
    CPPUNIT_ASSERT(a.outcome == b.outcome);
    CPPUNIT_ASSERT(a.state == b.state);
    CPPUNIT_ASSERT_EQUAL(std::size_t{7}, a.path.size());
  }

  /* Over 64 seeds the scheduler interleaves both ways: x=1 and x=2 both occur, nothing else. */
  void testWalksReachBothLostUpdateOutcomes() {
    const ToySystem ts = lost_update();
    std::set<Outcome> seen;
    for (std::uint64_t seed = 0; seed < 64; ++seed) {
      const WalkResult w = random_walk(ts, {.seed = seed});
      CPPUNIT_ASSERT(w.outcome.has_value());
      CPPUNIT_ASSERT(!w.violation);
      CPPUNIT_ASSERT_EQUAL(std::size_t{4}, w.path.size());
      seen.insert(*w.outcome);
    }
    CPPUNIT_ASSERT((seen == std::set<Outcome>{toy_exit(1), toy_exit(2)}));
  }

  void testMaxStepsStopsUnfinished() {
    const WalkResult w = random_walk(lost_update(), {.seed = 3, .max_steps = 2});
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, w.path.size());
    CPPUNIT_ASSERT(!w.outcome);
    CPPUNIT_ASSERT(!w.violation);
  }

  void testWalkStopsAtAViolation() {
    ToySystem ts({{write(0), local(), local()}}, 1, 0);
    ts.bad = {{0, 1}};
    const WalkResult w = random_walk(ts, {.seed = 0});
    CPPUNIT_ASSERT_EQUAL(std::string("x0 == 1"), *w.violation);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, w.path.size());
    CPPUNIT_ASSERT(!w.outcome);
  }

  void testWalkPathReplays() {
    const ToySystem ts = lost_update();
    const WalkResult w = random_walk(ts, {.seed = 11});
    const Replay r = replay(ts, w.path);
    CPPUNIT_ASSERT(!r.rejected);
    CPPUNIT_ASSERT_EQUAL(w.path.size() + 1, r.states.size());
    CPPUNIT_ASSERT(r.states.back() == w.state);
    // A step of an actor that has finished is rejected where it is taken.
    Path bad = w.path;
    bad.push_back(Step{ActorId{0}, 0});
    const Replay rb = replay(ts, bad);
    CPPUNIT_ASSERT_EQUAL(std::size_t{4}, *rb.rejected);
    CPPUNIT_ASSERT_EQUAL(std::size_t{5}, rb.states.size());
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(RandomWalkTest);
