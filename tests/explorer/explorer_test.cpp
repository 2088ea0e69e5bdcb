// Explorer: exact state, edge and outcome counts on toy systems; bounds; paths; determinism
// across orders and thread counts.
#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <atomic>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "explorer/explorer.h"
#include "explorer/replay.h"
#include "explorer/rng.h"
#include "tests/explorer/hint_probe.h"
#include "tests/explorer/search_compare.h"
#include "tests/explorer/toy_system.h"

using namespace mapcheck::explorer;
using namespace mapcheck::explorer::testing;

namespace {

/** Writes every observer call as one line, to compare two searches call by call. */
class Recorder : public SearchObserver {
 public:
  std::vector<std::string> log;
  std::size_t states = 0, edges = 0, terminals = 0;
  std::vector<std::size_t> progress;
  std::vector<std::size_t> frontiers;
  void on_progress(const SearchStats& s) override {
    progress.push_back(s.expanded);
    frontiers.push_back(s.frontier);
  }
  void on_state(StateId id, StateView s) override {
    ++states;
    log.push_back(fmt::format("state {} {}", id, s.size()));
  }
  void on_edge(StateId from, StateId to, const Step& step) override {
    ++edges;
    log.push_back(fmt::format("edge {} {} {}", from, to, step));
  }
  void on_terminal(StateId id, const Outcome& o) override {
    ++terminals;
    log.push_back(fmt::format("terminal {} {}", id, o));
  }
};

SearchResult search(const TransitionSystem& ts, SearchOptions o = {}) {
  return Explorer(ts, o).run();
}

std::vector<Outcome> outcomes_of(const SearchResult& r) {
  std::vector<Outcome> v;
  for (const auto& rec : r.outcomes)
    v.push_back(rec.outcome);
  return v;
}

/** Three actors with private prefixes, shared reads and writes: a few hundred states. */
ToySystem three_writers() {
  return ToySystem({{local(), read(0), write(0), read(1)},
                    {read(0), write(1), local(), write(0)},
                    {choose(3), read(1), local(), write(1)}},
                   2, 0);
}

/** Four actors: about 5000 states whose middle bfs levels hold hundreds of states, so that
 *  a parallel search really starts several threads. */
ToySystem four_actors() {
  return ToySystem({{local(), read(0), write(0), read(1)},
                    {read(0), write(1), local(), write(0)},
                    {choose(3), read(1), local(), write(1)},
                    {read(1), choose(2), write(0)}},
                   2, 0);
}

/** five_actors: four_actors and a fifth; its widest bfs levels hold thousands of states, so a
 *  parallel bfs stores whole batches while it expands the next. */
ToySystem five_actors() {
  return ToySystem({{local(), read(0), write(0), read(1)},
                    {read(0), write(1), local(), write(0)},
                    {choose(3), read(1), local(), write(1)},
                    {read(1), choose(2), write(0)},
                    {local(), write(1), read(0)}},
                   2, 0);
}

}  // namespace

class ExplorerTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(ExplorerTest);
  CPPUNIT_TEST(testLostUpdateHasThirteenStatesAndTwoOutcomes);
  CPPUNIT_TEST(testBfsFindsTheSameGraphWithShortestPaths);
  CPPUNIT_TEST(testOutcomePathReplaysToItsOutcome);
  CPPUNIT_TEST(testDfsKeepsToTheLastActor);
  CPPUNIT_TEST(testOppositeLockOrderDeadlocks);
  CPPUNIT_TEST(testZeroPreemptionsOnlyRunsActorsToCompletion);
  CPPUNIT_TEST(testOnePreemptionFindsTheLostUpdate);
  CPPUNIT_TEST(testBoundedSearchKeepsAStateOncePerLastActor);
  CPPUNIT_TEST(testDepthBoundCutsAndSaysSo);
  CPPUNIT_TEST(testDepthBoundAtTerminalDepthIsComplete);
  CPPUNIT_TEST(testDfsReexpandsAStateReachedMoreShallowly);
  CPPUNIT_TEST(testDepthBoundedOutcomesAgreeAcrossOrders);
  CPPUNIT_TEST(testStateBoundStoresExactlyThatMany);
  CPPUNIT_TEST(testZeroTimeLimitStopsAtOnce);
  CPPUNIT_TEST(testViolationIsReportedWithPathAndNotExpanded);
  CPPUNIT_TEST(testObserverSeesEveryStateEdgeAndTerminal);
  CPPUNIT_TEST(testProgressIsReportedEveryNExpansions);
  CPPUNIT_TEST(testBfsIsIdenticalOnFourThreads);
  CPPUNIT_TEST(testFiveActorsFillWholeBatches);
  CPPUNIT_TEST(testSpentBudgetAsksOnlyForTheLastActor);
  CPPUNIT_TEST(testZeroThreadsIsRejected);
  CPPUNIT_TEST(testUnsortedStepsAreAnInternalBug);
  CPPUNIT_TEST(testTerminalInitialStateHasAnEmptyPath);
  CPPUNIT_TEST(testViolatingInitialStateIsReported);
  CPPUNIT_TEST(testOptionNamesParseBack);
  CPPUNIT_TEST(testIdsFormatForReports);
  CPPUNIT_TEST(testHeldBackStepsCutTheSearchWithoutAnOutcome);
  CPPUNIT_TEST_SUITE_END();

 public:
  /* g0: r=x; x=r+1 | g1: r=x; x=r+1
   * pcs (0,0)..(2,2): one state per pc pair except (2,1) and (1,2), which come in two register
   * values each, and (2,2), which has three: (r0,r1,x) = (0,1,2), (0,0,1), (1,0,2).
   * 1+1+1+1+1+1+2+2+3 = 13 states; 14 edges; x=1 once, x=2 twice. */
  void testLostUpdateHasThirteenStatesAndTwoOutcomes() {
    const ToySystem ts = lost_update();
    const SearchResult r = search(ts);
    CPPUNIT_ASSERT_EQUAL(std::size_t{13}, r.stats.states);
    CPPUNIT_ASSERT_EQUAL(std::size_t{14}, r.stats.edges);
    CPPUNIT_ASSERT_EQUAL(std::size_t{3}, r.stats.terminal);
    CPPUNIT_ASSERT_EQUAL(std::size_t{13}, r.stats.expanded);
    CPPUNIT_ASSERT_EQUAL(std::size_t{4}, r.stats.max_depth);
    CPPUNIT_ASSERT(r.complete());
    CPPUNIT_ASSERT((outcomes_of(r) == std::vector<Outcome>{toy_exit(1), toy_exit(2)}));
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, r.outcomes[0].terminal_states);
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, r.outcomes[1].terminal_states);
    CPPUNIT_ASSERT_EQUAL(std::string("states 13 edges 14 terminal 3"), fmt::format("{}", r.stats));
  }

  void testBfsFindsTheSameGraphWithShortestPaths() {
    const ToySystem ts = lost_update();
    const SearchResult r = search(ts, {.order = Order::bfs});
    CPPUNIT_ASSERT_EQUAL(std::size_t{13}, r.stats.states);
    CPPUNIT_ASSERT_EQUAL(std::size_t{14}, r.stats.edges);
    CPPUNIT_ASSERT((outcomes_of(r) == std::vector<Outcome>{toy_exit(1), toy_exit(2)}));
    for (const auto& rec : r.outcomes)
      CPPUNIT_ASSERT_EQUAL(std::size_t{4}, rec.path.size());
  }

  void testOutcomePathReplaysToItsOutcome() {
    const ToySystem ts = three_writers();
    for (Order order : {Order::dfs, Order::bfs}) {
      const SearchResult r = search(ts, {.order = order});
      CPPUNIT_ASSERT(r.outcomes.size() > 1);
      for (const auto& rec : r.outcomes) {
        const Replay rp = replay(ts, rec.path);
        CPPUNIT_ASSERT(!rp.rejected);
        std::vector<Step> steps;
        ts.enabled(rp.states.back(), steps);
        CPPUNIT_ASSERT(steps.empty());
        CPPUNIT_ASSERT(ts.outcome(rp.states.back()) == rec.outcome);
      }
    }
  }

  /* dfs starts with the lowest actor and then keeps to the actor that moved last, so each
   * first-found path switches only where it must: x=2 by 0 0 1 1 (no preemption), and x=1,
   * found once g1 has read after g0's read, by 0 1 1 0 (one preemption). */
  void testDfsKeepsToTheLastActor() {
    const ToySystem ts = lost_update();
    const SearchResult r = search(ts);
    const Path seq{{ActorId{0}, 0}, {ActorId{0}, 0}, {ActorId{1}, 0}, {ActorId{1}, 0}};
    const Path lost{{ActorId{0}, 0}, {ActorId{1}, 0}, {ActorId{1}, 0}, {ActorId{0}, 0}};
    CPPUNIT_ASSERT(r.find(toy_exit(2))->path == seq);
    CPPUNIT_ASSERT(r.find(toy_exit(1))->path == lost);
  }

  /* g0: lock A; lock B; unlock B; unlock A | g1: lock B; lock A; unlock A; unlock B
   * -> exit, or deadlock when each holds its first lock. */
  void testOppositeLockOrderDeadlocks() {
    const ToySystem ts(
        {{lock(0), lock(1), unlock(1), unlock(0)}, {lock(1), lock(0), unlock(0), unlock(1)}}, 0, 2);
    const SearchResult r = search(ts);
    const Outcome deadlock{OutcomeKind::deadlock, "", "", false};
    const Outcome exit{OutcomeKind::exit, "", "", false};
    CPPUNIT_ASSERT((outcomes_of(r) == std::vector<Outcome>{exit, deadlock}));
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, r.find(deadlock)->terminal_states);
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, r.find(deadlock)->path.size());
  }

  /* With no preemption allowed, the first actor to move runs to its end: x=2 only, and the
   * search says it was bounded. */
  void testZeroPreemptionsOnlyRunsActorsToCompletion() {
    const ToySystem ts = lost_update();
    const SearchResult r = search(ts, {.max_preemptions = 0});
    CPPUNIT_ASSERT((outcomes_of(r) == std::vector<Outcome>{toy_exit(2)}));
    CPPUNIT_ASSERT((r.bounds_hit == std::vector<Bound>{Bound::preemptions}));
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, r.outcomes[0].terminal_states);
  }

  /* g0: r=x | (preempt) g1: r=x; x=r+1 | g0: x=r+1 -> x=1 needs exactly one preemption. */
  void testOnePreemptionFindsTheLostUpdate() {
    const ToySystem ts = lost_update();
    const SearchResult r = search(ts, {.max_preemptions = 1});
    CPPUNIT_ASSERT((outcomes_of(r) == std::vector<Outcome>{toy_exit(1), toy_exit(2)}));
    const SearchResult all = search(ts, {.max_preemptions = 2});
    CPPUNIT_ASSERT(all.complete());
  }

  /* Under a preemption bound a state is kept once per last actor, with the fewest preemptions
   * seen (explored again when reached with fewer): the 13 states of the lost update become
   * 15, since (1,1) and the x=1 end state are each reached by both actors. */
  void testBoundedSearchKeepsAStateOncePerLastActor() {
    const ToySystem ts = lost_update();
    for (Order order : {Order::dfs, Order::bfs}) {
      const SearchResult r = search(ts, {.order = order, .max_preemptions = 2});
      CPPUNIT_ASSERT_EQUAL(std::size_t{15}, r.stats.states);
      CPPUNIT_ASSERT(r.complete());
      CPPUNIT_ASSERT_EQUAL(std::size_t{1}, count_preemptions(ts, r.find(toy_exit(1))->path));
    }
  }

  /* Depth 2 holds the pcs (0,0) (1,0) (0,1) (2,0) (1,1) (0,2): 6 states, no terminal. */
  void testDepthBoundCutsAndSaysSo() {
    const ToySystem ts = lost_update();
    for (Order order : {Order::dfs, Order::bfs}) {
      const SearchResult r = search(ts, {.order = order, .max_depth = 2});
      CPPUNIT_ASSERT_EQUAL(std::size_t{6}, r.stats.states);
      CPPUNIT_ASSERT(r.outcomes.empty());
      CPPUNIT_ASSERT((r.bounds_hit == std::vector<Bound>{Bound::depth}));
      CPPUNIT_ASSERT_EQUAL(std::size_t{4}, r.stats.steps_bounded);
    }
  }

  void testDepthBoundAtTerminalDepthIsComplete() {
    const ToySystem ts = lost_update();
    const SearchResult r = search(ts, {.max_depth = 4});
    CPPUNIT_ASSERT(r.complete());
    CPPUNIT_ASSERT_EQUAL(std::size_t{13}, r.stats.states);
  }

  /* g0: pc0 fork -> pc1 or pc3; pc1 jump 2; pc2 jump 4; pc3 jump 4; pc4 local.
   * dfs takes choice 0 first and reaches pc4 at depth 3, where max_depth 3 cuts it; the
   * choice-1 branch reaches pc4 at depth 2, so pc4 is expanded again and its end is found:
   * nothing stays cut, so the search is complete. */
  void testDfsReexpandsAStateReachedMoreShallowly() {
    const ToySystem ts({{fork(3), jump(2), jump(4), jump(4), local()}}, 0, 0);
    const SearchResult r = search(ts, {.max_depth = 3});
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, r.outcomes.size());
    CPPUNIT_ASSERT_EQUAL(std::size_t{6}, r.stats.states);
    CPPUNIT_ASSERT_EQUAL(std::size_t{7}, r.stats.expanded);
    CPPUNIT_ASSERT(r.complete());
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, r.stats.terminal);
    // One less and pc5 is out of reach: cut for good.
    const SearchResult cut = search(ts, {.max_depth = 2});
    CPPUNIT_ASSERT((cut.bounds_hit == std::vector<Bound>{Bound::depth}));
    CPPUNIT_ASSERT(cut.outcomes.empty());
  }

  /* bfs reaches exactly the states within max_depth; dfs and fewest-preemptions must re-expand
   * states they first reached too deep to find the same outcomes, on 150 seeded programs with
   * private branches (fork, jump) that make paths of different lengths meet. */
  void testDepthBoundedOutcomesAgreeAcrossOrders() {
    Rng rng(99);
    for (int n = 0; n < 150; ++n) {
      std::vector<std::vector<Instr>> actors(2);
      for (auto& prog : actors) {
        const std::size_t len = 2 + rng.below(4);
        for (std::size_t pc = 0; pc < len; ++pc) {
          const auto v = static_cast<std::uint8_t>(rng.below(2));
          const auto ahead = static_cast<std::uint8_t>(pc + 1 + rng.below(len - pc));
          switch (rng.below(4)) {
            case 0:
              prog.push_back(fork(ahead));
              break;
            case 1:
              prog.push_back(read(v));
              break;
            case 2:
              prog.push_back(write(v));
              break;
            case 3:
              prog.push_back(jump(ahead));
              break;
          }
        }
      }
      const ToySystem ts(actors, 2, 0);
      for (std::uint32_t depth = 2; depth <= 6; depth += 2) {
        const auto bfs = search(ts, {.order = Order::bfs, .max_depth = depth});
        const auto dfs = search(ts, {.order = Order::dfs, .max_depth = depth});
        const auto few = search(ts, {.order = Order::fewest_preemptions, .max_depth = depth});
        CPPUNIT_ASSERT(outcomes_of(bfs) == outcomes_of(dfs));
        CPPUNIT_ASSERT(outcomes_of(bfs) == outcomes_of(few));
        CPPUNIT_ASSERT(bfs.bounds_hit == dfs.bounds_hit);
        // fewest-preemptions keys states by their last actor too: a state can stay cut under
        // one last actor though it was expanded under another, so it may say "depth" more often.
        CPPUNIT_ASSERT(bfs.complete() || !few.complete());
      }
    }
  }

  void testStateBoundStoresExactlyThatMany() {
    const ToySystem ts = lost_update();
    const SearchResult r = search(ts, {.max_states = 5});
    CPPUNIT_ASSERT_EQUAL(std::size_t{5}, r.stats.states);
    CPPUNIT_ASSERT((r.bounds_hit == std::vector<Bound>{Bound::states}));
    const SearchResult enough = search(ts, {.max_states = 13});
    CPPUNIT_ASSERT(enough.complete());
  }

  void testZeroTimeLimitStopsAtOnce() {
    const ToySystem ts = lost_update();
    const SearchResult r = search(ts, {.time_limit = std::chrono::milliseconds{0}});
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, r.stats.states);
    CPPUNIT_ASSERT_EQUAL(std::size_t{0}, r.stats.expanded);
    CPPUNIT_ASSERT((r.bounds_hit == std::vector<Bound>{Bound::time}));
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, r.stats.frontier);
    const SearchResult par =
        search(ts, {.order = Order::bfs, .time_limit = std::chrono::milliseconds{0}, .threads = 2});
    CPPUNIT_ASSERT_EQUAL(std::size_t{0}, par.stats.expanded);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, par.stats.frontier);
    CPPUNIT_ASSERT((par.bounds_hit == std::vector<Bound>{Bound::time}));
  }

  /* x reaches 2 only in the two terminal states (r0,r1) = (0,1) and (1,0): both violate
   * "x0 == 2", are not expanded, and so x=1 is the only outcome left. */
  void testViolationIsReportedWithPathAndNotExpanded() {
    ToySystem ts = lost_update();
    ts.bad = {{0, 2}};
    const SearchResult r = search(ts);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, r.violations.size());
    CPPUNIT_ASSERT_EQUAL(std::string("x0 == 2"), r.violations[0].message);
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, r.violations[0].states);
    CPPUNIT_ASSERT_EQUAL(std::size_t{4}, r.violations[0].path.size());
    CPPUNIT_ASSERT((outcomes_of(r) == std::vector<Outcome>{toy_exit(1)}));
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, r.stats.terminal);
  }

  void testObserverSeesEveryStateEdgeAndTerminal() {
    const ToySystem ts = three_writers();
    Explorer ex(ts, {});
    Recorder rec;
    ex.add_observer(rec);
    const SearchResult r = ex.run();
    CPPUNIT_ASSERT_EQUAL(r.stats.states, rec.states);
    CPPUNIT_ASSERT_EQUAL(r.stats.edges, rec.edges);
    CPPUNIT_ASSERT_EQUAL(r.stats.terminal, rec.terminals);
    CPPUNIT_ASSERT_EQUAL(std::string("state s0 8"), rec.log.front());
    CPPUNIT_ASSERT(rec.progress.empty());
  }

  void testProgressIsReportedEveryNExpansions() {
    const ToySystem ts = lost_update();
    Explorer ex(ts, {.progress_every = 5});
    Recorder rec;
    ex.add_observer(rec);
    ex.run();
    CPPUNIT_ASSERT((rec.progress == std::vector<std::size_t>{5, 10}));
  }

  void testBfsIsIdenticalOnFourThreads() {
    const std::optional<std::uint32_t> bounds[] = {std::nullopt, 3};
    for (const ToySystem& ts : {four_actors(), five_actors()})
      for (Reduction red : {Reduction::none, Reduction::ample})
        for (const auto& bound : bounds)
          check_bfs_on_threads(ts, red, bound);
  }

  // One bfs on one thread, one on four: the same stats, the same observer calls in the same
  // order, the same outcomes and paths.
  void check_bfs_on_threads(const ToySystem& ts, Reduction red,
                            std::optional<std::uint32_t> bound) {
    Recorder one, four;
    Explorer a(ts, {.order = Order::bfs,
                    .reduction = red,
                    .max_preemptions = bound,
                    .threads = 1,
                    .progress_every = 1});
    Explorer b(ts, {.order = Order::bfs,
                    .reduction = red,
                    .max_preemptions = bound,
                    .threads = 4,
                    .progress_every = 1});
    a.add_observer(one);
    b.add_observer(four);
    const SearchResult ra = a.run();
    const SearchResult rb = b.run();
    CPPUNIT_ASSERT(ra.stats.states > 1000);
    CPPUNIT_ASSERT(ra.stats == rb.stats);
    CPPUNIT_ASSERT(one.log == four.log);
    CPPUNIT_ASSERT(one.progress == four.progress);
    CPPUNIT_ASSERT(outcomes_of(ra) == outcomes_of(rb));
    for (std::size_t i = 0; i < ra.outcomes.size(); ++i)
      CPPUNIT_ASSERT(ra.outcomes[i].path == rb.outcomes[i].path);
  }

  // five_actors' widest bfs level holds more than four batches (of 512 states, kBfsBatch):
  // a parallel bfs takes the next batch while it stores one, and the result above is the same.
  void testFiveActorsFillWholeBatches() {
    const ToySystem ts = five_actors();
    Recorder rec;
    Explorer ex(ts, {.order = Order::bfs, .progress_every = 1});
    ex.add_observer(rec);
    ex.run();
    CPPUNIT_ASSERT(*std::max_element(rec.frontiers.begin(), rec.frontiers.end()) > 4 * 512);
  }

  /* Once a state's preemption budget is spent, an unreduced search asks the system for its
   * last actor's successors alone (expand_without_preempting). Every search must come out as
   * if the system had returned all of them: same stats (steps_bounded counts the steps left
   * out), observer calls, bounds, outcomes and paths, in every order and on four threads. */
  void testSpentBudgetAsksOnlyForTheLastActor() {
    std::size_t asked = 0, left_out = 0;
    for (const ToySystem& ts : {three_writers(), four_actors()})
      for (Order order : {Order::dfs, Order::bfs, Order::fewest_preemptions})
        for (std::uint32_t bound : {0u, 1u, 2u})
          for (std::uint32_t threads : {1u, 4u}) {
            if (threads > 1 && order != Order::bfs) continue;
            const SearchOptions o{.order = order,
                                  .reduction = Reduction::none,
                                  .max_preemptions = bound,
                                  .threads = threads,
                                  .progress_every = 1};
            const HintProbe hinted(ts, false), all(ts, true);
            Recorder rh, ra;
            Explorer eh(hinted, o), ea(all, o);
            eh.add_observer(rh);
            ea.add_observer(ra);
            const SearchResult h = eh.run(), a = ea.run();
            const std::string what =
                fmt::format("{} bound {} threads {}", order_name(order), bound, threads);
            assert_same_search(a, h, what);
            CPPUNIT_ASSERT_MESSAGE(what, ra.log == rh.log);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(what, std::size_t{0}, all.calls.load());
            asked += hinted.calls;
            left_out += hinted.left_out;
          }
    // The hint was given, and the steps it let the system skip were many.
    CPPUNIT_ASSERT(asked > 1000);
    CPPUNIT_ASSERT(left_out > 1000);
    // With the reduction every footprint is needed: the hint is never given.
    const ToySystem ts = three_writers();
    const HintProbe probe(ts, false);
    search(probe, {.reduction = Reduction::ample, .max_preemptions = 0});
    CPPUNIT_ASSERT_EQUAL(std::size_t{0}, probe.calls.load());
  }

  void testZeroThreadsIsRejected() {
    const ToySystem ts = lost_update();
    CPPUNIT_ASSERT_THROW(Explorer(ts, {.threads = 0}), std::invalid_argument);
  }

  void testUnsortedStepsAreAnInternalBug() {
    /** The lost update, with its enabled steps listed highest actor first. */
    class Reversed : public ToySystem {
     public:
      Reversed() : ToySystem(lost_update()) {}
      void enabled(StateView s, std::vector<Step>& out) const override {
        ToySystem::enabled(s, out);
        std::reverse(out.begin(), out.end());
      }
    };
    const Reversed ts;
    CPPUNIT_ASSERT_THROW(search(ts), std::logic_error);
    CPPUNIT_ASSERT_THROW(search(ts, {.order = Order::bfs, .threads = 2}), std::logic_error);
  }

  /* One actor with nothing to do: s0 is terminal, exit with x0=0, reached by no step. */
  void testTerminalInitialStateHasAnEmptyPath() {
    const ToySystem ts({{}}, 1, 0);
    const SearchResult r = search(ts);
    CPPUNIT_ASSERT((outcomes_of(r) == std::vector<Outcome>{toy_exit(0)}));
    CPPUNIT_ASSERT(r.outcomes[0].path.empty());
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, r.stats.states);
    CPPUNIT_ASSERT_EQUAL(std::size_t{0}, r.stats.edges);
    CPPUNIT_ASSERT(r.complete());
  }

  void testViolatingInitialStateIsReported() {
    ToySystem ts = lost_update();
    ts.bad = {{0, 0}};
    const SearchResult r = search(ts);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, r.violations.size());
    CPPUNIT_ASSERT(r.violations[0].path.empty());
    CPPUNIT_ASSERT(r.outcomes.empty());
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, r.stats.states);
  }

  void testIdsFormatForReports() {
    CPPUNIT_ASSERT_EQUAL(std::string("s3"), fmt::format("{}", StateId{3}));
    CPPUNIT_ASSERT_EQUAL(std::string("a1"), fmt::format("{}", ActorId{1}));
    CPPUNIT_ASSERT_EQUAL(std::string("1/2"), fmt::format("{}", Step{ActorId{1}, 2}));
  }

  /* lost_update with a1's write held back (as mapcheck holds a call beyond its call-depth
   * bound): a0: read x0; write x0 | a1: read x0; [write x0 held]. Every run ends with a1 held,
   * so no state is terminal; the 4 states where a1 waits at its write (a0 at pc 0, 1, or 2 with
   * a1 having read 0 or 1) each count one bounded step, the same under every order. */
  void testHeldBackStepsCutTheSearchWithoutAnOutcome() {
    class HeldWrite : public ToySystem {
     public:
      HeldWrite() : ToySystem(lost_update()) {}
      void enabled(StateView s, std::vector<Step>& out) const override {
        ToySystem::enabled(s, out);
        std::erase_if(out, [&](const Step& st) { return st.actor.v == 1 && held(s); });
      }
      std::size_t held_back(StateView s) const override { return held(s) ? 1 : 0; }

     private:
      static bool held(StateView s) { return s[2] == std::byte{1}; }  // a1's pc
    };
    const HeldWrite ts;
    for (const SearchOptions& o :
         {SearchOptions{}, SearchOptions{.order = Order::bfs, .threads = 2},
          SearchOptions{.max_depth = 10}, SearchOptions{.reduction = Reduction::ample}}) {
      const SearchResult r = search(ts, o);
      CPPUNIT_ASSERT(r.outcomes.empty());
      CPPUNIT_ASSERT_EQUAL(std::size_t{0}, r.stats.terminal);
      CPPUNIT_ASSERT_EQUAL(std::size_t{4}, r.stats.steps_bounded);
      CPPUNIT_ASSERT((r.bounds_hit == std::vector<Bound>{Bound::call_depth}));
    }
    CPPUNIT_ASSERT_EQUAL(std::string("call_depth"), std::string(bound_name(Bound::call_depth)));
  }

  void testOptionNamesParseBack() {
    CPPUNIT_ASSERT(parse_order("bfs") == Order::bfs);
    CPPUNIT_ASSERT(parse_order(order_name(Order::dfs)) == Order::dfs);
    CPPUNIT_ASSERT(!parse_order("BFS"));
    CPPUNIT_ASSERT(parse_reduction("ample") == Reduction::ample);
    CPPUNIT_ASSERT(parse_reduction("none") == Reduction::none);
    CPPUNIT_ASSERT(!parse_reduction("por"));
    CPPUNIT_ASSERT_EQUAL(std::string("preemptions"), std::string(bound_name(Bound::preemptions)));
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ExplorerTest);
