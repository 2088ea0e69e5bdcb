// StepMemo: linear probing over tagged XXH3 hashes; headers, keys and results back to back.
#include "cli/step_memo.h"

#include <algorithm>
#include <cstring>

#include <xxhash.h>

namespace mapcheck::cli {

namespace {
constexpr std::uint64_t kTagBits = 0xFFFF'FFFF'0000'0000u;
std::uint64_t slot_of(std::uint64_t hash, std::size_t offset) {
  return (hash & kTagBits) | (offset + 1);
}
}  // namespace

const StepMemo::Result* StepMemo::find(std::initializer_list<std::span<const std::byte>> pieces) {
  // The key in key_, which keeps its capacity: one copy per piece, no zero-filling.
  key_size_ = 0;
  for (const auto& p : pieces)
    key_size_ += p.size();
  if (key_.size() < key_size_) key_.resize(key_size_);
  std::byte* at = key_.data();
  for (const auto& p : pieces) {
    if (!p.empty()) std::memcpy(at, p.data(), p.size());
    at += p.size();
  }
  hash_ = XXH3_64bits(key_.data(), key_size_);
  if (slots_.empty()) return nullptr;
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = hash_ & mask; slots_[i] != 0; i = (i + 1) & mask) {
    if ((slots_[i] & kTagBits) != (hash_ & kTagBits)) continue;
    const std::byte* entry = bytes_.data() + (slots_[i] & ~kTagBits) - 1;
    Header h;
    std::memcpy(&h, entry, sizeof h);
    const std::byte* key = entry + sizeof h;
    if (h.hash != hash_ || h.key_size != key_size_ || std::memcmp(key, key_.data(), key_size_) != 0)
      continue;
    found_.ended = h.ended;
    found_.map_same = h.map_same;
    found_.visible = h.visible;
    found_.goroutine = {key + h.key_size, h.goroutine_size};
    found_.map = {key + h.key_size + h.goroutine_size, h.map_size};
    found_.accesses = {accesses_.data() + h.accesses, h.accesses_size};
    ++hits_;
    return &found_;
  }
  return nullptr;
}

void StepMemo::add(const Result& r) {
  const std::size_t size = sizeof(Header) + key_size_ + r.goroutine.size() + r.map.size();
  const std::size_t held = bytes_.size() + entries_.size() * sizeof(std::uint32_t) +
                           accesses_.size() * sizeof(explorer::Access) +
                           slots_.size() * sizeof(std::uint64_t);
  if (held + size > kMaxBytes) {
    clear();
    return;
  }
  // bytes_ never holds more than kMaxBytes (checked above): reserved once, it is never copied.
  if (bytes_.capacity() < kMaxBytes) bytes_.reserve(kMaxBytes);
  Header h;
  h.hash = hash_;
  h.key_size = static_cast<std::uint32_t>(key_size_);
  h.goroutine_size = static_cast<std::uint32_t>(r.goroutine.size());
  h.map_size = static_cast<std::uint32_t>(r.map.size());
  h.accesses = static_cast<std::uint32_t>(accesses_.size());
  h.accesses_size = static_cast<std::uint32_t>(r.accesses.size());
  h.ended = r.ended;
  h.map_same = r.map_same;
  h.visible = r.visible;
  const std::size_t offset = bytes_.size();
  bytes_.resize(offset + size);
  std::byte* at = bytes_.data() + offset;
  const auto put = [&](const void* from, std::size_t n) {
    if (n > 0) std::memcpy(at, from, n);
    at += n;
  };
  put(&h, sizeof h);
  put(key_.data(), key_size_);
  put(r.goroutine.data(), r.goroutine.size());
  put(r.map.data(), r.map.size());
  accesses_.insert(accesses_.end(), r.accesses.begin(), r.accesses.end());
  entries_.push_back(static_cast<std::uint32_t>(offset));
  if (entries_.size() * 2 > slots_.size()) {
    grow();
    return;
  }
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = hash_ & mask;
  while (slots_[i] != 0)
    i = (i + 1) & mask;
  slots_[i] = slot_of(hash_, offset);
}

void StepMemo::grow() {
  slots_.assign(std::max<std::size_t>(1024, slots_.size() * 2), 0);
  const std::size_t mask = slots_.size() - 1;
  for (const std::uint32_t offset : entries_) {
    Header h;
    std::memcpy(&h, bytes_.data() + offset, sizeof h);
    std::size_t i = h.hash & mask;
    while (slots_[i] != 0)
      i = (i + 1) & mask;
    slots_[i] = slot_of(h.hash, offset);
  }
}

void StepMemo::clear() {
  entries_.clear();
  slots_.clear();
  bytes_.clear();
  accesses_.clear();
}

}  // namespace mapcheck::cli
