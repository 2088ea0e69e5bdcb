// mapaccess1/2_fast64 and _faststr as micro-steps: `v := m[k]`, `v, ok := m[k]`.
// Each step function opens with the Go statements it mirrors (Go 1.22 runtime sources).
#include "model/map_step_context.h"

#include <algorithm>

namespace mapcheck::model::detail {

Flow step_access_count(Ctx& x) {
  // if h == nil || h.count == 0 { return unsafe.Pointer(&zeroVal[0]) }
  if (x.h.count == 0) {
    x.c.result = Value::zero(x.h.elem_kind);
    x.c.found = false;
    return Flow::done;
  }
  return goto_pc(x, MapPc::access_check);
}

Flow step_access_check(Ctx& x) {
  // if h.flags&hashWriting != 0 { fatal("concurrent map read and map write") }
  if ((x.h.flags & hflag::hash_writing) != 0) return fatal(x, kReadWrite);
  return goto_pc(x, MapPc::access_locate);
}

Flow step_access_locate(Ctx& x) {
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

Flow step_access_locate_old(Ctx& x) {
  // if !h.sameSizeGrow() { m >>= 1 }; if !evacuated(oldb) { b = oldb }
  locate_old(x);
  return goto_pc(x, MapPc::access_scan);
}

static Flow access_found(Ctx& x, const Cell& cell) {
  x.c.result = cell.elem;
  x.c.found = true;
  return Flow::done;
}

static Flow access_miss(Ctx& x) {
  x.c.result = Value::zero(x.h.elem_kind);
  x.c.found = false;
  return Flow::done;
}

Flow step_access_scan(Ctx& x) {
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

}  // namespace mapcheck::model::detail
