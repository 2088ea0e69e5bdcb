// FutureMemo: contexts to numbers, and (number, part) to futures by their XXH3 hash.
#include "cli/future_memo.h"

#include <cstring>

#include <xxhash.h>

namespace mapcheck::cli {

namespace {
std::string_view chars(std::span<const std::byte> b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}
}  // namespace

void FutureMemo::set_context(std::initializer_list<std::span<const std::byte>> pieces) {
  if (have_context_) {
    std::size_t at = 0;
    bool same = true;
    for (const auto& p : pieces) {
      same = same && at + p.size() <= context_.size() &&
             std::memcmp(context_.data() + at, p.data(), p.size()) == 0;
      at += p.size();
    }
    if (same && at == context_.size()) return;
  }
  if (contexts_.size() >= kMaxContexts) clear();
  context_.clear();
  for (const auto& p : pieces)
    context_.append(chars(p));
  const auto [it, added] =
      contexts_.try_emplace(context_, static_cast<std::uint32_t>(contexts_.size()));
  context_id_ = it->second;
  have_context_ = true;
}

const std::vector<explorer::Access>* FutureMemo::find(std::size_t slot,
                                                      std::span<const std::byte> part) {
  if (slot >= slots_.size()) slots_.resize(slot + 1, nullptr);
  slot_ = slot;
  part_ = part;
  const std::string_view bytes = chars(part);
  if (const Entry* e = slots_[slot]; e != nullptr && e->context == context_id_ && e->part == bytes)
    return &e->future;
  hash_ = XXH3_64bits_withSeed(part.data(), part.size(), context_id_);
  for (auto [it, end] = entries_.equal_range(hash_); it != end; ++it)
    if (it->second.context == context_id_ && it->second.part == bytes) {
      slots_[slot] = &it->second;
      return &it->second.future;
    }
  return nullptr;
}

const std::vector<explorer::Access>& FutureMemo::add(std::vector<explorer::Access> future) {
  if (entries_.size() >= kMaxEntries) clear_entries();  // contexts keep their numbers
  const auto it =
      entries_.emplace(hash_, Entry{context_id_, std::string(chars(part_)), std::move(future)});
  slots_[slot_] = &it->second;
  return it->second.future;
}

void FutureMemo::clear_entries() {
  entries_.clear();
  slots_.assign(slots_.size(), nullptr);
}

void FutureMemo::clear() {
  contexts_.clear();
  clear_entries();
  have_context_ = false;
}

}  // namespace mapcheck::cli
