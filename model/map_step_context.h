// Internal to the map model (not part of the API in map_call.h): the context one map_step
// works on (Ctx), the control flow of a micro-step (Flow), helpers shared by several runtime
// functions, and the step functions generated from map_steps.def, one per row, defined in the
// file of their runtime function (map_access.cpp, map_assign.cpp, map_delete.cpp,
// map_clear.cpp, map_grow.cpp, map_iter.cpp) and dispatched by map_call.cpp.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string_view>

#include "model/hasher.h"
#include "model/hiter.h"
#include "model/hmap.h"
#include "model/map_call.h"
#include "model/runtime_config.h"

namespace mapcheck::model::detail {

/** Go's fatal texts (runtime/map*.go). */
inline constexpr std::string_view kWrites = "concurrent map writes";
inline constexpr std::string_view kReadWrite = "concurrent map read and map write";
inline constexpr std::string_view kIterWrite = "concurrent map iteration and map write";
/** What Go prints when the runtime dereferences memory past an array ("unexpected fault
 *  address ..." then "fatal error: fault"), and the panic it raises when the word read is nil. */
inline constexpr std::string_view kFault = "fault";
inline constexpr std::string_view kNilDeref =
    "runtime error: invalid memory address or nil pointer dereference";
inline constexpr std::string_view kBadState = "bad map state";

/** The state one map_step works on: the map, the iterator (iterinit/iternext), the call,
 *  the configuration and the choice handed in for this step. */
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
  /** With Flow::fatal: the runtime raised a (recoverable) panic, not a fatal error. */
  bool panic = false;

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

inline Flow goto_pc(Ctx& x, MapPc pc) {
  x.c.pc = pc;
  return Flow::running;
}

inline Flow fatal(Ctx& x, std::string_view msg) {
  x.fatal = msg;
  return Flow::fatal;
}

/** A runtime panic (a signal in runtime code turned into a Go panic): ends the call like a
 *  fatal error, but the caller raises it as a panic that recover can catch. */
inline Flow runtime_panic(Ctx& x, std::string_view msg) {
  x.panic = true;
  return fatal(x, msg);
}

/** t.BucketSize for the map's key and elem kinds on amd64: tophash [8]uint8, 8 keys, 8 elems
 *  and the overflow pointer (ints are 8 bytes, strings 16, bools 1; 8 bools end 8-aligned). */
inline std::uint64_t bucket_size(const HMap& h) {
  auto width = [](ValueKind k) -> std::uint64_t {
    return k == ValueKind::string_ ? 16 : k == ValueKind::bool_ ? 1 : 8;
  };
  return 8 + 8 * width(h.key_kind) + 8 * width(h.elem_kind) + 8;
}

/** The runtime reads or writes `offset` bytes past a nil bucket pointer (a racing writer
 *  finished the grow and set h.oldbuckets = nil, or left an evacuation destination unset).
 *  sigpanic (runtime/signal_unix.go) turns a fault below address 0x1000 into the panic
 *  "invalid memory address or nil pointer dereference" (panicmem: the map code runs on an
 *  ordinary goroutine, so canpanic holds); above it prints "unexpected fault address" and
 *  throws "fault" (Linux maps nothing below 64 KiB, so the read always faults). */
inline Flow nil_bucket_fault(Ctx& x, std::uint64_t offset) {
  if (offset < 0x1000) return runtime_panic(x, kNilDeref);
  return fatal(x, kFault);
}

/** evacuated(b): tophash[0] is one of the evacuation marks (map.go L204). */
inline bool evacuated(const HMap& h, const BucketPos& pos) {
  const BMap* b = h.bucket(pos);
  return b != nullptr && is_evacuated_mark(b->cells[0].top);
}

/** h.newoverflow(t, b) (map.go L244-266): links a fresh overflow bucket after b and counts it.
 *  SIMPLIFIED: if b already had an overflow bucket (only when racing writers corrupt the
 *  chain) the rest of the chain is cut off, as setoverflow does. If b is detached memory the
 *  new bucket is detached too: what is written there is lost. */
BucketPos newoverflow(Ctx& x, const BucketPos& b);

// Shared pieces of the writers (mapassign, mapdelete, mapclear): entry check, XOR toggle,
// exit check, flag clear, the call of growWork.

// Shared pieces of the writers: entry check, XOR toggle, exit check, flag clear

inline Flow writer_check(Ctx& x, MapPc next) {
  // if h.flags&hashWriting != 0 { fatal("concurrent map writes") }
  // hash := t.Hasher(key, uintptr(h.hash0))
  if ((x.h.flags & hflag::hash_writing) != 0) return fatal(x, kWrites);
  x.c.hash = x.hash_of(x.c.key);
  x.c.top = top_hash(x.c.hash);
  return goto_pc(x, next);
}

inline Flow toggle_load(Ctx& x, MapPc store) {
  // h.flags ^= hashWriting: the load half (a plain read-modify-write, not atomic).
  x.c.flags_tmp = static_cast<std::uint8_t>(x.h.flags ^ hflag::hash_writing);
  return goto_pc(x, store);
}

inline Flow flags_store(Ctx& x, MapPc next) {
  // The store half of h.flags ^= hashWriting / h.flags &^= hashWriting.
  x.h.flags = x.c.flags_tmp;
  return goto_pc(x, next);
}

inline Flow done_check(Ctx& x, MapPc next) {
  // if h.flags&hashWriting == 0 { fatal("concurrent map writes") }
  if ((x.h.flags & hflag::hash_writing) == 0) return fatal(x, kWrites);
  return goto_pc(x, next);
}

inline Flow unflag_load(Ctx& x, MapPc store) {
  // h.flags &^= hashWriting: the load half.
  x.c.flags_tmp = static_cast<std::uint8_t>(x.h.flags & ~hflag::hash_writing);
  return goto_pc(x, store);
}

inline Flow start_growwork(Ctx& x, MapPc ret) {
  x.c.ret = ret;
  x.c.growwork_stage = 0;
  return goto_pc(x, MapPc::growwork_first);
}

/** The old-bucket choice shared by mapaccess and mapaccessK:
 *  if !h.sameSizeGrow() { m >>= 1 }; oldb := c[hash&m]; if !evacuated(oldb) { b = oldb } */
inline void locate_old(Ctx& x) {
  MapCall& c = x.c;
  std::uint64_t m = bucket_mask(x.h.B);
  if (!x.h.same_size_grow()) m >>= 1;
  if (!c.grow_old) return;
  const BucketPos oldb = x.h.main_pos(*c.grow_old, c.hash & m);
  if (x.h.bucket(oldb) != nullptr && !evacuated(x.h, oldb)) c.b = oldb;
}

/** One function per row of map_steps.def: runs micro-step `name` and sets x.c.pc to the next
 *  one (or returns done/fatal). */
#define MAP_STEP(name, boundary, writes, func, stmt, line64, linestr) Flow step_##name(Ctx& x);
#include "model/map_steps.def"
#undef MAP_STEP

}  // namespace mapcheck::model::detail
