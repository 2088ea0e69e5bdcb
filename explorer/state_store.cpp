// StateStore: open addressing with linear probing over xxHash3 fingerprints.
#include "explorer/state_store.h"

#include <cstring>
#include <stdexcept>

#include <xxhash.h>

namespace mapcheck::explorer {

// Small at first: a collapse store keeps one StateStore per part position, most of them tiny.
StateStore::StateStore() : slots_(64, 0) {}

namespace {
std::uint64_t tag_of(std::uint64_t hash) {
  return hash & 0xFFFF'FFFFULL;
}
std::uint64_t slot_value(std::uint64_t tag, StateId id) {
  return (tag << 32) | (static_cast<std::uint64_t>(id.v) + 1);
}
StateId id_of(std::uint64_t slot) {
  return StateId{static_cast<std::uint32_t>(slot) - 1};
}
// memcmp must not see a null pointer, even for 0 bytes (an empty arena has none).
bool same_bytes(std::span<const std::byte> a, std::span<const std::byte> b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size()) == 0);
}
}  // namespace

std::uint64_t StateStore::hash(std::span<const std::byte> b) {
  return XXH3_64bits(b.data(), b.size());
}

std::pair<StateId, bool> StateStore::find_or_add(std::span<const std::byte> b) {
  return find_or_add(b, hash(b));
}

std::optional<StateId> StateStore::find(std::span<const std::byte> b) const {
  return find(b, hash(b));
}

void StateStore::prefetch(std::span<const std::byte> b) const {
  prefetch(hash(b));
}

std::pair<StateId, bool> StateStore::find_or_add(std::span<const std::byte> b, std::uint64_t hash) {
  const std::uint64_t tag = tag_of(hash);
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = tag & mask;; i = (i + 1) & mask) {
    const std::uint64_t slot = slots_[i];
    if (slot == 0) {
      const StateId id{static_cast<std::uint32_t>(size())};
      refs_.push_back(arena_.append(b));
      slots_[i] = slot_value(tag, id);
      if (size() * 4 > slots_.size() * 3) grow();
      return {id, true};
    }
    if ((slot >> 32) != tag) continue;
    const StateId id = id_of(slot);
    const auto stored = bytes(id);
    if (same_bytes(stored, b)) return {id, false};
  }
}

std::optional<StateId> StateStore::find(std::span<const std::byte> b, std::uint64_t hash) const {
  const std::uint64_t tag = tag_of(hash);
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = tag & mask;; i = (i + 1) & mask) {
    const std::uint64_t slot = slots_[i];
    if (slot == 0) return std::nullopt;
    if ((slot >> 32) != tag) continue;
    const StateId id = id_of(slot);
    const auto stored = bytes(id);
    if (same_bytes(stored, b)) return id;
  }
}

void StateStore::prefetch(std::uint64_t hash) const {
  __builtin_prefetch(&slots_[tag_of(hash) & (slots_.size() - 1)]);
}

std::span<const std::byte> StateStore::bytes(StateId id) const {
  return arena_.at(refs_[id.v]);
}

std::size_t StateStore::memory_bytes() const {
  return arena_.memory_bytes() + refs_.memory_bytes() + slots_.capacity() * sizeof(std::uint64_t);
}

std::size_t StateStore::memory_after_add(std::span<const std::byte> b) const {
  const std::size_t slots =
      (size() + 1) * 4 > slots_.size() * 3 ? 2 * slots_.size() : slots_.size();
  return arena_.memory_after_append(b.size()) + refs_.memory_after_push() +
         slots * sizeof(std::uint64_t);
}

void StateStore::grow() {
  if (slots_.size() >= (std::size_t{1} << 32))
    throw std::length_error("StateStore: more than 3 * 2^30 states");
  std::vector<std::uint64_t> bigger(slots_.size() * 2, 0);
  const std::size_t mask = bigger.size() - 1;
  for (const std::uint64_t slot : slots_) {
    if (slot == 0) continue;
    std::size_t i = (slot >> 32) & mask;
    while (bigger[i] != 0)
      i = (i + 1) & mask;
    bigger[i] = slot;
  }
  slots_ = std::move(bigger);
}

}  // namespace mapcheck::explorer
