// SpinCrossCheckTest: the explorer's state and edge counts, without reduction, equal SPIN's
// on the Promela models in bench/spin/ (pinned here; checked live when spin and gcc exist).
#include <cppunit/extensions/HelperMacros.h>

#include <cstdio>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "explorer/explorer.h"
#include "tests/explorer/promela_like_system.h"

using namespace mapcheck::explorer;
using namespace mapcheck::explorer::testing;

namespace {

/** counter_race.pml: byte tmp; tmp = x; x = tmp + 1. */
PromelaLikeSystem counter_race(unsigned np) {
  Proctype inc{
      {
          {[](const ProcView&) { return true; }, [](ProcView& v) { v.locals[0] = v.globals[0]; },
           1},
          {[](const ProcView&) { return true; },
           [](ProcView& v) { v.globals[0] = static_cast<std::uint8_t>(v.locals[0] + 1); }, 2},
      },
      1};
  PromelaLikeSystem ts(std::move(inc), np, {0});
  ts.describe = [](const std::uint8_t* g) { return fmt::format("x={}", g[0]); };
  return ts;
}

/** peterson.pml (with -DBROKEN if `broken`). Globals: turn, flag[0], flag[1], ncrit. */
PromelaLikeSystem peterson(bool broken = false) {
  enum : unsigned { turn = 0, flag = 1, ncrit = 3 };
  auto always = [](const ProcView&) { return true; };
  auto other = [](const ProcView& v) { return 1 - v.pid; };
  Proctype user{{
      {always, [](ProcView& v) { v.globals[flag + v.pid] = 1; }, 1},
      {always, [](ProcView& v) { v.globals[turn] = static_cast<std::uint8_t>(v.pid); }, 2},
      {[other, broken](const ProcView& v) {
         const unsigned waits_for = broken ? v.pid : other(v);
         return v.globals[flag + other(v)] == 0 || v.globals[turn] == waits_for;
       },
       [](ProcView&) {}, 3},
      {always, [](ProcView& v) { ++v.globals[ncrit]; }, 4},
      {always, [](ProcView&) {}, 5},  // assert(ncrit == 1): checked as a state property
      {always, [](ProcView& v) { --v.globals[ncrit]; }, 6},
      {always, [](ProcView& v) { v.globals[flag + v.pid] = 0; }, 0},  // goto again
  }};
  PromelaLikeSystem ts(std::move(user), 2, {0, 0, 0, 0});
  // The assert fails iff some process is at it while ncrit != 1.
  ts.check = [](const PromelaLikeSystem& sys, StateView s) -> std::optional<std::string> {
    for (unsigned p = 0; p < sys.nr_pr(s); ++p)
      if (sys.pc_of(s, p) == 4 && sys.globals_of(s)[ncrit] != 1)
        return std::string("assertion violated (ncrit == 1)");
    return std::nullopt;
  };
  return ts;
}

/** philosophers.pml: fork[N]; d_step-take left, d_step-take right, put right, put left. */
PromelaLikeSystem philosophers(unsigned n) {
  auto right = [n](const ProcView& v) { return (v.pid + 1) % n; };
  auto always = [](const ProcView&) { return true; };
  Proctype phil{{
      {[](const ProcView& v) { return v.globals[v.pid] == 0; },
       [](ProcView& v) { v.globals[v.pid] = 1; }, 1},
      {[right](const ProcView& v) { return v.globals[right(v)] == 0; },
       [right](ProcView& v) { v.globals[right(v)] = 1; }, 2},
      {always, [right](ProcView& v) { v.globals[right(v)] = 0; }, 3},
      {always, [](ProcView& v) { v.globals[v.pid] = 0; }, 4},
  }};
  return PromelaLikeSystem(std::move(phil), n, std::vector<std::uint8_t>(n, 0));
}

/** What `pan` says (bench/spin/run-spin.sh --no-reduction). */
struct SpinCount {
  std::size_t states = 0;
  std::size_t transitions = 0;  ///< stored + matched: every edge, plus one for the initial state
  std::size_t errors = 0;       ///< invalid end states and assertion violations
};

bool spin_available() {
  return std::system("command -v spin >/dev/null 2>&1 && command -v gcc >/dev/null 2>&1") == 0;
}

/** Runs SPIN on bench/spin/`model` without reduction; nullopt if its line cannot be read. */
std::optional<SpinCount> run_spin(const std::string& model, const std::string& defines) {
  const std::string cmd = fmt::format(
      "bash '{}/bench/spin/run-spin.sh' '{}/bench/spin/{}' "
      "--no-reduction {} 2>/dev/null",
      MAPCHECK_SOURCE_DIR, MAPCHECK_SOURCE_DIR, model, defines);
  FILE* out = popen(cmd.c_str(), "r");
  if (!out) return std::nullopt;
  SpinCount c;
  const int n = std::fscanf(out, "states=%zu transitions=%zu seconds=%*f memory_mb=%*f errors=%zu",
                            &c.states, &c.transitions, &c.errors);
  const int status = pclose(out);
  if (n != 3 || status != 0) return std::nullopt;
  return c;
}

bool has_deadlock(const SearchResult& r) {
  for (const auto& rec : r.outcomes)
    if (rec.outcome.kind == OutcomeKind::deadlock) return true;
  return false;
}

}  // namespace

class SpinCrossCheckTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(SpinCrossCheckTest);
  CPPUNIT_TEST(testCounterRaceOfTwo);
  CPPUNIT_TEST(testCounterRaceOfThree);
  CPPUNIT_TEST(testPeterson);
  CPPUNIT_TEST(testBrokenPetersonViolatesTheMutexAsInSpin);
  CPPUNIT_TEST(testThreePhilosophers);
  CPPUNIT_TEST(testFourPhilosophers);
  CPPUNIT_TEST_SUITE_END();

 public:
  /* Two processes: x ends 2, or 1 when both read 0 (the lost update). */
  void testCounterRaceOfTwo() {
    const SearchResult r = cross_check(counter_race(2), "counter_race.pml", "-DNP=2",
                                       {.states = 21, .transitions = 27, .errors = 0});
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, r.outcomes.size());
    CPPUNIT_ASSERT_EQUAL(std::string("x=1"), r.outcomes[0].outcome.output);
    CPPUNIT_ASSERT_EQUAL(std::string("x=2"), r.outcomes[1].outcome.output);
  }

  /* Three processes: every final x from 1 (two updates lost) to 3. */
  void testCounterRaceOfThree() {
    const SearchResult r = cross_check(counter_race(3), "counter_race.pml", "-DNP=3",
                                       {.states = 145, .transitions = 237, .errors = 0});
    CPPUNIT_ASSERT_EQUAL(std::size_t{3}, r.outcomes.size());
    for (unsigned x = 1; x <= 3; ++x)
      CPPUNIT_ASSERT_EQUAL(fmt::format("x={}", x), r.outcomes[x - 1].outcome.output);
  }

  /* Loops forever: no terminal state, and the mutex holds. */
  void testPeterson() {
    const SearchResult r =
        cross_check(peterson(), "peterson.pml", "", {.states = 38, .transitions = 65, .errors = 0});
    CPPUNIT_ASSERT(r.outcomes.empty());
    CPPUNIT_ASSERT_EQUAL(std::size_t{0}, r.stats.terminal);
  }

  /* Waiting for one's own turn lets both in: SPIN's assert fails, our check too. Counts are
   * not compared: pan -c0 goes on past a failed assert, the explorer stops at a violation. */
  void testBrokenPetersonViolatesTheMutexAsInSpin() {
    const SearchResult r = Explorer(peterson(true), {}).run();
    CPPUNIT_ASSERT(!r.violations.empty());
    CPPUNIT_ASSERT_EQUAL(std::string("assertion violated (ncrit == 1)"), r.violations[0].message);
    if (spin_available()) {
      const std::optional<SpinCount> live = run_spin("peterson.pml", "-DBROKEN");
      CPPUNIT_ASSERT(live.has_value());
      CPPUNIT_ASSERT(live->errors > 0);
    }
  }

  /* Everyone eats, or the one deadlock where each holds its left fork. */
  void testThreePhilosophers() {
    const SearchResult r = cross_check(philosophers(3), "philosophers.pml", "-DN=3",
                                       {.states = 115, .transitions = 216, .errors = 1});
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, r.outcomes.size());
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, r.outcomes[1].terminal_states);
  }

  void testFourPhilosophers() {
    const SearchResult r = cross_check(philosophers(4), "philosophers.pml", "-DN=4",
                                       {.states = 517, .transitions = 1277, .errors = 1});
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, r.outcomes.size());
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, r.outcomes[1].terminal_states);
  }

 private:
  /** Asserts the explorer (dfs and bfs, no reduction) counts `pinned`, SPIN's figures for
   *  the model, and, when spin and gcc are on PATH, that SPIN still says so. Deadlock
   *  agrees with SPIN's errors (these models have no other error). Returns the dfs result. */
  static SearchResult cross_check(const PromelaLikeSystem& ts, const std::string& model,
                                  const std::string& defines, SpinCount pinned) {
    std::optional<SearchResult> dfs;
    for (Order order : {Order::dfs, Order::bfs}) {
      SearchResult r = Explorer(ts, {.order = order, .reduction = Reduction::none}).run();
      CPPUNIT_ASSERT(r.complete());
      CPPUNIT_ASSERT_EQUAL(pinned.states, r.stats.states);
      CPPUNIT_ASSERT_EQUAL(pinned.transitions, r.stats.edges + 1);
      CPPUNIT_ASSERT_EQUAL(pinned.errors > 0, has_deadlock(r));
      CPPUNIT_ASSERT(r.violations.empty());
      if (order == Order::dfs) dfs = std::move(r);
    }
    if (spin_available()) {
      const std::optional<SpinCount> live = run_spin(model, defines);
      CPPUNIT_ASSERT_MESSAGE("run-spin.sh failed on " + model, live.has_value());
      CPPUNIT_ASSERT_EQUAL(pinned.states, live->states);
      CPPUNIT_ASSERT_EQUAL(pinned.transitions, live->transitions);
      CPPUNIT_ASSERT_EQUAL(pinned.errors, live->errors);
    } else {
      std::cerr << "SpinCrossCheckTest: spin or gcc not on PATH; checked the pinned counts only\n";
    }
    return std::move(*dfs);
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(SpinCrossCheckTest);
