// World: the whole state of a running spec as one value: globals, heap cells (captured
// variables), maps, sync objects and channels, goroutines, stdout so far and the
// termination once it happened.
// Copyable and comparable; encode_world gives its canonical bytes (objects renumbered in
// order of first reach from the roots, dead objects dropped), decode_world reads them back.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "model/encoding.h"
#include "model/go_value.h"
#include "model/goroutine.h"
#include "model/hmap.h"
#include "model/program.h"
#include "model/step_touch.h"
#include "model/sync_object.h"
#include "model/termination.h"

namespace mapcheck::model {

/** The whole state. Fields are public: World is data; the interpreter (interpreter.h) is the
 *  algorithm over it. Invariants: goroutines sorted by id, ids unique; every MapId and CellId
 *  reachable from globals and goroutines indexes a present entry of `maps` / `cells`. */
struct World {
  std::vector<GoValue> globals;
  /** Captured variables. An empty entry is a free (collected) cell. */
  std::vector<std::optional<GoValue>> cells;
  /** Maps. An empty entry is a free (collected) map. */
  std::vector<std::optional<HMap>> maps;
  /** Sync objects and channels. An empty entry is a free (collected) one. */
  std::vector<std::optional<SyncObject>> syncs;
  std::vector<Goroutine> goroutines;
  std::string output;
  /** Set once the program ended (by exit, fatal or panic); then no step is enabled. */
  std::optional<Termination> term;

  bool operator==(const World&) const = default;

  const Goroutine* find(GoroutineId g) const;
  Goroutine* find(GoroutineId g);
  /** A fresh cell / map in the first free entry. */
  CellId new_cell(GoValue v);
  MapId new_map(HMap h);
  SyncId new_sync(SyncObject o);
};

/** The arrays of map `m` that the range iterators and map calls of every goroutine but
 *  `skip` reference, sorted, each once. With the map's own buckets and oldbuckets they are the
 *  arrays canonicalization keeps; the rest are collected. */
void arrays_referenced(const World& w, MapId m, std::optional<GoroutineId> skip,
                       std::vector<ArrayId>& out);

/** The objects goroutine `g` of `w` reaches, each once, in the order the canonical numbering
 *  first meets them from `g` alone: its own references (registers, iterators, deferred calls,
 *  the panic in flight, the map of its call) and, through cells, what the cells hold; sync
 *  objects are not followed into. Each as kind << 30 | id (kind 0 cell, 1 map, 2 sync). A step
 *  that writes no cell and no sync object holding references, and leaves this order as it
 *  was, numbers objects as before in every world with the same cells and sync objects,
 *  whatever the other goroutines reach. */
void reach_order(const World& w, const Goroutine& g, std::vector<std::uint32_t>& out);

/** True if `a` and `b` hold the same references in the same places (registers, iterators,
 *  deferred calls, panic, the map of the call), so that reach_order gives the same for both
 *  in any world; false may still mean the same order. Cheap: basic values are not compared. */
bool same_references(const Goroutine& a, const Goroutine& b);

/** An ended world (`term` set) keeps only `output` and `term`, all its outcome depends on, so
 *  that every run that ended the same way is one state. Otherwise:
 *  renumbers maps, cells and sync objects in order of first reach (globals, then goroutines
 *  by id, frames bottom-up: registers, iterators, deferred calls; cells and sync objects
 *  (channel buffers, atomic.Value) are followed into their contents, maps hold only basic
 *  values) and drops unreachable ones. After it, two worlds that differ
 *  only in creation order are ==. */
void canonicalize(World& w);

/** The canonical bytes of `w` (as canonicalize(copy of w) would be written). */
void encode_world(const World& w, Encoder& e);
/** As above, but canonicalizes `w` itself instead of a copy: the successor loop's case,
 *  which then reuses `w`'s storage for the next successor. */
void encode_world_in_place(World& w, Encoder& e);

/** As encode_world, the same bytes, and records where its components end: `ends` gets (after
 *  clearing) the encoder's size() at the end of globals and cells, of each map, of each sync
 *  object, of each goroutine, and of output and termination (the last entry). A list's count
 *  goes with the part after it. Each part is non-empty; they are what the collapse store
 *  interns, so that a step changing one goroutine and one map re-uses every other part. */
void encode_world_parts(const World& w, Encoder& e, std::vector<std::size_t>& ends);
/** As above, canonicalizing `w` itself (cheap when `w` is already canonical, e.g. decoded). */
void encode_world_parts_in_place(World& w, Encoder& e, std::vector<std::size_t>& ends);

/** Which parts (encode_world_parts order: globals and cells, each map, each sync object,
 *  each goroutine, output and termination) of a world differ from another's, as
 *  encode_successor_in_place, encode_touched_successor or decode_world_parts_over found them.
 *  A part marked may be equal (restoring it is then only wasted work); one not marked is. */
struct PartChanges {
  /** The lists had the same lengths, so parts lined up; false: all may differ. */
  bool aligned = false;
  /** Per part, when aligned: nonzero if it may differ (it was written or read, not reused);
   *  bytes, not vector<bool>: it is filled and read for every successor. */
  std::vector<std::uint8_t> changed;
  /** When aligned: goroutines were started or ended, so the world's goroutine list is not the
   *  other's; `changed` is indexed by the other's parts, a goroutine part marking one that
   *  differs or is gone (goroutines are matched by id). */
  bool relaid = false;
};

/** For worlds a and b that differ from a world z by `a_z` and `b_z`: what a and b differ by,
 *  stored in `a_z` (parts changed in either; not aligned unless both are, alike). */
void merge_changes(PartChanges& a_z, const PartChanges& b_z);

/** As encode_world_in_place, the same bytes, for `w` a successor of `parent` (a canonical
 *  world, e.g. decoded) whose bytes are `parent_bytes`, with component ends `parent_ends`
 *  (decode_world_parts). When `w` has as many maps, sync objects and goroutines as `parent`,
 *  each part equal to the parent's is copied from `parent_bytes` instead of written: a step
 *  changes one goroutine and an object or two, the rest is as it was. `changes` receives
 *  which parts differ, for restore_world. With `ends`, it receives where the parts
 *  end, as encode_world_parts records them (nothing for an ended successor). */
void encode_successor_in_place(World& w, const World& parent,
                               std::span<const std::byte> parent_bytes,
                               std::span<const std::size_t> parent_ends, Encoder& e,
                               PartChanges& changes, std::vector<std::size_t>* ends = nullptr);

/** How many cells, maps and sync objects the canonical numbering has reached at some point
 *  of its walk from the roots. */
struct ReachCounts {
  std::uint32_t cells = 0;
  std::uint32_t maps = 0;
  std::uint32_t syncs = 0;
  bool operator==(const ReachCounts&) const = default;
};

/** For a canonical world `w`: the objects its numbering has reached after the globals
 *  (marks[0]) and after each goroutine i (marks[1 + i]). Goroutine i first reaches exactly
 *  the objects from marks[i] to marks[1 + i], in id order. */
void reach_marks(const World& w, std::vector<ReachCounts>& marks);

/** As encode_successor_in_place, the same bytes, for `w` a successor of `parent` by a step
 *  that reported `touch` (apply_step), without comparing parts: the touched parts are written
 *  anew, every other copied from `parent_bytes`; `changes` gets the touched parts (less the
 *  touched maps found equal, plus maps whose arrays were collected). Instead of
 *  canonicalizing, it checks that each touched part reaches objects as the parent's did
 *  (`marks`: reach_marks(parent), or empty, then computed here if needed), so that the
 *  numbering stays the identity, and collects bucket arrays. An ended successor gets its
 *  canonical bytes (output and termination) but `w` is not cleared, so restore_world undoes
 *  only the touched parts. A step that started or ended goroutines is taken too
 *  (changes.relaid). Returns false, having written nothing and left `w` as it was, when the
 *  step made an object or may have renumbered one: then use encode_successor_in_place (which
 *  sets `changes` anew). `ends` as for encode_successor_in_place. */
bool encode_touched_successor(World& w, const World& parent,
                              std::span<const std::byte> parent_bytes,
                              std::span<const std::size_t> parent_ends,
                              std::vector<ReachCounts>& marks, const StepTouch& touch, Encoder& e,
                              PartChanges& changes, std::vector<std::size_t>* ends = nullptr);

/** `w = parent`, for `w` as encode_successor_in_place or encode_touched_successor left it
 *  with `changes` (same parent):
 *  assigns only the parts that differ. Otherwise (e.g. `changes` of another world, with
 *  aligned false) as assign_world. */
void restore_world(World& w, const World& parent, const PartChanges& changes);

/** `to = from`, assigning only the parts that differ (globals, each cell, map, sync object and
 *  goroutine, output, termination): cheap when `to` is `from` changed by one step, as the
 *  successor loop's world is. */
void assign_world(World& to, const World& from);

/** As decode_world_parts, for `w` holding the decoding of `prev` (bytes) whose part ends are
 *  `prev_ends`: a part whose bytes equal prev's part of the same index (the lists before it
 *  having prev's lengths) is kept as `w` holds it instead of read again. `changes` receives
 *  which parts were read: the parts `w` now differs from prev's world by. With empty `prev`
 *  and `prev_ends`, reads all (then `w` may hold anything before).
 *  `frames` receives, per part, where a goroutine's frames start in its part (0 for the other
 *  parts); given prev's as `prev_frames`, a goroutine part that differs from prev's only
 *  before its frames (a map step changes the map call, not the frames) keeps its frames too. */
void decode_world_parts_over(Decoder& d, World& w, std::span<const std::byte> prev,
                             std::span<const std::size_t> prev_ends,
                             std::span<const std::uint32_t> prev_frames,
                             std::vector<std::size_t>& ends, std::vector<std::uint32_t>& frames,
                             PartChanges& changes);

/** Where the frames of goroutine `index` start in its part (its bytes as encode_world_parts
 *  writes them, in a world of `maps` maps and `syncs` sync objects): what
 *  decode_world_parts_over records in `frames`. */
std::uint32_t goroutine_frames_at(std::span<const std::byte> part, std::size_t index,
                                  std::size_t maps, std::size_t syncs);

/** Reads what encode_world wrote. The result is canonical. */
World decode_world(Decoder& d, const Program& p);
/** As decode_world, into `w` (whatever it held), reusing its storage. */
void decode_world_into(Decoder& d, const Program& p, World& w);
/** As decode_world_into, and records the decoder's position() at the same component ends as
 *  encode_world_parts: reading finds the boundaries without writing the world again. */
void decode_world_parts(Decoder& d, const Program& p, World& w, std::vector<std::size_t>& ends);

}  // namespace mapcheck::model
