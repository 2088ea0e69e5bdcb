// Lowering: what the interpreter cannot run is reported at its position, never ignored;
// runtime-dependent builtins are checked against the runtime; the IR of a small function is
// pinned exactly (storage choices: registers, cells for captured variables, globals).
#include <cppunit/extensions/HelperMacros.h>

#include "tests/model/interp_driver.h"

using namespace mapcheck;
using mapcheck::testing::compile;
using mapcheck::testing::lower_errors;

class LowerTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(LowerTest);
  CPPUNIT_TEST(testRuntimeQueriesAreReportedAtTheirPosition);
  CPPUNIT_TEST(testClearNeedsGo121);
  CPPUNIT_TEST(testCapturedVariableLivesInCellOthersInRegisters);
  CPPUNIT_TEST(testEntryInitialisesGlobalsThenCallsMain);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testRuntimeQueriesAreReportedAtTheirPosition() {
    CPPUNIT_ASSERT_EQUAL(std::string("spec.go:4:7: runtime.NumGoroutine is not supported yet\n"
                                     "spec.go:5:2: runtime.GOMAXPROCS is not supported yet\n"),
                         lower_errors(R"(package main
import "runtime"
func main() {
	n := runtime.NumGoroutine()
	runtime.GOMAXPROCS(n)
}
)"));
  }

  void testClearNeedsGo121() {
    const char* src = R"(package main
func main() {
	m := map[int]int{1: 1}
	clear(m)
}
)";
    specs::LowerOptions old;
    old.runtime = model::RuntimeVersion::go1_20;
    CPPUNIT_ASSERT_EQUAL(
        std::string("spec.go:4:2: clear needs runtime go1.21 or later (runtime is go1.20)\n"),
        lower_errors(src, old));
    specs::LowerOptions recent;
    recent.runtime = model::RuntimeVersion::go1_21;
    CPPUNIT_ASSERT_EQUAL(std::string(""), lower_errors(src, recent));
  }

  void testCapturedVariableLivesInCellOthersInRegisters() {
    const model::Program p = compile(R"(package main
func main() {
	a := 1
	b := 2
	f := func() { a = b }
	f()
	println(a)
}
)");
    // a and b are captured: cells (new_cell at their declaration); f is not: a register.
    // Temporaries (r3) are zeroed at the end of each statement.
    CPPUNIT_ASSERT_EQUAL(std::string(R"(func f0 main params=0 captures=0 regs=4 iters=0 results=
  0: r3 = const 1 ; 3:7
  1: r0 = new_cell r3 ; 3:2
  2: r3 = zero int ; 3:2
  3: r3 = const 2 ; 4:7
  4: r1 = new_cell r3 ; 4:2
  5: r3 = zero int ; 4:2
  6: r3 = closure main.func1 r0 r1 ; 5:7
  7: r2 = move r3 ; 5:2
  8: r3 = zero int ; 5:2
  9: r3 = move r2 ; 6:2
  10: call r3 ; 6:2
  11: r3 = zero int ; 6:2
  12: r3 = load_cell r0 ; 7:10
  13: r3 = zero int ; 7:2
  14: ret ; 8:1
func f1 main.func1 params=2 captures=2 regs=3 iters=0 results=
  0: r2 = load_cell r1 ; 5:20
  1: store_cell r0 r2 ; 5:16
  2: r2 = zero int ; 5:16
  3: ret ; 5:22
func f2 main.init+main params=0 captures=0 regs=0 iters=0 results=
  0: call main
  1: ret
)"),
                         model::dump(p));
  }

  void testEntryInitialisesGlobalsThenCallsMain() {
    const model::Program p = compile(R"(package main
var m = map[string]int{"a": 1}
var n int
func main() { n = len(m) }
)");
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, p.globals.size());
    CPPUNIT_ASSERT_EQUAL(std::string("m"), p.globals[0].name);
    CPPUNIT_ASSERT(p.globals[0].type == model::VType::map);
    const model::Function& entry = p.function(p.entry);
    CPPUNIT_ASSERT_EQUAL(std::string("main.init+main"), entry.name);
    CPPUNIT_ASSERT(entry.code.at(entry.code.size() - 2).op == model::Opcode::call);
    CPPUNIT_ASSERT(entry.code.back().op == model::Opcode::ret);
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(LowerTest);
