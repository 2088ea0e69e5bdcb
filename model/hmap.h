// HMap: the Go runtime's hmap (runtime/map.go, Go 1.19-1.23) as a value: header fields,
// bucket arrays of 8-cell buckets with tophash and overflow chains, and the key/elem kinds.
// Also makemap (make_map), len (map_len), the sorted contents (map_entries), the structural
// invariant checker and array garbage collection. The operations that run as steps are in
// map_call.h; the iterator is in hiter.h.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "model/encoding.h"
#include "model/runtime_config.h"
#include "model/value.h"

namespace mapcheck::model {

/** Number of cells in a bucket (bucketCnt, abi.MapBucketCount). */
inline constexpr unsigned bucket_cnt = 8;

/** tophash specials (map.go L98-104). Cells holding a key have tophash >= min_top_hash. */
namespace tophash {
/** This cell and every later cell of the bucket and its overflow chain are empty. */
inline constexpr std::uint8_t empty_rest = 0;
/** This cell is empty (a later cell may not be). */
inline constexpr std::uint8_t empty_one = 1;
/** Evacuated to the first half (X) of the bigger table. */
inline constexpr std::uint8_t evacuated_x = 2;
/** Evacuated to the second half (Y). */
inline constexpr std::uint8_t evacuated_y = 3;
/** Empty, and the bucket is evacuated. */
inline constexpr std::uint8_t evacuated_empty = 4;
/** Smallest tophash of a filled cell. */
inline constexpr std::uint8_t min_top_hash = 5;
}  // namespace tophash

/** hmap.flags bits (map.go L106-110). */
namespace hflag {
/** There may be an iterator using buckets. */
inline constexpr std::uint8_t iterator = 1;
/** There may be an iterator using oldbuckets. */
inline constexpr std::uint8_t old_iterator = 2;
/** A goroutine is writing to the map. */
inline constexpr std::uint8_t hash_writing = 4;
/** The current map growth is to a new map of the same size. */
inline constexpr std::uint8_t same_size_grow = 8;
}  // namespace hflag

/** isEmpty(x): x is emptyRest or emptyOne. */
inline bool is_empty(std::uint8_t top) {
  return top <= tophash::empty_one;
}
/** True for the three evacuated marks. */
inline bool is_evacuated_mark(std::uint8_t top) {
  return top > tophash::empty_one && top < tophash::min_top_hash;
}

/** Identity of one bucket array (an allocation of 2^B buckets). Ids are handed out in
 *  allocation order per map (0 = first array), so the same history gives the same ids. */
struct ArrayId {
  std::uint32_t v = 0;
  auto operator<=>(const ArrayId&) const = default;
};

/** One cell of a bucket: tophash, key, elem. Key and elem of an empty cell may hold stale
 *  data exactly where the runtime leaves it (fast64 delete keeps the key, clears the elem). */
struct Cell {
  std::uint8_t top = tophash::empty_rest;
  Key key;
  Value elem;
  auto operator<=>(const Cell&) const = default;
};

/** One bmap: 8 cells. Its overflow pointer is implicit: the next bmap of its chain. */
struct BMap {
  std::array<Cell, bucket_cnt> cells{};
  auto operator<=>(const BMap&) const = default;
};

/** A bucket and its overflow chain: chain[0] is the bucket in the array, chain[d] the d-th
 *  overflow bucket. Invariant: never empty. `epoch` counts the times the chain's overflow
 *  buckets were cut off (mapclear's in-place makeBucketArray, an overwritten overflow
 *  pointer): an overflow position taken in an older epoch is detached memory. */
struct BucketChain {
  std::vector<BMap> chain;
  std::uint32_t epoch = 0;
  auto operator<=>(const BucketChain&) const = default;
};

/** One allocation of 2^B buckets. */
struct BucketArray {
  ArrayId id;
  std::vector<BucketChain> buckets;
  auto operator<=>(const BucketArray&) const = default;
};

/** A bucket position: array, bucket index, overflow depth (0 = the bucket in the array), and
 *  the chain's epoch when the position was taken. What runtime code holds as a *bmap. */
struct BucketPos {
  ArrayId array;
  std::uint32_t index = 0;
  std::uint16_t depth = 0;
  std::uint32_t epoch = 0;
  auto operator<=>(const BucketPos&) const = default;
  void encode(Encoder& e) const;
  static BucketPos decode(Decoder& d);
};

/** A cell address: what mapassign returns as the elem pointer. */
struct SlotRef {
  BucketPos pos;
  std::uint8_t cell = 0;
  auto operator<=>(const SlotRef&) const = default;
  void encode(Encoder& e) const;
  static SlotRef decode(Decoder& d);
};

/** The runtime's hmap. Invariants (checked by check_invariants when no operation is in
 *  flight): oldbuckets is set iff the map is growing; buckets is unset only while B == 0 and
 *  no entry was ever inserted; every array in `arrays` is referenced by buckets, oldbuckets or
 *  (after growth or clear) by an iterator or call the caller keeps alive. */
struct HMap {
  ValueKind key_kind = ValueKind::int_;
  ValueKind elem_kind = ValueKind::int_;
  /** Live cells; len(m). Changed by mapassign (++), mapdelete (--), mapclear (= 0). */
  std::int64_t count = 0;
  /** hflag bits. */
  std::uint8_t flags = 0;
  /** log2 of the number of buckets. Never shrinks. */
  std::uint8_t B = 0;
  /** Number of overflow buckets allocated since the last grow (exact: B < 16 in the model). */
  std::uint16_t noverflow = 0;
  /** Hash seed, in [0, HashSpec::seeds). See hasher.h for how it enters the hash. */
  std::uint32_t hash0 = 0;
  /** The current bucket array (2^B buckets); unset until the first insert when B == 0. */
  std::optional<ArrayId> buckets;
  /** The previous array; set iff growing. */
  std::optional<ArrayId> oldbuckets;
  /** Old buckets with index < nevacuate are evacuated. */
  std::uint64_t nevacuate = 0;
  /** Every bucket array still reachable, sorted by id. */
  std::vector<BucketArray> arrays;
  /** The id the next allocated array gets. */
  std::uint32_t next_array = 0;

  auto operator<=>(const HMap&) const = default;
  bool operator==(const HMap&) const = default;

  /** h.growing(): oldbuckets != nil. */
  bool growing() const { return oldbuckets.has_value(); }
  /** h.sameSizeGrow(). */
  bool same_size_grow() const { return (flags & hflag::same_size_grow) != 0; }
  /** h.noldbuckets(): 2^(B-1), or 2^B during a same-size grow. */
  std::uint64_t noldbuckets() const;
  /** h.oldbucketmask(). */
  std::uint64_t oldbucketmask() const { return noldbuckets() - 1; }

  /** The array with this id, or nullptr if it was collected. */
  const BucketArray* array(ArrayId id) const;
  BucketArray* array(ArrayId id);
  /** The bucket at `pos`, or nullptr if the memory is gone (array collected) or detached
   *  (an overflow position of an older epoch, or past the end of the chain). */
  const BMap* bucket(const BucketPos& pos) const;
  BMap* bucket(const BucketPos& pos);
  /** Position of bucket `index` of array `id` (depth 0, current epoch). */
  BucketPos main_pos(ArrayId id, std::uint64_t index) const;
  /** b.overflow(t): the next bucket of the chain, or nullopt at the end. */
  std::optional<BucketPos> overflow(const BucketPos& pos) const;
  /** True if `c` is as a new array's cell: empty_rest, the zero key and the zero elem. */
  bool is_blank(const Cell& c) const;
  /** Allocates a zeroed array of 2^b buckets and returns its id. */
  ArrayId new_array(std::uint8_t b);

  /** Cells are written as a per-bmap bitmap of the blank ones (is_blank), then the others. */
  void encode(Encoder& e) const;
  static HMap decode(Decoder& d);
  /** As decode, into `h` (whatever it held), reusing its arrays' storage. */
  static void decode_into(Decoder& d, HMap& h);
};

/** makemap / makemap_small (map.go L294-338): B is the smallest value with
 *  !overLoadFactor(hint, B); buckets are allocated now iff B != 0 (lazily by the first
 *  mapassign otherwise). One atomic step: the map is not shared yet. `hash0` is the seed
 *  rand() would give, in [0, cfg.hash.seeds) (a caller exploring seeds enumerates it; see
 *  hasher.h, SIMPLIFIED). A negative hint counts as 0. Bool keys are a logic_error. Throws
 *  std::length_error if the hint needs more than 2^12 buckets (too big to model). */
HMap make_map(ValueKind key, ValueKind elem, std::int64_t hint, const RuntimeConfig& cfg,
              std::uint32_t hash0 = 0);

/** len(m): reads h.count with no check, as the runtime. */
std::int64_t map_len(const HMap& h);

/** The live entries sorted by key (for printing and tests). During a grow, an entry of an
 *  unevacuated old bucket is taken from the old array, others from the new one. */
std::vector<std::pair<Key, Value>> map_entries(const HMap& h);

/** overLoadFactor(count, B): count > 8 && count > 6.5 * 2^B (map.go L1097). */
bool over_load_factor(std::int64_t count, std::uint8_t b);
/** tooManyOverflowBuckets(noverflow, B): noverflow >= 2^min(B, 15) (map.go L1104). */
bool too_many_overflow_buckets(std::uint16_t noverflow, std::uint8_t b);

/** Structural invariants, callable between operations (no call in flight): the tombstone
 *  invariant (emptyRest only followed by emptyRest within a chain), count == live cells,
 *  evacuation marks consistent with nevacuate (old buckets below nevacuate evacuated; an
 *  evacuated bucket has only evacuated marks; a non-growing map has no marks), no duplicate
 *  keys, keys and elems of the map's kinds, arrays of the right size, hashWriting clear. Returns
 *  the first violation found, or nullopt. */
std::optional<std::string> check_invariants(const HMap& h);
/** check_invariants plus: every live cell's tophash and bucket match its key's hash under
 *  cfg.hash and h.hash0. */
std::optional<std::string> check_invariants(const HMap& h, const RuntimeConfig& cfg);
/** The subset of check_invariants that holds at every step boundary of single-goroutine
 *  execution even mid-operation (tombstones, marks, array sizes; not count or duplicates). */
std::optional<std::string> check_structure(const HMap& h);

/** Drops bucket arrays that are neither h.buckets, h.oldbuckets nor in `live` (the arrays
 *  still referenced by iterators and calls, see referenced_arrays in hiter.h/map_call.h).
 *  Callers run it between steps to keep equal maps equal after growth. */
void collect_arrays(HMap& h, std::span<const ArrayId> live);

}  // namespace mapcheck::model

template <>
struct std::hash<mapcheck::model::ArrayId> {
  std::size_t operator()(mapcheck::model::ArrayId id) const noexcept { return id.v; }
};

/** Formats an ArrayId as `a3`. */
template <>
struct fmt::formatter<mapcheck::model::ArrayId> : fmt::formatter<std::uint32_t> {
  auto format(mapcheck::model::ArrayId id, fmt::format_context& ctx) const {
    return fmt::format_to(ctx.out(), "a{}", id.v);
  }
};
