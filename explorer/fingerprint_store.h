// FingerprintStore: hash compaction (SPIN's -DHC, TLC's fingerprints). Keeps only a 64-bit
// fingerprint per state, so two states whose fingerprints collide count as one: the search
// may miss states, with the probability collision_estimate() reports.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "explorer/visited_set.h"

namespace mapcheck::explorer {

/** The probability that a fingerprint collision hid a state, estimated as TLC does. */
struct CollisionEstimate {
  /** n(n-1)/2 / 2^64 for n stored states: the chance that any two of n random fingerprints
   *  are equal (TLC's "optimistic" figure). */
  double optimistic = 0;
  /** 1 / (least distance between two stored fingerprints, sorted): TLC's figure "based on
   *  the actual fingerprints"; 0 with fewer than two states. */
  double observed = 0;
};

/** n(n-1)/2 / 2^64, computed in long double so that it neither overflows nor rounds to 0. */
double optimistic_collision_probability(std::size_t n);

/** Open addressing over fingerprints (xxHash3 with a fixed seed); the slot of a fingerprint
 *  comes from a remix of it, since the bytes are gone when the table grows. Keeps no bytes:
 *  the search must carry a state's bytes until it is expanded. */
class FingerprintStore final : public VisitedSet {
 public:
  FingerprintStore();

  using VisitedSet::find;
  using VisitedSet::find_or_add;
  std::pair<StateId, bool> find_or_add(std::span<const std::byte> bytes) override;
  std::optional<StateId> find(std::span<const std::byte> bytes) const override;
  bool holds_bytes() const override { return false; }
  /** Throws std::logic_error: the bytes are not kept. */
  std::span<const std::byte> bytes(StateId id, std::vector<std::byte>& scratch) const override;
  std::size_t size() const override { return fingerprints_.size(); }
  std::size_t memory_bytes() const override;
  std::size_t memory_after_add(std::span<const std::byte> bytes) const override;
  void prefetch(std::span<const std::byte> bytes) const override;

  /** The fingerprint of `bytes` as stored. */
  static std::uint64_t fingerprint(std::span<const std::byte> bytes);

  /** Sorts a copy of the fingerprints: O(n log n), once at the end of a search. */
  CollisionEstimate collision_estimate() const;

 private:
  std::size_t slot_of(std::uint64_t fp) const;
  void grow();

  /** Fingerprint of each state, by id. */
  std::vector<std::uint64_t> fingerprints_;
  /** Slots holding id+1; 0 is empty. Size is a power of two. */
  std::vector<std::uint32_t> slots_;
  /** log2(slots_.size()), for slot_of. */
  unsigned bits_;
};

}  // namespace mapcheck::explorer
