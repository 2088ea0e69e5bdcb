// Partial-order reduction: independence of footprints, the choice of the ample actor, and that
// the reduced search keeps every outcome and violation with fewer states.
#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <vector>

#include "explorer/explorer.h"
#include "explorer/reduction.h"
#include "explorer/rng.h"
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

/** Runs the reduced search of `ts` in every configuration the proviso tests cover (futures
 *  reported or not, the default or the strict proviso, dfs and bfs on one and two threads)
 *  and hands each result to `check(result, futures, strict, order, threads)`. */
template <class Check>
void for_each_reduced_search(ToySystem& ts, Check check) {
  for (const bool futures : {false, true}) {
    ts.report_futures = futures;
    for (const bool strict : {false, true})
      for (const auto& [order, threads] :
           {std::pair{Order::dfs, 1u}, std::pair{Order::bfs, 1u}, std::pair{Order::bfs, 2u}})
        check(Explorer(ts, {.order = order,
                            .reduction = Reduction::ample,
                            .strict_proviso = strict,
                            .threads = threads})
                  .run(),
              futures, strict, order, threads);
  }
}

/** The persistent-set choice as reduction.h words it, with a std::map of actors and a
 *  std::set per closure: the reference PersistentSetFinder must agree with. */
std::optional<std::vector<ActorId>> reference_persistent_actors(
    std::span<const Successor> succ, const std::optional<std::vector<ActorFuture>>& futures,
    const std::function<bool(std::size_t)>& eligible) {
  std::map<ActorId, std::pair<std::size_t, std::size_t>> steps;
  for (std::size_t i = 0; i < succ.size(); ++i) {
    auto [it, added] = steps.try_emplace(succ[i].step.actor, i, i + 1);
    if (!added) it->second.second = i + 1;
  }
  if (steps.size() < 2) return std::nullopt;
  std::map<ActorId, const Footprint*> live;
  for (const auto& [a, range] : steps)
    live[a] = nullptr;
  if (futures)
    for (const ActorFuture& f : *futures)
      live[f.actor] = &f.footprint;
  auto conflicts = [](const Footprint* future, const Footprint& step) {
    return future == nullptr ? !step.accesses.empty() : conflict(*future, step);
  };
  std::optional<std::set<ActorId>> best;
  std::size_t best_steps = 0;
  for (const auto& [seed, seed_range] : steps) {
    std::set<ActorId> t{seed};
    std::vector<ActorId> work{seed};
    std::size_t n = 0;
    bool usable = true;
    while (usable && !work.empty()) {
      const ActorId x = work.back();
      work.pop_back();
      const auto it = steps.find(x);
      if (it == steps.end()) {
        usable = false;
        break;
      }
      for (std::size_t i = it->second.first; usable && i < it->second.second; ++i) {
        ++n;
        usable = !succ[i].footprint.visible && eligible(i);
        for (const auto& [q, future] : live)
          if (usable && !t.contains(q) && conflicts(future, succ[i].footprint)) {
            t.insert(q);
            work.push_back(q);
          }
      }
    }
    if (!usable || (best && n >= best_steps)) continue;
    if (std::all_of(steps.begin(), steps.end(), [&](const auto& e) { return t.contains(e.first); }))
      continue;
    best = std::move(t);
    best_steps = n;
  }
  if (!best) return std::nullopt;
  return std::vector<ActorId>(best->begin(), best->end());
}

/** A random footprint over `objects` objects: up to three accesses, sometimes visible. */
Footprint random_footprint(Rng& rng, std::uint32_t objects, bool may_be_visible) {
  Footprint f;
  const std::size_t n = rng.below(4);
  for (std::size_t k = 0; k < n; ++k)
    f.accesses.push_back(Access{static_cast<std::uint32_t>(rng.below(objects)), rng.below(2) == 0});
  f.visible = may_be_visible && rng.below(8) == 0;
  return f;
}

/** Renumbers every object o as o + 62 in `s` and `f` in one state out of three (by `n`): the
 *  same conflicts, with objects on both sides of 64, where the reduction's bit sets give way
 *  to comparing footprints (ObjectMask::wide). */
void straddle_64(int n, std::vector<Successor>& s, std::vector<ActorFuture>& f) {
  if (n % 3 != 1) return;
  for (Successor& x : s)
    for (Access& a : x.footprint.accesses)
      a.object += 62;
  for (ActorFuture& x : f)
    for (Access& a : x.footprint.accesses)
      a.object += 62;
}

/** A random state of 1-5 actors over 1-4 objects (state `n` of a series, see straddle_64):
 *  three in four enabled with 1-3 steps, every actor's future covering its enabled steps (the
 *  TransitionSystem contract). */
void random_covered_state(Rng& rng, int n, std::vector<Successor>& s, std::vector<ActorFuture>& f) {
  const std::uint32_t actors = 1 + static_cast<std::uint32_t>(rng.below(5));
  const std::uint32_t objects = 1 + static_cast<std::uint32_t>(rng.below(4));
  for (std::uint32_t a = 0; a < actors; ++a) {
    ActorFuture future{ActorId{a}, random_footprint(rng, objects, false)};
    if (rng.below(4) != 0) {
      const std::size_t steps = 1 + rng.below(3);
      for (std::uint32_t c = 0; c < steps; ++c) {
        s.push_back(succ(a, c, random_footprint(rng, objects, true)));
        for (const Access& x : s.back().footprint.accesses)
          future.footprint.accesses.push_back(x);
      }
    }
    f.push_back(std::move(future));
  }
  straddle_64(n, s, f);
}

/** Actor 0 takes one visible step (state 0 to 1); actor 1 reads object 1 and stays where it
 *  is, in either state. In state 0 no conflict joins the two, so a persistent set is not
 *  impossible; but actor 0's step is visible and actor 1's leads to a state already stored,
 *  so neither can form one. Counts the times its futures are asked for. */
class VisibleOrVisitedSystem final : public TransitionSystem {
 public:
  StateBytes initial() const override { return {std::byte{0}}; }
  void enabled(StateView s, std::vector<Step>& out) const override {
    out.clear();
    if (s[0] == std::byte{0}) out.push_back(Step{ActorId{0}, 0});
    out.push_back(Step{ActorId{1}, 0});
  }
  StateBytes apply(StateView s, const Step& step) const override {
    return {step.actor.v == 0 ? std::byte{1} : s[0]};
  }
  Footprint footprint(StateView, const Step& step) const override {
    if (step.actor.v == 0) return Footprint{{}, true};
    return Footprint{{Access{1, false}}, false};
  }
  Outcome outcome(StateView) const override { return Outcome{}; }
  bool futures(StateView, std::vector<ActorFuture>& out) const override {
    ++futures_asked;
    out = {ActorFuture{ActorId{0}, {}},
           ActorFuture{ActorId{1}, Footprint{{Access{1, false}}, false}}};
    return true;
  }
  mutable std::size_t futures_asked = 0;
};

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
  CPPUNIT_TEST(testPersistentClosureAddsActorsWhoseFutureConflicts);
  CPPUNIT_TEST(testPersistentPrefersTheSmallestClosure);
  CPPUNIT_TEST(testPersistentGivesUpOnABlockedActorInTheClosure);
  CPPUNIT_TEST(testPersistentWithoutFuturesOnlyTakesPrivateActors);
  CPPUNIT_TEST(testDisjointActorsRunOneAfterTheOther);
  CPPUNIT_TEST(testConflictingFuturesKeepTheLostUpdate);
  CPPUNIT_TEST(testRandomProgramsKeepTheirOutcomesUnderReduction);
  CPPUNIT_TEST(testProvisoRefusesAQueuedStateThatClosesACycle);
  CPPUNIT_TEST(testRandomLoopingProgramsKeepTheirOutcomesUnderEitherProviso);
  CPPUNIT_TEST(testFinderChoosesWhatTheReferenceChooses);
  CPPUNIT_TEST(testImpossibleOnlyWhereNoFuturesCouldHelp);
  CPPUNIT_TEST(testImpossibleKnowingWhichStepsAreEligible);
  CPPUNIT_TEST(testNoFuturesWhereNoActorCouldFormASet);
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

  /* a0 and a1 read x and will write it; a2 reads y. a2 alone would be smallest but is not
   * eligible; from seed a0 the closure is {a0, a1}. */
  void testPersistentClosureAddsActorsWhoseFutureConflicts() {
    const std::vector<Successor> s{succ(0, 0, kReadX), succ(1, 0, kReadX), succ(2, 0, kReadY)};
    const std::vector<ActorFuture> f{
        {ActorId{0}, kWriteX}, {ActorId{1}, kWriteX}, {ActorId{2}, kReadY}};
    auto not_a2 = [](std::size_t i) { return i != 2; };
    const auto t = persistent_actors(s, f, not_a2);
    CPPUNIT_ASSERT(t.has_value());
    CPPUNIT_ASSERT((*t == std::vector<ActorId>{ActorId{0}, ActorId{1}}));
    CPPUNIT_ASSERT((*persistent_actors(s, f, always) == std::vector<ActorId>{ActorId{2}}));
  }

  /* Seed a0 pulls in a1 (2 steps); seed a2 stays alone (1 step) and wins. */
  void testPersistentPrefersTheSmallestClosure() {
    const std::vector<Successor> s{succ(0, 0, kWriteX), succ(1, 0, kReadX), succ(2, 0, kReadY)};
    const std::vector<ActorFuture> f{
        {ActorId{0}, kWriteX}, {ActorId{1}, kReadX}, {ActorId{2}, kReadY}};
    const auto t = persistent_actors(s, f, always);
    CPPUNIT_ASSERT((*t == std::vector<ActorId>{ActorId{2}}));
  }

  /* a3 is blocked (no enabled step) but will write x: any closure that needs it is unusable. */
  void testPersistentGivesUpOnABlockedActorInTheClosure() {
    const std::vector<Successor> s{succ(0, 0, kReadX), succ(1, 0, kWriteX)};
    const std::vector<ActorFuture> f{
        {ActorId{0}, kReadX}, {ActorId{1}, kWriteX}, {ActorId{3}, kWriteX}};
    CPPUNIT_ASSERT(!persistent_actors(s, f, always));
  }

  void testPersistentWithoutFuturesOnlyTakesPrivateActors() {
    const std::vector<Successor> shared{succ(0, 0, kReadX), succ(1, 0, kReadY)};
    CPPUNIT_ASSERT(!persistent_actors(shared, std::nullopt, always));
    const std::vector<Successor> one_private{succ(0, 0, kReadX), succ(1, 0, kPrivate)};
    CPPUNIT_ASSERT((*persistent_actors(one_private, std::nullopt, always) ==
                    std::vector<ActorId>{ActorId{1}}));
  }

  /* g0: r=x; x=r+1 | g1: r=y; y=r+1
   * Unreduced: 3x3 pc pairs = 9 states. With futures, g0 runs alone (g1 never touches x), then
   * g1: 5 states in a line, 4 edges. */
  void testDisjointActorsRunOneAfterTheOther() {
    ToySystem ts({{read(0), write(0)}, {read(1), write(1)}}, 2, 0);
    const SearchResult full = Explorer(ts, {}).run();
    const SearchResult blind = Explorer(ts, {.reduction = Reduction::ample}).run();
    ts.report_futures = true;
    const SearchResult red = Explorer(ts, {.reduction = Reduction::ample}).run();
    CPPUNIT_ASSERT_EQUAL(std::size_t{9}, full.stats.states);
    CPPUNIT_ASSERT_EQUAL(std::size_t{9}, blind.stats.states);
    CPPUNIT_ASSERT_EQUAL(std::size_t{5}, red.stats.states);
    CPPUNIT_ASSERT_EQUAL(std::size_t{4}, red.stats.edges);
    CPPUNIT_ASSERT(outcomes_of(full) == outcomes_of(red));
  }

  void testConflictingFuturesKeepTheLostUpdate() {
    ToySystem ts = lost_update();
    ts.report_futures = true;
    const SearchResult red = Explorer(ts, {.reduction = Reduction::ample}).run();
    CPPUNIT_ASSERT_EQUAL(std::size_t{13}, red.stats.states);
    CPPUNIT_ASSERT((outcomes_of(red) == std::vector<Outcome>{toy_exit(1), toy_exit(2)}));
  }

  /* 300 seeded random programs of 2-3 actors over two variables and two locks: the reduced
   * searches (with and without futures, dfs and bfs, either cycle proviso) find exactly the
   * unreduced outcomes and violations, never with more states than the unreduced search. */
  void testRandomProgramsKeepTheirOutcomesUnderReduction() {
    Rng rng(20261126);
    std::size_t full_states = 0, blind_states = 0, red_states = 0;
    std::size_t strict_blind_states = 0, strict_red_states = 0;
    for (int n = 0; n < 300; ++n) {
      std::vector<std::vector<Instr>> actors(2 + rng.below(2));
      for (auto& prog : actors) {
        const std::size_t len = 1 + rng.below(4);
        while (prog.size() < len) {
          const auto v = static_cast<std::uint8_t>(rng.below(2));
          switch (rng.below(6)) {
            case 0:
              prog.push_back(local());
              break;
            case 1:
              prog.push_back(read(v));
              break;
            case 2:
              prog.push_back(write(v));
              break;
            case 3:
              prog.push_back(choose(2));
              break;
            case 4:
              prog.insert(prog.end(), {lock(0), read(v), write(v), unlock(0)});
              break;
            case 5:  // nested, in either order: may deadlock against another actor
              prog.insert(prog.end(), {lock(v), lock(1 - v), write(v), unlock(1 - v), unlock(v)});
              break;
          }
        }
      }
      ToySystem ts(actors, 2, 2);
      if (rng.below(3) == 0) ts.bad = {{0, 2}};
      for (Order order : {Order::dfs, Order::bfs}) {
        ts.report_futures = false;
        const SearchResult full = Explorer(ts, {.order = order}).run();
        const SearchResult blind =
            Explorer(ts, {.order = order, .reduction = Reduction::ample}).run();
        ts.report_futures = true;
        const SearchResult red =
            Explorer(ts, {.order = order, .reduction = Reduction::ample}).run();
        const SearchResult strict_red =
            Explorer(ts, {.order = order, .reduction = Reduction::ample, .strict_proviso = true})
                .run();
        ts.report_futures = false;
        const SearchResult strict_blind =
            Explorer(ts, {.order = order, .reduction = Reduction::ample, .strict_proviso = true})
                .run();
        for (const SearchResult* r : {&blind, &red, &strict_blind, &strict_red}) {
          CPPUNIT_ASSERT(outcomes_of(full) == outcomes_of(*r));
          CPPUNIT_ASSERT_EQUAL(full.violations.size(), r->violations.size());
          for (std::size_t i = 0; i < full.violations.size(); ++i)
            CPPUNIT_ASSERT_EQUAL(full.violations[i].message, r->violations[i].message);
          CPPUNIT_ASSERT(r->stats.states <= full.stats.states);
        }
        full_states += full.stats.states;
        blind_states += blind.stats.states;
        red_states += red.stats.states;
        strict_blind_states += strict_blind.stats.states;
        strict_red_states += strict_red.stats.states;
      }
    }
    // Pinned totals: a change here means the reduction (or the generator) changed.
    CPPUNIT_ASSERT_EQUAL(std::size_t{53234}, full_states);
    CPPUNIT_ASSERT_EQUAL(std::size_t{39448}, blind_states);
    CPPUNIT_ASSERT_EQUAL(std::size_t{25164}, red_states);
    // The strict proviso refuses a set as soon as one of its steps reaches a stored state:
    // these programs have no cycles, so what it refuses more is only lost reduction.
    CPPUNIT_ASSERT_EQUAL(std::size_t{40824}, strict_blind_states);
    CPPUNIT_ASSERT_EQUAL(std::size_t{28349}, strict_red_states);
  }

  /* g0: a private fork into a two-state loop (pc1 <-> pc2) | g1: x=1, a violation.
   * From s0 the set {g0} is taken (its steps are private): B (pc1) and C (pc2) are queued, and
   * dfs takes B first. B's only step of g0 reaches C, stored but not yet expanded: accepting it
   * would let C accept B (finished by then) in turn, a cycle of reduced sets in which g1 never
   * moves. Both provisos refuse C there, so B is expanded fully and x=1 is reached. */
  void testProvisoRefusesAQueuedStateThatClosesACycle() {
    ToySystem ts({{fork(2), jump(2), jump(1)}, {write(0)}}, 1, 0);
    ts.bad = {{0, 1}};
    for_each_reduced_search(ts, [](const SearchResult& r, bool, bool, Order, unsigned) {
      CPPUNIT_ASSERT_EQUAL(std::size_t{1}, r.violations.size());
      CPPUNIT_ASSERT_EQUAL(std::string("x0 == 1"), r.violations[0].message);
      CPPUNIT_ASSERT(r.complete());
    });
  }

  /* 400 seeded random programs of 2-3 actors whose code loops (a fork back to an earlier
   * instruction, or a jump), over two variables and two locks: with futures and without, in
   * dfs and bfs (one thread and two), under the default and the strict proviso, the reduced
   * search finds exactly the unreduced outcomes and violations. Programs whose unreduced
   * search passes 5,000 states are left out (values grow around loops); most are kept. */
  void testRandomLoopingProgramsKeepTheirOutcomesUnderEitherProviso() {
    Rng rng(20261128);
    std::size_t kept = 0, full_states = 0, relaxed_states = 0, strict_states = 0;
    std::pair<std::size_t, std::size_t> bfs_one;
    for (int n = 0; n < 400; ++n) {
      std::vector<std::vector<Instr>> actors(2 + rng.below(2));
      for (auto& prog : actors) {
        const std::size_t len = 2 + rng.below(4);
        while (prog.size() < len) {
          const auto v = static_cast<std::uint8_t>(rng.below(2));
          switch (rng.below(7)) {
            case 0:
              prog.push_back(choose(2));
              break;
            case 1:
              prog.push_back(read(v));
              break;
            case 2:
              prog.push_back(write(v));
              break;
            case 3:
              prog.insert(prog.end(), {lock(v), write(v), unlock(v)});
              break;
            case 4:
            case 5:  // loop back: fork (may leave) or jump (never leaves)
              prog.push_back(rng.below(3) == 0
                                 ? jump(static_cast<std::uint8_t>(
                                       rng.below(static_cast<std::uint32_t>(prog.size()) + 1)))
                                 : fork(static_cast<std::uint8_t>(
                                       rng.below(static_cast<std::uint32_t>(prog.size()) + 1))));
              break;
            case 6:
              prog.push_back(local());
              break;
          }
        }
      }
      ToySystem ts(actors, 2, 2);
      if (rng.below(3) == 0)
        ts.bad = {
            {static_cast<std::uint8_t>(rng.below(2)), static_cast<std::uint8_t>(1 + rng.below(2))}};
      const SearchResult full = Explorer(ts, {.max_states = 5000}).run();
      if (!full.complete()) continue;
      ++kept;
      full_states += full.stats.states;
      for_each_reduced_search(
          ts, [&](const SearchResult& r, bool futures, bool strict, Order order, unsigned threads) {
            CPPUNIT_ASSERT(r.complete());
            CPPUNIT_ASSERT(outcomes_of(full) == outcomes_of(r));
            CPPUNIT_ASSERT_EQUAL(full.violations.size(), r.violations.size());
            for (std::size_t i = 0; i < full.violations.size(); ++i)
              CPPUNIT_ASSERT_EQUAL(full.violations[i].message, r.violations[i].message);
            if (futures && order == Order::dfs)
              (strict ? strict_states : relaxed_states) += r.stats.states;
            // bfs on two threads decides as on one: the same graph.
            if (order == Order::bfs && threads == 1) bfs_one = {r.stats.states, r.stats.edges};
            if (order == Order::bfs && threads == 2)
              CPPUNIT_ASSERT((bfs_one == std::pair{r.stats.states, r.stats.edges}));
          });
    }
    CPPUNIT_ASSERT(kept >= 300);
    // Pinned totals (a change means the reduction or the generator changed).
    CPPUNIT_ASSERT_EQUAL(std::size_t{360}, kept);
    CPPUNIT_ASSERT_EQUAL(std::size_t{72380}, full_states);
    CPPUNIT_ASSERT_EQUAL(std::size_t{44924}, relaxed_states);
    CPPUNIT_ASSERT_EQUAL(std::size_t{48417}, strict_states);
  }

  /* 20000 seeded random states (1-5 enabled actors with 1-3 steps each, some blocked actors,
   * futures known for some actors or none, a random eligibility) and 70 actors (two words of
   * actor bits): one PersistentSetFinder, reused from state to state as the search reuses it,
   * chooses exactly the sets the map-and-set reference chooses. */
  void testFinderChoosesWhatTheReferenceChooses() {
    Rng rng(20261126);
    PersistentSetFinder finder;
    std::size_t chosen = 0;
    for (int n = 0; n < 20000; ++n) {
      const bool wide = n % 100 == 99;
      const std::uint32_t actors = wide ? 70 : 1 + static_cast<std::uint32_t>(rng.below(5));
      const std::uint32_t objects = 1 + static_cast<std::uint32_t>(rng.below(4));
      std::vector<Successor> s;
      std::vector<ActorFuture> f;
      for (std::uint32_t a = 0; a < actors; ++a) {
        const bool blocked = rng.below(4) == 0;
        if (!blocked) {
          const std::size_t steps = 1 + rng.below(3);
          for (std::uint32_t c = 0; c < steps; ++c)
            s.push_back(succ(a, c, random_footprint(rng, objects, true)));
        }
        if (rng.below(5) != 0) f.push_back({ActorId{a}, random_footprint(rng, objects, false)});
      }
      if (rng.below(2) == 0) std::reverse(f.begin(), f.end());  // order must not matter
      straddle_64(n, s, f);
      std::vector<char> ok(s.size());
      for (char& c : ok)
        c = rng.below(6) != 0;
      auto eligible = [&](std::size_t i) { return ok[i] != 0; };
      const std::optional<std::vector<ActorFuture>> futures =
          rng.below(4) == 0 ? std::nullopt : std::optional(f);
      const auto want = reference_persistent_actors(s, futures, eligible);
      const bool got = finder.choose(s, futures ? &*futures : nullptr, eligible);
      CPPUNIT_ASSERT_EQUAL(want.has_value(), got);
      if (got) {
        CPPUNIT_ASSERT(*want == finder.actors());
        ++chosen;
      }
    }
    // Pinned: a change here means the generator changed, and the agreement says less.
    CPPUNIT_ASSERT_EQUAL(std::size_t{4459}, chosen);
  }

  /* A search on one thread asks for futures only where some actor's steps are all invisible
     and lead to new states; the parallel bfs asks wherever a set is not impossible (its
     workers cannot look in the store). Either way the same search. */
  void testNoFuturesWhereNoActorCouldFormASet() {
    for (Order order : {Order::dfs, Order::bfs}) {
      const VisibleOrVisitedSystem ts;
      const SearchResult r = Explorer(ts, {.order = order, .reduction = Reduction::ample}).run();
      CPPUNIT_ASSERT_EQUAL(std::size_t{2}, r.stats.states);
      CPPUNIT_ASSERT_EQUAL(std::size_t{0}, r.stats.reduced);
      CPPUNIT_ASSERT_EQUAL(std::size_t{0}, ts.futures_asked);
    }
    const VisibleOrVisitedSystem parallel;
    const SearchResult p =
        Explorer(parallel, {.order = Order::bfs, .reduction = Reduction::ample, .threads = 2})
            .run();
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, p.stats.states);
    CPPUNIT_ASSERT_EQUAL(std::size_t{0}, p.stats.reduced);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, parallel.futures_asked);
  }

  /* a0 and a1 both write x now: whatever they do later, each closure holds both. a2 reading y
   * is not connected to them, so a set may exist. */
  void testImpossibleOnlyWhereNoFuturesCouldHelp() {
    CPPUNIT_ASSERT(persistent_set_impossible(
        std::vector<Successor>{succ(0, 0, kWriteX), succ(1, 0, kReadX), succ(1, 1, kReadY)}));
    CPPUNIT_ASSERT(!persistent_set_impossible(
        std::vector<Successor>{succ(0, 0, kWriteX), succ(1, 0, kReadX), succ(2, 0, kReadY)}));
    // Unconnected, but every step is visible: no closure is usable.
    CPPUNIT_ASSERT(persistent_set_impossible(
        std::vector<Successor>{succ(0, 0, kVisible), succ(1, 0, kVisible)}));
    CPPUNIT_ASSERT(!persistent_set_impossible(
        std::vector<Successor>{succ(0, 0, kVisible), succ(1, 0, kWriteX), succ(2, 0, kReadY)}));
    // {a0, a1} holds a visible step, and so does {a2}: every closure is unusable.
    const Footprint read_x_visibly{{Access{0, false}}, true};
    CPPUNIT_ASSERT(persistent_set_impossible(std::vector<Successor>{
        succ(0, 0, kWriteX), succ(1, 0, read_x_visibly), succ(2, 0, kVisible)}));
    CPPUNIT_ASSERT(persistent_set_impossible(std::vector<Successor>{succ(0, 0, kPrivate)}));

    // Random states whose futures cover the enabled steps (the TransitionSystem contract):
    // wherever persistent_set_impossible says so, the reference finds no set.
    Rng rng(20261127);
    std::size_t impossible = 0;
    for (int n = 0; n < 20000; ++n) {
      std::vector<Successor> s;
      std::vector<ActorFuture> f;
      random_covered_state(rng, n, s, f);
      if (!persistent_set_impossible(s)) continue;
      ++impossible;
      CPPUNIT_ASSERT(!reference_persistent_actors(s, f, always));
      CPPUNIT_ASSERT(!reference_persistent_actors(s, std::nullopt, always));
    }
    CPPUNIT_ASSERT_EQUAL(std::size_t{15333}, impossible);
  }

  /* Knowing the cycle proviso's answers too: a component whose steps are not all eligible
   * cannot be in a usable closure. */
  void testImpossibleKnowingWhichStepsAreEligible() {
    const std::vector<Successor> apart{succ(0, 0, kWriteX), succ(1, 0, kReadY)};
    CPPUNIT_ASSERT(!persistent_set_impossible(apart, always));
    // {a0} is out; {a1} could still form a set.
    CPPUNIT_ASSERT(!persistent_set_impossible(apart, [](std::size_t i) { return i != 0; }));
    CPPUNIT_ASSERT(persistent_set_impossible(apart, [](std::size_t) { return false; }));
    // a0 and a1 share x; a1's second step is ineligible, so {a0, a1} is out, and {a2} is
    // visible: no set.
    const std::vector<Successor> joined{succ(0, 0, kWriteX), succ(1, 0, kReadX), succ(1, 1, kReadY),
                                        succ(2, 0, kVisible)};
    CPPUNIT_ASSERT(!persistent_set_impossible(joined));
    CPPUNIT_ASSERT(persistent_set_impossible(joined, [](std::size_t i) { return i != 2; }));

    // Random states, futures covering the enabled steps, random eligibility: wherever it says
    // so, the reference finds no set with those futures and that eligibility; and it says so
    // wherever the eligibility-blind check does.
    Rng rng(20261128);
    std::size_t impossible = 0, blind = 0;
    for (int n = 0; n < 20000; ++n) {
      std::vector<Successor> s;
      std::vector<ActorFuture> f;
      random_covered_state(rng, n, s, f);
      std::vector<char> ok(s.size());
      for (char& x : ok)
        x = rng.below(4) != 0;
      const auto eligible = [&](std::size_t i) { return ok[i] != 0; };
      const bool says = persistent_set_impossible(s, eligible);
      if (persistent_set_impossible(s)) {
        ++blind;
        CPPUNIT_ASSERT(says);
      }
      if (!says) continue;
      ++impossible;
      CPPUNIT_ASSERT(!reference_persistent_actors(s, f, eligible));
      CPPUNIT_ASSERT(!reference_persistent_actors(s, std::nullopt, eligible));
    }
    CPPUNIT_ASSERT_EQUAL(std::size_t{15387}, blind);
    CPPUNIT_ASSERT_EQUAL(std::size_t{16515}, impossible);
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ReductionTest);
