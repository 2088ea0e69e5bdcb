// Expectations: which outcomes a pattern matches, the verdict of each quantifier on complete
// and bounded results, and the directive text they format to.
#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <string>

#include <fmt/format.h>

#include "explorer/expectation.h"

using namespace mapcheck::explorer;

namespace {

const Outcome kExit{OutcomeKind::exit, "", "1\n", false};
const Outcome kLeak{OutcomeKind::exit, "", "1\n", true};
const Outcome kWrites{OutcomeKind::fatal, "concurrent map writes", "", false};
const Outcome kDeadlock{OutcomeKind::deadlock, "", "", false};
const Outcome kPanic{OutcomeKind::panic, "assignment to entry in nil map", "", false};

const OutcomePattern kAnyExit{PatternKind::exit, std::nullopt, std::nullopt};
const OutcomePattern kAnyLeak{PatternKind::leak, std::nullopt, std::nullopt};
const OutcomePattern kWritesFatal{PatternKind::fatal, "concurrent map writes", std::nullopt};
const OutcomePattern kIterFatal{PatternKind::fatal, "concurrent map iteration and map write",
                                std::nullopt};
const OutcomePattern kAnyDeadlock{PatternKind::deadlock, std::nullopt, std::nullopt};

/** A result holding `outs` (sorted as the explorer sorts them), optionally cut by a bound. */
SearchResult result(std::vector<Outcome> outs, bool complete = true) {
  std::sort(outs.begin(), outs.end());
  SearchResult r;
  for (const Outcome& o : outs)
    r.outcomes.push_back(OutcomeRecord{o, 1, StateId{0}, {}});
  if (!complete) r.bounds_hit = {Bound::depth, Bound::states};
  return r;
}

Expectation expect(Quantifier q, std::vector<OutcomePattern> ps) {
  return {q, std::move(ps)};
}

}  // namespace

class ExpectationTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(ExpectationTest);
  CPPUNIT_TEST(testExitMatchesLeakingExitsButLeakOnlyLeaking);
  CPPUNIT_TEST(testOutputAndMessageMatchExactly);
  CPPUNIT_TEST(testAlwaysIsViolatedByTheFirstMismatch);
  CPPUNIT_TEST(testAlwaysUnderABoundIsUnknown);
  CPPUNIT_TEST(testAlwaysWithNoRunThatEndsIsViolated);
  CPPUNIT_TEST(testNeverIsViolatedByAReachableMatch);
  CPPUNIT_TEST(testSometimesNeedsAWitness);
  CPPUNIT_TEST(testOutcomesNeedsBothDirections);
  CPPUNIT_TEST(testWrongPatternCountIsAnInternalBug);
  CPPUNIT_TEST(testFormatsAsTheDirectiveIsWritten);
  CPPUNIT_TEST(testOverallViolationBeatsUnknownBeatsHolds);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testExitMatchesLeakingExitsButLeakOnlyLeaking() {
    CPPUNIT_ASSERT(matches(kAnyExit, kExit));
    CPPUNIT_ASSERT(matches(kAnyExit, kLeak));
    CPPUNIT_ASSERT(!matches(kAnyLeak, kExit));
    CPPUNIT_ASSERT(matches(kAnyLeak, kLeak));
    CPPUNIT_ASSERT(!matches(kAnyExit, kWrites));
    CPPUNIT_ASSERT(matches(kAnyDeadlock, kDeadlock));
    CPPUNIT_ASSERT(!matches(kAnyDeadlock, kExit));
  }

  void testOutputAndMessageMatchExactly() {
    CPPUNIT_ASSERT(matches({PatternKind::exit, std::nullopt, "1\n"}, kExit));
    CPPUNIT_ASSERT(!matches({PatternKind::exit, std::nullopt, "1"}, kExit));
    CPPUNIT_ASSERT(matches(kWritesFatal, kWrites));
    CPPUNIT_ASSERT(!matches(kIterFatal, kWrites));
    CPPUNIT_ASSERT(matches({PatternKind::fatal, std::nullopt, std::nullopt}, kWrites));
    CPPUNIT_ASSERT(!matches({PatternKind::panic, std::nullopt, std::nullopt}, kWrites));
    CPPUNIT_ASSERT(
        matches({PatternKind::panic, "assignment to entry in nil map", std::nullopt}, kPanic));
  }

  /* outcomes sorted: exit (0), fatal "concurrent map writes" (1) */
  void testAlwaysIsViolatedByTheFirstMismatch() {
    const Verdict v =
        evaluate(expect(Quantifier::always, {kWritesFatal}), result({kWrites, kExit}));
    CPPUNIT_ASSERT(v.status == VerdictStatus::violated);
    CPPUNIT_ASSERT_EQUAL(std::size_t{0}, *v.outcome);
    CPPUNIT_ASSERT_EQUAL(std::string("exit output \"1\\n\" is reachable and does not match"),
                         v.reason);
    const Verdict ok = evaluate(expect(Quantifier::always, {kWritesFatal}), result({kWrites}));
    CPPUNIT_ASSERT(ok.status == VerdictStatus::holds);
    CPPUNIT_ASSERT(!ok.outcome);
    CPPUNIT_ASSERT_EQUAL(std::string("all 1 outcomes match"), ok.reason);
  }

  void testAlwaysUnderABoundIsUnknown() {
    const Verdict v =
        evaluate(expect(Quantifier::always, {kWritesFatal}), result({kWrites}, false));
    CPPUNIT_ASSERT(v.status == VerdictStatus::unknown);
    CPPUNIT_ASSERT_EQUAL(std::string("search cut by bound (depth, states); nothing decisive found"),
                         v.reason);
    // A counterexample decides even when the search was cut.
    const Verdict cut =
        evaluate(expect(Quantifier::always, {kWritesFatal}), result({kExit}, false));
    CPPUNIT_ASSERT(cut.status == VerdictStatus::violated);
  }

  // A complete search without outcomes: every run goes on forever, so none ends as `always`
  // says; `never` holds; cut by a bound, nothing is known.
  void testAlwaysWithNoRunThatEndsIsViolated() {
    const Verdict v = evaluate(expect(Quantifier::always, {kAnyExit}), result({}));
    CPPUNIT_ASSERT(v.status == VerdictStatus::violated);
    CPPUNIT_ASSERT(!v.outcome);
    CPPUNIT_ASSERT_EQUAL(std::string("no execution ends: every run goes on forever"), v.reason);
    CPPUNIT_ASSERT(evaluate(expect(Quantifier::never, {kAnyExit}), result({})).status ==
                   VerdictStatus::holds);
    CPPUNIT_ASSERT(evaluate(expect(Quantifier::always, {kAnyExit}), result({}, false)).status ==
                   VerdictStatus::unknown);
  }

  void testNeverIsViolatedByAReachableMatch() {
    const Verdict v =
        evaluate(expect(Quantifier::never, {kAnyDeadlock}), result({kExit, kDeadlock}));
    CPPUNIT_ASSERT(v.status == VerdictStatus::violated);
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, result({kExit, kDeadlock}).outcomes.size());
    CPPUNIT_ASSERT(result({kExit, kDeadlock}).outcomes[*v.outcome].outcome == kDeadlock);
    CPPUNIT_ASSERT_EQUAL(std::string("deadlock is reachable"), v.reason);
    CPPUNIT_ASSERT(evaluate(expect(Quantifier::never, {kAnyDeadlock}), result({kExit})).status ==
                   VerdictStatus::holds);
    CPPUNIT_ASSERT(
        evaluate(expect(Quantifier::never, {kAnyDeadlock}), result({kExit}, false)).status ==
        VerdictStatus::unknown);
  }

  void testSometimesNeedsAWitness() {
    const Verdict w = evaluate(expect(Quantifier::sometimes, {kAnyLeak}), result({kExit, kLeak}));
    CPPUNIT_ASSERT(w.status == VerdictStatus::holds);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, *w.outcome);
    const Verdict none = evaluate(expect(Quantifier::sometimes, {kAnyLeak}), result({kExit}));
    CPPUNIT_ASSERT(none.status == VerdictStatus::violated);
    CPPUNIT_ASSERT_EQUAL(std::string("none of 1 outcomes match leak"), none.reason);
    CPPUNIT_ASSERT(
        evaluate(expect(Quantifier::sometimes, {kAnyLeak}), result({kExit}, false)).status ==
        VerdictStatus::unknown);
  }

  void testOutcomesNeedsBothDirections() {
    const Expectation e = expect(Quantifier::outcomes, {kAnyExit, kWritesFatal});
    CPPUNIT_ASSERT(evaluate(e, result({kExit, kWrites})).status == VerdictStatus::holds);
    const Verdict extra = evaluate(e, result({kExit, kWrites, kDeadlock}));
    CPPUNIT_ASSERT(extra.status == VerdictStatus::violated);
    CPPUNIT_ASSERT_EQUAL(std::string("deadlock is reachable and matches no pattern"), extra.reason);
    const Verdict missing = evaluate(e, result({kExit}));
    CPPUNIT_ASSERT(missing.status == VerdictStatus::violated);
    CPPUNIT_ASSERT(!missing.outcome);
    CPPUNIT_ASSERT_EQUAL(std::string("no outcome matches fatal \"concurrent map writes\""),
                         missing.reason);
    CPPUNIT_ASSERT(evaluate(e, result({kExit}, false)).status == VerdictStatus::unknown);
    CPPUNIT_ASSERT(evaluate(e, result({kExit, kWrites}, false)).status == VerdictStatus::unknown);
  }

  void testWrongPatternCountIsAnInternalBug() {
    CPPUNIT_ASSERT_THROW(evaluate(expect(Quantifier::always, {}), result({})), std::logic_error);
    CPPUNIT_ASSERT_THROW(evaluate(expect(Quantifier::never, {kAnyExit, kAnyLeak}), result({})),
                         std::logic_error);
  }

  void testFormatsAsTheDirectiveIsWritten() {
    CPPUNIT_ASSERT_EQUAL(std::string("always fatal \"concurrent map iteration and map write\""),
                         fmt::format("{}", expect(Quantifier::always, {kIterFatal})));
    CPPUNIT_ASSERT_EQUAL(
        std::string("sometimes exit output \"1\\n\""),
        fmt::format("{}", expect(Quantifier::sometimes,
                                 {{PatternKind::exit, std::nullopt, std::string("1\n")}})));
    CPPUNIT_ASSERT_EQUAL(std::string("never deadlock"),
                         fmt::format("{}", expect(Quantifier::never, {kAnyDeadlock})));
    CPPUNIT_ASSERT_EQUAL(std::string("outcomes { exit; fatal \"concurrent map writes\" }"),
                         fmt::format("{}", expect(Quantifier::outcomes, {kAnyExit, kWritesFatal})));
  }

  void testOverallViolationBeatsUnknownBeatsHolds() {
    const Verdict h{VerdictStatus::holds, std::nullopt, ""};
    const Verdict u{VerdictStatus::unknown, std::nullopt, ""};
    const Verdict v{VerdictStatus::violated, std::nullopt, ""};
    CPPUNIT_ASSERT(overall(std::vector<Verdict>{}) == VerdictStatus::holds);
    CPPUNIT_ASSERT(overall(std::vector<Verdict>{h, h}) == VerdictStatus::holds);
    CPPUNIT_ASSERT(overall(std::vector<Verdict>{h, u, h}) == VerdictStatus::unknown);
    CPPUNIT_ASSERT(overall(std::vector<Verdict>{u, v, h}) == VerdictStatus::violated);
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ExpectationTest);
