// StateStore: the visited set. Keeps each distinct state encoding once and hands out dense
// StateIds in discovery order (the first state added is s0).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "explorer/ids.h"
#include "explorer/visited_set.h"

namespace mapcheck::explorer {

/** Exact visited set over canonical encodings: open addressing on xxHash3-64 of the bytes,
 *  encodings kept back to back in one arena. Not thread-safe. */
class StateStore final : public VisitedSet {
 public:
  StateStore();

  std::pair<StateId, bool> find_or_add(std::span<const std::byte> bytes) override;
  std::optional<StateId> find(std::span<const std::byte> bytes) const override;

  /** The encoding stored under `id`. Valid until the next find_or_add. */
  std::span<const std::byte> bytes(StateId id) const;
  std::span<const std::byte> bytes(StateId id, std::vector<std::byte>&) const override {
    return bytes(id);
  }

  std::size_t size() const override { return offsets_.size() - 1; }

  /** Bytes held: arena, offsets and the hash table. */
  std::size_t memory_bytes() const override;

 private:
  void grow();

  /** Encodings back to back; state i is arena_[offsets_[i], offsets_[i+1]). */
  std::vector<std::byte> arena_;
  std::vector<std::uint64_t> offsets_;
  /** Full hash of each stored state, to skip byte comparisons and to rehash. */
  std::vector<std::uint64_t> hashes_;
  /** Open-addressing slots holding id+1; 0 is empty. Size is a power of two. */
  std::vector<std::uint32_t> slots_;
};

}  // namespace mapcheck::explorer
