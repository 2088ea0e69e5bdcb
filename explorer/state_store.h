// StateStore: the visited set. Keeps each distinct state encoding once and hands out dense
// StateIds in discovery order (the first state added is s0).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "explorer/block_vector.h"
#include "explorer/byte_arena.h"
#include "explorer/ids.h"
#include "explorer/visited_set.h"

namespace mapcheck::explorer {

/** Exact visited set over canonical encodings: open addressing on xxHash3-64 of the bytes,
 *  encodings kept back to back in a chunked arena that never moves them. Adding is not
 *  thread-safe. */
class StateStore final : public VisitedSet {
 public:
  StateStore();

  using VisitedSet::find;
  using VisitedSet::find_or_add;
  std::pair<StateId, bool> find_or_add(std::span<const std::byte> bytes) override;
  std::optional<StateId> find(std::span<const std::byte> bytes) const override;

  /** The hash the store keys `bytes` by (XXH3-64). The overloads below take it, so that a
   *  search that prefetches, looks up and adds one key hashes it once; `hash` must be
   *  hash(bytes). */
  static std::uint64_t hash(std::span<const std::byte> bytes);
  std::pair<StateId, bool> find_or_add(std::span<const std::byte> bytes, std::uint64_t hash);
  std::optional<StateId> find(std::span<const std::byte> bytes, std::uint64_t hash) const;
  void prefetch(std::uint64_t hash) const;

  /** The encoding stored under `id`. Valid for the store's life (stored bytes never move). */
  std::span<const std::byte> bytes(StateId id) const;
  std::span<const std::byte> bytes(StateId id, std::vector<std::byte>&) const override {
    return bytes(id);
  }

  std::size_t size() const override { return refs_.size(); }

  /** Bytes held: arena, references and the hash table. */
  std::size_t memory_bytes() const override;
  std::size_t memory_after_add(std::span<const std::byte> bytes) const override;

  /** Starts loading the slot where `bytes` would be, so that a find_or_add soon after does
   *  not wait for memory (the search calls it for all successors of a state first). */
  void prefetch(std::span<const std::byte> bytes) const override;

 private:
  void grow();

  /** The encodings; state i is arena_.at(refs_[i]). */
  ByteArena arena_;
  BlockVector<std::uint64_t> refs_;
  /** Open-addressing slots: the low 32 bits of the state's hash (its tag, which also picks
   *  the home slot) above id+1; 0 is empty. Probing compares tags without touching the
   *  arena, and growing needs no rehash. Size is a power of two, at most 2^32. */
  std::vector<std::uint64_t> slots_;
};

}  // namespace mapcheck::explorer
