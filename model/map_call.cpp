// The map step machine: one function per micro-step of map_steps.def, each opening with the
// Go statements it mirrors (Go 1.22 runtime/map.go, map_fast64.go, map_faststr.go), and the
// driver that runs micro-steps up to the next boundary of the configured grain.
//
// SIMPLIFIED (all grains): a cell that becomes empty (delete, evacuatedEmpty, mapclear's
// emptyRest marking) has its key and elem reset to zero values. The runtime leaves stale
// bytes there (fast64 delete keeps the key), but no code path reads the key or elem of an
// empty cell at op or phase grain, and the reset keeps equal maps equal.
// SIMPLIFIED: keys are int or string, so there is no key/elem indirection, no NaN and no
// NeedKeyUpdate other than faststr's key overwrite; incrnoverflow always counts (B < 16).
#include "model/map_call.h"

#include <algorithm>
#include <stdexcept>

#include "model/hasher.h"

namespace mapcheck::model {

namespace {

constexpr std::string_view kWrites = "concurrent map writes";
constexpr std::string_view kReadWrite = "concurrent map read and map write";
constexpr std::string_view kIterWrite = "concurrent map iteration and map write";
constexpr std::string_view kBadState = "bad map state";

struct PcInfo {
  std::string_view name;
  Grain boundary;
  bool writes;
  RuntimeFunc func;
  std::string_view statement;
  int line_map_or_fast64;
  int line_faststr;
};

constexpr PcInfo kPcs[] = {
#define MAP_STEP(name, boundary, writes, func, stmt, line64, linestr) \
  {#name, Grain::boundary, #writes[0] == 'W', RuntimeFunc::func, stmt, line64, linestr},
#include "model/map_steps.def"
#undef MAP_STEP
};

const PcInfo& info(MapPc pc) {
  return kPcs[static_cast<std::size_t>(pc)];
}

bool is_fast_func(RuntimeFunc f) {
  switch (f) {
    case RuntimeFunc::mapaccess1:
    case RuntimeFunc::mapassign:
    case RuntimeFunc::mapdelete:
    case RuntimeFunc::growWork:
    case RuntimeFunc::evacuate:
      return true;
    case RuntimeFunc::mapclear:
    case RuntimeFunc::hashGrow:
    case RuntimeFunc::advanceEvacuationMark:
    case RuntimeFunc::mapiterinit:
    case RuntimeFunc::mapiternext:
    case RuntimeFunc::mapaccessK:
      return false;
  }
  return false;
}

std::string_view func_name(RuntimeFunc f, bool fast64, bool access2) {
  switch (f) {
    case RuntimeFunc::mapaccess1:
      if (access2) return fast64 ? "mapaccess2_fast64" : "mapaccess2_faststr";
      return fast64 ? "mapaccess1_fast64" : "mapaccess1_faststr";
    case RuntimeFunc::mapassign:
      return fast64 ? "mapassign_fast64" : "mapassign_faststr";
    case RuntimeFunc::mapdelete:
      return fast64 ? "mapdelete_fast64" : "mapdelete_faststr";
    case RuntimeFunc::growWork:
      return fast64 ? "growWork_fast64" : "growWork_faststr";
    case RuntimeFunc::evacuate:
      return fast64 ? "evacuate_fast64" : "evacuate_faststr";
    case RuntimeFunc::mapclear:
      return "mapclear";
    case RuntimeFunc::hashGrow:
      return "hashGrow";
    case RuntimeFunc::advanceEvacuationMark:
      return "advanceEvacuationMark";
    case RuntimeFunc::mapiterinit:
      return "mapiterinit";
    case RuntimeFunc::mapiternext:
      return "mapiternext";
    case RuntimeFunc::mapaccessK:
      return "mapaccessK";
  }
  throw std::logic_error("func_name: bad RuntimeFunc");
}

/** The state one map_step works on. */
struct Ctx {
  Ctx(HMap& h_, HIter* it_, MapCall& c_, const RuntimeConfig& cfg_, std::uint32_t choice_)
      : h(h_), it(it_), c(c_), cfg(cfg_), choice(choice_) {}
  HMap& h;
  HIter* it;
  MapCall& c;
  const RuntimeConfig& cfg;
  std::uint32_t choice;
  bool probing = false;
  bool choice_taken = false;
  std::optional<std::uint32_t> probed;
  std::string_view fatal;

  bool fast64() const { return h.key_kind == ValueKind::int_; }
  bool str_key() const { return h.key_kind == ValueKind::string_; }

  /** A random value in [0, n), handed in by the caller. At most one per step. */
  std::uint32_t take_choice(std::uint32_t n) {
    if (choice_taken) throw std::logic_error("map_step: two random choices in one step");
    choice_taken = true;
    if (probing) {
      probed = n;
      return 0;
    }
    if (choice >= n) throw std::logic_error("map_step: choice out of range");
    return choice;
  }
  std::uint64_t hash_of(const Key& k) const { return key_hash(k, h.hash0, cfg.hash); }
  Cell* cell(const BucketPos& pos, std::size_t i) {
    BMap* b = h.bucket(pos);
    return b == nullptr ? nullptr : &b->cells[i];
  }
  Cell* cell(const SlotRef& s) { return cell(s.pos, s.cell); }
  void set_empty(Cell& cell, std::uint8_t top) {
    cell.top = top;
    cell.key = Value::zero(h.key_kind);
    cell.elem = Value::zero(h.elem_kind);
  }
  HIter& iter() {
    if (it == nullptr) throw std::logic_error("map_step: iterator op without an iterator");
    return *it;
  }
};

enum class Flow : std::uint8_t { running, done, fatal };

Flow goto_pc(Ctx& x, MapPc pc) {
  x.c.pc = pc;
  return Flow::running;
}

Flow fatal(Ctx& x, std::string_view msg) {
  x.fatal = msg;
  return Flow::fatal;
}

/** evacuated(b): tophash[0] is one of the evacuation marks (map.go L204). */
bool evacuated(const HMap& h, const BucketPos& pos) {
  const BMap* b = h.bucket(pos);
  return b != nullptr && is_evacuated_mark(b->cells[0].top);
}

/** h.newoverflow(t, b) (map.go L244-266): links a fresh overflow bucket after b and counts it.
 *  SIMPLIFIED: if b already had an overflow bucket (only when racing writers corrupt the
 *  chain) the rest of the chain is cut off, as setoverflow does. If b is detached memory the
 *  new bucket is detached too: what is written there is lost. */
BucketPos newoverflow(Ctx& x, const BucketPos& b) {
  // h.incrnoverflow(): exact while B < 16.
  x.h.noverflow = static_cast<std::uint16_t>(x.h.noverflow + 1);
  BucketArray* a = x.h.array(b.array);
  if (x.h.bucket(b) == nullptr || a == nullptr)
    return BucketPos{b.array, b.index, static_cast<std::uint16_t>(b.depth + 1), b.epoch + 1};
  BucketChain& ch = a->buckets[b.index];
  ch.chain.resize(b.depth + 1U);
  BMap fresh;
  for (auto& cell : fresh.cells)
    x.set_empty(cell, tophash::empty_rest);
  ch.chain.push_back(fresh);
  return BucketPos{b.array, b.index, static_cast<std::uint16_t>(b.depth + 1), ch.epoch};
}

// ---------------------------------------------------------------------------------------
// mapaccess1_fast64/faststr, mapaccess2_fast64/faststr
// ---------------------------------------------------------------------------------------

Flow access_count(Ctx& x) {
  // if h == nil || h.count == 0 { return unsafe.Pointer(&zeroVal[0]) }
  if (x.h.count == 0) {
    x.c.result = Value::zero(x.h.elem_kind);
    x.c.found = false;
    return Flow::done;
  }
  return goto_pc(x, MapPc::access_check);
}

Flow access_check(Ctx& x) {
  // if h.flags&hashWriting != 0 { fatal("concurrent map read and map write") }
  if ((x.h.flags & hflag::hash_writing) != 0) return fatal(x, kReadWrite);
  return goto_pc(x, MapPc::access_locate);
}

Flow access_locate(Ctx& x) {
  // fast64: if h.B == 0 { b = (*bmap)(h.buckets) } else { hash := t.Hasher(key, h.hash0);
  //   m := bucketMask(h.B); b = h.buckets[hash&m]; if c := h.oldbuckets; c != nil {...} }
  // faststr: if h.B == 0 { one-bucket scan without hashing } ... dohash: the same.
  MapCall& c = x.c;
  c.b.reset();
  c.i = 0;
  if (x.h.B == 0) {
    c.one_bucket = true;
    if (x.h.buckets) c.b = x.h.main_pos(*x.h.buckets, 0);
    return goto_pc(x, MapPc::access_scan);
  }
  c.one_bucket = false;
  c.hash = x.hash_of(c.key);
  c.top = top_hash(c.hash);
  if (x.h.buckets) c.b = x.h.main_pos(*x.h.buckets, c.hash & bucket_mask(x.h.B));
  if (x.h.oldbuckets) {
    c.grow_old = x.h.oldbuckets;
    return goto_pc(x, MapPc::access_locate_old);
  }
  return goto_pc(x, MapPc::access_scan);
}

/** The old-bucket choice shared by mapaccess and mapaccessK:
 *  if !h.sameSizeGrow() { m >>= 1 }; oldb := c[hash&m]; if !evacuated(oldb) { b = oldb } */
void locate_old(Ctx& x) {
  MapCall& c = x.c;
  std::uint64_t m = bucket_mask(x.h.B);
  if (!x.h.same_size_grow()) m >>= 1;
  if (!c.grow_old) return;
  const BucketPos oldb = x.h.main_pos(*c.grow_old, c.hash & m);
  if (x.h.bucket(oldb) != nullptr && !evacuated(x.h, oldb)) c.b = oldb;
}

Flow access_locate_old(Ctx& x) {
  locate_old(x);
  return goto_pc(x, MapPc::access_scan);
}

Flow access_found(Ctx& x, const Cell& cell) {
  x.c.result = cell.elem;
  x.c.found = true;
  return Flow::done;
}

Flow access_miss(Ctx& x) {
  x.c.result = Value::zero(x.h.elem_kind);
  x.c.found = false;
  return Flow::done;
}

Flow access_scan(Ctx& x) {
  // fast64: for ; b != nil; b = b.overflow(t) { for i ... {
  //           if *(*uint64)(k) == key && !isEmpty(b.tophash[i]) { return elem } } }
  // faststr one bucket: if k.len != key.len || isEmpty(b.tophash[i]) {
  //           if b.tophash[i] == emptyRest { break }; continue }; if equal { return elem }
  // faststr hashed: if k.len != key.len || b.tophash[i] != top { continue }; if equal {...}
  MapCall& c = x.c;
  if (!c.b) return access_miss(x);
  const BMap* b = x.h.bucket(*c.b);
  if (b == nullptr) return access_miss(x);
  for (const Cell& cell : b->cells) {
    if (x.fast64()) {
      if (cell.key == c.key && !is_empty(cell.top)) return access_found(x, cell);
    } else if (c.one_bucket) {
      const bool same_len = cell.key.as_string().size() == c.key.as_string().size();
      if (!same_len || is_empty(cell.top)) {
        if (cell.top == tophash::empty_rest) break;
        continue;
      }
      if (cell.key == c.key) return access_found(x, cell);
    } else {
      if (cell.top != c.top || cell.key != c.key) continue;
      return access_found(x, cell);
    }
  }
  if (!x.fast64() && c.one_bucket) return access_miss(x);  // one-bucket path: no overflow walk
  c.b = x.h.overflow(*c.b);
  if (!c.b) return access_miss(x);
  return goto_pc(x, MapPc::access_scan);
}

// ---------------------------------------------------------------------------------------
// Shared pieces of the writers: entry check, XOR toggle, exit check, flag clear
// ---------------------------------------------------------------------------------------

Flow writer_check(Ctx& x, MapPc next) {
  // if h.flags&hashWriting != 0 { fatal("concurrent map writes") }
  // hash := t.Hasher(key, uintptr(h.hash0))
  if ((x.h.flags & hflag::hash_writing) != 0) return fatal(x, kWrites);
  x.c.hash = x.hash_of(x.c.key);
  x.c.top = top_hash(x.c.hash);
  return goto_pc(x, next);
}

Flow toggle_load(Ctx& x, MapPc store) {
  // h.flags ^= hashWriting: the load half (a plain read-modify-write, not atomic).
  x.c.flags_tmp = static_cast<std::uint8_t>(x.h.flags ^ hflag::hash_writing);
  return goto_pc(x, store);
}

Flow flags_store(Ctx& x, MapPc next) {
  // The store half of h.flags ^= hashWriting / h.flags &^= hashWriting.
  x.h.flags = x.c.flags_tmp;
  return goto_pc(x, next);
}

Flow done_check(Ctx& x, MapPc next) {
  // if h.flags&hashWriting == 0 { fatal("concurrent map writes") }
  if ((x.h.flags & hflag::hash_writing) == 0) return fatal(x, kWrites);
  return goto_pc(x, next);
}

Flow unflag_load(Ctx& x, MapPc store) {
  // h.flags &^= hashWriting: the load half.
  x.c.flags_tmp = static_cast<std::uint8_t>(x.h.flags & ~hflag::hash_writing);
  return goto_pc(x, store);
}

Flow start_growwork(Ctx& x, MapPc ret) {
  x.c.ret = ret;
  x.c.growwork_stage = 0;
  return goto_pc(x, MapPc::growwork_first);
}

// ---------------------------------------------------------------------------------------
// mapassign_fast64 / mapassign_faststr
// ---------------------------------------------------------------------------------------

Flow assign_alloc(Ctx& x) {
  // if h.buckets == nil { h.buckets = newobject(t.Bucket) // newarray(t.Bucket, 1) }
  if (!x.h.buckets) x.h.buckets = x.h.new_array(0);
  return goto_pc(x, MapPc::assign_again);
}

Flow assign_again(Ctx& x) {
  // again: bucket := hash & bucketMask(h.B); if h.growing() { growWork_fast64(t, h, bucket) }
  x.c.bucket = x.c.hash & bucket_mask(x.h.B);
  if (x.h.growing()) return start_growwork(x, MapPc::assign_search);
  return goto_pc(x, MapPc::assign_search);
}

Flow assign_scan_bucket(Ctx& x) {
  // bucketloop: for { for i := uintptr(0); i < bucketCnt; i++ { ... } ovf := b.overflow(t);
  //   if ovf == nil { break }; b = ovf }
  MapCall& c = x.c;
  BMap* b = x.h.bucket(*c.b);
  if (b == nullptr) return goto_pc(x, MapPc::assign_grow_check);
  for (std::uint8_t i = 0; i < bucket_cnt; ++i) {
    Cell& cell = b->cells[i];
    if (x.fast64()) {
      // if isEmpty(b.tophash[i]) { if insertb == nil { insertb = b; inserti = i }
      //   if b.tophash[i] == emptyRest { break bucketloop }; continue }
      // if k != key { continue }; insertb = b; inserti = i; goto done
      if (is_empty(cell.top)) {
        if (!c.insert) c.insert = SlotRef{*c.b, i};
        if (cell.top == tophash::empty_rest) return goto_pc(x, MapPc::assign_grow_check);
        continue;
      }
      if (cell.key != c.key) continue;
      c.insert = SlotRef{*c.b, i};
      c.found = true;
      return goto_pc(x, MapPc::assign_done_check);
    }
    // if b.tophash[i] != top { if isEmpty(b.tophash[i]) && insertb == nil { insertb = b;
    //   inserti = i }; if b.tophash[i] == emptyRest { break bucketloop }; continue }
    // if k.len != key.len || !equal { continue }; inserti = i; insertb = b; k.str = key.str
    if (cell.top != c.top) {
      if (is_empty(cell.top) && !c.insert) c.insert = SlotRef{*c.b, i};
      if (cell.top == tophash::empty_rest) return goto_pc(x, MapPc::assign_grow_check);
      continue;
    }
    if (cell.key != c.key) continue;
    c.insert = SlotRef{*c.b, i};
    c.found = true;
    return goto_pc(x, MapPc::assign_found_key);
  }
  const auto ovf = x.h.overflow(*c.b);
  if (!ovf) return goto_pc(x, MapPc::assign_grow_check);
  c.b = ovf;
  return goto_pc(x, MapPc::assign_search_ovf);
}

Flow assign_search(Ctx& x) {
  // b := (*bmap)(add(h.buckets, bucket*uintptr(t.BucketSize))); var insertb *bmap; ...
  MapCall& c = x.c;
  c.insert.reset();
  c.found = false;
  if (!x.h.buckets) throw std::logic_error("mapassign: h.buckets is nil after allocation");
  c.b = x.h.main_pos(*x.h.buckets, c.bucket);
  return assign_scan_bucket(x);
}

Flow assign_found_key(Ctx& x) {
  // k.str = key.str: overwrite the existing key (same contents), then goto done.
  if (Cell* cell = x.cell(*x.c.insert)) cell->key = x.c.key;
  return goto_pc(x, MapPc::assign_done_check);
}

Flow assign_grow_check(Ctx& x) {
  // if !h.growing() && (overLoadFactor(h.count+1, h.B) || tooManyOverflowBuckets(h.noverflow,
  //   h.B)) { hashGrow(t, h); goto again }
  // if insertb == nil { insertb = h.newoverflow(t, b); inserti = 0 }
  const HMap& h = x.h;
  if (!h.growing() &&
      (over_load_factor(h.count + 1, h.B) || too_many_overflow_buckets(h.noverflow, h.B)))
    return goto_pc(x, MapPc::grow_size);
  if (!x.c.insert) return goto_pc(x, MapPc::assign_newoverflow);
  return goto_pc(x, MapPc::assign_insert_top);
}

Flow assign_newoverflow(Ctx& x) {
  // insertb = h.newoverflow(t, b); inserti = 0
  x.c.insert = SlotRef{newoverflow(x, *x.c.b), 0};
  return goto_pc(x, MapPc::assign_insert_top);
}

Flow assign_insert_top(Ctx& x) {
  // insertb.tophash[inserti&(bucketCnt-1)] = tophash(hash) (fast64 and faststr write the
  // tophash before the key; generic mapassign does the reverse).
  if (Cell* cell = x.cell(*x.c.insert)) cell->top = x.c.top;
  return goto_pc(x, MapPc::assign_insert_key);
}

Flow assign_insert_key(Ctx& x) {
  // insertk = add(...); *(*uint64)(insertk) = key  /  *((*stringStruct)(insertk)) = *key
  if (Cell* cell = x.cell(*x.c.insert)) cell->key = x.c.key;
  return goto_pc(x, MapPc::assign_count);
}

Flow assign_count(Ctx& x) {
  // h.count++
  ++x.h.count;
  return goto_pc(x, MapPc::assign_done_check);
}

Flow assign_store_step(Ctx& x) {
  // *p = v, compiled into the caller after mapassign returned p.
  map_store(x.h, *x.c.slot, *x.c.value, nullptr);
  return Flow::done;
}

// ---------------------------------------------------------------------------------------
// hashGrow
// ---------------------------------------------------------------------------------------

Flow grow_size(Ctx& x) {
  // bigger := uint8(1); if !overLoadFactor(h.count+1, h.B) { bigger = 0; h.flags |=
  // sameSizeGrow }
  x.c.bigger = 1;
  if (!over_load_factor(x.h.count + 1, x.h.B)) {
    x.c.bigger = 0;
    x.h.flags |= hflag::same_size_grow;
  }
  return goto_pc(x, MapPc::grow_alloc);
}

Flow grow_alloc(Ctx& x) {
  // oldbuckets := h.buckets; newbuckets, nextOverflow := makeBucketArray(t, h.B+bigger, nil)
  x.c.grow_old = x.h.buckets;
  x.c.grow_new = x.h.new_array(static_cast<std::uint8_t>(x.h.B + x.c.bigger));
  return goto_pc(x, MapPc::grow_flags);
}

Flow grow_flags(Ctx& x) {
  // flags := h.flags &^ (iterator | oldIterator); if h.flags&iterator != 0 { flags |=
  // oldIterator }
  std::uint8_t flags = x.h.flags & ~(hflag::iterator | hflag::old_iterator);
  if ((x.h.flags & hflag::iterator) != 0) flags |= hflag::old_iterator;
  x.c.flags_tmp = flags;
  return goto_pc(x, MapPc::grow_commit);
}

Flow grow_commit(Ctx& x) {
  // h.B += bigger; h.flags = flags (a plain store: a concurrent atomic.Or8 is lost);
  // h.oldbuckets = oldbuckets; h.buckets = newbuckets; h.nevacuate = 0; h.noverflow = 0
  // ... goto again
  x.h.B = static_cast<std::uint8_t>(x.h.B + x.c.bigger);
  x.h.flags = x.c.flags_tmp;
  x.h.oldbuckets = x.c.grow_old;
  x.h.buckets = x.c.grow_new;
  x.h.nevacuate = 0;
  x.h.noverflow = 0;
  x.c.grow_old.reset();
  x.c.grow_new.reset();
  return goto_pc(x, MapPc::assign_again);
}

// ---------------------------------------------------------------------------------------
// growWork_fast64/faststr, evacuate_fast64/faststr, advanceEvacuationMark
// ---------------------------------------------------------------------------------------

Flow growwork_first(Ctx& x) {
  // evacuate_fast64(t, h, bucket&h.oldbucketmask())
  if (!x.h.growing()) return fatal(x, fatal_runtime_signal);  // nil h.oldbuckets
  x.c.evac_old = x.c.bucket & x.h.oldbucketmask();
  x.c.growwork_stage = 0;
  return goto_pc(x, MapPc::evac_begin);
}

Flow growwork_second(Ctx& x) {
  // if h.growing() { evacuate_fast64(t, h, h.nevacuate) }
  if (!x.h.growing()) return goto_pc(x, x.c.ret);
  x.c.evac_old = x.h.nevacuate;
  x.c.growwork_stage = 1;
  return goto_pc(x, MapPc::evac_begin);
}

Flow after_evacuate(Ctx& x) {
  return goto_pc(x, x.c.growwork_stage == 0 ? MapPc::growwork_second : x.c.ret);
}

Flow evac_begin(Ctx& x) {
  // b := (*bmap)(add(h.oldbuckets, oldbucket*uintptr(t.BucketSize)))
  // newbit := h.noldbuckets()
  // if !evacuated(b) { x.b = h.buckets[oldbucket]; if !h.sameSizeGrow() {
  //   y.b = h.buckets[oldbucket+newbit] } ... }
  HMap& h = x.h;
  MapCall& c = x.c;
  if (!h.oldbuckets || !h.buckets) return fatal(x, fatal_runtime_signal);
  const BucketPos src = h.main_pos(*h.oldbuckets, c.evac_old);
  if (h.bucket(src) == nullptr) return fatal(x, fatal_runtime_signal);
  c.newbit = h.noldbuckets();
  if (evacuated(h, src)) return goto_pc(x, MapPc::evac_mark_check);
  c.dst_x = EvacDst{h.main_pos(*h.buckets, c.evac_old), 0};
  c.dst_y.reset();
  if (!h.same_size_grow()) c.dst_y = EvacDst{h.main_pos(*h.buckets, c.evac_old + c.newbit), 0};
  c.evac_src = src;
  c.evac_i = 0;
  return goto_pc(x, MapPc::evac_cell);
}

/** Advances evacuate's walk: i++, and at the end of a bucket b = b.overflow(t). */
Flow evac_advance(Ctx& x) {
  MapCall& c = x.c;
  if (++c.evac_i == bucket_cnt) {
    c.evac_i = 0;
    c.evac_src = x.h.overflow(*c.evac_src);
    if (!c.evac_src) return goto_pc(x, MapPc::evac_clear_old);
  }
  return goto_pc(x, MapPc::evac_cell);
}

/** dst.b.tophash[dst.i&(bucketCnt-1)] = top; copy key; typedmemmove(t.Elem, dst.e, e);
 *  dst.i++ */
void evac_copy(Ctx& x, EvacDst& dst, const Cell& src, std::uint8_t top) {
  if (Cell* d = x.cell(dst.b, dst.i & (bucket_cnt - 1))) {
    d->top = top;
    d->key = src.key;
    d->elem = src.elem;
  }
  ++dst.i;
}

Flow evac_cell(Ctx& x) {
  // top := b.tophash[i]; if isEmpty(top) { b.tophash[i] = evacuatedEmpty; continue }
  // if top < minTopHash { throw("bad map state") }
  // var useY uint8; if !h.sameSizeGrow() { hash := t.Hasher(k, uintptr(h.hash0));
  //   if hash&newbit != 0 { useY = 1 } }
  // b.tophash[i] = evacuatedX + useY; dst := &xy[useY]
  // if dst.i == bucketCnt { dst.b = h.newoverflow(t, dst.b); dst.i = 0 } ... copy
  MapCall& c = x.c;
  Cell* cell = c.evac_src ? x.cell(*c.evac_src, c.evac_i) : nullptr;
  if (cell == nullptr) return goto_pc(x, MapPc::evac_clear_old);
  const std::uint8_t top = cell->top;
  if (is_empty(top)) {
    x.set_empty(*cell, tophash::evacuated_empty);
    return evac_advance(x);
  }
  if (top < tophash::min_top_hash) return fatal(x, kBadState);
  std::uint8_t use_y = 0;
  if (!x.h.same_size_grow()) {
    const std::uint64_t hash = x.hash_of(cell->key);
    if ((hash & c.newbit) != 0) use_y = 1;
  }
  cell->top = static_cast<std::uint8_t>(tophash::evacuated_x + use_y);
  std::optional<EvacDst>& dst = use_y ? c.dst_y : c.dst_x;
  if (!dst) return fatal(x, fatal_runtime_signal);  // xy[1].b is nil
  if (dst->i == bucket_cnt) {
    c.evac_use_y = use_y;
    c.evac_top = top;
    return goto_pc(x, MapPc::evac_newoverflow);
  }
  evac_copy(x, *dst, *cell, top);
  return evac_advance(x);
}

Flow evac_newoverflow(Ctx& x) {
  // dst.b = h.newoverflow(t, dst.b); dst.i = 0; then the copy of the cell marked above.
  MapCall& c = x.c;
  std::optional<EvacDst>& dst = c.evac_use_y ? c.dst_y : c.dst_x;
  dst->b = newoverflow(x, dst->b);
  dst->i = 0;
  if (const Cell* cell = x.cell(*c.evac_src, c.evac_i)) evac_copy(x, *dst, *cell, c.evac_top);
  return evac_advance(x);
}

Flow evac_clear_old(Ctx& x) {
  // if h.flags&oldIterator == 0 && t.Bucket.Pointers() { b := h.oldbuckets[oldbucket];
  //   memclrHasPointers(keys and elems of b) } (tophash is kept: it holds the marks)
  const bool pointers = x.h.key_kind == ValueKind::string_ || x.h.elem_kind == ValueKind::string_;
  if ((x.h.flags & hflag::old_iterator) == 0 && pointers && x.h.oldbuckets) {
    if (BMap* b = x.h.bucket(x.h.main_pos(*x.h.oldbuckets, x.c.evac_old)))
      for (Cell& cell : b->cells) {
        cell.key = Value::zero(x.h.key_kind);
        cell.elem = Value::zero(x.h.elem_kind);
      }
  }
  return goto_pc(x, MapPc::evac_mark_check);
}

Flow evac_mark_check(Ctx& x) {
  // if oldbucket == h.nevacuate { advanceEvacuationMark(h, t, newbit) }
  x.c.evac_src.reset();
  x.c.dst_x.reset();
  x.c.dst_y.reset();
  if (x.c.evac_old == x.h.nevacuate) return goto_pc(x, MapPc::advance_mark);
  return after_evacuate(x);
}

Flow advance_mark(Ctx& x) {
  // h.nevacuate++; stop := h.nevacuate + 1024; if stop > newbit { stop = newbit }
  // for h.nevacuate != stop && bucketEvacuated(t, h, h.nevacuate) { h.nevacuate++ }
  HMap& h = x.h;
  ++h.nevacuate;
  const std::uint64_t stop = std::min<std::uint64_t>(h.nevacuate + 1024, x.c.newbit);
  while (h.nevacuate != stop) {
    if (!h.oldbuckets) return fatal(x, fatal_runtime_signal);
    if (!evacuated(h, h.main_pos(*h.oldbuckets, h.nevacuate))) break;
    ++h.nevacuate;
  }
  return goto_pc(x, MapPc::advance_done);
}

Flow advance_done(Ctx& x) {
  // if h.nevacuate == newbit { h.oldbuckets = nil; h.extra.oldoverflow = nil;
  //   h.flags &^= sameSizeGrow }
  if (x.h.nevacuate == x.c.newbit) {
    x.h.oldbuckets.reset();
    x.h.flags &= static_cast<std::uint8_t>(~hflag::same_size_grow);
  }
  return after_evacuate(x);
}

// ---------------------------------------------------------------------------------------
// mapdelete_fast64 / mapdelete_faststr
// ---------------------------------------------------------------------------------------

Flow delete_count(Ctx& x) {
  // if h == nil || h.count == 0 { return }
  if (x.h.count == 0) return Flow::done;
  return goto_pc(x, MapPc::delete_check);
}

Flow delete_locate(Ctx& x) {
  // bucket := hash & bucketMask(h.B); if h.growing() { growWork_fast64(t, h, bucket) }
  x.c.bucket = x.c.hash & bucket_mask(x.h.B);
  if (x.h.growing()) return start_growwork(x, MapPc::delete_search);
  return goto_pc(x, MapPc::delete_search);
}

Flow delete_scan_bucket(Ctx& x) {
  // fast64: if key != *(*uint64)(k) || isEmpty(b.tophash[i]) { continue }
  // faststr: if k.len != key.len || b.tophash[i] != top { continue }; if !equal { continue }
  // (neither stops at emptyRest)
  MapCall& c = x.c;
  const BMap* b = c.b ? x.h.bucket(*c.b) : nullptr;
  if (b == nullptr) return goto_pc(x, MapPc::delete_done_check);
  for (std::uint8_t i = 0; i < bucket_cnt; ++i) {
    const Cell& cell = b->cells[i];
    const bool hit = x.fast64() ? (cell.key == c.key && !is_empty(cell.top))
                                : (cell.top == c.top && cell.key == c.key);
    if (!hit) continue;
    c.insert = SlotRef{*c.b, i};
    c.i = i;
    return goto_pc(x, MapPc::delete_clear_cell);
  }
  c.b = x.h.overflow(*c.b);
  if (!c.b) return goto_pc(x, MapPc::delete_done_check);
  return goto_pc(x, MapPc::delete_search_ovf);
}

Flow delete_search(Ctx& x) {
  // b := (*bmap)(add(h.buckets, bucket*uintptr(t.BucketSize))); bOrig := b
  MapCall& c = x.c;
  c.b.reset();
  c.b_orig.reset();
  c.insert.reset();
  if (x.h.buckets) {
    c.b = x.h.main_pos(*x.h.buckets, c.bucket);
    c.b_orig = c.b;
  }
  return delete_scan_bucket(x);
}

Flow delete_clear_cell(Ctx& x) {
  // (faststr: k.str = nil); memclr elem; b.tophash[i] = emptyOne
  // if i == bucketCnt-1 { if b.overflow(t) != nil && b.overflow(t).tophash[0] != emptyRest {
  //   goto notLast } } else { if b.tophash[i+1] != emptyRest { goto notLast } }
  MapCall& c = x.c;
  BMap* b = x.h.bucket(*c.b);
  if (b == nullptr) return goto_pc(x, MapPc::delete_count_dec);
  x.set_empty(b->cells[c.i], tophash::empty_one);
  if (c.i == bucket_cnt - 1) {
    const auto ovf = x.h.overflow(*c.b);
    if (ovf && x.h.bucket(*ovf)->cells[0].top != tophash::empty_rest)
      return goto_pc(x, MapPc::delete_count_dec);
  } else if (b->cells[c.i + 1].top != tophash::empty_rest) {
    return goto_pc(x, MapPc::delete_count_dec);
  }
  return goto_pc(x, MapPc::delete_mark_rest);
}

Flow delete_mark_rest(Ctx& x) {
  // for { b.tophash[i] = emptyRest; if i == 0 { if b == bOrig { break }; c := b;
  //   for b = bOrig; b.overflow(t) != c; b = b.overflow(t) {}; i = bucketCnt - 1 } else { i-- }
  //   if b.tophash[i] != emptyOne { break } }
  MapCall& c = x.c;
  BucketPos pos = *c.b;
  std::uint8_t i = c.i;
  for (;;) {
    BMap* b = x.h.bucket(pos);
    if (b == nullptr) break;
    b->cells[i].top = tophash::empty_rest;
    if (i == 0) {
      if (pos.depth == 0 || pos == *c.b_orig) break;
      pos.depth = static_cast<std::uint16_t>(pos.depth - 1);
      i = bucket_cnt - 1;
    } else {
      --i;
    }
    const BMap* prev = x.h.bucket(pos);
    if (prev == nullptr || prev->cells[i].top != tophash::empty_one) break;
  }
  return goto_pc(x, MapPc::delete_count_dec);
}

Flow delete_count_dec(Ctx& x) {
  // notLast: h.count--
  --x.h.count;
  return goto_pc(x, MapPc::delete_reseed);
}

Flow delete_reseed(Ctx& x) {
  // if h.count == 0 { h.hash0 = uint32(rand()) } (issue 25237)
  if (x.h.count == 0) x.h.hash0 = x.take_choice(std::max<std::uint32_t>(1, x.cfg.hash.seeds));
  return goto_pc(x, MapPc::delete_done_check);
}

// ---------------------------------------------------------------------------------------
// mapclear
// ---------------------------------------------------------------------------------------

Flow clear_count(Ctx& x) {
  // if h == nil || h.count == 0 { return }
  if (x.h.count == 0) return Flow::done;
  return goto_pc(x, MapPc::clear_check);
}

Flow clear_check(Ctx& x) {
  // if h.flags&hashWriting != 0 { fatal("concurrent map writes") }
  if ((x.h.flags & hflag::hash_writing) != 0) return fatal(x, kWrites);
  return goto_pc(x, MapPc::clear_toggle);
}

void mark_array_empty(Ctx& x, std::optional<ArrayId> id) {
  // markBucketsEmpty: for each bucket and overflow bucket, every tophash = emptyRest
  if (!id) return;
  BucketArray* a = x.h.array(*id);
  if (a == nullptr) return;
  for (auto& ch : a->buckets)
    for (auto& b : ch.chain)
      for (auto& cell : b.cells)
        x.set_empty(cell, tophash::empty_rest);
}

Flow clear_after_toggle(Ctx& x) {
  if (clear_marks_empty_rest(x.cfg.version)) return goto_pc(x, MapPc::clear_mark_buckets);
  return goto_pc(x, MapPc::clear_reset);
}

Flow clear_mark_buckets(Ctx& x) {
  // markBucketsEmpty(h.buckets, bucketMask(h.B))  (Go 1.21+, issue 59411)
  mark_array_empty(x, x.h.buckets);
  return goto_pc(x, MapPc::clear_mark_old);
}

Flow clear_mark_old(Ctx& x) {
  // if oldBuckets := h.oldbuckets; oldBuckets != nil { markBucketsEmpty(oldBuckets, ...) }
  mark_array_empty(x, x.h.oldbuckets);
  return goto_pc(x, MapPc::clear_reset);
}

Flow clear_reset(Ctx& x) {
  // h.flags &^= sameSizeGrow; h.oldbuckets = nil; h.nevacuate = 0; h.noverflow = 0;
  // h.count = 0
  x.h.flags &= static_cast<std::uint8_t>(~hflag::same_size_grow);
  x.h.oldbuckets.reset();
  x.h.nevacuate = 0;
  x.h.noverflow = 0;
  x.h.count = 0;
  return goto_pc(x, MapPc::clear_reseed);
}

Flow clear_reseed(Ctx& x) {
  // h.hash0 = uint32(rand())
  x.h.hash0 = x.take_choice(std::max<std::uint32_t>(1, x.cfg.hash.seeds));
  return goto_pc(x, MapPc::clear_zero);
}

Flow clear_zero(Ctx& x) {
  // *h.extra = mapextra{}; makeBucketArray(t, h.B, h.buckets): zeroes the same array in
  // place; the overflow buckets are dropped (an iterator inside one keeps detached memory).
  if (x.h.buckets)
    if (BucketArray* a = x.h.array(*x.h.buckets))
      for (auto& ch : a->buckets) {
        if (ch.chain.size() > 1) {
          ch.chain.resize(1);
          ++ch.epoch;
        }
        for (auto& cell : ch.chain[0].cells)
          x.set_empty(cell, tophash::empty_rest);
      }
  return goto_pc(x, MapPc::clear_done_check);
}

// ---------------------------------------------------------------------------------------
// mapiterinit, mapiternext, mapaccessK
// ---------------------------------------------------------------------------------------

Flow iterinit_count(Ctx& x) {
  // it.t = t; if h == nil || h.count == 0 { return }   (the compiler zeroed hiter before)
  HIter& it = x.iter();
  it = HIter{};
  if (x.h.count == 0) return Flow::done;
  return goto_pc(x, MapPc::iterinit_snapshot);
}

Flow iterinit_snapshot(Ctx& x) {
  // it.h = h; it.B = h.B; it.buckets = h.buckets
  HIter& it = x.iter();
  it.B = x.h.B;
  it.buckets = x.h.buckets;
  return goto_pc(x, MapPc::iterinit_rand);
}

Flow iterinit_rand(Ctx& x) {
  // r := uintptr(rand()); it.startBucket = r & bucketMask(h.B);
  // it.offset = uint8(r >> h.B & (bucketCnt - 1)); it.bucket = it.startBucket
  // The model's r ranges over [0, 2^B * 8): exactly the values that give distinct
  // (startBucket, offset) pairs, each once.
  HIter& it = x.iter();
  const std::uint8_t b = x.h.B;
  const std::uint32_t r = x.take_choice((std::uint32_t{1} << b) * bucket_cnt);
  it.start_bucket = r & bucket_mask(b) & bucket_mask(it.B);
  it.offset = static_cast<std::uint8_t>((r >> b) & (bucket_cnt - 1));
  it.bucket = it.start_bucket;
  return goto_pc(x, MapPc::iterinit_or);
}

Flow iterinit_or(Ctx& x) {
  // if old := h.flags; old&(iterator|oldIterator) != iterator|oldIterator {
  //   atomic.Or8(&h.flags, iterator|oldIterator) }
  constexpr std::uint8_t both = hflag::iterator | hflag::old_iterator;
  if ((x.h.flags & both) != both) return goto_pc(x, MapPc::iterinit_or_store);
  return goto_pc(x, MapPc::iternext_check);
}

Flow iterinit_or_store(Ctx& x) {
  // atomic.Or8(&h.flags, iterator|oldIterator); then mapiternext(it)
  x.h.flags |= hflag::iterator | hflag::old_iterator;
  return goto_pc(x, MapPc::iternext_check);
}

Flow iternext_check(Ctx& x) {
  // if h.flags&hashWriting != 0 { fatal("concurrent map iteration and map write") }
  x.iter();
  if ((x.h.flags & hflag::hash_writing) != 0) return fatal(x, kIterWrite);
  return goto_pc(x, MapPc::iternext_advance);
}

Flow iternext_advance(Ctx& x) {
  // bucket := it.bucket; b := it.bptr; i := it.i; checkBucket := it.checkBucket; next:
  return goto_pc(x, x.iter().bptr ? MapPc::iternext_cell : MapPc::iternext_bucket);
}

/** bucket++; if bucket == bucketShift(it.B) { bucket = 0; it.wrapped = true }; i = 0 */
Flow iternext_took_bucket(Ctx& x, BucketPos b, std::optional<std::uint64_t> check) {
  HIter& it = x.iter();
  it.bptr = b;
  it.check_bucket = check;
  if (++it.bucket == (std::uint64_t{1} << it.B)) {
    it.bucket = 0;
    it.wrapped = true;
  }
  it.i = 0;
  return goto_pc(x, MapPc::iternext_cell);
}

Flow iternext_bucket(Ctx& x) {
  // if b == nil { if bucket == it.startBucket && it.wrapped { it.key = nil; it.elem = nil;
  //   return }; if h.growing() && it.B == h.B { ... } else { b = it.buckets[bucket];
  //   checkBucket = noCheck } ... }
  HIter& it = x.iter();
  if (it.bucket == it.start_bucket && it.wrapped) {
    it.key.reset();
    it.elem.reset();
    it.bptr.reset();
    return Flow::done;
  }
  if (!it.buckets) throw std::logic_error("mapiternext: iterator without buckets");
  if (x.h.growing() && it.B == x.h.B) return goto_pc(x, MapPc::iternext_bucket_old);
  return iternext_took_bucket(x, x.h.main_pos(*it.buckets, it.bucket), std::nullopt);
}

Flow iternext_bucket_old(Ctx& x) {
  // oldbucket := bucket & it.h.oldbucketmask(); b = h.oldbuckets[oldbucket]
  // if !evacuated(b) { checkBucket = bucket } else { b = it.buckets[bucket];
  //   checkBucket = noCheck }
  HIter& it = x.iter();
  if (!x.h.oldbuckets)
    return iternext_took_bucket(x, x.h.main_pos(*it.buckets, it.bucket), std::nullopt);
  const BucketPos oldb = x.h.main_pos(*x.h.oldbuckets, it.bucket & x.h.oldbucketmask());
  if (!evacuated(x.h, oldb)) return iternext_took_bucket(x, oldb, it.bucket);
  return iternext_took_bucket(x, x.h.main_pos(*it.buckets, it.bucket), std::nullopt);
}

Flow iternext_cell(Ctx& x) {
  // for ; i < bucketCnt; i++ { offi := (i + it.offset) & (bucketCnt - 1)
  //   if isEmpty(b.tophash[offi]) || b.tophash[offi] == evacuatedEmpty { continue } ... }
  // b = b.overflow(t); i = 0; goto next
  // SIMPLIFIED: an overflow bucket cut off by mapclear (detached memory) ends the chain; in
  // Go 1.21+ all its cells are emptyRest anyway, in 1.19/1.20 the runtime would walk on.
  HIter& it = x.iter();
  const BMap* b = it.bptr ? x.h.bucket(*it.bptr) : nullptr;
  if (b == nullptr) {
    it.bptr.reset();
    return goto_pc(x, MapPc::iternext_bucket);
  }
  if (it.i >= bucket_cnt) {
    it.bptr = x.h.overflow(*it.bptr);
    it.i = 0;
    return goto_pc(x, it.bptr ? MapPc::iternext_cell : MapPc::iternext_bucket);
  }
  const std::uint8_t offi = (it.i + it.offset) & (bucket_cnt - 1);
  const std::uint8_t top = b->cells[offi].top;
  if (is_empty(top) || top == tophash::evacuated_empty) {
    ++it.i;
    return goto_pc(x, MapPc::iternext_cell);
  }
  x.c.i = offi;
  if (it.check_bucket) return goto_pc(x, MapPc::iternext_filter);
  return goto_pc(x, MapPc::iternext_emit);
}

Flow iternext_filter(Ctx& x) {
  // if checkBucket != noCheck && !h.sameSizeGrow() { hash := t.Hasher(k, uintptr(h.hash0))
  //   if hash&bucketMask(it.B) != checkBucket { continue } }
  HIter& it = x.iter();
  if (!x.h.same_size_grow()) {
    const Cell* cell = x.cell(*it.bptr, x.c.i);
    if (cell == nullptr) {
      it.bptr.reset();
      return goto_pc(x, MapPc::iternext_bucket);
    }
    if ((x.hash_of(cell->key) & bucket_mask(it.B)) != *it.check_bucket) {
      ++it.i;
      return goto_pc(x, MapPc::iternext_cell);
    }
  }
  return goto_pc(x, MapPc::iternext_emit);
}

Flow iternext_return(Ctx& x, const Key& k, const Value& e) {
  // it.key = k; it.elem = e; it.bucket = bucket; it.bptr = b; it.i = i + 1;
  // it.checkBucket = checkBucket; return
  HIter& it = x.iter();
  it.key = k;
  it.elem = e;
  ++it.i;
  return Flow::done;
}

Flow iternext_emit(Ctx& x) {
  // if (b.tophash[offi] != evacuatedX && b.tophash[offi] != evacuatedY) || !reflexive {
  //   it.key = k; it.elem = e } else { rk, re := mapaccessK(t, h, k); if rk == nil {
  //   continue }; it.key = rk; it.elem = re }
  HIter& it = x.iter();
  const Cell* cell = x.cell(*it.bptr, x.c.i);
  if (cell == nullptr) {
    it.bptr.reset();
    return goto_pc(x, MapPc::iternext_bucket);
  }
  if (cell->top != tophash::evacuated_x && cell->top != tophash::evacuated_y)
    return iternext_return(x, cell->key, cell->elem);
  x.c.key = cell->key;
  return goto_pc(x, MapPc::accessk_count);
}

Flow accessk_miss(Ctx& x) {
  // if rk == nil { continue // key has been deleted }
  ++x.iter().i;
  return goto_pc(x, MapPc::iternext_cell);
}

Flow accessk_count(Ctx& x) {
  // if h == nil || h.count == 0 { return nil, nil }
  if (x.h.count == 0) return accessk_miss(x);
  return goto_pc(x, MapPc::accessk_locate);
}

Flow accessk_locate(Ctx& x) {
  // hash := t.Hasher(key, uintptr(h.hash0)); m := bucketMask(h.B); b := h.buckets[hash&m]
  MapCall& c = x.c;
  c.hash = x.hash_of(c.key);
  c.top = top_hash(c.hash);
  c.b.reset();
  if (x.h.buckets) c.b = x.h.main_pos(*x.h.buckets, c.hash & bucket_mask(x.h.B));
  if (x.h.oldbuckets) {
    c.grow_old = x.h.oldbuckets;
    return goto_pc(x, MapPc::accessk_locate_old);
  }
  return goto_pc(x, MapPc::accessk_scan);
}

Flow accessk_locate_old(Ctx& x) {
  locate_old(x);
  x.c.grow_old.reset();
  return goto_pc(x, MapPc::accessk_scan);
}

Flow accessk_scan(Ctx& x) {
  // bucketloop: for ; b != nil; b = b.overflow(t) { for i := 0; i < bucketCnt; i++ {
  //   if b.tophash[i] != top { if b.tophash[i] == emptyRest { break bucketloop }; continue }
  //   if t.Key.Equal(key, k) { return k, e } } }; return nil, nil
  MapCall& c = x.c;
  const BMap* b = c.b ? x.h.bucket(*c.b) : nullptr;
  if (b == nullptr) return accessk_miss(x);
  for (const Cell& cell : b->cells) {
    if (cell.top != c.top) {
      if (cell.top == tophash::empty_rest) return accessk_miss(x);
      continue;
    }
    if (cell.key == c.key) return iternext_return(x, cell.key, cell.elem);
  }
  c.b = x.h.overflow(*c.b);
  if (!c.b) return accessk_miss(x);
  return goto_pc(x, MapPc::accessk_scan);
}

/** Runs the micro-step at c.pc. */
Flow exec(Ctx& x) {
  switch (x.c.pc) {
    case MapPc::access_count:
      return access_count(x);
    case MapPc::access_check:
      return access_check(x);
    case MapPc::access_locate:
      return access_locate(x);
    case MapPc::access_locate_old:
      return access_locate_old(x);
    case MapPc::access_scan:
      return access_scan(x);
    case MapPc::assign_check:
      return writer_check(x, MapPc::assign_toggle);
    case MapPc::assign_toggle:
      return toggle_load(x, MapPc::assign_toggle_store);
    case MapPc::assign_toggle_store:
      return flags_store(x, MapPc::assign_alloc);
    case MapPc::assign_alloc:
      return assign_alloc(x);
    case MapPc::assign_again:
      return assign_again(x);
    case MapPc::assign_search:
      return assign_search(x);
    case MapPc::assign_search_ovf:
      return assign_scan_bucket(x);
    case MapPc::assign_found_key:
      return assign_found_key(x);
    case MapPc::assign_grow_check:
      return assign_grow_check(x);
    case MapPc::assign_newoverflow:
      return assign_newoverflow(x);
    case MapPc::assign_insert_top:
      return assign_insert_top(x);
    case MapPc::assign_insert_key:
      return assign_insert_key(x);
    case MapPc::assign_count:
      return assign_count(x);
    case MapPc::assign_done_check:
      return done_check(x, MapPc::assign_unflag);
    case MapPc::assign_unflag:
      return unflag_load(x, MapPc::assign_unflag_store);
    case MapPc::assign_unflag_store:
      flags_store(x, MapPc::finished);
      return Flow::done;
    case MapPc::assign_store:
      return assign_store_step(x);
    case MapPc::delete_count:
      return delete_count(x);
    case MapPc::delete_check:
      return writer_check(x, MapPc::delete_toggle);
    case MapPc::delete_toggle:
      return toggle_load(x, MapPc::delete_toggle_store);
    case MapPc::delete_toggle_store:
      return flags_store(x, MapPc::delete_locate);
    case MapPc::delete_locate:
      return delete_locate(x);
    case MapPc::delete_search:
      return delete_search(x);
    case MapPc::delete_search_ovf:
      return delete_scan_bucket(x);
    case MapPc::delete_clear_cell:
      return delete_clear_cell(x);
    case MapPc::delete_mark_rest:
      return delete_mark_rest(x);
    case MapPc::delete_count_dec:
      return delete_count_dec(x);
    case MapPc::delete_reseed:
      return delete_reseed(x);
    case MapPc::delete_done_check:
      return done_check(x, MapPc::delete_unflag);
    case MapPc::delete_unflag:
      return unflag_load(x, MapPc::delete_unflag_store);
    case MapPc::delete_unflag_store:
      flags_store(x, MapPc::finished);
      return Flow::done;
    case MapPc::clear_count:
      return clear_count(x);
    case MapPc::clear_check:
      return clear_check(x);
    case MapPc::clear_toggle:
      return toggle_load(x, MapPc::clear_toggle_store);
    case MapPc::clear_toggle_store:
      flags_store(x, MapPc::clear_mark_buckets);
      return clear_after_toggle(x);
    case MapPc::clear_mark_buckets:
      return clear_mark_buckets(x);
    case MapPc::clear_mark_old:
      return clear_mark_old(x);
    case MapPc::clear_reset:
      return clear_reset(x);
    case MapPc::clear_reseed:
      return clear_reseed(x);
    case MapPc::clear_zero:
      return clear_zero(x);
    case MapPc::clear_done_check:
      return done_check(x, MapPc::clear_unflag);
    case MapPc::clear_unflag:
      return unflag_load(x, MapPc::clear_unflag_store);
    case MapPc::clear_unflag_store:
      flags_store(x, MapPc::finished);
      return Flow::done;
    case MapPc::grow_size:
      return grow_size(x);
    case MapPc::grow_alloc:
      return grow_alloc(x);
    case MapPc::grow_flags:
      return grow_flags(x);
    case MapPc::grow_commit:
      return grow_commit(x);
    case MapPc::growwork_first:
      return growwork_first(x);
    case MapPc::growwork_second:
      return growwork_second(x);
    case MapPc::evac_begin:
      return evac_begin(x);
    case MapPc::evac_cell:
      return evac_cell(x);
    case MapPc::evac_newoverflow:
      return evac_newoverflow(x);
    case MapPc::evac_clear_old:
      return evac_clear_old(x);
    case MapPc::evac_mark_check:
      return evac_mark_check(x);
    case MapPc::advance_mark:
      return advance_mark(x);
    case MapPc::advance_done:
      return advance_done(x);
    case MapPc::iterinit_count:
      return iterinit_count(x);
    case MapPc::iterinit_snapshot:
      return iterinit_snapshot(x);
    case MapPc::iterinit_rand:
      return iterinit_rand(x);
    case MapPc::iterinit_or:
      return iterinit_or(x);
    case MapPc::iterinit_or_store:
      return iterinit_or_store(x);
    case MapPc::iternext_check:
      return iternext_check(x);
    case MapPc::iternext_advance:
      return iternext_advance(x);
    case MapPc::iternext_bucket:
      return iternext_bucket(x);
    case MapPc::iternext_bucket_old:
      return iternext_bucket_old(x);
    case MapPc::iternext_cell:
      return iternext_cell(x);
    case MapPc::iternext_filter:
      return iternext_filter(x);
    case MapPc::iternext_emit:
      return iternext_emit(x);
    case MapPc::accessk_count:
      return accessk_count(x);
    case MapPc::accessk_locate:
      return accessk_locate(x);
    case MapPc::accessk_locate_old:
      return accessk_locate_old(x);
    case MapPc::accessk_scan:
      return accessk_scan(x);
    case MapPc::finished:
      throw std::logic_error("map_step on a finished map call");
  }
  throw std::logic_error("map_step: bad MapPc");
}

bool is_boundary(MapPc pc, Grain g) {
  switch (g) {
    case Grain::op:
      return false;
    case Grain::phase:
      return info(pc).boundary == Grain::phase;
    case Grain::access:
      return true;
  }
  return false;
}

bool is_iter_op(MapOp op) {
  return op == MapOp::iterinit || op == MapOp::iternext;
}

MapStepResult build_result(const Ctx& x, Flow f) {
  MapStepResult r;
  if (f == Flow::fatal) {
    r.status = MapStatus::fatal;
    r.fatal_message = x.fatal;
    return r;
  }
  r.status = MapStatus::done;
  const MapCall& c = x.c;
  switch (c.op) {
    case MapOp::access1:
    case MapOp::access2:
      r.value = c.result ? *c.result : Value::zero(x.h.elem_kind);
      r.found = c.found;
      break;
    case MapOp::assign:
      r.slot = c.insert;
      break;
    case MapOp::iterinit:
    case MapOp::iternext:
      r.found = x.it->key.has_value();
      r.it_key = x.it->key;
      r.it_elem = x.it->elem;
      break;
    case MapOp::assign_store:
    case MapOp::del:
    case MapOp::clear:
      break;
  }
  return r;
}

MapStepResult run_step(HMap& h, HIter* it, MapCall& call, std::uint32_t choice,
                       const RuntimeConfig& cfg, StepLabel* label, bool probing,
                       std::optional<std::uint32_t>* probed) {
  if (call.pc == MapPc::finished) throw std::logic_error("map_step on a finished map call");
  if (is_iter_op(call.op) && it == nullptr)
    throw std::logic_error("map_step: iterator op without an iterator");
  if (label != nullptr) *label = map_step_label(call.pc, call.op, h.key_kind);
  Ctx x(h, it, call, cfg, choice);
  x.probing = probing;
  for (;;) {
    const Flow f = exec(x);
    if (f != Flow::running) {
      call.pc = MapPc::finished;
      if (probed != nullptr) *probed = x.probed;
      return build_result(x, f);
    }
    if (is_boundary(call.pc, cfg.grain)) {
      if (probed != nullptr) *probed = x.probed;
      return MapStepResult{};
    }
  }
}

void encode_opt_pos(Encoder& e, const std::optional<BucketPos>& p) {
  e.boolean(p.has_value());
  if (p) p->encode(e);
}
std::optional<BucketPos> decode_opt_pos(Decoder& d) {
  if (!d.boolean()) return std::nullopt;
  return BucketPos::decode(d);
}
void encode_opt_slot(Encoder& e, const std::optional<SlotRef>& p) {
  e.boolean(p.has_value());
  if (p) p->encode(e);
}
std::optional<SlotRef> decode_opt_slot(Decoder& d) {
  if (!d.boolean()) return std::nullopt;
  return SlotRef::decode(d);
}
void encode_opt_value(Encoder& e, const std::optional<Value>& v) {
  e.boolean(v.has_value());
  if (v) v->encode(e);
}
std::optional<Value> decode_opt_value(Decoder& d) {
  if (!d.boolean()) return std::nullopt;
  return Value::decode(d);
}
void encode_opt_array(Encoder& e, const std::optional<ArrayId>& a) {
  e.boolean(a.has_value());
  if (a) e.u64(a->v);
}
std::optional<ArrayId> decode_opt_array(Decoder& d) {
  if (!d.boolean()) return std::nullopt;
  return ArrayId{static_cast<std::uint32_t>(d.u64())};
}
void encode_opt_dst(Encoder& e, const std::optional<EvacDst>& v) {
  e.boolean(v.has_value());
  if (v) {
    v->b.encode(e);
    e.u8(v->i);
  }
}
std::optional<EvacDst> decode_opt_dst(Decoder& d) {
  if (!d.boolean()) return std::nullopt;
  EvacDst v;
  v.b = BucketPos::decode(d);
  v.i = d.u8();
  return v;
}

}  // namespace

std::string_view map_op_name(MapOp op) {
  switch (op) {
    case MapOp::access1:
      return "access1";
    case MapOp::access2:
      return "access2";
    case MapOp::assign:
      return "assign";
    case MapOp::assign_store:
      return "assign_store";
    case MapOp::del:
      return "delete";
    case MapOp::clear:
      return "clear";
    case MapOp::iterinit:
      return "iterinit";
    case MapOp::iternext:
      return "iternext";
  }
  throw std::logic_error("map_op_name: bad MapOp");
}

std::string_view map_pc_name(MapPc pc) {
  return info(pc).name;
}

StepLabel map_step_label(MapPc pc, MapOp op, ValueKind key) {
  const PcInfo& p = info(pc);
  const bool fast64 = key != ValueKind::string_;
  const bool access2 = op == MapOp::access2;
  StepLabel l;
  l.function = func_name(p.func, fast64, access2);
  l.statement = p.statement;
  if (is_fast_func(p.func)) {
    l.file = fast64 ? "runtime/map_fast64.go" : "runtime/map_faststr.go";
    l.go_line = fast64 ? p.line_map_or_fast64 : p.line_faststr;
    if (access2 && l.go_line > 0) l.go_line += fast64 ? 40 : 95;
  } else {
    l.file = "runtime/map.go";
    l.go_line = p.line_map_or_fast64;
  }
  return l;
}

StepLabel next_map_label(const MapCall& call, ValueKind key) {
  return map_step_label(call.pc, call.op, key);
}

MapCall begin_map_call(MapOp op, Key key) {
  MapCall c;
  c.op = op;
  c.key = std::move(key);
  switch (op) {
    case MapOp::access1:
    case MapOp::access2:
      c.pc = MapPc::access_count;
      break;
    case MapOp::assign:
      c.pc = MapPc::assign_check;
      break;
    case MapOp::assign_store:
      throw std::logic_error("begin_map_call(assign_store): use begin_map_store");
    case MapOp::del:
      c.pc = MapPc::delete_count;
      break;
    case MapOp::clear:
      c.pc = MapPc::clear_count;
      break;
    case MapOp::iterinit:
      c.pc = MapPc::iterinit_count;
      break;
    case MapOp::iternext:
      c.pc = MapPc::iternext_check;
      break;
  }
  return c;
}

MapCall begin_map_store(const SlotRef& slot, Value v) {
  MapCall c;
  c.op = MapOp::assign_store;
  c.pc = MapPc::assign_store;
  c.slot = slot;
  c.value = std::move(v);
  return c;
}

std::uint32_t map_choices(const HMap& h, const MapCall& call, const RuntimeConfig& cfg) {
  if (call.pc == MapPc::finished) return 1;
  switch (call.op) {
    case MapOp::access1:
    case MapOp::access2:
    case MapOp::assign:
    case MapOp::assign_store:
    case MapOp::iternext:
      return 1;
    case MapOp::del:
    case MapOp::clear:
      if (cfg.hash.seeds <= 1) return 1;
      break;
    case MapOp::iterinit:
      // Only the steps up to the draw of r can reach it; later ones run mapiternext, which
      // draws nothing (and needs the real iterator).
      if (call.pc != MapPc::iterinit_count && call.pc != MapPc::iterinit_snapshot &&
          call.pc != MapPc::iterinit_rand)
        return 1;
      break;
  }
  // Probe: run the step on copies and see which choice point (if any) it reaches.
  HMap hc = h;
  MapCall cc = call;
  HIter tmp;
  std::optional<std::uint32_t> probed;
  run_step(hc, &tmp, cc, 0, cfg, nullptr, true, &probed);
  return probed.value_or(1);
}

MapStepResult map_step(HMap& h, HIter* it, MapCall& call, std::uint32_t choice,
                       const RuntimeConfig& cfg, StepLabel* label) {
  return run_step(h, it, call, choice, cfg, label, false, nullptr);
}

void map_store(HMap& h, const SlotRef& slot, const Value& v, StepLabel* label) {
  // *p = v: the store through the elem pointer mapassign returned. It lands in whatever
  // memory the pointer designates now: a cell evacuated since is old memory (the new copy
  // keeps the old value); a collected array or a detached overflow bucket loses the store.
  if (label != nullptr) *label = map_step_label(MapPc::assign_store, MapOp::assign, h.key_kind);
  BMap* b = h.bucket(slot.pos);
  if (b == nullptr) return;
  Cell& cell = b->cells[slot.cell];
  if (is_empty(cell.top) || cell.top == tophash::evacuated_empty) return;  // see file comment
  cell.elem = v;
}

MapAccess map_next_access(const HMap& /*h*/, const MapCall& call, const RuntimeConfig& cfg) {
  if (call.pc == MapPc::finished) return {};
  if (cfg.grain == Grain::op) {
    switch (call.op) {
      case MapOp::access1:
      case MapOp::access2:
      case MapOp::iternext:
        return {true, false};
      case MapOp::assign:
      case MapOp::assign_store:
      case MapOp::del:
      case MapOp::clear:
      case MapOp::iterinit:
        return {true, true};
    }
  }
  return {true, info(call.pc).writes};
}

void referenced_arrays(const MapCall& c, std::vector<ArrayId>& out) {
  auto pos = [&](const std::optional<BucketPos>& p) {
    if (p) out.push_back(p->array);
  };
  pos(c.b);
  pos(c.b_orig);
  pos(c.evac_src);
  if (c.insert) out.push_back(c.insert->pos.array);
  if (c.slot) out.push_back(c.slot->pos.array);
  if (c.grow_old) out.push_back(*c.grow_old);
  if (c.grow_new) out.push_back(*c.grow_new);
  if (c.dst_x) out.push_back(c.dst_x->b.array);
  if (c.dst_y) out.push_back(c.dst_y->b.array);
}

void MapCall::encode(Encoder& e) const {
  e.u8(static_cast<std::uint8_t>(op));
  key.encode(e);
  encode_opt_value(e, value);
  encode_opt_slot(e, slot);
  e.u8(static_cast<std::uint8_t>(pc));
  e.u8(static_cast<std::uint8_t>(ret));
  e.u64(hash);
  e.u8(top);
  e.u64(bucket);
  encode_opt_pos(e, b);
  e.u8(i);
  encode_opt_pos(e, b_orig);
  encode_opt_slot(e, insert);
  e.boolean(found);
  e.boolean(one_bucket);
  e.u8(flags_tmp);
  e.u8(bigger);
  encode_opt_array(e, grow_old);
  encode_opt_array(e, grow_new);
  e.u8(growwork_stage);
  e.u64(evac_old);
  e.u64(newbit);
  encode_opt_pos(e, evac_src);
  e.u8(evac_i);
  encode_opt_dst(e, dst_x);
  encode_opt_dst(e, dst_y);
  e.u8(evac_use_y);
  e.u8(evac_top);
  encode_opt_value(e, result);
  encode_opt_value(e, result_key);
}

MapCall MapCall::decode(Decoder& d) {
  MapCall c;
  c.op = static_cast<MapOp>(d.u8());
  c.key = Value::decode(d);
  c.value = decode_opt_value(d);
  c.slot = decode_opt_slot(d);
  c.pc = static_cast<MapPc>(d.u8());
  c.ret = static_cast<MapPc>(d.u8());
  c.hash = d.u64();
  c.top = d.u8();
  c.bucket = d.u64();
  c.b = decode_opt_pos(d);
  c.i = d.u8();
  c.b_orig = decode_opt_pos(d);
  c.insert = decode_opt_slot(d);
  c.found = d.boolean();
  c.one_bucket = d.boolean();
  c.flags_tmp = d.u8();
  c.bigger = d.u8();
  c.grow_old = decode_opt_array(d);
  c.grow_new = decode_opt_array(d);
  c.growwork_stage = d.u8();
  c.evac_old = d.u64();
  c.newbit = d.u64();
  c.evac_src = decode_opt_pos(d);
  c.evac_i = d.u8();
  c.dst_x = decode_opt_dst(d);
  c.dst_y = decode_opt_dst(d);
  c.evac_use_y = d.u8();
  c.evac_top = d.u8();
  c.result = decode_opt_value(d);
  c.result_key = decode_opt_value(d);
  return c;
}

MapStepResult run_map_op(HMap& h, HIter* it, MapOp op, const Key& key, std::uint32_t choice,
                         const RuntimeConfig& cfg) {
  RuntimeConfig op_cfg = cfg;
  op_cfg.grain = Grain::op;
  MapCall c = begin_map_call(op, key);
  if (choice >= map_choices(h, c, op_cfg))
    throw std::logic_error("run_map_op: choice out of range");
  return map_step(h, it, c, choice, op_cfg, nullptr);
}

void map_assign(HMap& h, const Key& key, const Value& v, const RuntimeConfig& cfg) {
  const MapStepResult r = run_map_op(h, nullptr, MapOp::assign, key, 0, cfg);
  if (r.status != MapStatus::done || !r.slot) throw std::logic_error("map_assign did not finish");
  map_store(h, *r.slot, v, nullptr);
}

}  // namespace mapcheck::model
