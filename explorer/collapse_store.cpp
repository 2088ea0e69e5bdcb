// CollapseStore: split, cut the parts into pieces, intern each piece in its position's table,
// store the fixed-width tuple of piece ids (arena in id order, hash table of ids).
#include "explorer/collapse_store.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <stdexcept>

#include <fmt/format.h>
#include <xxhash.h>

namespace mapcheck::explorer {

namespace {

/** Bits that hold every value in [0, count]: a table of `count` pieces, plus 0 for absent. */
std::uint8_t width_for(std::size_t count) {
  return static_cast<std::uint8_t>(std::bit_width(count));
}

/** Bits [bit, bit + width) of a tuple, little-endian (width <= 32). */
std::uint32_t get_bits(const std::byte* t, std::size_t bit, unsigned width) {
  const std::size_t first = bit / 8, last = (bit + width - 1) / 8;
  std::uint64_t v = 0;
  for (std::size_t b = last + 1; b-- > first;)
    v = (v << 8) | static_cast<std::uint64_t>(t[b]);
  return static_cast<std::uint32_t>((v >> (bit % 8)) & ((std::uint64_t{1} << width) - 1));
}

/** Sets bits [bit, bit + width) of a tuple whose bits there are 0. */
void or_bits(std::byte* t, std::size_t bit, unsigned width, std::uint32_t v) {
  std::uint64_t shifted = std::uint64_t{v} << (bit % 8);
  for (std::size_t b = bit / 8; b <= (bit + width - 1) / 8; ++b, shifted >>= 8)
    t[b] |= static_cast<std::byte>(shifted & 0xFF);
}

/** Bits to spare when a position widens: re-packing costs a pass over every stored tuple, so
 *  once there are many, a position widens by 2 bits more than it needs (4x its table). */
unsigned slack_bits(std::size_t states) {
  return states >= (std::size_t{1} << 16) ? 2 : 0;
}

constexpr std::size_t kFirstSlots = 64;

/** The arena grows by a quarter, not double: it is most of the store, and what it holds
 *  unused counts in bytes per state. Copying the tuples again costs little next to hashing. */
std::size_t grown(std::size_t capacity) {
  return capacity + capacity / 4;
}

/** Slots are doubled past this load (4/5): with the tags in the slots, probes stay short. */
bool overloaded(std::size_t states, std::size_t slots) {
  return states * 5 > slots * 4;
}

}  // namespace

CollapseStore::CollapseStore(Splitter split, std::size_t chunk)
    : split_(std::move(split)), chunk_(chunk) {
  if (chunk_ == 0) throw std::logic_error("CollapseStore: chunks of 0 bytes");
  rehash(kFirstSlots);
}

void CollapseStore::split(std::span<const std::byte> bytes, Memo memo_use,
                          std::span<const std::uint32_t> part_ends) const {
  // The search asks find for successors and then find_or_add for some of them: their second
  // split (for a world, a decode) is taken from the splits find remembered. A split handed
  // in needs neither.
  parts_.clear();
  SplitMemo* memo = nullptr;
  bool hit = false;
  if (!part_ends.empty()) {
    std::size_t prev = 0;
    for (const std::uint32_t end : part_ends) {
      if (end < prev || end > bytes.size())
        throw std::logic_error("CollapseStore: part ends out of order or past the state");
      parts_.push_back(bytes.subspan(prev, end - prev));
      prev = end;
    }
    if (prev < bytes.size()) parts_.push_back(bytes.subspan(prev));
    hit = true;
    memo_use = Memo::none;
  } else if (memo_use == Memo::remember || (memo_use == Memo::recall && memos_used_)) {
    const std::uint64_t hash = XXH3_64bits(bytes.data(), bytes.size());
    memo = &memos_[hash % memos_.size()];
    hit = memo->valid && memo->hash == hash && memo->bytes.size() == bytes.size() &&
          (bytes.empty() || std::memcmp(memo->bytes.data(), bytes.data(), bytes.size()) == 0);
    if (hit) {
      for (const auto& [at, size] : memo->parts)
        parts_.push_back(bytes.subspan(at, size));
    } else if (memo_use == Memo::remember) {
      memo->valid = false;  // until filled below, once the split is checked
      memo->hash = hash;
    }
  }
  if (!hit) split_(bytes, parts_);
  pieces_.clear();
  const std::byte* next = bytes.data();
  const std::size_t part_count = parts_.size(), parts_known = position_of_.size();
  for (std::uint32_t p = 0; p < part_count; ++p) {
    const auto part = parts_[p];
    if (part.data() != next && !part.empty())
      throw std::logic_error("CollapseStore: the parts of a state are not its bytes in order");
    if (!part.empty()) next = part.data() + part.size();  // an empty part may point anywhere
    const std::uint32_t* known = p < parts_known ? position_of_[p].data() : nullptr;
    const std::size_t known_pieces = known ? position_of_[p].size() : 0;
    if (part.size() <= chunk_) {  // one piece: most parts
      pieces_.push_back(Piece{part, {p, 0}, known_pieces > 0 ? known[0] : kNoPosition, 0});
      continue;
    }
    std::uint32_t c = 0;
    for (std::size_t at = 0; at < part.size(); at += chunk_, ++c)
      pieces_.push_back(Piece{part.subspan(at, std::min(chunk_, part.size() - at)),
                              {p, c},
                              c < known_pieces ? known[c] : kNoPosition,
                              0});
  }
  if (next != bytes.data() + bytes.size() && !(bytes.empty() && parts_.empty()))
    throw std::logic_error("CollapseStore: the parts of a state do not cover it");
  match_near();
  if (memo_use == Memo::remember && !hit) {
    memo->bytes.assign(bytes.begin(), bytes.end());
    memo->parts.clear();
    for (const auto& part : parts_)
      memo->parts.emplace_back(part.empty() ? 0 : part.data() - bytes.data(), part.size());
    memo->valid = true;
    memos_used_ = true;
  }
}

void CollapseStore::near(StateId id) const {
  if (near_ == id) return;
  near_ = id.v < size_ ? std::optional<StateId>(id) : std::nullopt;
  near_loaded_ = false;
}

void CollapseStore::match_near() const {
  if (!near_) return;
  if (!near_loaded_) {
    const std::byte* t = tuple(*near_);
    near_ids_.resize(widths_.size());
    near_pieces_.resize(widths_.size());
    for (std::size_t i = 0; i < widths_.size(); ++i) {
      near_ids_[i] = get_bits(t, offsets_[i], widths_[i]);
      near_pieces_[i] =
          near_ids_[i] ? tables_[i].bytes(StateId{near_ids_[i] - 1}) : std::span<const std::byte>{};
    }
    near_loaded_ = true;
  }
  for (Piece& piece : pieces_) {
    if (piece.pos >= near_ids_.size() || near_ids_[piece.pos] == 0) continue;
    const auto theirs = near_pieces_[piece.pos];
    if (theirs.size() == piece.bytes.size() &&
        std::memcmp(theirs.data(), piece.bytes.data(), theirs.size()) == 0)
      piece.near_id = near_ids_[piece.pos];
  }
}

void CollapseStore::pack() const {
  // Positions lie in index order: stream the bits out a byte at a time (at most 7 + 32 bits
  // wait in `acc`).
  tuple_.resize(stride_);
  std::byte* out = tuple_.data();
  std::uint64_t acc = 0;
  unsigned filled = 0;
  const std::size_t positions = widths_.size();
  const std::uint8_t* widths = widths_.data();
  const std::uint32_t* ids = ids_.data();
  for (std::size_t i = 0; i < positions; ++i) {
    acc |= std::uint64_t{ids[i]} << filled;
    for (filled += widths[i]; filled >= 8; filled -= 8, acc >>= 8)
      *out++ = static_cast<std::byte>(acc & 0xFF);
  }
  if (filled > 0) *out = static_cast<std::byte>(acc & 0xFF);
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
  return find_or_add(bytes, {});
}

std::optional<StateId> CollapseStore::find(std::span<const std::byte> bytes) const {
  return find(bytes, {});
}

std::pair<StateId, bool> CollapseStore::find_or_add(std::span<const std::byte> bytes,
                                                    std::span<const std::uint32_t> part_ends) {
  split(bytes, Memo::recall, part_ends);
  for (Piece& piece : pieces_) {
    if (piece.pos != kNoPosition) continue;
    const auto [p, c] = piece.key;
    if (p >= position_of_.size()) position_of_.resize(p + 1);
    position_of_[p].resize(c + 1, kNoPosition);  // pieces come in order: c is the next
    piece.pos = position_of_[p][c] = static_cast<std::uint32_t>(tables_.size());
    tables_.emplace_back();
    keys_.push_back(piece.key);
  }
  ids_.assign(tables_.size(), 0);
  bool wider = tables_.size() > widths_.size();
  for (const Piece& piece : pieces_) {
    if (piece.near_id != 0) {  // the near state's: stored, and no wider than before
      ids_[piece.pos] = piece.near_id;
      continue;
    }
    StateStore& table = tables_[piece.pos];
    ++piece_lookups_;
    ids_[piece.pos] = table.find_or_add(piece.bytes).first.v + 1;
    wider = wider || width_for(table.size()) > widths_[piece.pos];
  }
  if (wider) {
    std::vector<std::uint8_t> widths = widths_;
    widths.resize(tables_.size(), 0);
    for (std::size_t i = 0; i < tables_.size(); ++i)
      if (width_for(tables_[i].size()) > widths[i])
        widths[i] = static_cast<std::uint8_t>(
            std::min(32u, width_for(tables_[i].size()) + slack_bits(size_)));
    widen(widths);
  }
  pack();
  const std::uint64_t hash = XXH3_64bits(tuple_.data(), tuple_.size());
  const auto [found, slot] = probe(hash);
  if (found) return {*found, false};

  const StateId id{static_cast<std::uint32_t>(size_)};
  if (arena_.size() + stride_ > arena_.capacity())
    arena_.reserve(
        std::max(arena_.size() + stride_, std::max<std::size_t>(64, grown(arena_.capacity()))));
  arena_.insert(arena_.end(), tuple_.begin(), tuple_.end());
  slots_[slot] = slot_value(hash, id);
  ++size_;
  parts_referenced_ += pieces_.size();
  if (overloaded(size_, slots_.size())) rehash(2 * slots_.size());
  return {id, true};
}

std::optional<StateId> CollapseStore::find(std::span<const std::byte> bytes,
                                           std::span<const std::uint32_t> part_ends) const {
  split(bytes, Memo::remember, part_ends);
  ids_.assign(widths_.size(), 0);
  for (const Piece& piece : pieces_) {
    if (piece.pos == kNoPosition) return std::nullopt;
    if (piece.near_id != 0) {
      ids_[piece.pos] = piece.near_id;
      continue;
    }
    ++piece_lookups_;
    const auto id = tables_[piece.pos].find(piece.bytes);
    if (!id) return std::nullopt;
    ids_[piece.pos] = id->v + 1;
  }
  pack();
  return probe(XXH3_64bits(tuple_.data(), tuple_.size())).first;
}

void CollapseStore::widen(const std::vector<std::uint8_t>& widths) {
  std::vector<std::size_t> offsets(widths.size(), 0);
  for (std::size_t i = 1; i < widths.size(); ++i)
    offsets[i] = offsets[i - 1] + widths[i - 1];
  const std::size_t stride = widths.empty() ? 0 : (offsets.back() + widths.back() + 7) / 8;
  std::vector<std::byte> arena;
  arena.reserve(std::max<std::size_t>(64, size_ * stride));
  arena.resize(size_ * stride, std::byte{0});
  for (std::size_t s = 0; s < size_; ++s) {
    const std::byte* from = arena_.data() + s * stride_;
    std::byte* to = arena.data() + s * stride;
    for (std::size_t i = 0; i < widths_.size(); ++i)
      if (const std::uint32_t v = get_bits(from, offsets_[i], widths_[i]))
        or_bits(to, offsets[i], widths[i], v);
  }
  arena_ = std::move(arena);
  widths_ = widths;
  offsets_ = std::move(offsets);
  stride_ = stride;
  order_.resize(keys_.size());
  for (std::uint32_t i = 0; i < order_.size(); ++i)
    order_[i] = i;
  std::sort(order_.begin(), order_.end(),
            [&](std::uint32_t a, std::uint32_t b) { return keys_[a] < keys_[b]; });
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
  const std::byte* t = tuple(id);
  for (const std::uint32_t i : order_) {
    const std::uint32_t v = get_bits(t, offsets_[i], widths_[i]);
    if (v == 0) continue;  // a piece this state does not have
    const auto piece = tables_[i].bytes(StateId{v - 1});
    scratch.insert(scratch.end(), piece.begin(), piece.end());
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

// Worst case: every piece is new to its table (and may widen its position, a re-pack), and the
// arena and the slots grow.
std::size_t CollapseStore::memory_after_add(std::span<const std::byte> bytes) const {
  split(bytes, Memo::none);
  std::size_t bits = 0;  // the widest this add could make the tuple
  for (std::size_t i = 0; i < tables_.size(); ++i)
    bits += width_for(tables_[i].size() + 1) > widths_[i]
                ? std::min(32u, width_for(tables_[i].size() + 1) + slack_bits(size_))
                : widths_[i];
  std::size_t added = 0, n = 0;
  for (const Piece& piece : pieces_) {
    if (piece.pos != kNoPosition) {
      n += tables_[piece.pos].memory_after_add(piece.bytes) - tables_[piece.pos].memory_bytes();
    } else {
      ++added;
      n += StateStore().memory_after_add(piece.bytes);
    }
  }
  bits += added * std::min(32u, 1 + slack_bits(size_));
  const std::size_t stride = (bits + 7) / 8;
  // As find_or_add grows it: in place at the same stride, or re-packed at a wider one.
  const auto appended = [](std::size_t size, std::size_t capacity, std::size_t more) {
    return size + more <= capacity
               ? capacity
               : std::max(size + more, std::max<std::size_t>(64, grown(capacity)));
  };
  const std::size_t arena =
      stride == stride_
          ? appended(arena_.size(), arena_.capacity(), stride_)
          : appended(size_ * stride, std::max<std::size_t>(64, size_ * stride), stride);
  const std::size_t slots =
      overloaded(size_ + 1, slots_.size()) ? 2 * slots_.size() : slots_.size();
  n += arena + slots * sizeof(std::uint32_t) +
       capacity_after(tables_.size(), tables_.capacity(), added) * sizeof(StateStore);
  for (const StateStore& t : tables_)
    n += t.memory_bytes();
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
        fmt::format("position {} table ({} pieces, {} B of pieces)", i, tables_[i].size(), payload),
        tables_[i].memory_bytes());
  }
  return out;
}

}  // namespace mapcheck::explorer
