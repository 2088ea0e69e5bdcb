// VisitedSet: what the search asks of its set of stored states, whatever keeps them: exact
// bytes (StateStore), 64-bit fingerprints (FingerprintStore) or interned parts (CollapseStore).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "explorer/ids.h"

namespace mapcheck::explorer {

/** The capacity a std::vector of `size` elements with `capacity` has after `more` are
 *  appended (libstdc++ doubles, or takes exactly what is needed if that is more). */
inline std::size_t capacity_after(std::size_t size, std::size_t capacity, std::size_t more) {
  if (size + more <= capacity) return capacity;
  return std::max(size + more, size + std::max(size, more));
}

/** A set of byte strings with dense ids in discovery order (the first added is s0). Adding
 *  and finding happen on one thread; `bytes` may run on several threads while nothing is
 *  added. */
class VisitedSet {
 public:
  virtual ~VisitedSet() = default;

  /** The id of `bytes`, adding it if it is new; `second` is true iff it was added. */
  virtual std::pair<StateId, bool> find_or_add(std::span<const std::byte> bytes) = 0;

  /** The id of `bytes` if it is stored; never adds. */
  virtual std::optional<StateId> find(std::span<const std::byte> bytes) const = 0;

  /** As the two above, told where the system's parts of `bytes` end (Successor::part_ends;
   *  empty: not known). Only a set that splits states into parts reads them. */
  virtual std::pair<StateId, bool> find_or_add(std::span<const std::byte> bytes,
                                               std::span<const std::uint32_t> /*part_ends*/) {
    return find_or_add(bytes);
  }
  virtual std::optional<StateId> find(std::span<const std::byte> bytes,
                                      std::span<const std::uint32_t> /*part_ends*/) const {
    return find(bytes);
  }

  /** False if the set keeps no bytes (fingerprints only): `bytes` must not be called. */
  virtual bool holds_bytes() const { return true; }

  /** The bytes stored under `id`: a view of the set's own storage or of `scratch`, which it
   *  may overwrite. Valid until the next find_or_add or use of `scratch`. */
  virtual std::span<const std::byte> bytes(StateId id, std::vector<std::byte>& scratch) const = 0;

  /** A hint that the states looked up next are successors of stored state `id`: a set that
   *  splits states may take the parts they share with it from it. */
  virtual void near(StateId /*id*/) const {}

  /** A hint that `bytes` is looked up soon; may start loading memory. */
  virtual void prefetch(std::span<const std::byte> /*bytes*/) const {}

  virtual std::size_t size() const = 0;

  /** Bytes the set holds (capacities of its tables and arenas). */
  virtual std::size_t memory_bytes() const = 0;

  /** An upper bound on memory_bytes() after adding `bytes` as a new state (counting every
   *  table that could grow), so that a memory bound can stop before it is passed. */
  virtual std::size_t memory_after_add(std::span<const std::byte> bytes) const = 0;
};

}  // namespace mapcheck::explorer
