// Order::fewest_preemptions: the same outcomes as dfs, each reached by a path with as few
// preemptions as any path to it; count_preemptions measures them.
#include <cppunit/extensions/HelperMacros.h>

#include <stdexcept>
#include <vector>

#include "explorer/explorer.h"
#include "explorer/replay.h"
#include "explorer/rng.h"
#include "explorer/simplest_path.h"
#include "tests/explorer/toy_system.h"

using namespace mapcheck::explorer;
using namespace mapcheck::explorer::testing;

namespace {

std::vector<Outcome> outcomes_of(const SearchResult& r) {
  std::vector<Outcome> v;
  for (const auto& rec : r.outcomes)
    v.push_back(rec.outcome);
  return v;
}

Step st(std::uint32_t actor) {
  return Step{ActorId{actor}, 0};
}

/** A system that counts the searches run on it (each starts with initial()). */
class CountingSystem final : public TransitionSystem {
 public:
  explicit CountingSystem(const TransitionSystem& inner) : inner_(inner) {}
  StateBytes initial() const override {
    ++searches;
    return inner_.initial();
  }
  void enabled(StateView s, std::vector<Step>& out) const override {
    ++expansions;
    inner_.enabled(s, out);
  }
  StateBytes apply(StateView s, const Step& step) const override { return inner_.apply(s, step); }
  Footprint footprint(StateView s, const Step& step) const override {
    return inner_.footprint(s, step);
  }
  Outcome outcome(StateView s) const override { return inner_.outcome(s); }
  mutable int searches = 0;
  /** States expanded, over all searches. */
  mutable int expansions = 0;

 private:
  const TransitionSystem& inner_;
};

/** A random straight-line program of 2-3 actors over two variables (no locks). */
ToySystem random_program(Rng& rng) {
  std::vector<std::vector<Instr>> actors(2 + rng.below(2));
  for (auto& prog : actors) {
    const std::size_t len = 1 + rng.below(5);
    while (prog.size() < len) {
      const auto v = static_cast<std::uint8_t>(rng.below(2));
      switch (rng.below(3)) {
        case 0:
          prog.push_back(read(v));
          break;
        case 1:
          prog.push_back(write(v));
          break;
        case 2:
          prog.push_back(local());
          break;
      }
    }
  }
  return ToySystem(actors, 2, 0);
}

}  // namespace

class FewestPreemptionsTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(FewestPreemptionsTest);
  CPPUNIT_TEST(testStopAtEndsTheSearchAtItsGoalsWithTheirFirstPaths);
  CPPUNIT_TEST(testTargetsCutTheLastRoundShort);
  CPPUNIT_TEST(testCountPreemptionsOnlyCountsSwitchesAwayFromAnEnabledActor);
  CPPUNIT_TEST(testCountPreemptionsRejectsADisabledStep);
  CPPUNIT_TEST(testLostUpdateNeedsExactlyOnePreemption);
  CPPUNIT_TEST(testZeroBoundKeepsOnlySequentialOutcomes);
  CPPUNIT_TEST(testNameParsesBack);
  CPPUNIT_TEST(testRandomProgramsGetMinimalPreemptionPaths);
  CPPUNIT_TEST(testBoundedPathsNeverExceedTheBound);
  CPPUNIT_TEST(testFinderRunsEachRoundOnce);
  CPPUNIT_TEST_SUITE_END();

 public:
  /* g0: r=x; x=r+1 | g1: r=x; x=r+1
   * 0 0 1 1: g1 takes over only once g0 is done: no preemption.
   * 0 1 1 0: g1 takes over while g0 could move (1), g0 resumes after g1 is done (free): 1.
   * 0 1 0 1: two switches away from an enabled actor: 2. */
  void testCountPreemptionsOnlyCountsSwitchesAwayFromAnEnabledActor() {
    const ToySystem ts = lost_update();
    CPPUNIT_ASSERT_EQUAL(std::size_t{0}, count_preemptions(ts, Path{st(0), st(0), st(1), st(1)}));
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, count_preemptions(ts, Path{st(0), st(1), st(1), st(0)}));
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, count_preemptions(ts, Path{st(0), st(1), st(0), st(1)}));
    CPPUNIT_ASSERT_EQUAL(std::size_t{0}, count_preemptions(ts, Path{}));
    CPPUNIT_ASSERT((preempting_steps(ts, Path{st(0), st(1), st(0), st(1)}) ==
                    std::vector<bool>{false, true, true, false}));
  }

  void testCountPreemptionsRejectsADisabledStep() {
    const ToySystem ts = lost_update();
    CPPUNIT_ASSERT_THROW(count_preemptions(ts, Path{st(0), st(0), st(0)}), std::invalid_argument);
  }

  void testLostUpdateNeedsExactlyOnePreemption() {
    const ToySystem ts = lost_update();
    const SearchResult r = Explorer(ts, {.order = Order::fewest_preemptions}).run();
    CPPUNIT_ASSERT((outcomes_of(r) == std::vector<Outcome>{toy_exit(1), toy_exit(2)}));
    CPPUNIT_ASSERT(r.complete());
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, count_preemptions(ts, r.find(toy_exit(1))->path));
    CPPUNIT_ASSERT_EQUAL(std::size_t{0}, count_preemptions(ts, r.find(toy_exit(2))->path));
  }

  void testZeroBoundKeepsOnlySequentialOutcomes() {
    const ToySystem ts = lost_update();
    const SearchResult r =
        Explorer(ts, {.order = Order::fewest_preemptions, .max_preemptions = 0}).run();
    CPPUNIT_ASSERT((outcomes_of(r) == std::vector<Outcome>{toy_exit(2)}));
    CPPUNIT_ASSERT((r.bounds_hit == std::vector<Bound>{Bound::preemptions}));
  }

  void testNameParsesBack() {
    CPPUNIT_ASSERT(parse_order("fewest-preemptions") == Order::fewest_preemptions);
  }

  /* On 200 seeded random programs: the outcomes are dfs's, and each outcome's path has no more
   * preemptions than the dfs or bfs path to it, nor than a search bounded at one fewer
   * preemption allows (that search must miss the outcome). With the reduction on as well, the
   * outcomes stay the same. */
  void testRandomProgramsGetMinimalPreemptionPaths() {
    Rng rng(7);
    std::size_t better = 0;
    for (int n = 0; n < 200; ++n) {
      const ToySystem ts = random_program(rng);
      const SearchResult dfs = Explorer(ts, {}).run();
      const SearchResult bfs = Explorer(ts, {.order = Order::bfs}).run();
      const SearchResult few = Explorer(ts, {.order = Order::fewest_preemptions}).run();
      CPPUNIT_ASSERT(outcomes_of(dfs) == outcomes_of(few));
      CPPUNIT_ASSERT(few.complete());
      const SearchResult reduced =
          Explorer(ts, {.order = Order::fewest_preemptions, .reduction = Reduction::ample}).run();
      CPPUNIT_ASSERT(outcomes_of(dfs) == outcomes_of(reduced));
      for (std::size_t i = 0; i < few.outcomes.size(); ++i) {
        const std::size_t k = count_preemptions(ts, few.outcomes[i].path);
        CPPUNIT_ASSERT(k <= count_preemptions(ts, dfs.outcomes[i].path));
        CPPUNIT_ASSERT(k <= count_preemptions(ts, bfs.outcomes[i].path));
        if (k < count_preemptions(ts, dfs.outcomes[i].path)) ++better;
        if (k > 0) {
          const auto lower = static_cast<std::uint32_t>(k - 1);
          const SearchResult cut = Explorer(ts, {.max_preemptions = lower}).run();
          CPPUNIT_ASSERT(!cut.find(few.outcomes[i].outcome));
        }
      }
    }
    CPPUNIT_ASSERT(better > 0);
  }

  /* Under max_preemptions = k a state is explored again when reached with fewer preemptions;
   * its path must then be replaced too, or a path could carry more than k. On 150 seeded
   * programs, every order's outcome and violation paths stay within k = 0, 1, 2. */
  void testBoundedPathsNeverExceedTheBound() {
    Rng rng(31);
    for (int n = 0; n < 150; ++n) {
      ToySystem ts = random_program(rng);
      ts.bad = {{1, 2}};
      for (std::uint32_t k = 0; k <= 2; ++k)
        for (Order order : {Order::dfs, Order::bfs, Order::fewest_preemptions}) {
          const SearchResult r = Explorer(ts, {.order = order, .max_preemptions = k}).run();
          for (const auto& rec : r.outcomes)
            CPPUNIT_ASSERT(count_preemptions(ts, rec.path) <= k);
          for (const auto& rec : r.violations)
            CPPUNIT_ASSERT(count_preemptions(ts, rec.path) <= k);
        }
    }
  }

  /* A bfs told to stop at an outcome stops once a terminal state of it is processed
   * (Bound::goals), having expanded fewer states than the whole search, with the record the
   * whole search makes first: the same first state and path. Both outcomes of lost update
   * are reached, and asking for both stops only after the second. */
  void testStopAtEndsTheSearchAtItsGoalsWithTheirFirstPaths() {
    Rng rng(5);
    int shorter = 0;
    for (int n = 0; n < 100; ++n) {
      const ToySystem p = random_program(rng);
      CountingSystem whole_count(p);
      const SearchResult whole = Explorer(whole_count, {.order = Order::bfs}).run();
      for (const auto& goal : whole.outcomes) {
        CountingSystem cut_count(p);
        const SearchResult cut =
            Explorer(cut_count, {.order = Order::bfs, .stop_at = {goal.outcome}}).run();
        const OutcomeRecord* got = cut.find(goal.outcome);
        CPPUNIT_ASSERT(got != nullptr);
        CPPUNIT_ASSERT_EQUAL(goal.first.v, got->first.v);
        CPPUNIT_ASSERT(goal.path == got->path);
        CPPUNIT_ASSERT(cut_count.expansions <= whole_count.expansions);
        if (cut_count.expansions < whole_count.expansions) {
          ++shorter;
          CPPUNIT_ASSERT((cut.bounds_hit == std::vector<Bound>{Bound::goals}));
        }
      }
    }
    CPPUNIT_ASSERT(shorter > 0);
    const ToySystem ts = lost_update();
    const SearchResult both =
        Explorer(ts, {.order = Order::bfs, .stop_at = {toy_exit(1), toy_exit(2)}}).run();
    CPPUNIT_ASSERT((outcomes_of(both) == std::vector<Outcome>{toy_exit(1), toy_exit(2)}));
  }

  /* A finder told its targets answers each with as few preemptions as simplest_path, by a
   * path no longer, that replays to the target; its last round stops at the targets, so on
   * 100 seeded programs it expands no more states than a finder without targets, and fewer on
   * some. */
  void testTargetsCutTheLastRoundShort() {
    Rng rng(91);
    int fewer = 0;
    for (int n = 0; n < 100; ++n) {
      const ToySystem p = random_program(rng);
      const SearchResult all = Explorer(p, {}).run();
      CountingSystem plain_count(p), targeted_count(p);
      SimplestPathFinder plain(plain_count, {});
      SimplestPathFinder targeted(targeted_count, {}, 8, outcomes_of(all));
      for (const auto& rec : all.outcomes) {
        const auto want = plain.find([&](const Outcome& o) { return o == rec.outcome; });
        const auto got = targeted.find(rec.outcome);
        CPPUNIT_ASSERT(want && got);
        CPPUNIT_ASSERT_EQUAL(want->preemptions, got->preemptions);
        CPPUNIT_ASSERT(got->path.size() <= want->path.size());
        const Replay r = replay(p, got->path);
        CPPUNIT_ASSERT(!r.rejected);
        CPPUNIT_ASSERT(p.outcome(r.states.back()) == rec.outcome);
        CPPUNIT_ASSERT_EQUAL(std::size_t{got->preemptions}, count_preemptions(p, got->path));
      }
      CPPUNIT_ASSERT(targeted_count.expansions <= plain_count.expansions);
      if (targeted_count.expansions < plain_count.expansions) ++fewer;
    }
    CPPUNIT_ASSERT(fewer > 0);
  }

  /* Lost update: x0=2 (one actor after the other) needs round 0, x0=1 (g1 reads between g0's
   * read and write) round 1. One finder answers both as simplest_path does, running rounds 0
   * and 1 once: 2 searches, where two simplest_path calls run 3. On 100 seeded programs the
   * finder, asked for every outcome in turn, gives simplest_path's path and count. */
  void testFinderRunsEachRoundOnce() {
    const ToySystem ts = lost_update();
    CountingSystem counted(ts);
    SimplestPathFinder finder(counted, {});
    const auto one = finder.find([](const Outcome& o) { return o == toy_exit(1); });
    const auto two = finder.find([](const Outcome& o) { return o == toy_exit(2); });
    CPPUNIT_ASSERT(one && two);
    CPPUNIT_ASSERT_EQUAL(std::uint32_t{1}, one->preemptions);
    CPPUNIT_ASSERT_EQUAL(std::uint32_t{0}, two->preemptions);
    CPPUNIT_ASSERT((two->path == Path{st(0), st(0), st(1), st(1)}));
    CPPUNIT_ASSERT_EQUAL(2, counted.searches);

    Rng rng(77);
    for (int n = 0; n < 100; ++n) {
      const ToySystem p = random_program(rng);
      const SearchResult all = Explorer(p, {}).run();
      SimplestPathFinder shared(p, {});
      for (const auto& rec : all.outcomes) {
        auto wanted = [&](const Outcome& o) { return o == rec.outcome; };
        const auto alone = simplest_path(p, {}, wanted);
        const auto got = shared.find(wanted);
        CPPUNIT_ASSERT(alone && got);
        CPPUNIT_ASSERT(alone->path == got->path);
        CPPUNIT_ASSERT_EQUAL(alone->preemptions, got->preemptions);
      }
    }
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(FewestPreemptionsTest);
