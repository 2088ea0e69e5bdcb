// WorkerPool: a generation counter under one mutex starts the helpers on a job; the last to
// finish wakes the caller.
#include "explorer/worker_pool.h"

#include <utility>

namespace mapcheck::explorer {

WorkerPool::WorkerPool(std::size_t threads) {
  for (std::size_t w = 1; w < threads; ++w)
    helpers_.emplace_back([this, w] { helper(w); });
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard lock(mutex_);
    closing_ = true;
  }
  start_.notify_all();
  for (std::thread& t : helpers_)
    t.join();
}

void WorkerPool::run(const std::function<void(std::size_t)>& job) {
  start(job);
  std::exception_ptr mine;
  try {
    job(0);
  } catch (...) {
    mine = std::current_exception();
  }
  // The helpers may still read what `job` refers to: never unwind before they end.
  if (!mine) return wait();
  wait_quietly();
  std::rethrow_exception(mine);
}

void WorkerPool::start(const std::function<void(std::size_t)>& job) {
  if (helpers_.empty()) return;
  {
    std::lock_guard lock(mutex_);
    job_ = &job;
    error_ = nullptr;
    running_ = helpers_.size();
    ++generation_;
  }
  start_.notify_all();
}

void WorkerPool::wait() {
  std::unique_lock lock(mutex_);
  finished_.wait(lock, [&] { return running_ == 0; });
  job_ = nullptr;
  const std::exception_ptr error = std::exchange(error_, nullptr);
  lock.unlock();
  if (error) std::rethrow_exception(error);
}

void WorkerPool::wait_quietly() noexcept {
  std::unique_lock lock(mutex_);
  finished_.wait(lock, [&] { return running_ == 0; });
  job_ = nullptr;
  error_ = nullptr;
}

void WorkerPool::helper(std::size_t w) {
  std::size_t seen = 0;
  for (;;) {
    const std::function<void(std::size_t)>* job = nullptr;
    {
      std::unique_lock lock(mutex_);
      start_.wait(lock, [&] { return closing_ || generation_ != seen; });
      if (closing_) return;
      seen = generation_;
      job = job_;
    }
    std::exception_ptr error;
    try {
      (*job)(w);
    } catch (...) {
      error = std::current_exception();
    }
    std::lock_guard lock(mutex_);
    if (error && !error_) error_ = error;
    if (--running_ == 0) finished_.notify_one();
  }
}

}  // namespace mapcheck::explorer
