// Hashing of map keys: the deterministic, selectable stand-in for t.Hasher(key, h.hash0), and
// the runtime's derived quantities (tophash, bucketMask).
//
// SIMPLIFIED: the runtime seeds every map with a random 32-bit hash0 (makemap, mapdelete at
// count 0, mapclear), and the hash of a key depends on it. Enumerating 2^32 seeds is
// impossible, so the model keeps hash0 in [0, HashSpec::seeds) (default 1: hash0 is always 0)
// and every reseed is an explicit choice among those values. Under hash=mix the seed is mixed
// into the hash (splitmix64 of the int xor a seed constant; XXH64 of the string with the
// seed), so seeds > 1 explores that many different placements; under hash=table a listed key
// hashes to its listed value whatever hash0 is.
#pragma once

#include <cstdint>

#include "model/runtime_config.h"
#include "model/value.h"

namespace mapcheck::model {

/** The 64-bit hash of `key` under `spec` with seed `hash0`. Deterministic; reads no clock. */
std::uint64_t key_hash(const Key& key, std::uint32_t hash0, const HashSpec& spec);

/** tophash(hash): the top byte of the hash, plus minTopHash if it is below it (map.go L196). */
std::uint8_t top_hash(std::uint64_t hash);

/** bucketMask(b): 2^b - 1. */
inline std::uint64_t bucket_mask(std::uint8_t b) {
  return (std::uint64_t{1} << b) - 1;
}

/** The fixed mixing function of hash=mix for an int key (splitmix64 finaliser). */
std::uint64_t mix64(std::uint64_t x);

}  // namespace mapcheck::model
