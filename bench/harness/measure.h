// Measuring one benchmark row: `mapcheck check` with and without reduction (states,
// transitions, wall time, bytes stored, peak memory), bench/spin/run-spin.sh on the row's SPIN
// model, and real Go runs until the spec's rare outcome first appears. Processes run through
// the differential check's library (tests/differential/). Also the parsers of what those
// tools print, kept apart so the tests can feed them real text.
#pragma once
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "bench/harness/bench_row.h"

namespace mapcheck::bench {

/** What every measurement needs; a plain struct, no globals. */
struct BenchOptions {
  std::filesystem::path mapcheck;
  /** The repository root: spec names and bench/spin/ are found from it. */
  std::filesystem::path root;
  /** Go modules, binaries and the Go build cache go here. */
  std::filesystem::path work_dir;
  /** `go` of Go 1.23 (the modelled runtime); nullopt: real-Go columns are n/a. */
  std::optional<std::filesystem::path> go;
  /** Per mapcheck and SPIN run: --time-limit (mapcheck) and the kill timeout (both, with slack). */
  double time_limit = 60;
  /** Per mapcheck run: --max-states; 0 for none. */
  std::uint64_t max_states = 0;
  /** Real runs per configuration before "not seen". */
  std::size_t go_runs = 1000;
  /** Threads of the parallel bfs run (measure_mapcheck's `threads`) on rows with a SPIN
   *  model; 1 runs none. */
  unsigned threads = 2;
  /** A mapcheck or SPIN run that answers in under `repeat_below` seconds is run again, up to
   *  `repeats` runs in all, and the fastest is kept (fastest_of): on a shared machine a small
   *  row's single run can take several times its usual time. */
  unsigned repeats = 3;
  double repeat_below = 1.0;
};

/** Calls `measure` (returning figures with `ran` and `seconds`) once, then again while the
 *  fastest run so far ran in under `below` seconds, `repeats` calls at most; returns the
 *  fastest run's figures (the first on ties). Counts are deterministic, so only the times
 *  differ between the runs. */
template <class Measure>
auto fastest_of(unsigned repeats, double below, Measure&& measure) {
  auto best = measure();
  for (unsigned i = 1; i < repeats && best.ran && best.seconds < below; ++i) {
    auto again = measure();
    if (again.ran && again.seconds < best.seconds) best = std::move(again);
  }
  return best;
}

/** The figures of `mapcheck check`'s stderr timing line
 *  `SPEC: S states in X s (R states/s), B bytes stored`. */
struct TimingLine {
  std::uint64_t states = 0;
  double seconds = 0;
  std::uint64_t bytes_stored = 0;
};

/** The last timing line in `stderr_text`; nullopt if there is none. */
std::optional<TimingLine> parse_timing_line(const std::string& stderr_text);

/** The marker line /usr/bin/time writes with format `rusage_format()`: wall seconds and
 *  maximum resident set size in KiB. */
struct ResourceUsage {
  double seconds = 0;
  std::uint64_t peak_kib = 0;
};

/** The -f format given to /usr/bin/time. */
const char* rusage_format();

/** The last rusage marker line in `stderr_text`; nullopt if there is none. */
std::optional<ResourceUsage> parse_rusage(const std::string& stderr_text);

/** run-spin.sh's line `states=S transitions=T seconds=X memory_mb=M errors=E
 *  compile_seconds=C [complete=W]` (the last such line of `stdout_text`; the six keys
 *  required). `ran` is true with figures; false, with a note, when SPIN was stopped before it
 *  printed any (`states=-`). */
std::optional<SpinFigures> parse_spin_line(const std::string& stdout_text);

/** The SPIN model a spec declares in a comment line `// bench: spin=MODEL.pml -DX=1 ...`
 *  before `package`; nullopt if none. */
std::optional<SpinModel> parse_bench_directive(const std::string& spec_source);

/** `mapcheck check --json` on `spec` with the options' bounds, reduction on or off; with
 *  threads > 1, a bfs on that many threads (`--bfs --threads N`; the default is a dfs on
 *  one). Without traces (`--traces none`: the time to verdict, as SPIN's pan writes no trail)
 *  unless `traces` (the default simplest traces). Fastest of the options' repeats
 *  (fastest_of). */
MapcheckFigures measure_mapcheck(const BenchOptions& options, const std::filesystem::path& spec,
                                 bool reduction, unsigned threads = 1, bool traces = false);

/** run-spin.sh on the model, with or without SPIN's reductions, `--time-limit=` the options'
 *  bound; with cores > 1, SPIN's multi-core search on that many cores (`--cores=N`). Fastest
 *  of the options' repeats, by search time (fastest_of). */
SpinFigures measure_spin(const BenchOptions& options, const SpinModel& model, bool reduction,
                         unsigned cores = 1);

/** The rare outcome of a spec from mapcheck's (reduced) figures: the first outcome real Go
 *  can show that is not an exit, when the set has more than one outcome; nullopt otherwise. */
std::optional<differential::PredictedOutcome> rare_outcome(const MapcheckFigures& figures);

/** mapcheck's time to show `outcome` reachable (doubling --max-states from 64) and real Go's
 *  runs until it first appears under GOMAXPROCS=1 and =2. */
RareOutcomeFigures measure_rare_outcome(const BenchOptions& options, const BenchRow& row,
                                        const std::string& runtime,
                                        const differential::PredictedOutcome& outcome);

/** Every row: the family specs under bench/specs/ and the library under specs/library/,
 *  families first, each part sorted by name with numbers compared as numbers (n8 < n12). */
std::vector<BenchRow> collect_rows(const std::filesystem::path& root);

}  // namespace mapcheck::bench
