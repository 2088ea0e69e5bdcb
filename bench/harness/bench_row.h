// BenchRow: one row of the benchmark table (a spec and the SPIN model of the same protocol,
// if any) and the figures measured for it. Plain values: measure.h fills them, table.h
// prints them.
#pragma once
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "tests/differential/mapcheck_prediction.h"

namespace mapcheck::bench {

/** The SPIN model of a row: a file of bench/spin/ and its -D defines, as the spec's
 *  `// bench: spin=MODEL.pml -DN=2 ...` line names them. */
struct SpinModel {
  /** File name under bench/spin/, e.g. "nwriters.pml". */
  std::string model;
  /** Passed to run-spin.sh as given, e.g. {"-DN=2", "-DK=1"}. */
  std::vector<std::string> defines;
};

/** One row: a spec file and how the table names it. */
struct BenchRow {
  /** Short name: the path under bench/specs/ or specs/library/, without ".go". */
  std::string name;
  std::filesystem::path spec;
  /** Empty when no SPIN model is declared for the spec. */
  std::optional<SpinModel> spin;
};

/** One `mapcheck check` run. `ran` is false when it could not run (then `note` says why and
 *  no figure is meaningful). */
struct MapcheckFigures {
  bool ran = false;
  std::string note;
  std::uint64_t states = 0;
  std::uint64_t transitions = 0;
  /** Wall time of the whole `mapcheck check` process (parse, search, verdicts, and the traces
   *  when the run asked for them). */
  double seconds = 0;
  /** From the stderr timing line; nullopt when the line was absent. */
  std::optional<std::uint64_t> bytes_stored;
  /** Maximum resident set size of the process, in KiB (/usr/bin/time %M). */
  std::optional<std::uint64_t> peak_kib;
  /** False when the search stopped at a bound: states and outcomes are then lower bounds. */
  bool complete = true;
  /** The bounds hit ("time", "states", ...), in mapcheck's order. */
  std::vector<std::string> bounds_hit;
  /** mapcheck's exit status (0 holds, 1 violated, 3 incomplete). */
  int status = 0;
  /** The modelled runtime ("go1.23"): which real Go to compare with. */
  std::string runtime;
  /** The outcome set found (a lower bound when incomplete), in mapcheck's order. */
  std::vector<differential::PredictedOutcome> outcomes;
};

/** One run-spin.sh run; `ran` false when the script, the model or spin is missing (then
 *  `note` says which). */
struct SpinFigures {
  bool ran = false;
  std::string note;
  std::uint64_t states = 0;
  std::uint64_t transitions = 0;
  double seconds = 0;
  double memory_mb = 0;
  std::uint64_t errors = 0;
  double compile_seconds = 0;
  /** run-spin.sh's `complete=`: "yes", or why pan stopped early ("memlim", "time"); the
   *  counts are then lower bounds. */
  std::string complete = "yes";
};

/** Real Go under one configuration: how many runs until the rare outcome first appeared. */
struct GoFirstSeen {
  /** e.g. "GOMAXPROCS=1". */
  std::string config;
  /** 1-based index of the first run that showed it; nullopt if none of `runs_tried` did. */
  std::optional<std::size_t> first_run;
  std::size_t runs_tried = 0;
  /** Wall time of those runs. */
  double seconds = 0;
};

/** A spec's rare outcome: one mapcheck proves reachable, against real Go's luck. */
struct RareOutcomeFigures {
  /** As mapcheck prints it, e.g. `fatal "concurrent map writes"`. */
  std::string outcome;
  /** Wall time of the smallest doubling --max-states run whose outcome set holds it. */
  std::optional<double> mapcheck_seconds;
  /** That run's --max-states bound. */
  std::optional<std::uint64_t> mapcheck_states_bound;
  /** One per configuration; empty with `note` when real Go could not run. */
  std::vector<GoFirstSeen> go;
  std::string note;
};

/** Everything measured for one row. */
struct RowResult {
  BenchRow row;
  MapcheckFigures reduced;
  MapcheckFigures unreduced;
  SpinFigures spin_reduced;
  SpinFigures spin_unreduced;
  /** Absent for a spec without a rare outcome (a single outcome, or only exits). */
  std::optional<RareOutcomeFigures> rare;
  /** `--bfs --threads N` with reduction, on the rows with a SPIN model (not run: `ran`
   *  false, `note` empty). */
  MapcheckFigures parallel;
  /** SPIN with its reduction on as many cores (pan built with -DNCORE=N), on the same rows:
   *  the like-for-like partner of `parallel`. */
  SpinFigures spin_parallel;
  /** As `reduced`, with the default traces (`--traces simplest`: the witness search after the
   *  search) where `reduced` has none (`--traces none`, time to verdict). */
  MapcheckFigures traced;
};

}  // namespace mapcheck::bench
