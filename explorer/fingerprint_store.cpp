// FingerprintStore: fingerprints, their open-addressing table and TLC's collision estimates.
#include "explorer/fingerprint_store.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <xxhash.h>

namespace mapcheck::explorer {

namespace {
/** Seed of the fingerprint: any fixed value; differs from the exact store's (0), so that a
 *  fingerprint says nothing about where StateStore would put the state. */
constexpr std::uint64_t kFingerprintSeed = 0x6d61'7063'6865'636bULL;  // "mapcheck"
}  // namespace

double optimistic_collision_probability(std::size_t n) {
  if (n < 2) return 0;
  const long double pairs = static_cast<long double>(n) * static_cast<long double>(n - 1) / 2;
  return static_cast<double>(pairs / std::ldexp(1.0L, 64));
}

FingerprintStore::FingerprintStore() : slots_(std::size_t{1} << 6, 0), bits_(6) {}

std::uint64_t FingerprintStore::fingerprint(std::span<const std::byte> b) {
  return XXH3_64bits_withSeed(b.data(), b.size(), kFingerprintSeed);
}

// Fibonacci hashing: the top bits of fp * 2^64/phi, so that the slot does not just repeat
// the fingerprint's low bits.
std::size_t FingerprintStore::slot_of(std::uint64_t fp) const {
  return static_cast<std::size_t>((fp * 0x9E37'79B9'7F4A'7C15ULL) >> (64 - bits_));
}

std::pair<StateId, bool> FingerprintStore::find_or_add(std::span<const std::byte> b) {
  const std::uint64_t fp = fingerprint(b);
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = slot_of(fp);; i = (i + 1) & mask) {
    const std::uint32_t slot = slots_[i];
    if (slot == 0) {
      const StateId id{static_cast<std::uint32_t>(fingerprints_.size())};
      fingerprints_.push_back(fp);
      slots_[i] = id.v + 1;
      if (size() * 4 > slots_.size() * 3) grow();
      return {id, true};
    }
    if (fingerprints_[slot - 1] == fp) return {StateId{slot - 1}, false};
  }
}

std::optional<StateId> FingerprintStore::find(std::span<const std::byte> b) const {
  const std::uint64_t fp = fingerprint(b);
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = slot_of(fp);; i = (i + 1) & mask) {
    const std::uint32_t slot = slots_[i];
    if (slot == 0) return std::nullopt;
    if (fingerprints_[slot - 1] == fp) return StateId{slot - 1};
  }
}

void FingerprintStore::prefetch(std::span<const std::byte> b) const {
  __builtin_prefetch(&slots_[slot_of(fingerprint(b))]);
}

std::span<const std::byte> FingerprintStore::bytes(StateId id, std::vector<std::byte>&) const {
  throw std::logic_error(
      fmt::format("FingerprintStore: the bytes of {} are not kept (hash compaction)", id));
}

std::size_t FingerprintStore::memory_bytes() const {
  return fingerprints_.capacity() * sizeof(std::uint64_t) +
         slots_.capacity() * sizeof(std::uint32_t);
}

std::size_t FingerprintStore::memory_after_add(std::span<const std::byte>) const {
  const std::size_t slots =
      (size() + 1) * 4 > slots_.size() * 3 ? 2 * slots_.size() : slots_.size();
  return capacity_after(size(), fingerprints_.capacity(), 1) * sizeof(std::uint64_t) +
         slots * sizeof(std::uint32_t);
}

void FingerprintStore::grow() {
  ++bits_;
  std::vector<std::uint32_t> bigger(std::size_t{1} << bits_, 0);
  const std::size_t mask = bigger.size() - 1;
  for (std::uint32_t id = 0; id < size(); ++id) {
    std::size_t i = slot_of(fingerprints_[id]);
    while (bigger[i] != 0)
      i = (i + 1) & mask;
    bigger[i] = id + 1;
  }
  slots_ = std::move(bigger);
}

CollisionEstimate FingerprintStore::collision_estimate() const {
  CollisionEstimate e;
  e.optimistic = optimistic_collision_probability(size());
  if (size() < 2) return e;
  std::vector<std::uint64_t> sorted = fingerprints_;
  std::sort(sorted.begin(), sorted.end());
  std::uint64_t least = UINT64_MAX;
  for (std::size_t i = 1; i < sorted.size(); ++i)
    least = std::min(least, sorted[i] - sorted[i - 1]);
  e.observed = least == 0 ? 1.0 : static_cast<double>(1.0L / static_cast<long double>(least));
  return e;
}

}  // namespace mapcheck::explorer
