// Growth as micro-steps: hashGrow, growWork/evacuate (fast64, faststr), advanceEvacuationMark,
// and h.newoverflow.
// Each step function opens with the Go statements it mirrors (Go 1.22 runtime sources).
#include "model/map_step_context.h"

#include <algorithm>

namespace mapcheck::model::detail {

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

Flow step_grow_size(Ctx& x) {
  // bigger := uint8(1); if !overLoadFactor(h.count+1, h.B) { bigger = 0; h.flags |=
  // sameSizeGrow }
  x.c.bigger = 1;
  if (!over_load_factor(x.h.count + 1, x.h.B)) {
    x.c.bigger = 0;
    x.h.flags |= hflag::same_size_grow;
  }
  return goto_pc(x, MapPc::grow_alloc);
}

Flow step_grow_alloc(Ctx& x) {
  // oldbuckets := h.buckets; newbuckets, nextOverflow := makeBucketArray(t, h.B+bigger, nil)
  x.c.grow_old = x.h.buckets;
  x.c.grow_new = x.h.new_array(static_cast<std::uint8_t>(x.h.B + x.c.bigger));
  return goto_pc(x, MapPc::grow_flags);
}

Flow step_grow_flags(Ctx& x) {
  // flags := h.flags &^ (iterator | oldIterator); if h.flags&iterator != 0 { flags |=
  // oldIterator }
  std::uint8_t flags = x.h.flags & ~(hflag::iterator | hflag::old_iterator);
  if ((x.h.flags & hflag::iterator) != 0) flags |= hflag::old_iterator;
  x.c.flags_tmp = flags;
  return goto_pc(x, MapPc::grow_commit);
}

Flow step_grow_commit(Ctx& x) {
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

Flow step_growwork_first(Ctx& x) {
  // evacuate_fast64(t, h, bucket&h.oldbucketmask())
  // A racing writer may have finished the grow since h.growing() was checked: evacuate then
  // reads b.tophash[0] at add(nil, oldbucket*t.BucketSize).
  if (!x.h.growing())
    return nil_bucket_fault(x, (x.c.bucket & x.h.oldbucketmask()) * bucket_size(x.h));
  x.c.evac_old = x.c.bucket & x.h.oldbucketmask();
  x.c.growwork_stage = 0;
  return goto_pc(x, MapPc::evac_begin);
}

Flow step_growwork_second(Ctx& x) {
  // if h.growing() { evacuate_fast64(t, h, h.nevacuate) }
  if (!x.h.growing()) return goto_pc(x, x.c.ret);
  x.c.evac_old = x.h.nevacuate;
  x.c.growwork_stage = 1;
  return goto_pc(x, MapPc::evac_begin);
}

static Flow after_evacuate(Ctx& x) {
  return goto_pc(x, x.c.growwork_stage == 0 ? MapPc::growwork_second : x.c.ret);
}

Flow step_evac_begin(Ctx& x) {
  // b := (*bmap)(add(h.oldbuckets, oldbucket*uintptr(t.BucketSize)))
  // newbit := h.noldbuckets()
  // if !evacuated(b) { x.b = h.buckets[oldbucket]; if !h.sameSizeGrow() {
  //   y.b = h.buckets[oldbucket+newbit] } ... }
  HMap& h = x.h;
  MapCall& c = x.c;
  if (!h.oldbuckets || !h.buckets) return nil_bucket_fault(x, c.evac_old * bucket_size(h));
  const BucketPos src = h.main_pos(*h.oldbuckets, c.evac_old);
  // Past the end of h.oldbuckets: racing hashGrows left fewer old buckets than noldbuckets()
  // counts (see fatal_runtime_signal).
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
static Flow evac_advance(Ctx& x) {
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
static void evac_copy(Ctx& x, EvacDst& dst, const Cell& src, std::uint8_t top) {
  if (Cell* d = x.cell(dst.b, dst.i & (bucket_cnt - 1))) {
    d->top = top;
    d->key = src.key;
    d->elem = src.elem;
  }
  ++dst.i;
}

Flow step_evac_cell(Ctx& x) {
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
  // xy[1] was never set up (the grow was same-size when evacuate began): dst.b is nil and
  // dst.b.tophash[dst.i&(bucketCnt-1)] = top writes near address 0.
  if (!dst) return nil_bucket_fault(x, 0);
  if (dst->i == bucket_cnt) {
    c.evac_use_y = use_y;
    c.evac_top = top;
    return goto_pc(x, MapPc::evac_newoverflow);
  }
  evac_copy(x, *dst, *cell, top);
  return evac_advance(x);
}

Flow step_evac_newoverflow(Ctx& x) {
  // dst.b = h.newoverflow(t, dst.b); dst.i = 0; then the copy of the cell marked above.
  MapCall& c = x.c;
  std::optional<EvacDst>& dst = c.evac_use_y ? c.dst_y : c.dst_x;
  dst->b = newoverflow(x, dst->b);
  dst->i = 0;
  if (const Cell* cell = x.cell(*c.evac_src, c.evac_i)) evac_copy(x, *dst, *cell, c.evac_top);
  return evac_advance(x);
}

Flow step_evac_clear_old(Ctx& x) {
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

Flow step_evac_mark_check(Ctx& x) {
  // if oldbucket == h.nevacuate { advanceEvacuationMark(h, t, newbit) }
  x.c.evac_src.reset();
  x.c.dst_x.reset();
  x.c.dst_y.reset();
  if (x.c.evac_old == x.h.nevacuate) return goto_pc(x, MapPc::advance_mark);
  return after_evacuate(x);
}

Flow step_advance_mark(Ctx& x) {
  // h.nevacuate++; stop := h.nevacuate + 1024; if stop > newbit { stop = newbit }
  // for h.nevacuate != stop && bucketEvacuated(t, h, h.nevacuate) { h.nevacuate++ }
  HMap& h = x.h;
  ++h.nevacuate;
  const std::uint64_t stop = std::min<std::uint64_t>(h.nevacuate + 1024, x.c.newbit);
  while (h.nevacuate != stop) {
    // bucketEvacuated(t, h, h.nevacuate) reads add(nil, h.nevacuate*t.BucketSize).
    if (!h.oldbuckets) return nil_bucket_fault(x, h.nevacuate * bucket_size(h));
    if (!evacuated(h, h.main_pos(*h.oldbuckets, h.nevacuate))) break;
    ++h.nevacuate;
  }
  return goto_pc(x, MapPc::advance_done);
}

Flow step_advance_done(Ctx& x) {
  // if h.nevacuate == newbit { h.oldbuckets = nil; h.extra.oldoverflow = nil;
  //   h.flags &^= sameSizeGrow }
  if (x.h.nevacuate == x.c.newbit) {
    x.h.oldbuckets.reset();
    x.h.flags &= static_cast<std::uint8_t>(~hflag::same_size_grow);
  }
  return after_evacuate(x);
}

}  // namespace mapcheck::model::detail
