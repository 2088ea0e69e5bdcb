// random_search: N seeded random executions of a TransitionSystem (uniform or PCT schedules),
// grouped by outcome. Proves only existence: what it finds is reachable, what it misses may be.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "explorer/outcome.h"
#include "explorer/search_result.h"
#include "explorer/transition_system.h"

namespace mapcheck::explorer {

/** How each execution is scheduled. */
enum class Schedule : std::uint8_t {
  uniform,  ///< an enabled actor uniformly, then one of its choices uniformly (pick_uniform)
  pct,      ///< PCT priorities with depth-1 change points (PctScheduler)
};

std::string_view schedule_name(Schedule s);
/** "uniform" or "pct"; nullopt for anything else. */
std::optional<Schedule> parse_schedule(std::string_view s);

struct RandomSearchOptions {
  /** N: executions run, numbered 0 … N-1. */
  std::uint64_t executions = 100;
  /** S: execution i runs with execution_seed(S, i), whatever the thread count. */
  std::uint64_t seed = 1;
  Schedule schedule = Schedule::pct;
  /** PCT's d (>= 1); ignored by the uniform schedule. */
  std::uint32_t pct_depth = 3;
  /** An execution still running after this many steps is cut (counted, no outcome). */
  std::uint32_t max_steps = 10'000;
  /** Threads running executions (>= 1); the result is the same for every value. */
  unsigned threads = 1;
};

/** Executions run together between two updates of PCT's length estimate. Fixed, so the
 *  estimate each execution sees does not depend on the thread count. */
inline constexpr std::uint64_t kRandomBatch = 64;

/** The seed of execution `index` of a search seeded `seed`: two SplitMix64 rounds, so nearby
 *  seeds and indices give unrelated executions. */
std::uint64_t execution_seed(std::uint64_t seed, std::uint64_t index);

/** One distinct outcome of a random search. */
struct RandomOutcomeRecord {
  Outcome outcome;
  /** Executions that ended with it (>= 1). */
  std::size_t executions = 0;
  /** The lowest-numbered of them. */
  std::uint64_t first_execution = 0;
  /** That execution's steps from the initial state: replaying them reaches the outcome. */
  Path path;
};

/** One distinct violation message, as RandomOutcomeRecord. */
struct RandomViolationRecord {
  std::string message;
  std::size_t executions = 0;
  std::uint64_t first_execution = 0;
  Path path;
};

/** What a random search saw. Identical for equal system, options and seed, any thread count. */
struct RandomSearchResult {
  RandomSearchOptions options;
  /** Sorted by outcome; each outcome once. */
  std::vector<RandomOutcomeRecord> outcomes;
  /** Sorted by message; each message once. */
  std::vector<RandomViolationRecord> violations;
  /** Executions stopped by max_steps, or where every step left was held back
   *  (TransitionSystem::held_back): neither outcome nor violation. */
  std::size_t cut = 0;
  /** Steps taken by all executions together. */
  std::size_t steps = 0;
  /** Steps of the longest execution. */
  std::size_t longest = 0;
  /** PCT only: the last length estimate k used for change points. */
  std::uint32_t pct_length = 0;

  /** The record for `o`, or nullptr if no execution reached it. */
  const RandomOutcomeRecord* find(const Outcome& o) const;
};

/** Runs options.executions executions of `system`. PCT's length estimate k is, for the first
 *  batch of kRandomBatch executions, the length of one uniform probe execution (or max_steps if
 *  that is cut), then the longest finished execution so far. Throws std::invalid_argument for
 *  zero executions, threads or pct_depth. */
RandomSearchResult random_search(const TransitionSystem& system,
                                 const RandomSearchOptions& options);

}  // namespace mapcheck::explorer
