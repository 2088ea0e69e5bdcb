// mapclear as micro-steps: `clear(m)` and the range-delete idiom, by runtime version.
// Each step function opens with the Go statements it mirrors (Go 1.22 runtime sources).
#include "model/map_step_context.h"

#include <algorithm>

namespace mapcheck::model::detail {

Flow step_clear_count(Ctx& x) {
  // if h == nil || h.count == 0 { return }
  if (x.h.count == 0) return Flow::done;
  return goto_pc(x, MapPc::clear_check);
}

Flow step_clear_check(Ctx& x) {
  // if h.flags&hashWriting != 0 { fatal("concurrent map writes") }
  if ((x.h.flags & hflag::hash_writing) != 0) return fatal(x, kWrites);
  return goto_pc(x, MapPc::clear_toggle);
}

static void mark_array_empty(Ctx& x, std::optional<ArrayId> id) {
  // markBucketsEmpty: for each bucket and overflow bucket, every tophash = emptyRest
  if (!id) return;
  BucketArray* a = x.h.array(*id);
  if (a == nullptr) return;
  for (auto& ch : a->buckets)
    for (auto& b : ch.chain)
      for (auto& cell : b.cells)
        x.set_empty(cell, tophash::empty_rest);
}

static Flow clear_after_toggle(Ctx& x) {
  if (clear_marks_empty_rest(x.cfg.version)) return goto_pc(x, MapPc::clear_mark_buckets);
  return goto_pc(x, MapPc::clear_reset);
}

Flow step_clear_mark_buckets(Ctx& x) {
  // markBucketsEmpty(h.buckets, bucketMask(h.B))  (Go 1.21+, issue 59411)
  mark_array_empty(x, x.h.buckets);
  return goto_pc(x, MapPc::clear_mark_old);
}

Flow step_clear_mark_old(Ctx& x) {
  // if oldBuckets := h.oldbuckets; oldBuckets != nil { markBucketsEmpty(oldBuckets, ...) }
  mark_array_empty(x, x.h.oldbuckets);
  return goto_pc(x, MapPc::clear_reset);
}

Flow step_clear_reset(Ctx& x) {
  // h.flags &^= sameSizeGrow; h.oldbuckets = nil; h.nevacuate = 0; h.noverflow = 0;
  // h.count = 0
  x.h.flags &= static_cast<std::uint8_t>(~hflag::same_size_grow);
  x.h.oldbuckets.reset();
  x.h.nevacuate = 0;
  x.h.noverflow = 0;
  x.h.count = 0;
  return goto_pc(x, MapPc::clear_reseed);
}

Flow step_clear_reseed(Ctx& x) {
  // h.hash0 = uint32(rand())
  x.h.hash0 = x.take_choice(std::max<std::uint32_t>(1, x.cfg.hash.seeds));
  return goto_pc(x, MapPc::clear_zero);
}

Flow step_clear_zero(Ctx& x) {
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

Flow step_clear_toggle(Ctx& x) {
  // h.flags ^= hashWriting
  return toggle_load(x, MapPc::clear_toggle_store);
}

Flow step_clear_toggle_store(Ctx& x) {
  // h.flags ^= hashWriting (store)
  flags_store(x, MapPc::clear_mark_buckets);
  return clear_after_toggle(x);
}

Flow step_clear_done_check(Ctx& x) {
  // if h.flags&hashWriting == 0 { fatal("concurrent map writes") }
  return done_check(x, MapPc::clear_unflag);
}

Flow step_clear_unflag(Ctx& x) {
  // h.flags &^= hashWriting
  return unflag_load(x, MapPc::clear_unflag_store);
}

Flow step_clear_unflag_store(Ctx& x) {
  // h.flags &^= hashWriting (store)
  flags_store(x, MapPc::finished);
  return Flow::done;
}

}  // namespace mapcheck::model::detail
