// WorkerPool: every worker runs each job once, helpers keep their threads from job to job,
// a started job runs while the caller works, and an exception from any worker reaches run()
// or wait() without leaving a helper behind.
#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "explorer/worker_pool.h"

using mapcheck::explorer::WorkerPool;

class WorkerPoolTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(WorkerPoolTest);
  CPPUNIT_TEST(testRunCallsEveryWorkerOnceAndWorkerZeroOnTheCaller);
  CPPUNIT_TEST(testHelpersKeepTheirThreadsAcrossJobs);
  CPPUNIT_TEST(testOneThreadRunsOnTheCallerAndStartDoesNothing);
  CPPUNIT_TEST(testStartedJobRunsWhileTheCallerWorks);
  CPPUNIT_TEST(testHelperExceptionReachesRunAndThePoolGoesOn);
  CPPUNIT_TEST(testCallerExceptionWaitsForTheHelpers);
  CPPUNIT_TEST(testHelperExceptionReachesWait);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testRunCallsEveryWorkerOnceAndWorkerZeroOnTheCaller() {
    WorkerPool pool(4);
    CPPUNIT_ASSERT_EQUAL(std::size_t{4}, pool.size());
    std::vector<std::atomic<int>> calls(4);
    std::thread::id zero;
    pool.run([&](std::size_t w) {
      ++calls.at(w);
      if (w == 0) zero = std::this_thread::get_id();
    });
    for (const auto& c : calls)
      CPPUNIT_ASSERT_EQUAL(1, c.load());
    CPPUNIT_ASSERT(zero == std::this_thread::get_id());
  }

  void testHelpersKeepTheirThreadsAcrossJobs() {
    WorkerPool pool(3);
    std::mutex m;
    std::set<std::thread::id> seen;
    for (int job = 0; job < 50; ++job)
      pool.run([&](std::size_t w) {
        if (w == 0) return;
        std::lock_guard lock(m);
        seen.insert(std::this_thread::get_id());
      });
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, seen.size());  // not one thread per job
    CPPUNIT_ASSERT(!seen.contains(std::this_thread::get_id()));
  }

  void testOneThreadRunsOnTheCallerAndStartDoesNothing() {
    WorkerPool pool(1);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, pool.size());
    int calls = 0;
    const std::function<void(std::size_t)> job = [&](std::size_t w) {
      CPPUNIT_ASSERT_EQUAL(std::size_t{0}, w);
      ++calls;
    };
    pool.run(job);
    pool.start(job);
    pool.wait();
    CPPUNIT_ASSERT_EQUAL(1, calls);
  }

  // The helper waits for the caller's signal: start() must return before the job ends, and
  // wait() only after it.
  void testStartedJobRunsWhileTheCallerWorks() {
    WorkerPool pool(2);
    std::atomic<bool> go{false}, finished{false};
    const std::function<void(std::size_t)> job = [&](std::size_t) {
      while (!go)
        std::this_thread::yield();
      finished = true;
    };
    pool.start(job);
    CPPUNIT_ASSERT(!finished);
    go = true;
    pool.wait();
    CPPUNIT_ASSERT(finished);
  }

  void testHelperExceptionReachesRunAndThePoolGoesOn() {
    WorkerPool pool(3);
    CPPUNIT_ASSERT_THROW(pool.run([](std::size_t w) {
      if (w == 2) throw std::runtime_error("helper");
    }),
                         std::runtime_error);
    std::atomic<int> calls{0};
    pool.run([&](std::size_t) { ++calls; });
    CPPUNIT_ASSERT_EQUAL(3, calls.load());
  }

  // The caller's own exception is rethrown only once the helpers are done with the job, and
  // wins over a helper's.
  void testCallerExceptionWaitsForTheHelpers() {
    WorkerPool pool(2);
    std::atomic<bool> helper_done{false};
    try {
      pool.run([&](std::size_t w) {
        if (w == 0) throw std::logic_error("caller");
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        helper_done = true;
        throw std::runtime_error("helper");
      });
      CPPUNIT_FAIL("run did not throw");
    } catch (const std::logic_error& e) {
      CPPUNIT_ASSERT_EQUAL(std::string("caller"), std::string(e.what()));
      CPPUNIT_ASSERT(helper_done);
    }
  }

  void testHelperExceptionReachesWait() {
    WorkerPool pool(2);
    const std::function<void(std::size_t)> job = [](std::size_t) {
      throw std::out_of_range("helper");
    };
    pool.start(job);
    CPPUNIT_ASSERT_THROW(pool.wait(), std::out_of_range);
    pool.start(job);
    pool.wait_quietly();
    pool.wait();  // nothing left to report
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(WorkerPoolTest);
