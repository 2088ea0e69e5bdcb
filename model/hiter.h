// HIter: the runtime's hiter (map.go L166-182), the hidden variable of a `for k, v := range m`
// loop. It lives in the goroutine's frame, never in the map; mapiterinit and mapiternext
// (map_call.h) advance it. Declares the value type and its encoding only.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "model/encoding.h"
#include "model/hmap.h"
#include "model/value.h"

namespace mapcheck::model {

/** The iterator state. Fields mirror hiter; pointers become positions. */
struct HIter {
  /** it.key: the key produced by the last mapiternext; nullopt means the iteration has ended
   *  (or mapiterinit found an empty map): the compiled loop tests `it.key != nil`. */
  std::optional<Key> key;
  /** it.elem: the element produced with `key` (the value current when the iterator reached
   *  the entry, or the re-looked-up one for evacuated cells). Set iff key is set. */
  std::optional<Value> elem;
  /** it.buckets: h.buckets at mapiterinit; fixed for the iterator's life. */
  std::optional<ArrayId> buckets;
  /** it.bptr: the bucket being walked (old or new array, or an overflow bucket); nullopt
   *  when the next mapiternext must pick a new bucket. */
  std::optional<BucketPos> bptr;
  /** Start bucket chosen at mapiterinit; in [0, 1<<B); fixed for the iterator's life. */
  std::uint64_t start_bucket = 0;
  /** Intra-bucket start slot chosen at mapiterinit, 0..7, the same for every bucket. */
  std::uint8_t offset = 0;
  /** Already wrapped from the last bucket to bucket 0. */
  bool wrapped = false;
  /** h.B at mapiterinit. */
  std::uint8_t B = 0;
  /** Next slot index (0..8) within bptr; the slot visited is (i + offset) & 7. */
  std::uint8_t i = 0;
  /** Next bucket index to visit, in [0, 1<<B). */
  std::uint64_t bucket = 0;
  /** nullopt (noCheck), or the new-bucket index being produced from an unevacuated old
   *  bucket (iterators started during a grow). */
  std::optional<std::uint64_t> check_bucket;

  auto operator<=>(const HIter&) const = default;
  bool operator==(const HIter&) const = default;

  void encode(Encoder& e) const;
  static HIter decode(Decoder& d);
  /** As `it = decode(d)`, in place (its key and elem keep their storage). */
  static void decode_into(Decoder& d, HIter& it);
};

/** Appends the bucket arrays `it` still references (for collect_arrays). */
void referenced_arrays(const HIter& it, std::vector<ArrayId>& out);

}  // namespace mapcheck::model
