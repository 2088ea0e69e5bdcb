// CollapseStore: split, intern each part in its position's table, store the fixed-width tuple
// of part ids inline (arena in id order, hash table of ids).
#include "explorer/collapse_store.h"

#include <bit>
#include <cstring>
#include <stdexcept>

#include <fmt/format.h>
#include <xxhash.h>

namespace mapcheck::explorer {

namespace {

/** Bytes that hold every value in [0, count]: a table of `count` parts, plus 0 for absent. */
std::uint8_t width_for(std::size_t count) {
  if (count <= 0xFF) return 1;
  if (count <= 0xFFFF) return 2;
  if (count <= 0xFF'FFFF) return 3;
  return 4;
}

std::uint32_t get(const std::byte* p, unsigned width) {
  std::uint32_t v = 0;
  for (unsigned b = 0; b < width; ++b)
    v |= static_cast<std::uint32_t>(p[b]) << (8 * b);
  return v;
}

void put(std::byte* p, unsigned width, std::uint32_t v) {
  for (unsigned b = 0; b < width; ++b)
    p[b] = static_cast<std::byte>(v >> (8 * b));
}

constexpr std::size_t kFirstSlots = 64;

/** Slots are doubled past this load (4/5): with the tags in the slots, probes stay short. */
bool overloaded(std::size_t states, std::size_t slots) {
  return states * 5 > slots * 4;
}

}  // namespace

CollapseStore::CollapseStore(Splitter split) : split_(std::move(split)) {
  rehash(kFirstSlots);
}

void CollapseStore::split(std::span<const std::byte> bytes) const {
  parts_.clear();
  split_(bytes, parts_);
  const std::byte* next = bytes.data();
  for (const auto& part : parts_) {
    if (part.data() != next && !part.empty())
      throw std::logic_error("CollapseStore: the parts of a state are not its bytes in order");
    next = part.data() + part.size();
  }
  if (next != bytes.data() + bytes.size() && !(bytes.empty() && parts_.empty()))
    throw std::logic_error("CollapseStore: the parts of a state do not cover it");
}

void CollapseStore::pack() const {
  tuple_.resize(stride_);
  std::byte* p = tuple_.data();
  for (std::size_t i = 0; i < widths_.size(); ++i) {
    put(p, widths_[i], ids_[i]);
    p += widths_[i];
  }
}

std::uint32_t CollapseStore::slot_value(std::uint64_t hash, StateId id) const {
  const std::uint64_t tag = slot_bits_ < 32 ? (hash >> 32) & ((1ULL << (32 - slot_bits_)) - 1) : 0;
  return static_cast<std::uint32_t>((tag << slot_bits_) | (std::uint64_t{id.v} + 1));
}

std::pair<std::optional<StateId>, std::size_t> CollapseStore::probe(std::uint64_t hash) const {
  const std::size_t mask = slots_.size() - 1;
  const std::uint32_t want = slot_value(hash, StateId{0});
  const std::uint64_t id_mask = (1ULL << slot_bits_) - 1;
  for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
    const std::uint32_t slot = slots_[i];
    if (slot == 0) return {std::nullopt, i};
    if (((slot ^ want) & ~id_mask) != 0) continue;  // tags differ
    const StateId id{static_cast<std::uint32_t>((slot & id_mask) - 1)};
    if (stride_ == 0 || std::memcmp(tuple(id), tuple_.data(), stride_) == 0) return {id, i};
  }
}

std::pair<StateId, bool> CollapseStore::find_or_add(std::span<const std::byte> bytes) {
  split(bytes);
  ids_.assign(std::max(parts_.size(), widths_.size()), 0);
  for (std::size_t i = 0; i < parts_.size(); ++i) {
    if (i == tables_.size()) tables_.emplace_back();
    ids_[i] = tables_[i].find_or_add(parts_[i]).first.v + 1;
  }
  bool wider = tables_.size() > widths_.size();
  for (std::size_t i = 0; i < parts_.size() && !wider; ++i)
    wider = width_for(tables_[i].size()) > widths_[i];
  if (wider) {
    std::vector<std::uint8_t> widths = widths_;
    widths.resize(tables_.size(), 0);
    for (std::size_t i = 0; i < tables_.size(); ++i)
      widths[i] = std::max(widths[i], width_for(tables_[i].size()));
    widen(widths);
  }
  pack();
  const std::uint64_t hash = XXH3_64bits(tuple_.data(), tuple_.size());
  const auto [found, slot] = probe(hash);
  if (found) return {*found, false};

  const StateId id{static_cast<std::uint32_t>(size_)};
  if (arena_.size() + stride_ > arena_.capacity())
    arena_.reserve(
        std::max(arena_.size() + stride_, std::max<std::size_t>(64, arena_.capacity() * 3 / 2)));
  arena_.insert(arena_.end(), tuple_.begin(), tuple_.end());
  slots_[slot] = slot_value(hash, id);
  ++size_;
  parts_referenced_ += parts_.size();
  if (overloaded(size_, slots_.size())) rehash(2 * slots_.size());
  return {id, true};
}

std::optional<StateId> CollapseStore::find(std::span<const std::byte> bytes) const {
  split(bytes);
  if (parts_.size() > tables_.size()) return std::nullopt;
  ids_.assign(widths_.size(), 0);
  for (std::size_t i = 0; i < parts_.size(); ++i) {
    const auto id = tables_[i].find(parts_[i]);
    if (!id) return std::nullopt;
    ids_[i] = id->v + 1;
  }
  pack();
  return probe(XXH3_64bits(tuple_.data(), tuple_.size())).first;
}

void CollapseStore::widen(const std::vector<std::uint8_t>& widths) {
  std::size_t stride = 0;
  for (const std::uint8_t w : widths)
    stride += w;
  std::vector<std::byte> arena;
  arena.reserve(std::max<std::size_t>(64, size_ * stride));
  arena.resize(size_ * stride);
  for (std::size_t s = 0; s < size_; ++s) {
    const std::byte* from = arena_.data() + s * stride_;
    std::byte* to = arena.data() + s * stride;
    for (std::size_t i = 0; i < widths.size(); ++i) {
      const std::uint32_t v = i < widths_.size() ? get(from, widths_[i]) : 0;
      if (i < widths_.size()) from += widths_[i];
      put(to, widths[i], v);
      to += widths[i];
    }
  }
  arena_ = std::move(arena);
  widths_ = widths;
  stride_ = stride;
  rehash(slots_.size());
}

void CollapseStore::rehash(std::size_t count) {
  if (count > (std::size_t{1} << 32))
    throw std::length_error("CollapseStore: more than 4/5 * 2^32 states");
  slots_.assign(count, 0);
  slots_.shrink_to_fit();
  slot_bits_ = static_cast<unsigned>(std::countr_zero(count));
  const std::size_t mask = count - 1;
  for (std::uint32_t s = 0; s < size_; ++s) {
    const std::uint64_t hash = XXH3_64bits(tuple(StateId{s}), stride_);
    std::size_t i = hash & mask;
    while (slots_[i] != 0)
      i = (i + 1) & mask;
    slots_[i] = slot_value(hash, StateId{s});
  }
}

std::span<const std::byte> CollapseStore::bytes(StateId id, std::vector<std::byte>& scratch) const {
  scratch.clear();
  const std::byte* p = tuple(id);
  for (std::size_t i = 0; i < widths_.size(); ++i) {
    const std::uint32_t v = get(p, widths_[i]);
    if (v == 0) break;  // the state's parts end here
    p += widths_[i];
    const auto part = tables_[i].bytes(StateId{v - 1});
    scratch.insert(scratch.end(), part.begin(), part.end());
  }
  return scratch;
}

std::size_t CollapseStore::memory_bytes() const {
  std::size_t n = arena_.capacity() + slots_.capacity() * sizeof(std::uint32_t) +
                  tables_.capacity() * sizeof(StateStore);
  for (const StateStore& t : tables_)
    n += t.memory_bytes();
  return n;
}

// Worst case: every part is new to its table, every position becomes 4 bytes wide (a re-pack),
// and the arena and the slots grow.
std::size_t CollapseStore::memory_after_add(std::span<const std::byte> bytes) const {
  split(bytes);
  const std::size_t positions = std::max(parts_.size(), tables_.size());
  const std::size_t stride = 4 * positions;
  const std::size_t arena =
      std::max(arena_.capacity() * 3 / 2 + stride, (size_ + 1) * stride * 3 / 2 + 64);
  const std::size_t slots =
      overloaded(size_ + 1, slots_.size()) ? 2 * slots_.size() : slots_.size();
  std::size_t n = arena + slots * sizeof(std::uint32_t) +
                  capacity_after(tables_.size(), tables_.capacity(), positions - tables_.size()) *
                      sizeof(StateStore);
  for (std::size_t i = 0; i < parts_.size(); ++i)
    n += i < tables_.size() ? tables_[i].memory_after_add(parts_[i])
                            : StateStore().memory_after_add(parts_[i]);
  for (std::size_t i = parts_.size(); i < tables_.size(); ++i)
    n += tables_[i].memory_bytes();
  return n;
}

std::size_t CollapseStore::parts_stored() const {
  std::size_t n = 0;
  for (const StateStore& t : tables_)
    n += t.size();
  return n;
}

std::vector<std::pair<std::string, std::size_t>> CollapseStore::breakdown() const {
  std::vector<std::pair<std::string, std::size_t>> out{
      {fmt::format("tuple arena ({} B/tuple)", stride_), arena_.capacity()},
      {"hash slots", slots_.capacity() * sizeof(std::uint32_t)},
      {"table headers", tables_.capacity() * sizeof(StateStore)}};
  for (std::size_t i = 0; i < tables_.size(); ++i) {
    std::size_t payload = 0;
    for (std::uint32_t p = 0; p < tables_[i].size(); ++p)
      payload += tables_[i].bytes(StateId{p}).size();
    out.emplace_back(
        fmt::format("part table {} ({} parts, {} B of parts)", i, tables_[i].size(), payload),
        tables_[i].memory_bytes());
  }
  return out;
}

}  // namespace mapcheck::explorer
