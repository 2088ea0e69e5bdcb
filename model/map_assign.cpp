// mapassign_fast64 and _faststr as micro-steps (`m[k] = v`), and the caller's element store.
// Each step function opens with the Go statements it mirrors (Go 1.22 runtime sources).
#include "model/map_step_context.h"

#include <algorithm>

namespace mapcheck::model::detail {

Flow step_assign_alloc(Ctx& x) {
  // if h.buckets == nil { h.buckets = newobject(t.Bucket) // newarray(t.Bucket, 1) }
  if (!x.h.buckets) x.h.buckets = x.h.new_array(0);
  return goto_pc(x, MapPc::assign_again);
}

Flow step_assign_again(Ctx& x) {
  // again: bucket := hash & bucketMask(h.B); if h.growing() { growWork_fast64(t, h, bucket) }
  x.c.bucket = x.c.hash & bucket_mask(x.h.B);
  if (x.h.growing()) return start_growwork(x, MapPc::assign_search);
  return goto_pc(x, MapPc::assign_search);
}

static Flow assign_scan_bucket(Ctx& x) {
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

Flow step_assign_search(Ctx& x) {
  // b := (*bmap)(add(h.buckets, bucket*uintptr(t.BucketSize))); var insertb *bmap; ...
  MapCall& c = x.c;
  c.insert.reset();
  c.found = false;
  if (!x.h.buckets) throw std::logic_error("mapassign: h.buckets is nil after allocation");
  c.b = x.h.main_pos(*x.h.buckets, c.bucket);
  return assign_scan_bucket(x);
}

Flow step_assign_found_key(Ctx& x) {
  // k.str = key.str: overwrite the existing key (same contents), then goto done.
  if (Cell* cell = x.cell(*x.c.insert)) cell->key = x.c.key;
  return goto_pc(x, MapPc::assign_done_check);
}

Flow step_assign_grow_check(Ctx& x) {
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

Flow step_assign_newoverflow(Ctx& x) {
  // insertb = h.newoverflow(t, b); inserti = 0
  x.c.insert = SlotRef{newoverflow(x, *x.c.b), 0};
  return goto_pc(x, MapPc::assign_insert_top);
}

Flow step_assign_insert_top(Ctx& x) {
  // insertb.tophash[inserti&(bucketCnt-1)] = tophash(hash) (fast64 and faststr write the
  // tophash before the key; generic mapassign does the reverse).
  if (Cell* cell = x.cell(*x.c.insert)) cell->top = x.c.top;
  return goto_pc(x, MapPc::assign_insert_key);
}

Flow step_assign_insert_key(Ctx& x) {
  // insertk = add(...); *(*uint64)(insertk) = key  /  *((*stringStruct)(insertk)) = *key
  if (Cell* cell = x.cell(*x.c.insert)) cell->key = x.c.key;
  return goto_pc(x, MapPc::assign_count);
}

Flow step_assign_count(Ctx& x) {
  // h.count++
  ++x.h.count;
  return goto_pc(x, MapPc::assign_done_check);
}

Flow step_assign_check(Ctx& x) {
  // if h.flags&hashWriting != 0 { fatal("concurrent map writes") }
  return writer_check(x, MapPc::assign_toggle);
}

Flow step_assign_toggle(Ctx& x) {
  // h.flags ^= hashWriting
  return toggle_load(x, MapPc::assign_toggle_store);
}

Flow step_assign_toggle_store(Ctx& x) {
  // h.flags ^= hashWriting (store)
  return flags_store(x, MapPc::assign_alloc);
}

Flow step_assign_search_ovf(Ctx& x) {
  // ovf := b.overflow(t); b = ovf
  return assign_scan_bucket(x);
}

Flow step_assign_done_check(Ctx& x) {
  // if h.flags&hashWriting == 0 { fatal("concurrent map writes") }
  return done_check(x, MapPc::assign_unflag);
}

Flow step_assign_unflag(Ctx& x) {
  // h.flags &^= hashWriting
  return unflag_load(x, MapPc::assign_unflag_store);
}

Flow step_assign_unflag_store(Ctx& x) {
  // h.flags &^= hashWriting (store)
  flags_store(x, MapPc::finished);
  return Flow::done;
}

Flow step_assign_store(Ctx& x) {
  // *p = v, compiled into the caller after mapassign returned p (outside hashWriting).
  map_store(x.h, *x.c.slot, *x.c.value, nullptr);
  return Flow::done;
}

}  // namespace mapcheck::model::detail
