// WorkerPool: threads that live as long as a search and run one job at a time on all of
// them. A search's helpers keep their thread-local caches (the system's last decoded state,
// its memo of futures) from one batch to the next, which threads started per batch lose.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace mapcheck::explorer {

class WorkerPool {
 public:
  /** A pool of `threads` workers: the caller of run() and threads - 1 helpers. */
  explicit WorkerPool(std::size_t threads);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  std::size_t size() const { return helpers_.size() + 1; }

  /** Runs job(w) for w = 0 .. size() - 1, w = 0 on the calling thread, and returns when every
   *  call has returned. An exception job(0) threw is rethrown here, else the first a helper
   *  threw. */
  void run(const std::function<void(std::size_t)>& job);

  /** Starts job(w) on the helpers (w = 1 .. size() - 1) and returns at once: the caller may
   *  do other work, and may take part in the job itself, before wait(). `job` must live until
   *  wait() returns; one job at a time. */
  void start(const std::function<void(std::size_t)>& job);
  /** Waits until the helpers have finished the started job (at once if none was started);
   *  rethrows the first exception a helper threw. */
  void wait();
  /** wait(), dropping any exception: for a caller already unwinding with its own. */
  void wait_quietly() noexcept;

 private:
  void helper(std::size_t w);

  std::vector<std::thread> helpers_;
  std::mutex mutex_;
  std::condition_variable start_;
  std::condition_variable finished_;
  /** The current job; valid while a generation runs. */
  const std::function<void(std::size_t)>* job_ = nullptr;
  /** Counts jobs: a helper runs each generation once. */
  std::size_t generation_ = 0;
  /** Helpers still running the current generation. */
  std::size_t running_ = 0;
  bool closing_ = false;
  std::exception_ptr error_;
};

}  // namespace mapcheck::explorer
