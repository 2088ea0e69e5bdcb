// HMap: bucket memory helpers, makemap, len, contents, invariants, encoding, array collection.
#include "model/hmap.h"

#include <algorithm>
#include <map>
#include <stdexcept>

#include "model/hasher.h"

namespace mapcheck::model {

namespace {

void encode_pos_opt(Encoder& e, const std::optional<ArrayId>& a) {
  e.boolean(a.has_value());
  if (a) e.u64(a->v);
}

std::optional<ArrayId> decode_pos_opt(Decoder& d) {
  if (!d.boolean()) return std::nullopt;
  return ArrayId{static_cast<std::uint32_t>(d.u64())};
}

}  // namespace

void BucketPos::encode(Encoder& e) const {
  e.u64(array.v);
  e.u64(index);
  e.u64(depth);
  e.u64(epoch);
}

BucketPos BucketPos::decode(Decoder& d) {
  BucketPos p;
  p.array.v = static_cast<std::uint32_t>(d.u64());
  p.index = static_cast<std::uint32_t>(d.u64());
  p.depth = static_cast<std::uint16_t>(d.u64());
  p.epoch = static_cast<std::uint32_t>(d.u64());
  return p;
}

void SlotRef::encode(Encoder& e) const {
  pos.encode(e);
  e.u8(cell);
}

SlotRef SlotRef::decode(Decoder& d) {
  SlotRef s;
  s.pos = BucketPos::decode(d);
  s.cell = d.u8();
  return s;
}

std::uint64_t HMap::noldbuckets() const {
  std::uint8_t old_b = B;
  if (!same_size_grow()) old_b = static_cast<std::uint8_t>(old_b - 1);
  return std::uint64_t{1} << old_b;
}

const BucketArray* HMap::array(ArrayId id) const {
  for (const auto& a : arrays)
    if (a.id == id) return &a;
  return nullptr;
}

BucketArray* HMap::array(ArrayId id) {
  for (auto& a : arrays)
    if (a.id == id) return &a;
  return nullptr;
}

const BMap* HMap::bucket(const BucketPos& pos) const {
  const BucketArray* a = array(pos.array);
  if (a == nullptr || pos.index >= a->buckets.size()) return nullptr;
  const BucketChain& c = a->buckets[pos.index];
  if (pos.depth >= c.chain.size()) return nullptr;
  if (pos.depth > 0 && pos.epoch != c.epoch) return nullptr;
  return &c.chain[pos.depth];
}

BMap* HMap::bucket(const BucketPos& pos) {
  return const_cast<BMap*>(static_cast<const HMap&>(*this).bucket(pos));
}

BucketPos HMap::main_pos(ArrayId id, std::uint64_t index) const {
  BucketPos p{id, static_cast<std::uint32_t>(index), 0, 0};
  if (const BucketArray* a = array(id); a != nullptr && index < a->buckets.size())
    p.epoch = a->buckets[index].epoch;
  return p;
}

std::optional<BucketPos> HMap::overflow(const BucketPos& pos) const {
  if (bucket(pos) == nullptr) return std::nullopt;
  const BucketChain& c = array(pos.array)->buckets[pos.index];
  if (pos.depth + 1U >= c.chain.size()) return std::nullopt;
  return BucketPos{pos.array, pos.index, static_cast<std::uint16_t>(pos.depth + 1), c.epoch};
}

ArrayId HMap::new_array(std::uint8_t b) {
  BucketArray a;
  a.id = ArrayId{next_array++};
  BMap empty;
  for (auto& cell : empty.cells) {
    cell.key = Value::zero(key_kind);
    cell.elem = Value::zero(elem_kind);
  }
  a.buckets.assign(std::size_t{1} << b, BucketChain{{empty}, 0});
  arrays.push_back(std::move(a));
  return arrays.back().id;
}

/** A cell as a new bucket array holds it: empty_rest, zero key and elem. encode writes such
 *  a cell as one bit. */
bool HMap::is_blank(const Cell& c) const {
  return c.top == tophash::empty_rest && c.key.is_zero(key_kind) && c.elem.is_zero(elem_kind);
}

void HMap::encode(Encoder& e) const {
  e.u8(static_cast<std::uint8_t>(key_kind));
  e.u8(static_cast<std::uint8_t>(elem_kind));
  e.i64(count);
  e.u8(flags);
  e.u8(B);
  e.u64(noverflow);
  e.u64(hash0);
  encode_pos_opt(e, buckets);
  encode_pos_opt(e, oldbuckets);
  e.u64(nevacuate);
  e.u64(next_array);
  e.u64(arrays.size());
  for (const auto& a : arrays) {
    e.u64(a.id.v);
    e.u64(a.buckets.size());
    for (const auto& c : a.buckets) {
      e.u64(c.epoch);
      e.u64(c.chain.size());
      for (const auto& bm : c.chain) {
        // A bitmap of the blank cells, which are not written: most cells of a small map are.
        std::uint8_t blank = 0;
        for (std::size_t i = 0; i < bucket_cnt; ++i)
          if (is_blank(bm.cells[i])) blank |= static_cast<std::uint8_t>(1u << i);
        e.u8(blank);
        for (std::size_t i = 0; i < bucket_cnt; ++i) {
          if (blank & (1u << i)) continue;
          const Cell& cell = bm.cells[i];
          e.u8(cell.top);
          cell.key.encode(e);
          cell.elem.encode(e);
        }
      }
    }
  }
}

HMap HMap::decode(Decoder& d) {
  HMap h;
  decode_into(d, h);
  return h;
}

void HMap::decode_into(Decoder& d, HMap& h) {
  h.key_kind = static_cast<ValueKind>(d.u8());
  h.elem_kind = static_cast<ValueKind>(d.u8());
  h.count = d.i64();
  h.flags = d.u8();
  h.B = d.u8();
  h.noverflow = static_cast<std::uint16_t>(d.u64());
  h.hash0 = static_cast<std::uint32_t>(d.u64());
  h.buckets = decode_pos_opt(d);
  h.oldbuckets = decode_pos_opt(d);
  h.nevacuate = d.u64();
  h.next_array = static_cast<std::uint32_t>(d.u64());
  h.arrays.resize(d.u64());
  for (auto& a : h.arrays) {
    a.id.v = static_cast<std::uint32_t>(d.u64());
    a.buckets.resize(d.u64());
    for (auto& c : a.buckets) {
      c.epoch = static_cast<std::uint32_t>(d.u64());
      c.chain.resize(d.u64());
      for (auto& bm : c.chain) {
        const std::uint8_t blank = d.u8();
        for (std::size_t i = 0; i < bucket_cnt; ++i) {
          Cell& cell = bm.cells[i];
          if (blank & (1u << i)) {
            cell.top = tophash::empty_rest;
            cell.key.assign_zero(h.key_kind);
            cell.elem.assign_zero(h.elem_kind);
            continue;
          }
          cell.top = d.u8();
          Value::decode_into(d, cell.key);
          Value::decode_into(d, cell.elem);
        }
      }
    }
  }
}

bool over_load_factor(std::int64_t count, std::uint8_t b) {
  // count > bucketCnt && uintptr(count) > loadFactorNum*(bucketShift(B)/loadFactorDen)
  return count > static_cast<std::int64_t>(bucket_cnt) &&
         static_cast<std::uint64_t>(count) > 13 * ((std::uint64_t{1} << b) / 2);
}

bool too_many_overflow_buckets(std::uint16_t noverflow, std::uint8_t b) {
  if (b > 15) b = 15;
  return noverflow >= (std::uint32_t{1} << (b & 15));
}

HMap make_map(ValueKind key, ValueKind elem, std::int64_t hint, const RuntimeConfig& /*cfg*/,
              std::uint32_t hash0) {
  /* Mirrors makemap (map.go L305-338) and makemap_small (L294-298): h := new(hmap);
   * h.hash0 = uint32(rand()); B := 0; for overLoadFactor(hint, B) { B++ }; if B != 0 {
   * h.buckets = makeBucketArray(t, B, nil) }.
   * SIMPLIFIED: hash0 is handed in (see hasher.h); no preallocated overflow buckets
   * (extra.nextOverflow): newoverflow counts noverflow the same either way. */
  if (key == ValueKind::bool_) throw std::logic_error("make_map: bool keys never reach a map");
  HMap h;
  h.key_kind = key;
  h.elem_kind = elem;
  h.hash0 = hash0;
  if (hint < 0) hint = 0;
  std::uint8_t b = 0;
  while (over_load_factor(hint, b)) {
    ++b;
    if (b > 12) throw std::length_error("make_map: size hint needs more than 2^12 buckets");
  }
  h.B = b;
  if (b != 0) h.buckets = h.new_array(b);
  return h;
}

std::int64_t map_len(const HMap& h) {
  return h.count;
}

namespace {

/** Calls f(bucket index, depth, cell index, cell) for every cell of array `id`. */
template <class F>
void for_each_cell(const HMap& h, std::optional<ArrayId> id, F&& f) {
  if (!id) return;
  const BucketArray* a = h.array(*id);
  if (a == nullptr) return;
  for (std::size_t j = 0; j < a->buckets.size(); ++j)
    for (std::size_t d = 0; d < a->buckets[j].chain.size(); ++d)
      for (std::size_t c = 0; c < bucket_cnt; ++c)
        f(j, d, c, a->buckets[j].chain[d].cells[c]);
}

std::vector<std::pair<Key, Value>> live_cells(const HMap& h) {
  std::vector<std::pair<Key, Value>> out;
  auto add = [&](std::size_t, std::size_t, std::size_t, const Cell& cell) {
    if (cell.top >= tophash::min_top_hash) out.emplace_back(cell.key, cell.elem);
  };
  for_each_cell(h, h.buckets, add);
  for_each_cell(h, h.oldbuckets, add);
  return out;
}

/** MapTombstoneCheck (export_test.go): within a chain, filled or emptyOne cells, then only
 *  emptyRest; the last cell before the emptyRest run is not emptyOne. */
std::optional<std::string> check_chain_tombstones(const BucketChain& c, ArrayId a, std::size_t j) {
  bool rest = false;
  std::uint8_t prev = tophash::min_top_hash;
  for (std::size_t d = 0; d < c.chain.size(); ++d)
    for (std::size_t i = 0; i < bucket_cnt; ++i) {
      const std::uint8_t top = c.chain[d].cells[i].top;
      if (rest && top != tophash::empty_rest)
        return fmt::format("{} bucket {}: cell {}.{} has tophash {} after emptyRest", a, j, d, i,
                           top);
      if (!rest && top == tophash::empty_rest) {
        rest = true;
        if (prev == tophash::empty_one)
          return fmt::format("{} bucket {}: emptyOne just before emptyRest at cell {}.{}", a, j, d,
                             i);
      }
      prev = top;
    }
  if (!rest && prev == tophash::empty_one)
    return fmt::format("{} bucket {}: chain ends in emptyOne", a, j);
  return std::nullopt;
}

bool chain_evacuated(const BucketChain& c) {
  return is_evacuated_mark(c.chain.front().cells[0].top);
}

}  // namespace

std::vector<std::pair<Key, Value>> map_entries(const HMap& h) {
  auto out = live_cells(h);
  std::sort(out.begin(), out.end());
  return out;
}

std::optional<std::string> check_structure(const HMap& h) {
  if (h.buckets) {
    const BucketArray* a = h.array(*h.buckets);
    if (a == nullptr) return std::string("h.buckets refers to a collected array");
    if (a->buckets.size() != (std::size_t{1} << h.B))
      return fmt::format("h.buckets has {} buckets, want 2^B = {}", a->buckets.size(),
                         std::size_t{1} << h.B);
    for (std::size_t j = 0; j < a->buckets.size(); ++j) {
      for (const auto& bm : a->buckets[j].chain)
        for (const auto& cell : bm.cells)
          if (is_evacuated_mark(cell.top))
            return fmt::format("evacuation mark {} in the current array, bucket {}", cell.top, j);
      if (auto err = check_chain_tombstones(a->buckets[j], a->id, j)) return err;
    }
  } else if (h.B != 0) {
    return std::string("h.buckets is nil with B != 0");
  }
  if (h.oldbuckets) {
    const BucketArray* a = h.array(*h.oldbuckets);
    if (a == nullptr) return std::string("h.oldbuckets refers to a collected array");
    if (a->buckets.size() != h.noldbuckets())
      return fmt::format("h.oldbuckets has {} buckets, want {}", a->buckets.size(),
                         h.noldbuckets());
    if (h.nevacuate > a->buckets.size()) return std::string("nevacuate beyond the old array");
    for (std::size_t j = 0; j < a->buckets.size(); ++j) {
      const BucketChain& c = a->buckets[j];
      if (j < h.nevacuate && !chain_evacuated(c))
        return fmt::format("old bucket {} below nevacuate {} is not evacuated", j, h.nevacuate);
      if (chain_evacuated(c)) {
        for (const auto& bm : c.chain)
          for (const auto& cell : bm.cells)
            if (!is_evacuated_mark(cell.top))
              return fmt::format("evacuated old bucket {} has a cell with tophash {}", j, cell.top);
      } else if (auto err = check_chain_tombstones(c, a->id, j)) {
        return err;
      }
    }
  } else if (h.same_size_grow()) {
    return std::string("sameSizeGrow set while not growing");
  }
  return std::nullopt;
}

namespace {

std::optional<std::string> check_common(const HMap& h) {
  if (auto err = check_structure(h)) return err;
  if ((h.flags & hflag::hash_writing) != 0)
    return std::string("hashWriting set between operations");
  const auto live = map_entries(h);
  if (static_cast<std::int64_t>(live.size()) != h.count)
    return fmt::format("count {} but {} live cells", h.count, live.size());
  for (std::size_t i = 1; i < live.size(); ++i)
    if (live[i].first == live[i - 1].first) return fmt::format("duplicate key {:q}", live[i].first);
  for (const auto& [k, v] : live) {
    if (k.kind() != h.key_kind) return fmt::format("key {:q} of the wrong kind", k);
    if (v.kind() != h.elem_kind) return fmt::format("elem {:q} of the wrong kind", v);
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> check_invariants(const HMap& h) {
  return check_common(h);
}

std::optional<std::string> check_invariants(const HMap& h, const RuntimeConfig& cfg) {
  if (auto err = check_common(h)) return err;
  // Every live cell sits where its hash puts it, with its tophash.
  std::optional<std::string> err;
  auto check = [&](std::uint8_t b, const char* which) {
    return [&, b, which](std::size_t j, std::size_t d, std::size_t i, const Cell& cell) {
      if (err || cell.top < tophash::min_top_hash) return;
      const std::uint64_t hash = key_hash(cell.key, h.hash0, cfg.hash);
      if (top_hash(hash) != cell.top)
        err = fmt::format("{} bucket {} cell {}.{}: tophash {} but key {:q} has {}", which, j, d, i,
                          cell.top, cell.key, top_hash(hash));
      else if ((hash & bucket_mask(b)) != j)
        err = fmt::format("{} bucket {}: key {:q} belongs in bucket {}", which, j, cell.key,
                          hash & bucket_mask(b));
    };
  };
  for_each_cell(h, h.buckets, check(h.B, "new"));
  if (h.oldbuckets) {
    std::uint8_t old_b = h.same_size_grow() ? h.B : static_cast<std::uint8_t>(h.B - 1);
    for_each_cell(h, h.oldbuckets, check(old_b, "old"));
  }
  return err;
}

void collect_arrays(HMap& h, std::span<const ArrayId> live) {
  std::erase_if(h.arrays, [&](const BucketArray& a) {
    if (h.buckets == a.id || h.oldbuckets == a.id) return false;
    return std::find(live.begin(), live.end(), a.id) == live.end();
  });
}

}  // namespace mapcheck::model
