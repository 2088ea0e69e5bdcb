// random_search and PctScheduler: determinism per seed and thread count, coverage of a toy
// system's outcomes, PCT's detection rate on a depth-2 bug, cut runs, verdicts of random runs.
#include <cppunit/extensions/HelperMacros.h>

#include <set>
#include <vector>

#include "explorer/explorer.h"
#include "explorer/pct.h"
#include "explorer/random_search.h"
#include "explorer/random_verdict.h"
#include "explorer/replay.h"
#include "tests/explorer/toy_system.h"

using namespace mapcheck::explorer;
using namespace mapcheck::explorer::testing;

namespace {

/* g0: local×p; r=x; x=r+1; local×p | g1: the same. The lost update (x ends 1) needs g1's read
 * between g0's read and write (or the mirror): a bug of depth 2 (two ordering constraints). */
ToySystem padded_lost_update(std::uint8_t p) {
  std::vector<Instr> prog(p, local());
  prog.push_back(read(0));
  prog.push_back(write(0));
  for (std::uint8_t i = 0; i < p; ++i)
    prog.push_back(local());
  return ToySystem({prog, prog}, 1, 0);
}

/* g0: local×p; r=x0; x0=r+1; r=x1; x1=r+1; local×p | g1: the same. Both updates are lost
 * (x0=1 x1=1) only if each actor reads x1 before the other writes it, while also reading x0
 * before the other writes it: e.g. g0 r0 | g1 r0 w0 r1 | g0 w0 r1 w1 | g1 w1, two switches
 * forced at the right steps: a bug of depth 3. */
ToySystem padded_double_lost_update(std::uint8_t p) {
  std::vector<Instr> prog(p, local());
  for (Instr in : {read(0), write(0), read(1), write(1)})
    prog.push_back(in);
  for (std::uint8_t i = 0; i < p; ++i)
    prog.push_back(local());
  return ToySystem({prog, prog}, 2, 0);
}

bool same(const RandomSearchResult& a, const RandomSearchResult& b) {
  if (a.outcomes.size() != b.outcomes.size() || a.violations.size() != b.violations.size())
    return false;
  for (std::size_t i = 0; i < a.outcomes.size(); ++i) {
    const auto &x = a.outcomes[i], &y = b.outcomes[i];
    if (x.outcome != y.outcome || x.executions != y.executions ||
        x.first_execution != y.first_execution || x.path != y.path)
      return false;
  }
  return a.cut == b.cut && a.steps == b.steps && a.longest == b.longest &&
         a.pct_length == b.pct_length;
}

std::size_t executions_of(const RandomSearchResult& r, const Outcome& o) {
  const RandomOutcomeRecord* rec = r.find(o);
  return rec ? rec->executions : 0;
}

}  // namespace

class RandomSearchTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(RandomSearchTest);
  CPPUNIT_TEST(testSameSeedSameResultOnAnyThreadCount);
  CPPUNIT_TEST(testDifferentSeedsDifferOnARacySystem);
  CPPUNIT_TEST(testUniformReachesEveryOutcomeOfAToySystem);
  CPPUNIT_TEST(testFirstExecutionPathReplaysToItsOutcome);
  CPPUNIT_TEST(testPctFindsTheDepthTwoBugAtLeastAtItsBound);
  CPPUNIT_TEST(testPctFindsTheDepthThreeBugOnlyWithDepthThree);
  CPPUNIT_TEST(testPctWithDepthOneRunsByPriorityOnly);
  CPPUNIT_TEST(testPctDemotesAnActorThatMakesNoProgress);
  CPPUNIT_TEST(testStepBoundCutsExecutions);
  CPPUNIT_TEST(testViolationsAreGroupedByMessage);
  CPPUNIT_TEST(testVerdictsProveOnlyExistence);
  CPPUNIT_TEST(testZeroExecutionsIsAnError);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testSameSeedSameResultOnAnyThreadCount() {
    const ToySystem ts = padded_lost_update(3);
    for (Schedule s : {Schedule::uniform, Schedule::pct}) {
      RandomSearchOptions o{.executions = 300, .seed = 42, .schedule = s};
      const RandomSearchResult a = random_search(ts, o);
      const RandomSearchResult b = random_search(ts, o);
      o.threads = 2;
      const RandomSearchResult c = random_search(ts, o);
      CPPUNIT_ASSERT(same(a, b));
      CPPUNIT_ASSERT(same(a, c));
      CPPUNIT_ASSERT_EQUAL(std::size_t{2}, a.outcomes.size());
    }
  }

  void testDifferentSeedsDifferOnARacySystem() {
    const ToySystem ts = padded_lost_update(3);
    const RandomSearchResult a = random_search(ts, {.executions = 300, .seed = 1});
    const RandomSearchResult b = random_search(ts, {.executions = 300, .seed = 2});
    CPPUNIT_ASSERT(!same(a, b));
    CPPUNIT_ASSERT(executions_of(a, toy_exit(1)) != executions_of(b, toy_exit(1)));
    CPPUNIT_ASSERT(execution_seed(1, 0) != execution_seed(2, 0));
    CPPUNIT_ASSERT(execution_seed(1, 0) != execution_seed(1, 1));
  }

  /* g0: c = choose(3); x0 = c+1 | g1: r=x1; x1=r+1 | g2: r=x1; x1=r+1 — 3 × 2 outcomes. */
  void testUniformReachesEveryOutcomeOfAToySystem() {
    const ToySystem ts({{choose(3), write(0)}, {read(1), write(1)}, {read(1), write(1)}}, 2, 0);
    const SearchResult all = Explorer(ts, {}).run();
    CPPUNIT_ASSERT_EQUAL(std::size_t{6}, all.outcomes.size());
    const RandomSearchResult r =
        random_search(ts, {.executions = 200, .seed = 7, .schedule = Schedule::uniform});
    CPPUNIT_ASSERT_EQUAL(all.outcomes.size(), r.outcomes.size());
    std::size_t total = 0;
    for (std::size_t i = 0; i < all.outcomes.size(); ++i) {
      CPPUNIT_ASSERT(all.outcomes[i].outcome == r.outcomes[i].outcome);
      total += r.outcomes[i].executions;
    }
    CPPUNIT_ASSERT_EQUAL(std::size_t{200}, total);
    CPPUNIT_ASSERT_EQUAL(std::size_t{0}, r.cut);
    CPPUNIT_ASSERT_EQUAL(std::size_t{200 * 6}, r.steps);
  }

  void testFirstExecutionPathReplaysToItsOutcome() {
    const ToySystem ts = padded_lost_update(2);
    for (Schedule s : {Schedule::uniform, Schedule::pct}) {
      const RandomSearchResult r =
          random_search(ts, {.executions = 100, .seed = 5, .schedule = s, .pct_depth = 2});
      for (const RandomOutcomeRecord& rec : r.outcomes) {
        const Replay rp = replay(ts, rec.path);
        CPPUNIT_ASSERT(!rp.rejected);
        CPPUNIT_ASSERT(ts.outcome(rp.states.back()) == rec.outcome);
        // The first execution with the outcome is the one recorded: re-running it agrees.
        const RandomSearchResult one = random_search(
            ts, {.executions = rec.first_execution + 1, .seed = 5, .schedule = s, .pct_depth = 2});
        CPPUNIT_ASSERT_EQUAL(rec.first_execution, one.find(rec.outcome)->first_execution);
      }
    }
  }

  /* n = 2 actors, k = 44 steps, d = 2: PCT's bound is 1/(n k) = 1/88 per execution, so at least
   * 1000/88 ≈ 11 of 1000 executions lose the update. Measured: 21 (seed 1; the one change point
   * must fall right after the first actor's read: about 1/k); fixed by the seed. */
  void testPctFindsTheDepthTwoBugAtLeastAtItsBound() {
    const ToySystem ts = padded_lost_update(10);
    const RandomSearchResult r = random_search(
        ts, {.executions = 1000, .seed = 1, .schedule = Schedule::pct, .pct_depth = 2});
    CPPUNIT_ASSERT_EQUAL(std::uint32_t{44}, r.pct_length);
    const std::size_t found = executions_of(r, toy_exit(1));
    CPPUNIT_ASSERT(found * 2 * r.pct_length >= 1000);
    CPPUNIT_ASSERT_EQUAL(std::size_t{21}, found);
  }

  /* n = 2, k = 20, d = 3: the bound is 1/(n k^2) = 1/800, so at least 5 of 4000 executions.
   * Measured: 10 (seed 1). With d = 2 (one change point, one switch away from the first
   * actor) the bug cannot happen: 0. */
  void testPctFindsTheDepthThreeBugOnlyWithDepthThree() {
    const ToySystem ts = padded_double_lost_update(3);
    const Outcome both_lost{OutcomeKind::exit, "", "x0=1 x1=1", false};
    const RandomSearchResult d3 = random_search(
        ts, {.executions = 4000, .seed = 1, .schedule = Schedule::pct, .pct_depth = 3});
    CPPUNIT_ASSERT_EQUAL(std::uint32_t{20}, d3.pct_length);
    const std::size_t found = executions_of(d3, both_lost);
    CPPUNIT_ASSERT(found * 2 * 20 * 20 >= 4000);
    CPPUNIT_ASSERT_EQUAL(std::size_t{10}, found);
    const RandomSearchResult d2 = random_search(
        ts, {.executions = 4000, .seed = 1, .schedule = Schedule::pct, .pct_depth = 2});
    CPPUNIT_ASSERT_EQUAL(std::size_t{0}, executions_of(d2, both_lost));
  }

  /* With d = 1 there are no change points: the higher-priority actor runs to its end first, so
   * the update is never lost. */
  void testPctWithDepthOneRunsByPriorityOnly() {
    const ToySystem ts = padded_lost_update(2);
    const RandomSearchResult r = random_search(
        ts, {.executions = 200, .seed = 3, .schedule = Schedule::pct, .pct_depth = 1});
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, r.outcomes.size());
    CPPUNIT_ASSERT(r.outcomes[0].outcome == toy_exit(2));
    // The recorded path runs one actor's 6 steps, then the other's.
    const Path& path = r.outcomes[0].path;
    CPPUNIT_ASSERT_EQUAL(std::size_t{12}, path.size());
    for (std::size_t i = 0; i < path.size(); ++i)
      CPPUNIT_ASSERT_EQUAL(path[i < 6 ? 0 : 6].actor.v, path[i].actor.v);
    CPPUNIT_ASSERT(path[0].actor != path[6].actor);
  }

  /* g0: loop { fork: 0 leaves, 1 jumps back } can return to the state it left; the repeat
   * demotes g0 below g1, so g1 runs next even if g0 had the higher priority. */
  void testPctDemotesAnActorThatMakesNoProgress() {
    PctScheduler pct(9, 1, 10);
    const std::vector<Step> both{{ActorId{0}, 0}, {ActorId{1}, 0}};
    const ActorId first = pct.pick(both).actor;
    CPPUNIT_ASSERT_EQUAL(first.v, pct.pick(both).actor.v);  // priorities are strict
    pct.demote(first);
    CPPUNIT_ASSERT_EQUAL(1 - first.v, pct.pick(both).actor.v);
    // In a walk: g0 spinning on a fork and g1 finish whatever g0's priority.
    const ToySystem spin({{fork(0)}, {write(0)}}, 1, 0);
    for (std::uint64_t seed = 0; seed < 20; ++seed) {
      const WalkResult w = pct_walk(spin, {.seed = seed, .depth = 1, .length = 4});
      CPPUNIT_ASSERT(w.outcome.has_value());
    }
  }

  void testStepBoundCutsExecutions() {
    const RandomSearchResult r =
        random_search(lost_update(), {.executions = 10, .seed = 1, .max_steps = 3});
    CPPUNIT_ASSERT_EQUAL(std::size_t{10}, r.cut);
    CPPUNIT_ASSERT(r.outcomes.empty());
    CPPUNIT_ASSERT_EQUAL(std::size_t{30}, r.steps);
    CPPUNIT_ASSERT_EQUAL(std::size_t{3}, r.longest);
  }

  void testViolationsAreGroupedByMessage() {
    ToySystem ts = lost_update();
    ts.bad = {{0, 1}};  // x0 == 1 after the first write, in every execution
    const RandomSearchResult r = random_search(ts, {.executions = 50, .seed = 4});
    CPPUNIT_ASSERT(r.outcomes.empty());
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, r.violations.size());
    CPPUNIT_ASSERT_EQUAL(std::string("x0 == 1"), r.violations[0].message);
    CPPUNIT_ASSERT_EQUAL(std::size_t{50}, r.violations[0].executions);
    CPPUNIT_ASSERT_EQUAL(std::uint64_t{0}, r.violations[0].first_execution);
  }

  void testVerdictsProveOnlyExistence() {
    const RandomSearchResult r = random_search(lost_update(), {.executions = 64, .seed = 1});
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, r.outcomes.size());  // x0=1 and x0=2
    auto judge = [&](Quantifier q, const std::string& out) {
      return evaluate_random({q, {OutcomePattern{PatternKind::exit, std::nullopt, out}}}, r);
    };
    CPPUNIT_ASSERT(judge(Quantifier::sometimes, "x0=1").status == VerdictStatus::holds);
    CPPUNIT_ASSERT(judge(Quantifier::never, "x0=1").status == VerdictStatus::violated);
    CPPUNIT_ASSERT(judge(Quantifier::always, "x0=2").status == VerdictStatus::violated);
    const Verdict unseen = judge(Quantifier::sometimes, "x0=3");
    CPPUNIT_ASSERT(unseen.status == VerdictStatus::unknown);
    CPPUNIT_ASSERT_EQUAL(std::string("exit output \"x0=3\" not seen in 64 random executions"),
                         unseen.reason);
    CPPUNIT_ASSERT(judge(Quantifier::never, "x0=3").status == VerdictStatus::unknown);
    const Verdict always_exit = evaluate_random(
        {Quantifier::always, {OutcomePattern{PatternKind::exit, std::nullopt, std::nullopt}}}, r);
    CPPUNIT_ASSERT(always_exit.status == VerdictStatus::unknown);
    CPPUNIT_ASSERT(!always_exit.outcome);
  }

  void testZeroExecutionsIsAnError() {
    CPPUNIT_ASSERT_THROW(random_search(lost_update(), {.executions = 0}), std::invalid_argument);
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(RandomSearchTest);
