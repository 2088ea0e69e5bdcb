// random_search: executions run in fixed batches (in parallel inside a batch), merged in index
// order, so the result depends on the seed alone.
#include "explorer/random_search.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <stdexcept>
#include <thread>

#include "explorer/pct.h"
#include "explorer/random_walk.h"
#include "explorer/rng.h"

namespace mapcheck::explorer {

std::string_view schedule_name(Schedule s) {
  switch (s) {
    case Schedule::uniform:
      return "uniform";
    case Schedule::pct:
      return "pct";
  }
  return "?";
}

std::optional<Schedule> parse_schedule(std::string_view s) {
  if (s == "uniform") return Schedule::uniform;
  if (s == "pct") return Schedule::pct;
  return std::nullopt;
}

std::uint64_t execution_seed(std::uint64_t seed, std::uint64_t index) {
  return Rng(Rng(seed).next() ^ index).next();
}

const RandomOutcomeRecord* RandomSearchResult::find(const Outcome& o) const {
  for (const auto& r : outcomes)
    if (r.outcome == o) return &r;
  return nullptr;
}

namespace {

WalkResult execute(const TransitionSystem& system, const RandomSearchOptions& o,
                   std::uint64_t index, std::uint32_t length) {
  const std::uint64_t seed = execution_seed(o.seed, index);
  if (o.schedule == Schedule::pct)
    return pct_walk(
        system, {.seed = seed, .depth = o.pct_depth, .length = length, .max_steps = o.max_steps});
  return random_walk(system, {.seed = seed, .max_steps = o.max_steps});
}

// Runs executions [first, first + out.size()) into `out`, on up to `threads` threads.
void run_batch(const TransitionSystem& system, const RandomSearchOptions& o, std::uint64_t first,
               std::uint32_t length, std::vector<WalkResult>& out) {
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t i; (i = next.fetch_add(1)) < out.size();)
      out[i] = execute(system, o, first + i, length);
  };
  const unsigned threads = static_cast<unsigned>(std::min<std::size_t>(o.threads, out.size()));
  if (threads <= 1) return work();
  std::vector<std::jthread> pool;
  for (unsigned t = 0; t < threads; ++t)
    pool.emplace_back(work);
}

template <class Record, class Key>
void add(std::map<Key, Record>& seen, const Key& key, std::uint64_t index, const Path& path) {
  auto [it, fresh] = seen.try_emplace(key);
  if (fresh) {
    it->second.first_execution = index;
    it->second.path = path;
  }
  ++it->second.executions;
}

}  // namespace

RandomSearchResult random_search(const TransitionSystem& system,
                                 const RandomSearchOptions& options) {
  if (options.executions == 0 || options.threads == 0 || options.pct_depth == 0)
    throw std::invalid_argument("random_search: executions, threads and pct_depth must be >= 1");
  RandomSearchResult r;
  r.options = options;
  std::uint32_t length = 0;
  std::size_t longest_finished = 0;
  if (options.schedule == Schedule::pct) {
    // The probe uses an index no execution has (executions are numbered from 0).
    const WalkResult probe = random_walk(
        system, {.seed = execution_seed(options.seed, UINT64_MAX), .max_steps = options.max_steps});
    const bool finished = probe.outcome || probe.violation;
    if (finished) longest_finished = probe.path.size();
    length = std::max<std::uint32_t>(
        finished ? static_cast<std::uint32_t>(probe.path.size()) : options.max_steps, 1);
  }
  std::map<Outcome, RandomOutcomeRecord> outcomes;
  std::map<std::string, RandomViolationRecord> violations;
  for (std::uint64_t first = 0; first < options.executions; first += kRandomBatch) {
    std::vector<WalkResult> batch(std::min(kRandomBatch, options.executions - first));
    run_batch(system, options, first, length, batch);
    for (std::size_t i = 0; i < batch.size(); ++i) {
      const WalkResult& w = batch[i];
      r.steps += w.path.size();
      r.longest = std::max(r.longest, w.path.size());
      if (w.outcome) add(outcomes, *w.outcome, first + i, w.path);
      if (w.violation) add(violations, *w.violation, first + i, w.path);
      if (!w.outcome && !w.violation)
        ++r.cut;
      else
        longest_finished = std::max(longest_finished, w.path.size());
    }
    r.pct_length = length;
    if (options.schedule == Schedule::pct && longest_finished > 0)
      length = static_cast<std::uint32_t>(longest_finished);
  }
  for (auto& [o, rec] : outcomes) {
    rec.outcome = o;
    r.outcomes.push_back(std::move(rec));
  }
  for (auto& [m, rec] : violations) {
    rec.message = m;
    r.violations.push_back(std::move(rec));
  }
  return r;
}

}  // namespace mapcheck::explorer
