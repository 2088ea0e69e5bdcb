// StateStore: open addressing with linear probing over xxHash3 fingerprints.
#include "explorer/state_store.h"

#include <cstring>

#include <xxhash.h>

namespace mapcheck::explorer {

StateStore::StateStore() : offsets_{0}, slots_(1024, 0) {}

std::pair<StateId, bool> StateStore::find_or_add(std::span<const std::byte> b) {
  const std::uint64_t h = XXH3_64bits(b.data(), b.size());
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = h & mask;; i = (i + 1) & mask) {
    const std::uint32_t slot = slots_[i];
    if (slot == 0) {
      const StateId id{static_cast<std::uint32_t>(size())};
      arena_.insert(arena_.end(), b.begin(), b.end());
      offsets_.push_back(arena_.size());
      hashes_.push_back(h);
      slots_[i] = id.v + 1;
      if (size() * 4 > slots_.size() * 3) grow();
      return {id, true};
    }
    const StateId id{slot - 1};
    if (hashes_[id.v] != h) continue;
    const auto stored = bytes(id);
    if (stored.size() == b.size() && std::memcmp(stored.data(), b.data(), b.size()) == 0)
      return {id, false};
  }
}

std::optional<StateId> StateStore::find(std::span<const std::byte> b) const {
  const std::uint64_t h = XXH3_64bits(b.data(), b.size());
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = h & mask;; i = (i + 1) & mask) {
    const std::uint32_t slot = slots_[i];
    if (slot == 0) return std::nullopt;
    const StateId id{slot - 1};
    if (hashes_[id.v] != h) continue;
    const auto stored = bytes(id);
    if (stored.size() == b.size() && std::memcmp(stored.data(), b.data(), b.size()) == 0) return id;
  }
}

std::span<const std::byte> StateStore::bytes(StateId id) const {
  const auto begin = offsets_[id.v];
  return {arena_.data() + begin, static_cast<std::size_t>(offsets_[id.v + 1] - begin)};
}

std::size_t StateStore::memory_bytes() const {
  return arena_.capacity() + offsets_.capacity() * sizeof(std::uint64_t) +
         hashes_.capacity() * sizeof(std::uint64_t) + slots_.capacity() * sizeof(std::uint32_t);
}

void StateStore::grow() {
  std::vector<std::uint32_t> bigger(slots_.size() * 2, 0);
  const std::size_t mask = bigger.size() - 1;
  for (std::uint32_t id = 0; id < size(); ++id) {
    std::size_t i = hashes_[id] & mask;
    while (bigger[i] != 0)
      i = (i + 1) & mask;
    bigger[i] = id + 1;
  }
  slots_ = std::move(bigger);
}

}  // namespace mapcheck::explorer
