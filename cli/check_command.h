// `mapcheck check`: explore each spec, list its outcomes, judge its expectations, and show a
// counterexample or witness trace per expectation. Text report on stdout (or one JSON document
// with --json); timing only on stderr, so stdout is byte-identical run to run.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "cli/run_config.h"

namespace mapcheck::cli {

/** `--random N` and its companions, as given; run_check validates them (usage errors). */
struct RandomArgs {
  /** N: run N seeded random executions instead of exploring every one. */
  std::optional<std::uint64_t> executions;
  /** S (default 1): execution i runs with a seed derived from (S, i). */
  std::optional<std::uint64_t> seed;
  /** "pct" (default: it found outcomes uniform missed on library specs, see README) or
   *  "uniform". */
  std::optional<std::string> schedule;
  /** PCT's depth d (default 3); only with schedule pct. */
  std::optional<std::uint32_t> pct_depth;
};

/** Which trace `mapcheck check` shows for each expectation an outcome decides (`--traces`). */
enum class TraceChoice {
  /** The fewest preemptions, then the fewest steps: a witness search after the exhaustive one
   *  (rounds of unreduced bfs, explorer/simplest_path.h). The default. */
  simplest,
  /** The path by which the exhaustive search first reached the outcome: no further search, so
   *  it may be longer and preempt more. A random search's trace is always its first. */
  first,
  /** None: the verdicts only, as soon as the exhaustive search ends. */
  none,
};

/** "simplest", "first" or "none"; nullopt for anything else. */
std::optional<TraceChoice> parse_trace_choice(const std::string& text);

/** What `mapcheck check` was told. */
struct CheckArgs {
  std::vector<std::string> specs;
  CliOverrides overrides;
  bool json = false;
  /** Write `.txt`, `.json` and `.dot` (and the rendering) of every trace into this folder. */
  std::optional<std::string> trace_dir;
  /** `--traces`: simplest, first or none (TraceChoice); nullopt means simplest, or, for a
   *  random search, first. */
  std::optional<std::string> traces;
  /** With trace_dir: also render each trace's DOT to "svg" or "png". */
  std::optional<std::string> render;
  /** Print a progress line on `err` about once a second. */
  bool progress = false;
  /** Show timing figures (seconds, states/s) on `err`. */
  bool timing = true;
  /** A random search instead of an exhaustive one when `random.executions` is set. */
  RandomArgs random;
};

/** Exit status as DESIGN.md says: 0 every expectation holds; 1 one is violated; 2 a spec or
 *  the command line is wrong; 3 the search stopped at a bound before it could decide. */
int run_check(const CheckArgs& args, std::ostream& out, std::ostream& err);

}  // namespace mapcheck::cli
