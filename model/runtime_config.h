// RuntimeConfig: which Go runtime the map model mirrors (version), how finely its operations
// are cut into steps (grain) and how keys hash (HashSpec). Plain data handed to every map
// step; the model reads no global setting.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "model/value.h"

namespace mapcheck::model {

/** Step granularity of map operations.
 *  op:     each map operation is one atomic step.
 *  phase:  a boundary at every read or write of h.flags and around each bucket mutation,
 *          evacuation step and iterator advance (the XOR toggle is one read-modify-write).
 *  access: a boundary at every micro-step of the model: the toggle is a load and a store,
 *          each bucket scanned, each cell evacuated, each insert word written is its own step. */
enum class Grain : std::uint8_t { op, phase, access };

/** The classic (pre-Swiss) Go map runtimes the model mirrors. They differ only where the Go
 *  source differs: mapclear marks every tophash emptyRest first from go1.21 on. */
enum class RuntimeVersion : std::uint8_t { go1_19, go1_20, go1_21, go1_22, go1_23 };

/** How keys hash. mix: a fixed mixing function (splitmix64 of an int, XXH64 of a string),
 *  so tiny maps spread over buckets. table: listed keys get exactly the listed 64-bit hash,
 *  unlisted keys fall back to mix. tophash and bucket are derived from the 64-bit hash as the
 *  runtime does (top 8 bits, low B bits). */
struct HashSpec {
  enum class Mode : std::uint8_t { mix, table };
  Mode mode = Mode::mix;
  /** table mode: (key, hash) pairs; the first pair for a key wins. */
  std::vector<std::pair<Key, std::uint64_t>> table;
  /** Number of distinct hash0 seeds the model explores (>= 1). Every reseed (mapdelete at
   *  count 0, mapclear) is a choice among `seeds` values; mix hashes depend on hash0, table
   *  hashes do not. 1 (default) keeps hash0 at 0: see hasher.h, SIMPLIFIED. */
  std::uint32_t seeds = 1;

  bool operator==(const HashSpec&) const = default;
};

/** Everything a map step needs to know about the runtime it mirrors. */
struct RuntimeConfig {
  RuntimeVersion version = RuntimeVersion::go1_23;
  Grain grain = Grain::phase;
  HashSpec hash;
  /** Frames a goroutine may hold (>= 1; the synthesized entry that runs the global
   *  initialisers and main does not count); nullopt: no bound. A move that would push one more
   *  (a call, or a deferred call run while unwinding) is not taken: the goroutine stays
   *  where it is, runnable, yet with no step (enabled_steps leaves it out, and
   *  held_at_call_depth counts it). Only its own moves could change that, so it stays so.
   *  SIMPLIFIED: Go bounds a goroutine's stack in bytes (1 GB on 64-bit) and then dies with
   *  fatal "stack overflow"; the model sizes no frames, and a state holds every frame, so a
   *  search never gets near Go's depth: the bound cuts the search instead (a search bound,
   *  reported as such, never an outcome). */
  std::optional<std::uint32_t> max_call_depth;

  bool operator==(const RuntimeConfig&) const = default;
};

/** "go1.19".."go1.23", and "hmap" (alias of go1.23). nullopt for anything else. */
std::optional<RuntimeVersion> parse_runtime(std::string_view s);
/** "go1.19".."go1.23". */
std::string_view runtime_name(RuntimeVersion v);
/** One line saying what the version changes in the map model (for `mapcheck runtimes`). */
std::string_view runtime_summary(RuntimeVersion v);
/** "op", "phase", "access". nullopt for anything else. */
std::optional<Grain> parse_grain(std::string_view s);
std::string_view grain_name(Grain g);

/** True if mapclear marks every tophash emptyRest before zeroing (Go 1.21+, issue 59411). */
inline bool clear_marks_empty_rest(RuntimeVersion v) {
  return v >= RuntimeVersion::go1_21;
}

}  // namespace mapcheck::model
