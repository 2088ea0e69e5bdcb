// CollapseStore: split, intern each part in its position's table, store the packed id tuple.
#include "explorer/collapse_store.h"

#include <stdexcept>

namespace mapcheck::explorer {

namespace {

void put_varint(std::vector<std::byte>& out, std::uint32_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<std::byte>(v | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<std::byte>(v));
}

std::uint32_t get_varint(std::span<const std::byte> in, std::size_t& pos) {
  std::uint32_t v = 0;
  for (unsigned shift = 0;; shift += 7) {
    const auto b = static_cast<std::uint32_t>(in[pos++]);
    v |= (b & 0x7F) << shift;
    if ((b & 0x80) == 0) return v;
  }
}

}  // namespace

CollapseStore::CollapseStore(Splitter split) : split_(std::move(split)) {}

bool CollapseStore::pack(std::span<const std::byte> bytes, bool add) const {
  parts_.clear();
  split_(bytes, parts_);
  tuple_.clear();
  const std::byte* next = bytes.data();
  for (std::size_t i = 0; i < parts_.size(); ++i) {
    if (parts_[i].data() != next && !parts_[i].empty())
      throw std::logic_error("CollapseStore: the parts of a state are not its bytes in order");
    next = parts_[i].data() + parts_[i].size();
    if (i == tables_.size()) {
      if (!add) return false;
      tables_.emplace_back();
    }
    std::optional<StateId> id;
    if (add)
      id = tables_[i].find_or_add(parts_[i]).first;
    else if (!(id = tables_[i].find(parts_[i])))
      return false;
    put_varint(tuple_, id->v);
  }
  if (next != bytes.data() + bytes.size() && !(bytes.empty() && parts_.empty()))
    throw std::logic_error("CollapseStore: the parts of a state do not cover it");
  return true;
}

std::pair<StateId, bool> CollapseStore::find_or_add(std::span<const std::byte> bytes) {
  pack(bytes, true);
  auto r = tuples_.find_or_add(tuple_);
  if (r.second) parts_referenced_ += parts_.size();
  return r;
}

std::optional<StateId> CollapseStore::find(std::span<const std::byte> bytes) const {
  if (!pack(bytes, false)) return std::nullopt;
  return tuples_.find(tuple_);
}

std::span<const std::byte> CollapseStore::bytes(StateId id, std::vector<std::byte>& scratch) const {
  const std::span<const std::byte> tuple = tuples_.bytes(id);
  scratch.clear();
  std::size_t pos = 0;
  for (std::size_t i = 0; pos < tuple.size(); ++i) {
    const auto part = tables_[i].bytes(StateId{get_varint(tuple, pos)});
    scratch.insert(scratch.end(), part.begin(), part.end());
  }
  return scratch;
}

std::size_t CollapseStore::memory_bytes() const {
  std::size_t n = tuples_.memory_bytes() + tables_.capacity() * sizeof(StateStore);
  for (const StateStore& t : tables_)
    n += t.memory_bytes();
  return n;
}

// Worst case: every part is new to its table, and the tuple takes 5 bytes per part.
std::size_t CollapseStore::memory_after_add(std::span<const std::byte> bytes) const {
  parts_.clear();
  split_(bytes, parts_);
  std::size_t n =
      tuples_.memory_after_add(std::vector<std::byte>(5 * parts_.size())) +
      capacity_after(tables_.size(), tables_.capacity(),
                     parts_.size() > tables_.size() ? parts_.size() - tables_.size() : 0) *
          sizeof(StateStore);
  for (std::size_t i = 0; i < parts_.size(); ++i)
    n += i < tables_.size() ? tables_[i].memory_after_add(parts_[i])
                            : StateStore().memory_after_add(parts_[i]);
  return n;
}

std::size_t CollapseStore::parts_stored() const {
  std::size_t n = 0;
  for (const StateStore& t : tables_)
    n += t.size();
  return n;
}

}  // namespace mapcheck::explorer
