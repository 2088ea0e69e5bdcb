// sync/atomic run through the whole front end and explored exhaustively: atomic.Int64/Int32
// methods as single atomic steps (no lost update), Int32 wrap-around, and atomic.Value's
// Load/Store/Swap/CompareAndSwap with Go's panics.
#include <cppunit/extensions/HelperMacros.h>

#include "tests/model/interp_driver.h"

using namespace mapcheck;
using mapcheck::testing::compile;
using mapcheck::testing::config;
using mapcheck::testing::explore_all;
using model::Grain;

namespace {

std::set<std::string> outcomes(std::string_view src) {
  return explore_all(compile(src), config(Grain::phase)).outcomes;
}

std::set<std::string> one(std::string s) {
  return {std::move(s)};
}

}  // namespace

class AtomicTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(AtomicTest);
  CPPUNIT_TEST(testConcurrentAddsNeverLoseAnUpdate);
  CPPUNIT_TEST(testLoadThenStoreCanLoseAnUpdate);
  CPPUNIT_TEST(testInt64MethodsReturnGoResults);
  CPPUNIT_TEST(testInt32WrapsAround);
  CPPUNIT_TEST(testValueLoadBeforeStoreIsNil);
  CPPUNIT_TEST(testValueStoreNilPanics);
  CPPUNIT_TEST(testValueStoreOfOtherTypePanics);
  CPPUNIT_TEST(testValueSwapAndCompareAndSwap);
  CPPUNIT_TEST(testValueCompareAndSwapNilNewPanics);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testConcurrentAddsNeverLoseAnUpdate() {
    CPPUNIT_ASSERT(one("exit \"2\\n\"") == outcomes(R"(package main
import ("fmt"; "sync"; "sync/atomic")
func main() {
	var n atomic.Int64
	var wg sync.WaitGroup
	wg.Add(2)
	for i := 0; i < 2; i++ {
		go func() {
			defer wg.Done()
			n.Add(1)
		}()
	}
	wg.Wait()
	fmt.Println(n.Load())
}
)"));
  }

  void testLoadThenStoreCanLoseAnUpdate() {
    // Each call is atomic, the Load-Store pair is not.
    CPPUNIT_ASSERT((std::set<std::string>{"exit \"1\\n\"", "exit \"2\\n\""}) ==
                   outcomes(R"(package main
import ("fmt"; "sync"; "sync/atomic")
func main() {
	var n atomic.Int64
	var wg sync.WaitGroup
	wg.Add(2)
	for i := 0; i < 2; i++ {
		go func() {
			defer wg.Done()
			n.Store(n.Load() + 1)
		}()
	}
	wg.Wait()
	fmt.Println(n.Load())
}
)"));
  }

  void testInt64MethodsReturnGoResults() {
    CPPUNIT_ASSERT(one("exit \"5 5 false true 9 7\\n\"") == outcomes(R"(package main
import ("fmt"; "sync/atomic")
var n atomic.Int64
func main() {
	a := n.Add(5)
	b := n.Swap(1)
	c := n.CompareAndSwap(5, 6)
	d := n.CompareAndSwap(1, 9)
	e := n.Load()
	n.Store(7)
	fmt.Println(a, b, c, d, e, n.Load())
}
)"));
  }

  void testInt32WrapsAround() {
    CPPUNIT_ASSERT(one("exit \"-2147483648\\n\"") == outcomes(R"(package main
import ("fmt"; "sync/atomic")
func main() {
	var n atomic.Int32
	n.Store(2147483647)
	fmt.Println(n.Add(1))
}
)"));
  }

  void testValueLoadBeforeStoreIsNil() {
    CPPUNIT_ASSERT(one("exit \"true\\n\"") == outcomes(R"(package main
import ("fmt"; "sync/atomic")
func main() {
	var v atomic.Value
	fmt.Println(v.Load() == nil)
}
)"));
  }

  void testValueStoreNilPanics() {
    CPPUNIT_ASSERT(one("panic \"sync/atomic: store of nil value into Value\" \"\"") ==
                   outcomes(R"(package main
import "sync/atomic"
func main() {
	var v atomic.Value
	var x any
	v.Store(x)
}
)"));
  }

  void testValueStoreOfOtherTypePanics() {
    CPPUNIT_ASSERT(
        one("panic \"sync/atomic: store of inconsistently typed value into Value\" \"\"") ==
        outcomes(R"(package main
import "sync/atomic"
func main() {
	var v atomic.Value
	v.Store(1)
	v.Store("one")
}
)"));
  }

  void testValueSwapAndCompareAndSwap() {
    CPPUNIT_ASSERT(one("exit \"<nil> a false true c\\n\"") == outcomes(R"(package main
import ("fmt"; "sync/atomic")
func main() {
	var v atomic.Value
	old := v.Swap("a")
	prev := v.Swap("b")
	x := v.CompareAndSwap("a", "c")
	y := v.CompareAndSwap("b", "c")
	fmt.Println(old, prev, x, y, v.Load())
}
)"));
  }

  void testValueCompareAndSwapNilNewPanics() {
    CPPUNIT_ASSERT(one("panic \"sync/atomic: compare and swap of nil value into Value\" \"\"") ==
                   outcomes(R"(package main
import "sync/atomic"
func main() {
	var v atomic.Value
	var x any
	v.CompareAndSwap(x, x)
}
)"));
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(AtomicTest);
