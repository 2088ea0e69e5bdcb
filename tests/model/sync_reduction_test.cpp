// The partial-order reduction keeps every outcome of sync and channel programs: their
// footprints (sync object written; every channel of both rendezvous parties) are honest.
// Each program is searched with Reduction::ample and Reduction::none; the outcome sets must
// be equal (and have several outcomes, so that the comparison means something).
#include <cppunit/extensions/HelperMacros.h>

#include <fmt/format.h>

#include "cli/world_system.h"
#include "explorer/explorer.h"
#include "tests/model/interp_driver.h"

using namespace mapcheck;
using mapcheck::testing::compile;
using mapcheck::testing::config;

namespace {

std::set<std::string> search(const model::Program& p, explorer::Reduction r) {
  cli::WorldSystem sys(p, config(model::Grain::phase));
  explorer::SearchOptions opt;
  opt.reduction = r;
  const explorer::SearchResult res = explorer::Explorer(sys, opt).run();
  CPPUNIT_ASSERT(res.complete());
  std::set<std::string> out;
  for (const auto& o : res.outcomes)
    out.insert(fmt::format("{}", o.outcome));
  return out;
}

/** Programs mixing locks, channels, selects and a WaitGroup with racing goroutines. */
const char* const kPrograms[] = {
    // Two selects that can meet on either channel, and a buffered result channel.
    R"(package main
import "fmt"
func main() {
	c := make(chan int)
	d := make(chan int)
	res := make(chan string, 1)
	go func() {
		select {
		case c <- 1:
		case v := <-d:
			res <- fmt.Sprint("g2 got ", v)
		}
	}()
	select {
	case v := <-c:
		fmt.Println("main got", v)
	case d <- 2:
		fmt.Println(<-res)
	}
}
)",
    // Three goroutines contend for a mutex around a map; one gives up with TryLock.
    R"(package main
import ("fmt"; "sync")
func main() {
	var mu sync.Mutex
	var wg sync.WaitGroup
	m := map[int]int{}
	wg.Add(3)
	for i := 0; i < 3; i++ {
		go func() {
			defer wg.Done()
			if i == 2 {
				if mu.TryLock() {
					m[i] = i
					mu.Unlock()
				}
				return
			}
			mu.Lock()
			m[i] = i
			mu.Unlock()
		}()
	}
	wg.Wait()
	fmt.Println(len(m))
}
)",
    // A reader, a writer and a recursive reader on one RWMutex.
    R"(package main
import ("fmt"; "sync")
var rw sync.RWMutex
func main() {
	x := 0
	go func() {
		rw.Lock()
		x = 1
		rw.Unlock()
	}()
	go func() {
		rw.RLock()
		fmt.Println(x)
		rw.RUnlock()
	}()
	rw.RLock()
	rw.RLock()
	rw.RUnlock()
	rw.RUnlock()
}
)",
    // Producers race on a buffered channel that a select with default drains.
    R"(package main
import "fmt"
func main() {
	ch := make(chan int, 1)
	quit := make(chan bool)
	go func() { ch <- 1 }()
	go func() { ch <- 2; close(quit) }()
	n := 0
	for {
		select {
		case v := <-ch:
			n += v
		case <-quit:
			fmt.Println(n)
			return
		default:
		}
	}
}
)",
};

}  // namespace

class SyncReductionTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(SyncReductionTest);
  CPPUNIT_TEST(testReductionKeepsEveryOutcomeOfSyncPrograms);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testReductionKeepsEveryOutcomeOfSyncPrograms() {
    for (const char* src : kPrograms) {
      const model::Program p = compile(src);
      const std::set<std::string> reduced = search(p, explorer::Reduction::ample);
      const std::set<std::string> full = search(p, explorer::Reduction::none);
      CPPUNIT_ASSERT_MESSAGE(src, reduced == full);
      CPPUNIT_ASSERT_MESSAGE(src, full.size() >= 2);
    }
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(SyncReductionTest);
