// MapCall: one map operation in progress, as a resumable step machine whose micro-steps
// mirror the runtime statement by statement (the rows of model/map_steps.def). map_step runs
// one step at the configured grain; randomness (iterator start, hash0 reseeds) comes in as
// the `choice` argument, never drawn inside. Keys of kind int take the _fast64 paths and
// string keys the _faststr paths, as the Go compiler chooses.
//
// Steps at grain=phase (a bar is a step boundary; [..] only when it applies):
//   access1/2  h.count | flags check | hash, locate [| old bucket] and scan
//   assign     flags check, hash | ^= hashWriting | alloc buckets | again [growWork steps] |
//              search | grow check [| hashGrow x3 | again ...] [| newoverflow] |
//              tophash, key, count++ | exit check | &^= hashWriting   (then assign_store)
//   delete     h.count | flags check, hash | ^= | locate [growWork] | search | emptyOne,
//              emptyRest marks | count--, reseed | exit check | &^=
//   clear      h.count | flags check | ^= | [mark emptyRest, Go 1.21+ |] reset, reseed |
//              zero in place | exit check | &^=
//   iterinit   h.count, snapshot, r | Or8 | then mapiternext
//   iternext   flags check | advance to the next entry [| old bucket | filter | mapaccessK]
//   growWork   first | evacuate (all cells) | oldIterator clear, mark | done check | second ...
// grain=op: one step per operation; grain=access: one step per micro-step (map_steps.def).

#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "model/encoding.h"
#include "model/hiter.h"
#include "model/hmap.h"
#include "model/runtime_config.h"
#include "model/step_label.h"
#include "model/value.h"

namespace mapcheck::model {

/** The map operations a program performs.
 *  access1: v := m[k]          access2: v, ok := m[k]
 *  assign:  mapassign of m[k] = v (returns the slot; the store is assign_store/map_store)
 *  assign_store: the compiler's `*p = v` after mapassign returned (begin_map_store)
 *  del: delete(m, k)   clear: clear(m) (and the range-delete idiom)
 *  iterinit: mapiterinit, which ends by running mapiternext (it produces the first entry)
 *  iternext: mapiternext. */
enum class MapOp : std::uint8_t {
#define MAP_OP(name, go_name, entry, result, choice, writes) name,
#include "model/map_steps.def"
#undef MAP_OP
};

/** "access1", "assign", ... */
std::string_view map_op_name(MapOp op);

/** The micro-steps of the map model, one per row of map_steps.def. */
enum class MapPc : std::uint8_t {
#define MAP_STEP(name, boundary, writes, func, stmt, line64, linestr) name,
#include "model/map_steps.def"
#undef MAP_STEP
};

/** The runtime functions the micro-steps belong to. */
enum class RuntimeFunc : std::uint8_t {
  mapaccess1,
  mapassign,
  mapdelete,
  mapclear,
  hashGrow,
  growWork,
  evacuate,
  advanceEvacuationMark,
  mapiterinit,
  mapiternext,
  mapaccessK,
};

/** An evacuation destination (evacDst): the bucket written next and the next slot (0..8). */
struct EvacDst {
  BucketPos b;
  std::uint8_t i = 0;
  auto operator<=>(const EvacDst&) const = default;
};

/** A map operation in progress: the op, its key, the micro-step to run next and the locals
 *  the runtime function keeps between statements. A call is never shared: one goroutine has
 *  at most one in progress. Invariant: pc == finished iff the last map_step returned done or
 *  fatal. */
struct MapCall {
  MapOp op = MapOp::access1;
  /** The key of access/assign/del; for iternext, the key mapaccessK looks up. */
  Key key;
  /** assign_store: the value stored and the slot mapassign returned. */
  std::optional<Value> value;
  std::optional<SlotRef> slot;

  /** The next micro-step. */
  MapPc pc = MapPc::access_count;
  /** Where growWork returns to (assign_search or delete_search). */
  MapPc ret = MapPc::finished;

  /** hash of key (computed once, from h.hash0 at the time, as the runtime). */
  std::uint64_t hash = 0;
  /** tophash(hash). */
  std::uint8_t top = 0;
  /** bucket := hash & bucketMask(h.B). */
  std::uint64_t bucket = 0;
  /** The bucket being walked (b), and the cell index in it (i). */
  std::optional<BucketPos> b;
  std::uint8_t i = 0;
  /** mapdelete's bOrig. */
  std::optional<BucketPos> b_orig;
  /** mapassign: insertb/inserti (the first empty cell, or the cell of the existing key);
   *  mapdelete: the cell being deleted. */
  std::optional<SlotRef> insert;
  /** mapassign: the key was found (goto done). access*: found. */
  bool found = false;
  /** mapaccess with h.B == 0: the one-bucket path (no hash; faststr stops at emptyRest). */
  bool one_bucket = false;
  /** A value read from h.flags and not yet stored back (toggles split at access grain). */
  std::uint8_t flags_tmp = 0;

  /** hashGrow: bigger, and the arrays it swaps. */
  std::uint8_t bigger = 0;
  std::optional<ArrayId> grow_old;
  std::optional<ArrayId> grow_new;
  /** growWork: 0 while evacuating the key's old bucket, 1 for the nevacuate one. */
  std::uint8_t growwork_stage = 0;
  /** evacuate: oldbucket, newbit, the source walk (evac_src, i), the destinations. */
  std::uint64_t evac_old = 0;
  std::uint64_t newbit = 0;
  std::optional<BucketPos> evac_src;
  std::uint8_t evac_i = 0;
  std::optional<EvacDst> dst_x;
  std::optional<EvacDst> dst_y;
  /** evacuate: the destination (0 = x, 1 = y) needing an overflow bucket, and the tophash
   *  of the cell being copied (evacuate's local `top`; the cell itself is marked already). */
  std::uint8_t evac_use_y = 0;
  std::uint8_t evac_top = 0;

  /** Results, valid once done. */
  std::optional<Value> result;
  std::optional<Key> result_key;

  auto operator<=>(const MapCall&) const = default;
  bool operator==(const MapCall&) const = default;

  void encode(Encoder& e) const;
  static MapCall decode(Decoder& d);
  /** As `c = decode(d)`, in place: decoding a state rewrites the call of every goroutine in a
   *  map operation, and its four values keep their storage. */
  static void decode_into(Decoder& d, MapCall& c);
};

/** Starts `op` on `key` (unused for clear/iterinit/iternext). For assign_store use
 *  begin_map_store. */
MapCall begin_map_call(MapOp op, Key key = {});
/** Starts the caller's element store `*slot = v` (op assign_store). */
MapCall begin_map_store(const SlotRef& slot, Value v);

/** Number of choices the next step of `call` offers (>= 1): 2^B*8 values of mapiterinit's
 *  random r (choice c gives startBucket = c & (2^B-1), offset = (c >> B) & 7), or
 *  cfg.hash.seeds values of hash0 at a reseed (mapdelete reaching count 0, mapclear). The
 *  caller enumerates choice in [0, n). */
std::uint32_t map_choices(const HMap& h, const MapCall& call, const RuntimeConfig& cfg);

/** running: more steps to come; done: results below; fatal: a runtime fatal error
 *  (`fatal_message`); panic: a runtime panic the caller raises in the goroutine
 *  (`fatal_message` is its text, e.g. a nil dereference), which recover can catch. */
enum class MapStatus : std::uint8_t { running, done, fatal, panic };

/** The outcome of one map_step. */
struct MapStepResult {
  MapStatus status = MapStatus::running;
  /** Go's exact text when status == fatal: "concurrent map writes", "concurrent map read and
   *  map write", "concurrent map iteration and map write". Static storage. */
  std::string_view fatal_message;
  /** access1/access2: the element (zero value if absent). */
  std::optional<Value> value;
  /** access2: ok; iterinit/iternext: false means the iteration has ended. */
  bool found = false;
  /** iterinit/iternext: the key produced. */
  std::optional<Key> it_key;
  /** iterinit/iternext: the element produced. */
  std::optional<Value> it_elem;
  /** assign: where the caller must store the element afterwards. */
  std::optional<SlotRef> slot;
};

/** One step (at cfg.grain) of `call` on map `h`; `it` is the range loop's iterator for
 *  iterinit/iternext (nullptr otherwise). `label` (if not null) receives the label of the
 *  step's first micro-step. `choice` must be < map_choices(h, call, cfg) taken on the same
 *  state. With grain op the whole operation runs in one call. Calling it on a finished call,
 *  or without an iterator for iterinit/iternext, throws std::logic_error. */
MapStepResult map_step(HMap& h, HIter* it, MapCall& call, std::uint32_t choice,
                       const RuntimeConfig& cfg, StepLabel* label);

/** The element store the compiler emits after mapassign returned (`*p = v`), outside the
 *  hashWriting window: one step of its own. If the slot no longer belongs to the map's live
 *  memory (collected array, detached overflow bucket, emptied cell) the store is lost. */
void map_store(HMap& h, const SlotRef& slot, const Value& v, StepLabel* label);

/** What the next step of `call` touches, for partial-order reduction. */
struct MapAccess {
  bool read = false;
  bool write = false;
};
MapAccess map_next_access(const HMap& h, const MapCall& call, const RuntimeConfig& cfg);

/** The label of a micro-step for a map with keys of `key` kind in operation `op`. */
StepLabel map_step_label(MapPc pc, MapOp op, ValueKind key);
/** The label the next map_step of `call` will report. */
StepLabel next_map_label(const MapCall& call, ValueKind key);
/** The enumerator name of a micro-step ("assign_toggle"). */
std::string_view map_pc_name(MapPc pc);
/** True if `call` has finished (done or fatal). */
inline bool map_call_finished(const MapCall& call) {
  return call.pc == MapPc::finished;
}

/** Appends the bucket arrays `call` still references (for collect_arrays). */
void referenced_arrays(const MapCall& call, std::vector<ArrayId>& out);

/** Runs a whole operation sequentially (op grain) and returns its result; a helper for tests
 *  and for single-goroutine code. `choice` must be below map_choices of the operation
 *  (std::logic_error otherwise). */
MapStepResult run_map_op(HMap& h, HIter* it, MapOp op, const Key& key, std::uint32_t choice,
                         const RuntimeConfig& cfg);
/** m[k] = v sequentially: mapassign (op grain) followed by the caller's store. */
void map_assign(HMap& h, const Key& key, const Value& v, const RuntimeConfig& cfg);

/** The fatal the model reports when racing hashGrows leave evacuate reading past the end of
 *  h.oldbuckets (noldbuckets() counts more old buckets than the array has).
 *  SIMPLIFIED: real Go reads whatever heap memory follows the array there: garbage tophash
 *  bytes that may end in "fatal error: bad map state", in a fault ("unexpected fault address"
 *  then "fatal error: fault") or in silent corruption; the model has no such memory and ends
 *  the program with this one stand-in message instead. (A nil h.oldbuckets or destination is
 *  modelled as Go ends it: nil_bucket_fault in map_step_context.h.) */
inline constexpr std::string_view fatal_runtime_signal =
    "unexpected signal during runtime execution";

}  // namespace mapcheck::model

/** Formats a MapOp by name. */
template <>
struct fmt::formatter<mapcheck::model::MapOp> : fmt::formatter<std::string_view> {
  auto format(mapcheck::model::MapOp op, fmt::format_context& ctx) const {
    return fmt::formatter<std::string_view>::format(mapcheck::model::map_op_name(op), ctx);
  }
};
