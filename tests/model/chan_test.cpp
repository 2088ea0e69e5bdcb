// Channels run through the whole front end and explored exhaustively: unbuffered rendezvous,
// buffered FIFO order, close, `v, ok := <-ch`, range over a channel, select with and without
// default (a choice among ready cases), nil channels, and Go's channel panics.
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

const std::string deadlock = "deadlock \"all goroutines are asleep - deadlock!\" \"\"";

}  // namespace

class ChanTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(ChanTest);
  CPPUNIT_TEST(testUnbufferedSendHandsValueToReceiver);
  CPPUNIT_TEST(testUnbufferedSendWithoutReceiverDeadlocks);
  CPPUNIT_TEST(testBufferedChannelIsFifoAndSendDoesNotBlockUntilFull);
  CPPUNIT_TEST(testSendOnFullBufferDeadlocks);
  CPPUNIT_TEST(testReceiveFromClosedGivesBufferedThenZeroAndFalse);
  CPPUNIT_TEST(testRangeOverChannelEndsWhenClosedAndDrained);
  CPPUNIT_TEST(testSendOnClosedChannelPanics);
  CPPUNIT_TEST(testCloseOfClosedChannelPanics);
  CPPUNIT_TEST(testCloseOfNilChannelPanics);
  CPPUNIT_TEST(testBlockedSenderPanicsWhenChannelIsClosed);
  CPPUNIT_TEST(testNilChannelBlocksForever);
  CPPUNIT_TEST(testSelectDefaultRunsWhenNoCaseIsReady);
  CPPUNIT_TEST(testSelectChoosesAmongReadyCases);
  CPPUNIT_TEST(testSelectWithNilChannelCaseTakesOtherCase);
  CPPUNIT_TEST(testTwoSelectsRendezvous);
  CPPUNIT_TEST(testReceiversRaceForOneValue);
  CPPUNIT_TEST(testBlockedSenderAtExitIsLeak);
  CPPUNIT_TEST(testStructChannelSignalsCompletion);
  CPPUNIT_TEST(testSelectStepRecordNamesCaseAndPartner);
  CPPUNIT_TEST(testLenCountsBufferedValues);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testUnbufferedSendHandsValueToReceiver() {
    CPPUNIT_ASSERT(one("exit \"42\\n\"") == outcomes(R"(package main
import "fmt"
func main() {
	ch := make(chan int)
	go func() { ch <- 42 }()
	fmt.Println(<-ch)
}
)"));
  }

  void testUnbufferedSendWithoutReceiverDeadlocks() {
    CPPUNIT_ASSERT(one(deadlock) == outcomes(R"(package main
func main() {
	ch := make(chan int)
	ch <- 1
}
)"));
  }

  void testBufferedChannelIsFifoAndSendDoesNotBlockUntilFull() {
    CPPUNIT_ASSERT(one("exit \"1 2 3\\n\"") == outcomes(R"(package main
import "fmt"
func main() {
	ch := make(chan int, 2)
	ch <- 1
	ch <- 2
	a := <-ch
	ch <- 3
	b := <-ch
	c := <-ch
	fmt.Println(a, b, c)
}
)"));
  }

  void testSendOnFullBufferDeadlocks() {
    CPPUNIT_ASSERT(one(deadlock) == outcomes(R"(package main
func main() {
	ch := make(chan string, 1)
	ch <- "a"
	ch <- "b"
}
)"));
  }

  void testReceiveFromClosedGivesBufferedThenZeroAndFalse() {
    CPPUNIT_ASSERT(one("exit \"7 true 0 false\\n\"") == outcomes(R"(package main
import "fmt"
func main() {
	ch := make(chan int, 1)
	ch <- 7
	close(ch)
	v, ok := <-ch
	w, ok2 := <-ch
	fmt.Println(v, ok, w, ok2)
}
)"));
  }

  void testRangeOverChannelEndsWhenClosedAndDrained() {
    CPPUNIT_ASSERT(one("exit \"6\\n\"") == outcomes(R"(package main
import "fmt"
func main() {
	ch := make(chan int)
	go func() {
		for i := 1; i <= 3; i++ {
			ch <- i
		}
		close(ch)
	}()
	sum := 0
	for v := range ch {
		sum += v
	}
	fmt.Println(sum)
}
)"));
  }

  void testSendOnClosedChannelPanics() {
    CPPUNIT_ASSERT(one("exit \"send on closed channel\\n\"") == outcomes(R"(package main
import "fmt"
func main() {
	defer func() { fmt.Println(recover()) }()
	ch := make(chan int, 1)
	close(ch)
	ch <- 1
}
)"));
  }

  void testCloseOfClosedChannelPanics() {
    CPPUNIT_ASSERT(one("panic \"close of closed channel\" \"\"") == outcomes(R"(package main
func main() {
	ch := make(chan int)
	close(ch)
	close(ch)
}
)"));
  }

  void testCloseOfNilChannelPanics() {
    CPPUNIT_ASSERT(one("panic \"close of nil channel\" \"\"") == outcomes(R"(package main
func main() {
	var ch chan int
	close(ch)
}
)"));
  }

  void testBlockedSenderPanicsWhenChannelIsClosed() {
    // g2 waits in its send; main's close wakes it and the send panics.
    CPPUNIT_ASSERT(one("panic \"send on closed channel\" \"\"") == outcomes(R"(package main
func main() {
	ch := make(chan int)
	go func() { ch <- 1 }()
	close(ch)
	select {}
}
)"));
  }

  void testNilChannelBlocksForever() {
    CPPUNIT_ASSERT(one(deadlock) == outcomes(R"(package main
func main() {
	var ch chan int
	<-ch
}
)"));
  }

  void testSelectDefaultRunsWhenNoCaseIsReady() {
    CPPUNIT_ASSERT(one("exit \"default\\n\"") == outcomes(R"(package main
import "fmt"
func main() {
	ch := make(chan int)
	select {
	case v := <-ch:
		fmt.Println(v)
	case ch <- 1:
		fmt.Println("sent")
	default:
		fmt.Println("default")
	}
}
)"));
  }

  void testSelectChoosesAmongReadyCases() {
    CPPUNIT_ASSERT((std::set<std::string>{"exit \"a 1\\n\"", "exit \"b 2\\n\""}) ==
                   outcomes(R"(package main
import "fmt"
func main() {
	a := make(chan int, 1)
	b := make(chan int, 1)
	a <- 1
	b <- 2
	select {
	case v := <-a:
		fmt.Println("a", v)
	case v, ok := <-b:
		if ok {
			fmt.Println("b", v)
		}
	}
}
)"));
  }

  void testSelectWithNilChannelCaseTakesOtherCase() {
    CPPUNIT_ASSERT(one("exit \"b\\n\"") == outcomes(R"(package main
import "fmt"
func main() {
	var a chan int
	b := make(chan int, 1)
	b <- 5
	select {
	case <-a:
		fmt.Println("a")
	case <-b:
		fmt.Println("b")
	}
}
)"));
  }

  void testTwoSelectsRendezvous() {
    // g2 offers a send on c and a receive on d; main offers a receive on c and a send on d:
    // either pair can meet.
    CPPUNIT_ASSERT((std::set<std::string>{"exit \"main got 1\\n\"", "exit \"g2 got 2\\n\""}) ==
                   outcomes(R"(package main
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
)"));
  }

  void testReceiversRaceForOneValue() {
    // One value, two receivers: whoever receives it prints; the other is left waiting in its
    // receive (a leak at exit) unless it has not yet read the captured ch when main returns.
    CPPUNIT_ASSERT((std::set<std::string>{"exit \"g2\\n\"", "exit leak \"g2\\n\"", "exit \"g3\\n\"",
                                          "exit leak \"g3\\n\""}) == outcomes(R"(package main
import "fmt"
func main() {
	ch := make(chan int)
	done := make(chan bool)
	go func() { <-ch; fmt.Println("g2"); done <- true }()
	go func() { <-ch; fmt.Println("g3"); done <- true }()
	ch <- 1
	<-done
}
)"));
  }

  void testBlockedSenderAtExitIsLeak() {
    // g2 first reads the captured ch (a step of its own): if main returns before that, g2 is
    // not blocked yet and the exit is no leak; once g2 waits in its send, it is.
    CPPUNIT_ASSERT((std::set<std::string>{"exit \"\"", "exit leak \"\""}) ==
                   outcomes(R"(package main
func main() {
	ch := make(chan int)
	go func() { ch <- 1 }()
}
)"));
  }

  void testStructChannelSignalsCompletion() {
    CPPUNIT_ASSERT(one("exit \"work\\ndone\\n\"") == outcomes(R"(package main
import "fmt"
func main() {
	done := make(chan struct{})
	go func() {
		fmt.Println("work")
		close(done)
	}()
	<-done
	fmt.Println("done")
}
)"));
  }

  void testSelectStepRecordNamesCaseAndPartner() {
    // g2 stands at `c <- 1`; main's select can take case 1 (buffered a) or case 2 with g2,
    // and g2 can take its send with main: three steps, the rendezvous offered from both sides.
    const model::Program p = compile(R"(package main
func main() {
	a := make(chan int, 1)
	c := make(chan int)
	a <- 0
	go func(ch chan int) { ch <- 1 }(c)
	select {
	case <-a:
	case <-c:
	}
}
)");
    const model::RuntimeConfig cfg = config(Grain::phase);
    model::World w = model::initial_world(p, cfg);
    std::vector<model::GoStep> steps;
    for (int i = 0; i < 2; ++i) {  // a <- 0; go
      model::enabled_steps(w, p, cfg, steps);
      CPPUNIT_ASSERT_EQUAL(std::size_t{1}, steps.size());
      model::apply_step(w, p, cfg, steps[0], nullptr);
    }
    model::enabled_steps(w, p, cfg, steps);
    CPPUNIT_ASSERT_EQUAL(std::size_t{3}, steps.size());
    CPPUNIT_ASSERT(steps[2] == (model::GoStep{model::GoroutineId{2}, 0}));
    model::StepRecord rec;
    model::apply_step(w, p, cfg, steps[1], &rec);
    CPPUNIT_ASSERT_EQUAL(std::string("case 2 with g2 (choice 1 of 2)"), rec.choice_text);
    CPPUNIT_ASSERT(rec.event == model::StepEvent::chan);
  }

  void testLenCountsBufferedValues() {
    CPPUNIT_ASSERT(one("exit \"0 2 1 0\\n\"") == outcomes(R"(package main
import "fmt"
func main() {
	var n chan int
	ch := make(chan int, 3)
	ch <- 1
	ch <- 2
	a := len(ch)
	<-ch
	fmt.Println(len(n), a, len(ch), len(make(chan bool)))
}
)"));
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ChanTest);
