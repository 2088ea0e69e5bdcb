// A recorded counterexample or witness: the interleaving as plain data, step by step.
// It holds no model or explorer types: the CLI fills it from the model's step records, and the
// printers (trace_json.h, text.h, dot.h) and the renderer (render.h) only read it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "traces/ids.h"

namespace mapcheck::traces {

/** One slot of a bucket: tophash byte plus the key and elem as Go prints them. */
struct MapCell {
  /** The runtime's tophash byte: 0 emptyRest, 1 emptyOne, 2 evacuatedX, 3 evacuatedY,
   *  4 evacuatedEmpty, >= 5 a live entry (minTopHash is 5). */
  std::uint8_t tophash = 0;
  /** The key formatted as fmt.Print would (`1`, `"a"`); meaningful only when tophash >= 5
   *  (or for evacuated cells whose key bytes were not cleared). Empty otherwise. */
  std::string key;
  /** The elem formatted like `key`. */
  std::string elem;
  bool operator==(const MapCell&) const = default;
};

/** One bucket of a bucket array, with its overflow chain. */
struct MapBucket {
  /** Position in its array. */
  BucketIndex index;
  /** The 8 slots in slot order (a recorder may give fewer; printers never assume 8). */
  std::vector<MapCell> cells;
  /** The overflow chain in chain order, each element the slots of one overflow bucket. */
  std::vector<std::vector<MapCell>> overflow;
  /** Only for old buckets: evacuated(b), i.e. tophash[0] in {2, 3, 4}. Always false in `buckets`.
   */
  bool evacuated = false;
  bool operator==(const MapBucket&) const = default;
};

/** A compact picture of one map's header and buckets right after a step changed it. */
struct MapSnapshot {
  MapId map;
  /** log2 of the number of buckets; `buckets` has 1<<B entries when the recorder lists all. */
  std::uint8_t B = 0;
  /** h.count: live entries. */
  std::int64_t count = 0;
  /** h.flags as names joined by `|` in bit order (`iterator|oldIterator|hashWriting`); "" if 0. */
  std::string flags;
  /** True iff h.oldbuckets != nil (growth in progress). */
  bool growing = false;
  /** h.nevacuate: old buckets below it are all evacuated; 0 when not growing. */
  std::uint64_t nevacuate = 0;
  /** The current bucket array (may list only non-empty buckets, in index order). */
  std::vector<MapBucket> buckets;
  /** The old bucket array; non-empty only while growing. */
  std::vector<MapBucket> oldbuckets;
  bool operator==(const MapSnapshot&) const = default;
};

/** One atomic step of the interleaving: who moved, where in the spec, which runtime statement. */
struct TraceStep {
  /** 1-based position; invariant: `steps[k].index.v == k + 1`. */
  StepIndex index;
  /** The goroutine that took the step. */
  GoroutineId goroutine;
  /** The choice taken among the goroutine's alternatives (0 when there was none); replay
   *  feeds it back to the model. */
  std::uint32_t choice = 0;
  /** The choice in words, e.g. `startBucket=1 offset=3`; "" when there was no choice. */
  std::string choice_text;
  /** Spec location (1-based line and column; 0 when the step has no spec location). */
  std::uint32_t line = 0;
  std::uint32_t col = 0;
  /** The spec's source line at `line`, trimmed. */
  std::string source;
  /** The runtime function the step mirrors (`mapiternext`); "" for pure spec steps. */
  std::string function;
  /** The runtime statement (`if h.flags&hashWriting != 0 { fatal(...) }`); "" if none. */
  std::string statement;
  /** The runtime file of `function` (`runtime/map.go`); "" if none. */
  std::string runtime_file;
  /** What the step does, one word: go, go-start, map, store, load, print, lock, unlock, rlock,
   *  runlock, send, recv, close, add, done, wait, yield, return, exit, fatal, panic, ... */
  std::string event;
  /** For `go`: the goroutine this step started. */
  std::optional<GoroutineId> spawned;
  /** The earlier step this one synchronises with (go -> first step, unlock -> lock,
   *  send -> recv, Done -> Wait); invariant: `sync_from->v < index.v`. */
  std::optional<StepIndex> sync_from;
  /** The map this step changed, as it is right after the step; absent when no map changed
   *  (or the recorder chose not to show it). */
  std::optional<MapSnapshot> map;
  /** This step produced the verdict's outcome (e.g. the mapiternext check that saw hashWriting). */
  bool deciding = false;
  /** This step switched away from a goroutine that could have continued. */
  bool preemption = false;
  bool operator==(const TraceStep&) const = default;
};

/** How the traced execution ended, as the explorer reported it. */
struct TraceOutcome {
  /** One of exit, fatal, panic, deadlock. */
  std::string kind = "exit";
  /** Go's message for fatal and panic, "" otherwise. */
  std::string message;
  /** Everything the program printed, in order. */
  std::string output;
  /** Only for exit: some goroutine was blocked forever when main returned. */
  bool leak = false;
  bool operator==(const TraceOutcome&) const = default;
};

/** Why the trace was recorded. */
enum class Verdict : std::uint8_t {
  counterexample,  ///< shows that an `always`/`never` expectation is violated
  witness,         ///< shows that a `sometimes` expectation holds
  outcome,         ///< one execution per distinct outcome, no expectation attached
};

/** `counterexample`, `witness` or `outcome`. */
std::string_view verdict_name(Verdict v);
/** The inverse of verdict_name; nullopt for any other text. */
std::optional<Verdict> parse_verdict(std::string_view text);

/** How the path of a trace was chosen among all that reach its outcome. */
struct TraceOrigin {
  /** exhaustive: the exhaustive search's simplest path (fewest preemptions first, then the
   *  shortest bfs found). first: the path by which the exhaustive search itself first reached
   *  the outcome (`mapcheck check --traces first`: no witness search, maybe not the simplest).
   *  random: the first of a random search's executions that reached the outcome. */
  enum class Search : std::uint8_t { exhaustive, first, random } search = Search::exhaustive;
  /** random only: the execution's index (#0 first), the --seed, and the schedule
   *  (`pct depth D` or `uniform`) that together reproduce it. */
  std::uint64_t execution = 0;
  std::uint64_t seed = 0;
  std::string schedule;
  bool operator==(const TraceOrigin&) const = default;
};

/** The trace format version this library writes (2 added `origin`); read_json accepts every
 *  version from kOldestTraceFormatVersion on and keeps the one it read. */
inline constexpr int kTraceFormatVersion = 2;
inline constexpr int kOldestTraceFormatVersion = 1;

/** A whole recorded path, identified by the spec it ran on and the options it ran with.
 *  Replaying `steps` on the same spec with the same options reproduces `outcome`. */
struct Trace {
  int format_version = kTraceFormatVersion;
  /** The spec file as given on the command line. */
  std::string spec_path;
  /** xxh64 of the spec's bytes as 16 lowercase hex digits (see spec_hash()). */
  std::string spec_hash;
  /** Runtime options as given (`runtime`, `grain`, `order`, `hash`, ...), in the order given. */
  std::vector<std::pair<std::string, std::string>> options;
  /** The `// expect:` line this trace answers (text after `expect:`), "" for plain outcomes. */
  std::string expectation;
  Verdict verdict = Verdict::counterexample;
  /** The interleaving; see TraceStep::index for the numbering invariant. */
  std::vector<TraceStep> steps;
  TraceOutcome outcome;
  /** Number of preemptive context switches; equals the number of steps with `preemption`. */
  std::uint32_t preemptions = 0;
  /** How the path was chosen (JSON field `origin`; absent in a file means exhaustive). */
  TraceOrigin origin;
  bool operator==(const Trace&) const = default;
};

/** Checks the invariants the printers rely on: `steps[k].index == k + 1`, every `sync_from`
 *  names an earlier step, `preemptions` equals the number of steps marked `preemption`, the
 *  first step is not a preemption. Returns the first violation in read_json's words
 *  (`step 2: index is 5, expected 2`), or nullopt. */
std::optional<std::string> check_invariants(const Trace& trace);

/** For replay: nullopt if `spec_bytes` hash to `trace.spec_hash`, else one line saying the
 *  trace was recorded for a different spec (both hashes named). */
std::optional<std::string> check_spec_hash(const Trace& trace, std::string_view spec_bytes);

/** xxh64 (seed 0) of `spec_bytes`, as 16 lowercase hex digits: the value of Trace::spec_hash. */
std::string spec_hash(std::string_view spec_bytes);

/** Line `line` (1-based) of `spec_text` with surrounding whitespace trimmed, as
 *  TraceStep::source holds it; "" when the spec has no such line. */
std::string source_line(std::string_view spec_text, std::uint32_t line);

/** The last path component of Trace::spec_path (`claim1.go`), as printers show locations. */
std::string spec_file_name(const Trace& trace);

}  // namespace mapcheck::traces
