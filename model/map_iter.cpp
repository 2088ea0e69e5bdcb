// Iteration as micro-steps: mapiterinit, mapiternext (checkBucket filtering, wrap-around)
// and the mapaccessK re-lookup of evacuated cells.
// Each step function opens with the Go statements it mirrors (Go 1.22 runtime sources).
#include "model/map_step_context.h"

#include <algorithm>

namespace mapcheck::model::detail {

Flow step_iterinit_count(Ctx& x) {
  // it.t = t; if h == nil || h.count == 0 { return }   (the compiler zeroed hiter before)
  HIter& it = x.iter();
  it = HIter{};
  if (x.h.count == 0) return Flow::done;
  return goto_pc(x, MapPc::iterinit_snapshot);
}

Flow step_iterinit_snapshot(Ctx& x) {
  // it.h = h; it.B = h.B; it.buckets = h.buckets
  HIter& it = x.iter();
  it.B = x.h.B;
  it.buckets = x.h.buckets;
  return goto_pc(x, MapPc::iterinit_rand);
}

Flow step_iterinit_rand(Ctx& x) {
  // r := uintptr(rand()); it.startBucket = r & bucketMask(h.B);
  // it.offset = uint8(r >> h.B & (bucketCnt - 1)); it.bucket = it.startBucket
  // The model's r ranges over [0, 2^B * 8): exactly the values that give distinct
  // (startBucket, offset) pairs, each once. h.B is read again here, after the snapshot
  // it.B = h.B: a hashGrow in between (another goroutine's racing mapassign) makes B larger
  // than it.B, and startBucket may lie past the end of it.buckets (see iternext_fault).
  HIter& it = x.iter();
  const std::uint8_t b = x.h.B;
  const std::uint32_t r = x.take_choice((std::uint32_t{1} << b) * bucket_cnt);
  it.start_bucket = r & bucket_mask(b);
  it.offset = static_cast<std::uint8_t>((r >> b) & (bucket_cnt - 1));
  it.bucket = it.start_bucket;
  return goto_pc(x, MapPc::iterinit_or);
}

Flow step_iterinit_or(Ctx& x) {
  // if old := h.flags; old&(iterator|oldIterator) != iterator|oldIterator {
  //   atomic.Or8(&h.flags, iterator|oldIterator) }
  constexpr std::uint8_t both = hflag::iterator | hflag::old_iterator;
  if ((x.h.flags & both) != both) return goto_pc(x, MapPc::iterinit_or_store);
  return goto_pc(x, MapPc::iternext_check);
}

Flow step_iterinit_or_store(Ctx& x) {
  // atomic.Or8(&h.flags, iterator|oldIterator); then mapiternext(it)
  x.h.flags |= hflag::iterator | hflag::old_iterator;
  return goto_pc(x, MapPc::iternext_check);
}

Flow step_iternext_check(Ctx& x) {
  // if h.flags&hashWriting != 0 { fatal("concurrent map iteration and map write") }
  x.iter();
  if ((x.h.flags & hflag::hash_writing) != 0) return fatal(x, kIterWrite);
  return goto_pc(x, MapPc::iternext_advance);
}

Flow step_iternext_advance(Ctx& x) {
  // bucket := it.bucket; b := it.bptr; i := it.i; checkBucket := it.checkBucket; next:
  return goto_pc(x, x.iter().bptr ? MapPc::iternext_cell : MapPc::iternext_bucket);
}

/** bucket++; if bucket == bucketShift(it.B) { bucket = 0; it.wrapped = true }; i = 0 */
static Flow iternext_took_bucket(Ctx& x, BucketPos b, std::optional<std::uint64_t> check) {
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

Flow step_iternext_bucket(Ctx& x) {
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
  if (it.bucket >= (std::uint64_t{1} << it.B)) return goto_pc(x, MapPc::iternext_fault);
  if (x.h.growing() && it.B == x.h.B) return goto_pc(x, MapPc::iternext_bucket_old);
  return iternext_took_bucket(x, x.h.main_pos(*it.buckets, it.bucket), std::nullopt);
}

Flow step_iternext_fault(Ctx& x) {
  // b = (*bmap)(add(it.buckets, bucket*uintptr(t.BucketSize))) with bucket past the end of the
  // snapshot array (startBucket drawn from a newer h.B than it.B): the runtime reads whatever
  // memory follows the array and faults, or reads a nil overflow pointer and panics. Real Go
  // shows both (docs/differential.md), so the model offers both.
  // SIMPLIFIED: a read past the array that happens to find plausible cells is not modelled.
  x.iter();
  if (x.take_choice(2) == 0) return fatal(x, kFault);
  return runtime_panic(x, kNilDeref);
}

Flow step_iternext_bucket_old(Ctx& x) {
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

Flow step_iternext_cell(Ctx& x) {
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

Flow step_iternext_filter(Ctx& x) {
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

static Flow iternext_return(Ctx& x, const Key& k, const Value& e) {
  // it.key = k; it.elem = e; it.bucket = bucket; it.bptr = b; it.i = i + 1;
  // it.checkBucket = checkBucket; return
  HIter& it = x.iter();
  it.key = k;
  it.elem = e;
  ++it.i;
  return Flow::done;
}

Flow step_iternext_emit(Ctx& x) {
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

static Flow accessk_miss(Ctx& x) {
  // if rk == nil { continue // key has been deleted }
  ++x.iter().i;
  return goto_pc(x, MapPc::iternext_cell);
}

Flow step_accessk_count(Ctx& x) {
  // if h == nil || h.count == 0 { return nil, nil }
  if (x.h.count == 0) return accessk_miss(x);
  return goto_pc(x, MapPc::accessk_locate);
}

Flow step_accessk_locate(Ctx& x) {
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

Flow step_accessk_locate_old(Ctx& x) {
  // if !h.sameSizeGrow() { m >>= 1 }; if !evacuated(oldb) { b = oldb }
  locate_old(x);
  x.c.grow_old.reset();
  return goto_pc(x, MapPc::accessk_scan);
}

Flow step_accessk_scan(Ctx& x) {
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

}  // namespace mapcheck::model::detail
