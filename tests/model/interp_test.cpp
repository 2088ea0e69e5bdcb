// Interpreter: Go semantics of spec programs run through the whole front end (parse, check,
// lower) and explored exhaustively: closures by reference, defer order, recover, nil maps,
// runtime panics, exit semantics, and the outcome sets of racing map writers.
#include <cppunit/extensions/HelperMacros.h>

#include "tests/model/interp_driver.h"

using namespace mapcheck;
using mapcheck::testing::compile;
using mapcheck::testing::config;
using mapcheck::testing::explore_all;
using model::Grain;

namespace {

std::set<std::string> outcomes(std::string_view src, Grain g = Grain::phase) {
  return explore_all(compile(src), config(g)).outcomes;
}

std::set<std::string> one(std::string s) {
  return {std::move(s)};
}

}  // namespace

class InterpTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(InterpTest);
  CPPUNIT_TEST(testHelloPrintsAndExits);
  CPPUNIT_TEST(testArithmeticWrapsAndFormats);
  CPPUNIT_TEST(testClosureCapturesByReference);
  CPPUNIT_TEST(testDeferRunsLastInFirstOutWithArgsEvaluatedAtDefer);
  CPPUNIT_TEST(testRecoverStopsPanicAndFunctionReturnsNormally);
  CPPUNIT_TEST(testRecoverOutsideDeferredCallReturnsNil);
  CPPUNIT_TEST(testUnrecoveredPanicEndsProgram);
  CPPUNIT_TEST(testPanicOfDurationPrintsItsString);
  CPPUNIT_TEST(testDurationPrintsThroughItsStringMethod);
  CPPUNIT_TEST(testMapFormatsNameItsType);
  CPPUNIT_TEST(testNilMapAssignmentIsRecoverablePanic);
  CPPUNIT_TEST(testNilMapReadsGiveZeroValues);
  CPPUNIT_TEST(testDivideByZeroPanics);
  CPPUNIT_TEST(testMapOperationsSingleGoroutine);
  CPPUNIT_TEST(testMapPrintsSortedByKey);
  CPPUNIT_TEST(testRangeVisitsEveryKeyInSomeOrder);
  CPPUNIT_TEST(testMainReturningKillsOtherGoroutines);
  CPPUNIT_TEST(testTwoWritersAtPhaseGrainCanHitConcurrentMapWrites);
  CPPUNIT_TEST(testTwoWritersAtOpGrainAlwaysExit);
  CPPUNIT_TEST(testLostUpdateOnCapturedCounter);
  CPPUNIT_TEST(testSelectEmptyInMainDeadlocks);
  CPPUNIT_TEST(testBlockedGoroutineAtExitIsLeak);
  CPPUNIT_TEST(testSpinLoopTerminatesExploration);
  CPPUNIT_TEST(testNamedResultChangedByDeferredClosure);
  CPPUNIT_TEST(testPerIterationLoopVariables);
  CPPUNIT_TEST(testSwitchAndLoops);
  CPPUNIT_TEST(testPanicInOtherGoroutineEndsProgram);
  CPPUNIT_TEST(testRepanicInDeferredCallReplacesMessage);
  CPPUNIT_TEST(testDeferRecoverDirectlyDoesNotRecover);
  CPPUNIT_TEST(testLongLocalComputationIsCutIntoLocalSteps);
  CPPUNIT_TEST(testEndlessSpawningHasFinitelyManyStates);
  CPPUNIT_TEST(testCallBeyondTheCallDepthBoundIsHeld);
  CPPUNIT_TEST(testDeferredCallBeyondTheCallDepthBoundIsHeld);
  CPPUNIT_TEST(testRecursionWithinTheCallDepthBoundIsUnchanged);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testHelloPrintsAndExits() {
    CPPUNIT_ASSERT(one("exit \"hello 42 true\\n\"") == outcomes(R"(package main
import "fmt"
func main() { fmt.Println("hello", 42, true) }
)"));
  }

  void testArithmeticWrapsAndFormats() {
    CPPUNIT_ASSERT(one("exit \"-9223372036854775808 -3 -1 abc 7\\n7|x\\n\"") ==
                   outcomes(R"(package main
import "fmt"
func main() {
	x := 9223372036854775807
	x++
	a, b := -7, 2
	s := "a" + "b"
	s += "c"
	fmt.Println(x, a/b, a%b, s, 1<<3-1)
	fmt.Printf("%d|%s\n", len("1234567"), "x")
}
)"));
  }

  void testClosureCapturesByReference() {
    CPPUNIT_ASSERT(one("exit \"3 3\\n\"") == outcomes(R"(package main
import "fmt"
func main() {
	n := 1
	inc := func() { n++ }
	inc()
	inc()
	get := func() int { return n }
	fmt.Println(n, get())
}
)"));
  }

  void testDeferRunsLastInFirstOutWithArgsEvaluatedAtDefer() {
    CPPUNIT_ASSERT(one("exit \"body\\n2 x=2\\n1 x=1\\n0 x=0\\n\"") == outcomes(R"(package main
import "fmt"
func main() {
	x := 0
	for i := 0; i < 3; i++ {
		defer fmt.Println(i, fmt.Sprintf("x=%d", x))
		x++
	}
	fmt.Println("body")
}
)"));
  }

  void testRecoverStopsPanicAndFunctionReturnsNormally() {
    CPPUNIT_ASSERT(one("exit \"recovered: boom\\nafter 0\\n\"") == outcomes(R"(package main
import "fmt"
func f() int {
	defer func() {
		if r := recover(); r != nil {
			fmt.Println("recovered:", r)
		}
	}()
	panic("boom")
}
func main() {
	v := f()
	fmt.Println("after", v)
}
)"));
  }

  void testRecoverOutsideDeferredCallReturnsNil() {
    CPPUNIT_ASSERT(one("panic \"boom\" \"<nil>\\n\"") == outcomes(R"(package main
import "fmt"
func helper() { fmt.Println(recover()) }
func main() {
	defer func() { helper() }()
	panic("boom")
}
)"));
  }

  void testUnrecoveredPanicEndsProgram() {
    CPPUNIT_ASSERT(one("panic \"42\" \"deferred\\n\"") == outcomes(R"(package main
import "fmt"
func main() {
	defer fmt.Println("deferred")
	panic(42)
	fmt.Println("unreachable")
}
)"));
  }

  // printpanicval after preprintpanics: a Stringer prints String(), so Go says `panic: 2s`.
  void testPanicOfDurationPrintsItsString() {
    CPPUNIT_ASSERT(one("panic \"2s\" \"\"") == outcomes(R"(package main
import "time"
func main() {
	panic(2 * time.Second)
}
)"));
    CPPUNIT_ASSERT(one("panic \"1m30s\" \"\"") == outcomes(R"(package main
import "time"
func main() {
	defer panic(90 * time.Second)
}
)"));
  }

  // time.Duration is a Stringer: %v, %s and Println print String(), %d the nanoseconds;
  // the static type reaches the formatter although the register holds an int.
  void testDurationPrintsThroughItsStringMethod() {
    CPPUNIT_ASSERT(one("exit \"1s 1.5s 2m0s 0s\\n3000000000 100ms time.Duration\\n1h0m0s\\n\"") ==
                   outcomes(R"(package main
import (
	"fmt"
	"time"
)
func main() {
	defer fmt.Println(time.Hour)
	d := 1500 * time.Millisecond
	fmt.Println(time.Second, d, 2*time.Minute, time.Duration(0))
	fmt.Printf("%d %v %T\n", 3*time.Second, 100*time.Millisecond, d)
}
)"));
  }

  // %T of a map names its key and element types, also from an `any` (from the map's hmap);
  // %#v is Go syntax; %+v is %v (plusV only names struct fields).
  void testMapFormatsNameItsType() {
    CPPUNIT_ASSERT(
        one("exit \"map[string]int map[string]int map[string]int{\\\"a\\\":1, \\\"bb\\\":255} "
            "map[a:1 bb:255]\\n\"") == outcomes(R"(package main
import "fmt"
func main() {
	m := map[string]int{"a": 1, "bb": 255}
	var a any = m
	fmt.Printf("%T %T %#v %+v\n", m, a, m, m)
}
)"));
  }

  void testNilMapAssignmentIsRecoverablePanic() {
    CPPUNIT_ASSERT(one("exit \"assignment to entry in nil map\\n\"") == outcomes(R"(package main
import "fmt"
func main() {
	defer func() { fmt.Println(recover()) }()
	var m map[string]int
	m["a"] = 1
}
)"));
    CPPUNIT_ASSERT(one("panic \"assignment to entry in nil map\" \"\"") == outcomes(R"(package main
func main() {
	var m map[int]int
	m[1] = 1
}
)"));
  }

  void testNilMapReadsGiveZeroValues() {
    CPPUNIT_ASSERT(one("exit \"0 0 false  0 map[]\\n\"") == outcomes(R"(package main
import "fmt"
func main() {
	var m map[int]int
	var s map[int]string
	v, ok := m[3]
	delete(m, 3)
	for k := range m {
		fmt.Println(k)
	}
	fmt.Println(m[1], v, ok, s[2], len(m), m)
}
)"));
  }

  void testDivideByZeroPanics() {
    CPPUNIT_ASSERT(one("panic \"runtime error: integer divide by zero\" \"\"") ==
                   outcomes(R"(package main
import "fmt"
func main() {
	z := 0
	fmt.Println(1 / z)
}
)"));
  }

  void testMapOperationsSingleGoroutine() {
    CPPUNIT_ASSERT(one("exit \"3 10 true 0 false 2 11\\n\"") == outcomes(R"(package main
import "fmt"
func main() {
	m := map[int]int{1: 10, 2: 20}
	m[3] = 30
	n := len(m)
	v, ok := m[1]
	w, ok2 := m[9]
	delete(m, 3)
	m[1] += 1
	fmt.Println(n, v, ok, w, ok2, len(m), m[1])
}
)"));
  }

  void testMapPrintsSortedByKey() {
    CPPUNIT_ASSERT(one("exit \"map[a:1 b:2 c:3]\\n\"") == outcomes(R"(package main
import "fmt"
func main() {
	m := make(map[string]int)
	m["c"] = 3
	m["a"] = 1
	m["b"] = 2
	fmt.Println(m)
}
)"));
  }

  void testRangeVisitsEveryKeyInSomeOrder() {
    // Iteration order is a choice (start bucket, offset): both orders of two keys appear,
    // and the sum is always 3.
    CPPUNIT_ASSERT((std::set<std::string>{"exit \"12 3\\n\"", "exit \"21 3\\n\""}) ==
                   outcomes(R"(package main
import "fmt"
func main() {
	m := map[int]int{1: 1, 2: 2}
	s := ""
	sum := 0
	for k, v := range m {
		s += fmt.Sprint(k)
		sum += v
	}
	fmt.Println(s, sum)
}
)"));
  }

  void testMainReturningKillsOtherGoroutines() {
    // g1: go worker; return  |  g2: print "worker" -- main may exit before or after it.
    CPPUNIT_ASSERT((std::set<std::string>{"exit \"\"", "exit \"worker\\n\""}) ==
                   outcomes(R"(package main
import "fmt"
func main() {
	go func() { fmt.Println("worker") }()
}
)"));
  }

  void testTwoWritersAtPhaseGrainCanHitConcurrentMapWrites() {
    /* g2: m[1] = 1 | g3: m[2] = 2, main waits by spinning on a captured flag count.
       At phase grain both writers can be inside mapassign at once. */
    const char* src = R"(package main
func main() {
	m := map[int]int{}
	done := 0
	go func() { m[1] = 1; done++ }()
	go func() { m[2] = 2; done++ }()
	for done < 2 {
	}
}
)";
    const auto phase = outcomes(src, Grain::phase);
    CPPUNIT_ASSERT(phase.count("fatal \"concurrent map writes\" \"\""));
    CPPUNIT_ASSERT(phase.count("exit \"\""));
  }

  void testTwoWritersAtOpGrainAlwaysExit() {
    const char* src = R"(package main
import "fmt"
func main() {
	m := map[int]int{}
	a, b := false, false
	go func() { m[1] = 1; a = true }()
	go func() { m[2] = 2; b = true }()
	for !a || !b {
	}
	fmt.Println(m)
}
)";
    CPPUNIT_ASSERT(one("exit \"map[1:1 2:2]\\n\"") == outcomes(src, Grain::op));
  }

  void testLostUpdateOnCapturedCounter() {
    // n++ is a load and a store: two goroutines can both read 0.
    const char* src = R"(package main
import "fmt"
func main() {
	n := 0
	d1, d2 := false, false
	go func() { n++; d1 = true }()
	go func() { n++; d2 = true }()
	for !d1 || !d2 {
	}
	fmt.Println(n)
}
)";
    CPPUNIT_ASSERT((std::set<std::string>{"exit \"1\\n\"", "exit \"2\\n\""}) == outcomes(src));
  }

  void testSelectEmptyInMainDeadlocks() {
    CPPUNIT_ASSERT(one("deadlock \"all goroutines are asleep - deadlock!\" \"x\\n\"") ==
                   outcomes(R"(package main
import "fmt"
func main() {
	fmt.Println("x")
	select {}
}
)"));
  }

  void testBlockedGoroutineAtExitIsLeak() {
    CPPUNIT_ASSERT((std::set<std::string>{"exit \"\"", "exit leak \"\""}) ==
                   outcomes(R"(package main
func main() {
	go func() { select {} }()
}
)"));
  }

  void testSpinLoopTerminatesExploration() {
    // A goroutine spinning for ever on local work: its state repeats, so the search ends.
    CPPUNIT_ASSERT(one("exit \"\"") == outcomes(R"(package main
func spin() {
	x := 0
	for {
		x = 1 - x
	}
}
func main() {
	go spin()
}
)"));
  }

  void testNamedResultChangedByDeferredClosure() {
    CPPUNIT_ASSERT(one("exit \"-1 2\\n\"") == outcomes(R"(package main
import "fmt"
func safeDiv(a, b int) (q int) {
	defer func() {
		if recover() != nil {
			q = -1
		}
	}()
	q = a / b
	return q
}
func main() { fmt.Println(safeDiv(1, 0), safeDiv(4, 2)) }
)"));
  }

  void testPerIterationLoopVariables() {
    // Go 1.22: each iteration's i is a new variable; deferred closures see 2, 1, 0.
    CPPUNIT_ASSERT(one("exit \"2\\n1\\n0\\n\"") == outcomes(R"(package main
import "fmt"
func main() {
	for i := 0; i < 3; i++ {
		defer func() { fmt.Println(i) }()
	}
}
)"));
  }

  void testSwitchAndLoops() {
    CPPUNIT_ASSERT(one("exit \"zero one many many|0 1 2 4 \\n\"") == outcomes(R"(package main
import "fmt"
func name(n int) string {
	switch n {
	case 0:
		return "zero"
	case 1:
		return "one"
	default:
		return "many"
	}
}
func main() {
	s := ""
	for i := range 4 {
		if i == 3 {
			continue
		}
		s += name(i) + " "
	}
	t := ""
	for i := 0; ; i++ {
		if i > 4 {
			break
		}
		if i == 3 {
			continue
		}
		t += fmt.Sprint(i) + " "
	}
	fmt.Println(s+"many|" + t)
}
)"));
  }

  void testPanicInOtherGoroutineEndsProgram() {
    // g1 spins for ever on a flag nobody sets; g2 panics: the only end is g2's panic.
    CPPUNIT_ASSERT(one("panic \"in goroutine\" \"\"") == outcomes(R"(package main
func main() {
	done := false
	go func() { panic("in goroutine") }()
	for !done {
	}
}
)"));
  }

  void testRepanicInDeferredCallReplacesMessage() {
    CPPUNIT_ASSERT(one("panic \"again: boom\" \"\"") == outcomes(R"(package main
import "fmt"
func main() {
	defer func() {
		r := recover()
		panic(fmt.Sprint("again: ", r))
	}()
	panic("boom")
}
)"));
  }

  void testDeferRecoverDirectlyDoesNotRecover() {
    // recover() is the deferred function itself, not called by one: it returns nil.
    CPPUNIT_ASSERT(one("panic \"boom\" \"\"") == outcomes(R"(package main
func main() {
	defer recover()
	panic("boom")
}
)"));
  }

  void testLongLocalComputationIsCutIntoLocalSteps() {
    // 30000 iterations of local work (a few instructions each) exceed one step's budget of
    // local instructions: the run is cut into private "local" steps, then prints the sum.
    const model::Program p = compile(R"(package main
import "fmt"
func main() {
	s := 0
	for i := 0; i < 30000; i++ {
		s += i
	}
	fmt.Println(s)
}
)");
    const model::RuntimeConfig cfg = config(Grain::phase);
    model::World w = model::initial_world(p, cfg);
    std::vector<model::GoStep> steps;
    std::size_t local_steps = 0;
    model::StepRecord rec;
    for (;;) {
      model::enabled_steps(w, p, cfg, steps);
      if (steps.empty()) break;
      CPPUNIT_ASSERT_EQUAL(std::size_t{1}, steps.size());
      std::vector<model::ObjectAccess> acc;
      bool visible = true;
      model::step_footprint(w, p, cfg, steps[0], acc, visible);
      model::apply_step(w, p, cfg, steps[0], &rec);
      if (rec.event == model::StepEvent::local) {
        ++local_steps;
        CPPUNIT_ASSERT(acc.empty() && !visible);  // private: the reduction may reorder it
      }
    }
    CPPUNIT_ASSERT(local_steps >= 10);
    CPPUNIT_ASSERT_EQUAL(std::string("exit \"449985000\\n\""),
                         mapcheck::testing::describe(*model::termination(w)));
  }

  void testEndlessSpawningHasFinitelyManyStates() {
    // main spawns goroutines for ever; each finishes at once (its body is empty). Finished
    // goroutines leave no trace and nothing in the state counts spawns, so the search closes
    // the cycle: no outcome at all (the program never ends), and a tiny state space.
    const auto ex = explore_all(compile(R"(package main
func main() {
	for {
		go func() {}()
	}
}
)"),
                                config(Grain::phase), 1000);
    CPPUNIT_ASSERT(ex.outcomes.empty());
    CPPUNIT_ASSERT(ex.states < 1000);
  }

  /* g1: main -> f(0) -> f(1) -> ... all local work, so one settle runs it: with at most 5
   * frames, f(3) stands at its call of f(4), which it does not take. No step is enabled, yet
   * the program has not ended: held, not terminal (and no deadlock). */
  void testCallBeyondTheCallDepthBoundIsHeld() {
    const model::Program p = compile(R"(package main
import "fmt"
func f(n int) int {
	return f(n+1) + 1
}
func main() {
	fmt.Println(f(0))
}
)");
    model::RuntimeConfig cfg = config(Grain::phase);
    cfg.max_call_depth = 5;
    const model::World w = model::initial_world(p, cfg);
    std::vector<model::GoStep> steps;
    model::enabled_steps(w, p, cfg, steps);
    CPPUNIT_ASSERT(steps.empty());
    CPPUNIT_ASSERT(!model::termination(w));
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, model::held_at_call_depth(w, p, cfg));
    // The entry (initialisers, then main) is a frame of the model, not counted.
    CPPUNIT_ASSERT_EQUAL(std::size_t{6}, w.goroutines.at(0).frames.size());
    model::World next = w;
    CPPUNIT_ASSERT_THROW(
        model::apply_step(next, p, cfg, model::GoStep{w.goroutines[0].id, 0}, nullptr),
        std::logic_error);
  }

  /* g1: main -> f(); f returns and its deferred g() would be the third frame: with at most 2,
   * f stays unwinding in front of it. */
  void testDeferredCallBeyondTheCallDepthBoundIsHeld() {
    const model::Program p = compile(R"(package main
import "fmt"
func g() {
	fmt.Println("deferred")
}
func f() {
	defer g()
}
func main() {
	f()
	fmt.Println("done")
}
)");
    model::RuntimeConfig cfg = config(Grain::phase);
    cfg.max_call_depth = 2;
    const model::World w = model::initial_world(p, cfg);
    std::vector<model::GoStep> steps;
    model::enabled_steps(w, p, cfg, steps);
    CPPUNIT_ASSERT(steps.empty());
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, model::held_at_call_depth(w, p, cfg));
    cfg.max_call_depth = 3;  // room for g: it prints, then main does
    CPPUNIT_ASSERT(one("exit \"deferred\\ndone\\n\"") == explore_all(p, cfg).outcomes);
  }

  /* f(0) ... f(5) with main: 7 frames at the deepest. A bound of 7 changes nothing: the same
   * states and outcome as without a bound. */
  void testRecursionWithinTheCallDepthBoundIsUnchanged() {
    const model::Program p = compile(R"(package main
import "fmt"
func f(m map[int]int, n int) int {
	if n == 5 {
		return 0
	}
	m[n]++
	return f(m, n+1) + 1
}
func main() {
	m := map[int]int{}
	fmt.Println(f(m, 0))
}
)");
    model::RuntimeConfig cfg = config(Grain::phase);
    const mapcheck::testing::Exploration unbounded = explore_all(p, cfg);
    cfg.max_call_depth = 7;
    const mapcheck::testing::Exploration bounded = explore_all(p, cfg);
    CPPUNIT_ASSERT(one("exit \"5\\n\"") == bounded.outcomes);
    CPPUNIT_ASSERT(unbounded.outcomes == bounded.outcomes);
    CPPUNIT_ASSERT_EQUAL(unbounded.states, bounded.states);
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(InterpTest);
