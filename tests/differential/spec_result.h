// SpecResult: the differential verdict on one spec (mapcheck's predicted set against the
// histogram of real Go's outcomes over every run configuration), and the helpers that say
// which real outcomes were unpredicted and which predicted ones real Go never showed.
#pragma once
#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "tests/differential/go_outcome.h"
#include "tests/differential/mapcheck_prediction.h"

namespace mapcheck::differential {

/** One way of running the binary: a name for the report and the environment it sets. */
struct RunConfig {
  /** Short column name, e.g. "P1", "P4 GOGC=1". */
  std::string name;
  /** NAME=VALUE settings, e.g. {"GOMAXPROCS=4", "GOGC=1"}. */
  std::vector<std::string> env;
};

/** GOMAXPROCS 1, 2 and 4, and GOMAXPROCS 4 with GOGC=1 (a collection at nearly every
 *  allocation, which moves goroutine switches around). */
std::vector<RunConfig> default_run_configs();

/** How often one real outcome was seen. */
struct Tally {
  /** counts[i] = runs under config i that ended this way; sized as the spec's configs. */
  std::vector<std::size_t> counts;
  /** The stderr of the first run that ended this way (kept to explain a mismatch). */
  std::string sample_stderr;
  std::size_t total() const;
};

enum class SpecStatus {
  agreed,    ///< every real outcome is predicted
  mismatch,  ///< real Go showed an outcome mapcheck does not predict: a model bug
  skipped,   ///< not compared (mapcheck cannot run it yet, or no toolchain for its runtime)
  error,     ///< the comparison could not be made (the spec does not build, mapcheck crashed)
};

/** The differential verdict on one spec. */
struct SpecResult {
  /** The spec's path as given to the driver. */
  std::string spec;
  SpecStatus status = SpecStatus::agreed;
  /** Why skipped or error; empty otherwise. */
  std::string note;
  /** The Go toolchain's version ("go1.23.5"); empty if none ran. */
  std::string go_version;
  /** Runs per configuration. */
  std::size_t runs = 0;
  /** Valid unless skipped or error before mapcheck answered. */
  MapcheckPrediction prediction;
  /** Column order of every Tally::counts. */
  std::vector<RunConfig> configs;
  /** Every real outcome seen, in GoOutcome order. */
  std::map<GoOutcome, Tally> observed;
};

/** The real outcomes of `r` that mapcheck does not predict (in GoOutcome order). */
std::vector<GoOutcome> unpredicted(const SpecResult& r);

/** The predicted outcomes of `r` that no real run showed (in mapcheck's order). */
std::vector<PredictedOutcome> never_observed(const SpecResult& r);

/** agreed or mismatch, from `r.observed` and `r.prediction` (for specs that were compared). */
SpecStatus compare_status(const SpecResult& r);

}  // namespace mapcheck::differential
