// sync.Mutex, sync.RWMutex and sync.WaitGroup run through the whole front end and explored
// exhaustively: blocking, wake-up, Go's misuse messages (fatal vs recoverable panic), and the
// deadlocks rwmutex.go's counters produce.
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

class SyncPrimitivesTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(SyncPrimitivesTest);
  CPPUNIT_TEST(testMutexMakesReadModifyWriteAtomic);
  CPPUNIT_TEST(testUnlockOfUnlockedMutexIsFatalEvenUnderRecover);
  CPPUNIT_TEST(testLockingTwiceInMainDeadlocks);
  CPPUNIT_TEST(testTryLockFailsOnlyWhileHeld);
  CPPUNIT_TEST(testAnotherGoroutineMayUnlock);
  CPPUNIT_TEST(testRWMutexWriterExcludesReaders);
  CPPUNIT_TEST(testRecursiveRLockDeadlocksOnlyWithWriterInBetween);
  CPPUNIT_TEST(testRUnlockOfUnlockedRWMutexIsFatal);
  CPPUNIT_TEST(testRUnlockWhileWriterHoldsIsFatal);
  CPPUNIT_TEST(testUnlockOfUnlockedRWMutexIsFatal);
  CPPUNIT_TEST(testTryRLockFailsWhileWriterHolds);
  CPPUNIT_TEST(testWaitReturnsAfterEveryDone);
  CPPUNIT_TEST(testWaitOnZeroCounterReturnsAtOnce);
  CPPUNIT_TEST(testNegativeCounterIsRecoverablePanic);
  CPPUNIT_TEST(testForgottenDoneDeadlocksMain);
  CPPUNIT_TEST(testAddBeforeWaiterWokeIsReuseMisuse);
  CPPUNIT_TEST(testGoroutineWaitingOnMutexAtExitIsLeak);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testMutexMakesReadModifyWriteAtomic() {
    // Without the lock this lost-update program can print 1 (InterpTest); with it, never.
    CPPUNIT_ASSERT(one("exit \"2\\n\"") == outcomes(R"(package main
import ("fmt"; "sync")
func main() {
	var mu sync.Mutex
	var wg sync.WaitGroup
	n := 0
	wg.Add(2)
	for i := 0; i < 2; i++ {
		go func() {
			defer wg.Done()
			mu.Lock()
			n = n + 1
			mu.Unlock()
		}()
	}
	wg.Wait()
	fmt.Println(n)
}
)"));
  }

  void testUnlockOfUnlockedMutexIsFatalEvenUnderRecover() {
    CPPUNIT_ASSERT(one("fatal \"sync: unlock of unlocked mutex\" \"a\\n\"") ==
                   outcomes(R"(package main
import ("fmt"; "sync")
var mu sync.Mutex
func main() {
	defer func() { fmt.Println(recover()) }()
	fmt.Println("a")
	mu.Unlock()
}
)"));
  }

  void testLockingTwiceInMainDeadlocks() {
    CPPUNIT_ASSERT(one("deadlock \"all goroutines are asleep - deadlock!\" \"\"") ==
                   outcomes(R"(package main
import "sync"
func main() {
	var mu sync.Mutex
	mu.Lock()
	mu.Lock()
}
)"));
  }

  void testTryLockFailsOnlyWhileHeld() {
    CPPUNIT_ASSERT(one("exit \"true false true\\n\"") == outcomes(R"(package main
import ("fmt"; "sync")
func main() {
	var mu sync.Mutex
	a := mu.TryLock()
	b := mu.TryLock()
	mu.Unlock()
	c := mu.TryLock()
	fmt.Println(a, b, c)
}
)"));
  }

  void testAnotherGoroutineMayUnlock() {
    // A locked Mutex is not owned: g2's Unlock wakes main's second Lock.
    CPPUNIT_ASSERT(one("exit \"ok\\n\"") == outcomes(R"(package main
import ("fmt"; "sync")
func main() {
	var mu sync.Mutex
	mu.Lock()
	go func() { mu.Unlock() }()
	mu.Lock()
	fmt.Println("ok")
}
)"));
  }

  void testRWMutexWriterExcludesReaders() {
    // The reader sees x before or after the writer's two stores, never in between.
    CPPUNIT_ASSERT((std::set<std::string>{"exit \"0\\n\"", "exit \"2\\n\""}) ==
                   outcomes(R"(package main
import ("fmt"; "sync")
var rw sync.RWMutex
var x int
func main() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		rw.Lock()
		x = 1
		x = 2
		rw.Unlock()
	}()
	rw.RLock()
	v := x
	rw.RUnlock()
	wg.Wait()
	fmt.Println(v)
}
)"));
  }

  void testRecursiveRLockDeadlocksOnlyWithWriterInBetween() {
    // main: RLock (readerCount 1) | g2: Lock takes w, readerCount 1-2^30, readerWait 1,
    // sleeps on writerSem | main: RLock again: readerCount 2-2^30 < 0, sleeps on readerSem.
    // Without g2 in between, both RLocks pass.
    CPPUNIT_ASSERT(
        (std::set<std::string>{"exit \"done\\n\"",
                               "deadlock \"all goroutines are asleep - deadlock!\" \"\""}) ==
        outcomes(R"(package main
import ("fmt"; "sync")
var rw sync.RWMutex
func main() {
	go func() {
		rw.Lock()
		rw.Unlock()
	}()
	rw.RLock()
	rw.RLock()
	rw.RUnlock()
	rw.RUnlock()
	fmt.Println("done")
}
)"));
  }

  void testRUnlockOfUnlockedRWMutexIsFatal() {
    CPPUNIT_ASSERT(one("fatal \"sync: RUnlock of unlocked RWMutex\" \"\"") ==
                   outcomes(R"(package main
import "sync"
func main() {
	var rw sync.RWMutex
	rw.RUnlock()
}
)"));
  }

  void testRUnlockWhileWriterHoldsIsFatal() {
    // readerCount is -2^30 while the writer holds: RUnlock sees r+1 == -rwmutexMaxReaders.
    CPPUNIT_ASSERT(one("fatal \"sync: RUnlock of unlocked RWMutex\" \"\"") ==
                   outcomes(R"(package main
import "sync"
func main() {
	var rw sync.RWMutex
	rw.Lock()
	rw.RUnlock()
}
)"));
  }

  void testUnlockOfUnlockedRWMutexIsFatal() {
    CPPUNIT_ASSERT(one("fatal \"sync: Unlock of unlocked RWMutex\" \"x\\n\"") ==
                   outcomes(R"(package main
import ("fmt"; "sync")
func main() {
	var rw sync.RWMutex
	rw.Lock()
	rw.Unlock()
	fmt.Println("x")
	rw.Unlock()
}
)"));
  }

  void testTryRLockFailsWhileWriterHolds() {
    CPPUNIT_ASSERT(one("exit \"false true true false\\n\"") == outcomes(R"(package main
import ("fmt"; "sync")
func main() {
	var rw sync.RWMutex
	rw.Lock()
	a := rw.TryRLock()
	rw.Unlock()
	b := rw.TryRLock()
	c := rw.TryRLock()
	d := rw.TryLock()
	fmt.Println(a, b, c, d)
}
)"));
  }

  void testWaitReturnsAfterEveryDone() {
    CPPUNIT_ASSERT(one("exit \"3\\n\"") == outcomes(R"(package main
import ("fmt"; "sync")
func main() {
	var wg sync.WaitGroup
	var mu sync.Mutex
	n := 0
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func() {
			mu.Lock()
			n++
			mu.Unlock()
			wg.Done()
		}()
	}
	wg.Wait()
	mu.Lock()
	fmt.Println(n)
	mu.Unlock()
}
)"));
  }

  void testWaitOnZeroCounterReturnsAtOnce() {
    CPPUNIT_ASSERT(one("exit \"ok\\n\"") == outcomes(R"(package main
import ("fmt"; "sync")
func main() {
	var wg sync.WaitGroup
	wg.Wait()
	wg.Add(1)
	wg.Done()
	wg.Wait()
	fmt.Println("ok")
}
)"));
  }

  void testNegativeCounterIsRecoverablePanic() {
    CPPUNIT_ASSERT(one("exit \"sync: negative WaitGroup counter\\n\"") == outcomes(R"(package main
import ("fmt"; "sync")
func f() {
	defer func() { fmt.Println(recover()) }()
	var wg sync.WaitGroup
	wg.Done()
}
func main() { f() }
)"));
  }

  void testForgottenDoneDeadlocksMain() {
    CPPUNIT_ASSERT(one("deadlock \"all goroutines are asleep - deadlock!\" \"\"") ==
                   outcomes(R"(package main
import "sync"
func main() {
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { wg.Done() }()
	wg.Wait()
}
)"));
  }

  void testAddBeforeWaiterWokeIsReuseMisuse() {
    // main registers as waiter (w=1) | g2: Done: v=0, w reset to 0, sema posted | g2: Add(1)
    // v=1 | main wakes: state != 0 -> "reused before previous Wait has returned". If main
    // wakes before g2's Add, or g2 finishes before main waits, all is well.
    CPPUNIT_ASSERT(
        (std::set<std::string>{
            "exit \"\"",
            "panic \"sync: WaitGroup is reused before previous Wait has returned\" \"\""}) ==
        outcomes(R"(package main
import "sync"
func main() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		wg.Done()
		wg.Add(1)
		wg.Done()
	}()
	wg.Wait()
}
)"));
  }

  void testGoroutineWaitingOnMutexAtExitIsLeak() {
    // A new goroutine's local prefix runs within the go statement, so g2 already stands at
    // Lock (waiting on the mutex main holds) when main returns: every exit leaks.
    CPPUNIT_ASSERT(one("exit leak \"\"") == outcomes(R"(package main
import ("runtime"; "sync")
func main() {
	var mu sync.Mutex
	mu.Lock()
	go func() { mu.Lock() }()
	runtime.Gosched()
}
)"));
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(SyncPrimitivesTest);
