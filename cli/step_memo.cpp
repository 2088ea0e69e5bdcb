// StepMemo: linear probing over XXH3 hashes; keys and results back to back in one buffer.
#include "cli/step_memo.h"

#include <cstring>

#include <xxhash.h>

namespace mapcheck::cli {

namespace {
std::span<const std::byte> slice(const std::vector<std::byte>& b, std::uint32_t at,
                                 std::uint32_t size) {
  return {b.data() + at, size};
}
}  // namespace

const StepMemo::Result* StepMemo::find(std::initializer_list<std::span<const std::byte>> pieces) {
  // The key after what is kept (over the key of a find that add did not follow): one resize
  // and a copy per piece, not an insert per piece.
  std::size_t key_size = 0;
  for (const auto& p : pieces)
    key_size += p.size();
  bytes_.resize(kept_ + key_size);
  std::byte* at = bytes_.data() + kept_;
  for (const auto& p : pieces) {
    if (!p.empty()) std::memcpy(at, p.data(), p.size());
    at += p.size();
  }
  hash_ = XXH3_64bits(bytes_.data() + kept_, key_size);
  if (slots_.empty()) return nullptr;
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = hash_ & mask; slots_[i] != 0; i = (i + 1) & mask) {
    const Entry& e = entries_[slots_[i] - 1];
    if (e.hash != hash_ || e.key_size != key_size ||
        std::memcmp(bytes_.data() + e.key, bytes_.data() + kept_, key_size) != 0)
      continue;
    bytes_.resize(kept_);  // shrinking: the views below stay valid
    found_.ended = e.ended;
    found_.map_same = e.map_same;
    found_.visible = e.visible;
    found_.goroutine = slice(bytes_, e.goroutine, e.goroutine_size);
    found_.map = slice(bytes_, e.map, e.map_size);
    found_.accesses = {accesses_.data() + e.accesses, e.accesses_size};
    ++hits_;
    return &found_;
  }
  return nullptr;
}

void StepMemo::add(const Result& r) {
  const std::size_t held = bytes_.size() + entries_.size() * sizeof(Entry) +
                           accesses_.size() * sizeof(explorer::Access) +
                           slots_.size() * sizeof(std::uint32_t);
  if (held + r.goroutine.size() + r.map.size() > kMaxBytes) {
    clear();
    return;
  }
  Entry e;
  e.hash = hash_;
  e.key = static_cast<std::uint32_t>(kept_);
  e.key_size = static_cast<std::uint32_t>(bytes_.size() - kept_);
  e.goroutine = static_cast<std::uint32_t>(bytes_.size());
  e.goroutine_size = static_cast<std::uint32_t>(r.goroutine.size());
  bytes_.insert(bytes_.end(), r.goroutine.begin(), r.goroutine.end());
  e.map = static_cast<std::uint32_t>(bytes_.size());
  e.map_size = static_cast<std::uint32_t>(r.map.size());
  bytes_.insert(bytes_.end(), r.map.begin(), r.map.end());
  e.accesses = static_cast<std::uint32_t>(accesses_.size());
  e.accesses_size = static_cast<std::uint32_t>(r.accesses.size());
  accesses_.insert(accesses_.end(), r.accesses.begin(), r.accesses.end());
  e.ended = r.ended;
  e.map_same = r.map_same;
  e.visible = r.visible;
  kept_ = bytes_.size();
  entries_.push_back(e);
  if (entries_.size() * 2 > slots_.size()) {
    grow();
    return;
  }
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = hash_ & mask;
  while (slots_[i] != 0)
    i = (i + 1) & mask;
  slots_[i] = static_cast<std::uint32_t>(entries_.size());
}

void StepMemo::grow() {
  slots_.assign(std::max<std::size_t>(1024, slots_.size() * 2), 0);
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t n = 0; n < entries_.size(); ++n) {
    std::size_t i = entries_[n].hash & mask;
    while (slots_[i] != 0)
      i = (i + 1) & mask;
    slots_[i] = static_cast<std::uint32_t>(n + 1);
  }
}

void StepMemo::clear() {
  entries_.clear();
  slots_.clear();
  bytes_.clear();
  accesses_.clear();
  kept_ = 0;
}

}  // namespace mapcheck::cli
