// MapcheckPrediction: what `mapcheck check --json` says a spec can do (its outcome set, the
// runtime it modelled, whether the search was complete), read from the JSON report; and
// predicts(), the matching rule between a predicted and a real outcome.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "tests/differential/go_outcome.h"

namespace mapcheck::differential {

/** One outcome of mapcheck's set, as the JSON report lists it. */
struct PredictedOutcome {
  /** "exit", "fatal", "panic" or "deadlock". */
  std::string kind;
  /** fatal/panic message; empty otherwise. */
  std::string message;
  /** exit: the exact stdout. */
  std::string output;
  /** exit: a goroutine was blocked forever when main returned (real Go cannot see this). */
  bool leak = false;
  /** mapcheck's own rendering, e.g. `exit output "3\n"`. */
  std::string text;
  /** How many terminal states of the search end this way. */
  std::size_t terminal_states = 0;
};

/** mapcheck's verdict on one spec. */
struct MapcheckPrediction {
  std::string spec;
  /** The runtime mapcheck modelled (the `runtime` option, e.g. "go1.23", "hmap"). */
  std::string runtime;
  /** False when the search stopped at a bound: the set may then miss outcomes. */
  bool complete = true;
  std::size_t states = 0;
  /** mapcheck's status for the spec (0 holds, 1 violated, 3 incomplete). */
  int status = 0;
  std::vector<PredictedOutcome> outcomes;
};

/** Why a JSON report could not be read. */
struct PredictionError {
  std::string message;
};

/** Reads the first spec of a `mapcheck check --json` document. A spec entry with "errors"
 *  (mapcheck could not load it) or malformed JSON is a PredictionError. */
std::variant<MapcheckPrediction, PredictionError> parse_prediction(const std::string& json);

/** True iff `p` covers the real outcome `o`: same kind, and for exit the same stdout (leak
 *  or not: real Go cannot observe a leak), for fatal and panic the same message. timeout and
 *  unclassified are never covered. */
bool predicts(const PredictedOutcome& p, const GoOutcome& o);

/** True iff some outcome of `set` covers `o`. */
bool predicted(const std::vector<PredictedOutcome>& set, const GoOutcome& o);

/** The Go toolchain version a modelled runtime corresponds to ("go1.22" for "go1.22",
 *  "go1.23" for "hmap"); nullopt for runtimes real Go cannot run (a protocol variant
 *  "go1.23+NAME", or a name this driver does not know). */
std::optional<std::string> go_version_for_runtime(const std::string& runtime);

}  // namespace mapcheck::differential
