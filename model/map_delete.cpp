// mapdelete_fast64 and _faststr as micro-steps: `delete(m, k)`, with emptyRest back-marking.
// Each step function opens with the Go statements it mirrors (Go 1.22 runtime sources).
#include "model/map_step_context.h"

#include <algorithm>

namespace mapcheck::model::detail {

Flow step_delete_count(Ctx& x) {
  // if h == nil || h.count == 0 { return }
  if (x.h.count == 0) return Flow::done;
  return goto_pc(x, MapPc::delete_check);
}

Flow step_delete_locate(Ctx& x) {
  // bucket := hash & bucketMask(h.B); if h.growing() { growWork_fast64(t, h, bucket) }
  x.c.bucket = x.c.hash & bucket_mask(x.h.B);
  if (x.h.growing()) return start_growwork(x, MapPc::delete_search);
  return goto_pc(x, MapPc::delete_search);
}

static Flow delete_scan_bucket(Ctx& x) {
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

Flow step_delete_search(Ctx& x) {
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

Flow step_delete_clear_cell(Ctx& x) {
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

Flow step_delete_mark_rest(Ctx& x) {
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

Flow step_delete_count_dec(Ctx& x) {
  // notLast: h.count--
  --x.h.count;
  return goto_pc(x, MapPc::delete_reseed);
}

Flow step_delete_reseed(Ctx& x) {
  // if h.count == 0 { h.hash0 = uint32(rand()) } (issue 25237)
  if (x.h.count == 0) x.h.hash0 = x.take_choice(std::max<std::uint32_t>(1, x.cfg.hash.seeds));
  return goto_pc(x, MapPc::delete_done_check);
}

Flow step_delete_check(Ctx& x) {
  // if h.flags&hashWriting != 0 { fatal("concurrent map writes") }
  return writer_check(x, MapPc::delete_toggle);
}

Flow step_delete_toggle(Ctx& x) {
  // h.flags ^= hashWriting
  return toggle_load(x, MapPc::delete_toggle_store);
}

Flow step_delete_toggle_store(Ctx& x) {
  // h.flags ^= hashWriting (store)
  return flags_store(x, MapPc::delete_locate);
}

Flow step_delete_search_ovf(Ctx& x) {
  // b = b.overflow(t)
  return delete_scan_bucket(x);
}

Flow step_delete_done_check(Ctx& x) {
  // if h.flags&hashWriting == 0 { fatal("concurrent map writes") }
  return done_check(x, MapPc::delete_unflag);
}

Flow step_delete_unflag(Ctx& x) {
  // h.flags &^= hashWriting
  return unflag_load(x, MapPc::delete_unflag_store);
}

Flow step_delete_unflag_store(Ctx& x) {
  // h.flags &^= hashWriting (store)
  flags_store(x, MapPc::finished);
  return Flow::done;
}

}  // namespace mapcheck::model::detail
