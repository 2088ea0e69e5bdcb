// The map step machine's driver: the step table generated from map_steps.def (labels,
// boundaries), the dispatch to the step functions (map_access.cpp ... map_iter.cpp), map_step,
// map_choices, map_store, map_next_access and the encoding of MapCall.
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
#include "model/map_step_context.h"

namespace mapcheck::model {

namespace {

using detail::Ctx;
using detail::Flow;

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

/** What a finished call of an operation reports, and the randomness it may draw. */
enum class OpResult : std::uint8_t { value, slot, iter, none };
enum class OpChoice : std::uint8_t { none, reseed, iter_start };

struct OpInfo {
  std::string_view go_name;
  MapPc entry;
  OpResult result;
  OpChoice choice;
  bool writes;
};

constexpr OpInfo kOps[] = {
#define MAP_OP(name, go_name, entry, result, choice, writes) \
  {go_name, MapPc::entry, OpResult::result, OpChoice::choice, #writes[0] == 'W'},
#include "model/map_steps.def"
#undef MAP_OP
};

const OpInfo& op_info(MapOp op) {
  return kOps[static_cast<std::size_t>(op)];
}

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

/** Runs the micro-step at c.pc (one case per row of map_steps.def). */
Flow exec(Ctx& x) {
  switch (x.c.pc) {
#define MAP_STEP(name, boundary, writes, func, stmt, line64, linestr) \
  case MapPc::name:                                                   \
    return detail::step_##name(x);
#include "model/map_steps.def"
#undef MAP_STEP
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
  return op_info(op).result == OpResult::iter;
}

MapStepResult build_result(const Ctx& x, Flow f) {
  MapStepResult r;
  if (f == Flow::fatal) {
    r.status = x.panic ? MapStatus::panic : MapStatus::fatal;
    r.fatal_message = x.fatal;
    return r;
  }
  r.status = MapStatus::done;
  const MapCall& c = x.c;
  switch (op_info(c.op).result) {
    case OpResult::value:
      r.value = c.result ? *c.result : Value::zero(x.h.elem_kind);
      r.found = c.found;
      break;
    case OpResult::slot:
      r.slot = c.insert;
      break;
    case OpResult::iter:
      r.found = x.it->key.has_value();
      r.it_key = x.it->key;
      r.it_elem = x.it->elem;
      break;
    case OpResult::none:
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

}  // namespace

std::string_view map_op_name(MapOp op) {
  return op_info(op).go_name;
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
  if (op == MapOp::assign_store)
    throw std::logic_error("begin_map_call(assign_store): use begin_map_store");
  c.pc = op_info(op).entry;
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
  if (call.pc == MapPc::iternext_fault) return 2;  // fault or nil-dereference panic
  switch (op_info(call.op).choice) {
    case OpChoice::none:
      return 1;
    case OpChoice::reseed:
      if (cfg.hash.seeds <= 1) return 1;
      break;
    case OpChoice::iter_start:
      // Only steps that start in mapiterinit can reach the draw of r; later ones run
      // mapiternext, which draws nothing (and needs the real iterator).
      if (info(call.pc).func != RuntimeFunc::mapiterinit) return 1;
      break;
  }
  // Probe: run the step on copies and see which choice point (if any) it reaches. The map's
  // copy is assigned over the last probe's, reusing its buckets' storage (per thread: several
  // searches' threads probe at once).
  thread_local HMap hc;
  hc = h;
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
  if (cfg.grain == Grain::op) return {true, op_info(call.op).writes};
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

namespace {
// A call in progress uses few of its fields (an assign none of evacuate's), so after the op,
// key and pc the encoding holds a mask of the fields that differ from their defaults and then
// only those, in this order: canonical, and shorter than writing every field.
enum CallField : std::uint32_t {
  kValue,
  kSlot,
  kRet,
  kHash,
  kTop,
  kBucket,
  kB,
  kI,
  kBOrig,
  kInsert,
  kFound,
  kOneBucket,
  kFlagsTmp,
  kBigger,
  kGrowOld,
  kGrowNew,
  kGrowworkStage,
  kEvacOld,
  kNewbit,
  kEvacSrc,
  kEvacI,
  kDstX,
  kDstY,
  kEvacUseY,
  kEvacTop,
  kResult,
  kResultKey
};
constexpr std::uint32_t bit(CallField f) {
  return 1u << f;
}
}  // namespace

void MapCall::encode(Encoder& e) const {
  e.u8(static_cast<std::uint8_t>(op));
  key.encode(e);
  e.u8(static_cast<std::uint8_t>(pc));
  const auto on = [](bool set, CallField f) { return set ? bit(f) : 0u; };
  const std::uint32_t mask =
      on(value.has_value(), kValue) | on(slot.has_value(), kSlot) |
      on(ret != MapPc::finished, kRet) | on(hash != 0, kHash) | on(top != 0, kTop) |
      on(bucket != 0, kBucket) | on(b.has_value(), kB) | on(i != 0, kI) |
      on(b_orig.has_value(), kBOrig) | on(insert.has_value(), kInsert) | on(found, kFound) |
      on(one_bucket, kOneBucket) | on(flags_tmp != 0, kFlagsTmp) | on(bigger != 0, kBigger) |
      on(grow_old.has_value(), kGrowOld) | on(grow_new.has_value(), kGrowNew) |
      on(growwork_stage != 0, kGrowworkStage) | on(evac_old != 0, kEvacOld) |
      on(newbit != 0, kNewbit) | on(evac_src.has_value(), kEvacSrc) | on(evac_i != 0, kEvacI) |
      on(dst_x.has_value(), kDstX) | on(dst_y.has_value(), kDstY) | on(evac_use_y != 0, kEvacUseY) |
      on(evac_top != 0, kEvacTop) | on(result.has_value(), kResult) |
      on(result_key.has_value(), kResultKey);
  e.u64(mask);
  const auto dst = [&](const EvacDst& v) {
    v.b.encode(e);
    e.u8(v.i);
  };
  if (mask & bit(kValue)) value->encode(e);
  if (mask & bit(kSlot)) slot->encode(e);
  if (mask & bit(kRet)) e.u8(static_cast<std::uint8_t>(ret));
  if (mask & bit(kHash)) e.u64(hash);
  if (mask & bit(kTop)) e.u8(top);
  if (mask & bit(kBucket)) e.u64(bucket);
  if (mask & bit(kB)) b->encode(e);
  if (mask & bit(kI)) e.u8(i);
  if (mask & bit(kBOrig)) b_orig->encode(e);
  if (mask & bit(kInsert)) insert->encode(e);
  if (mask & bit(kFlagsTmp)) e.u8(flags_tmp);
  if (mask & bit(kBigger)) e.u8(bigger);
  if (mask & bit(kGrowOld)) e.u64(grow_old->v);
  if (mask & bit(kGrowNew)) e.u64(grow_new->v);
  if (mask & bit(kGrowworkStage)) e.u8(growwork_stage);
  if (mask & bit(kEvacOld)) e.u64(evac_old);
  if (mask & bit(kNewbit)) e.u64(newbit);
  if (mask & bit(kEvacSrc)) evac_src->encode(e);
  if (mask & bit(kEvacI)) e.u8(evac_i);
  if (mask & bit(kDstX)) dst(*dst_x);
  if (mask & bit(kDstY)) dst(*dst_y);
  if (mask & bit(kEvacUseY)) e.u8(evac_use_y);
  if (mask & bit(kEvacTop)) e.u8(evac_top);
  if (mask & bit(kResult)) result->encode(e);
  if (mask & bit(kResultKey)) result_key->encode(e);
}

MapCall MapCall::decode(Decoder& d) {
  MapCall c;
  decode_into(d, c);
  return c;
}

void MapCall::decode_into(Decoder& d, MapCall& c) {
  c.op = static_cast<MapOp>(d.u8());
  Value::decode_into(d, c.key);
  c.pc = static_cast<MapPc>(d.u8());
  const std::uint64_t mask = d.u64();
  if (mask >> (kResultKey + 1) != 0) throw std::logic_error("Decoder: malformed map call");
  const auto has = [&](CallField f) { return (mask & bit(f)) != 0; };
  // Each field is assigned, a default where the mask leaves it out: `c` may hold any call.
  const auto value = [&](CallField f, std::optional<Value>& v) {
    if (!has(f)) {
      v.reset();
      return;
    }
    if (!v) v.emplace();
    Value::decode_into(d, *v);
  };
  const auto byte = [&](CallField f) -> std::uint8_t { return has(f) ? d.u8() : 0; };
  const auto word = [&](CallField f) -> std::uint64_t { return has(f) ? d.u64() : 0; };
  const auto pos = [&](CallField f) {
    return has(f) ? std::optional<BucketPos>(BucketPos::decode(d)) : std::nullopt;
  };
  const auto slot_ref = [&](CallField f) {
    return has(f) ? std::optional<SlotRef>(SlotRef::decode(d)) : std::nullopt;
  };
  const auto array = [&](CallField f) {
    return has(f) ? std::optional<ArrayId>(ArrayId{static_cast<std::uint32_t>(d.u64())})
                  : std::nullopt;
  };
  const auto dst = [&](CallField f) -> std::optional<EvacDst> {
    if (!has(f)) return std::nullopt;
    EvacDst v;
    v.b = BucketPos::decode(d);
    v.i = d.u8();
    return v;
  };
  value(kValue, c.value);
  c.slot = slot_ref(kSlot);
  c.ret = has(kRet) ? static_cast<MapPc>(d.u8()) : MapPc::finished;
  c.hash = word(kHash);
  c.top = byte(kTop);
  c.bucket = word(kBucket);
  c.b = pos(kB);
  c.i = byte(kI);
  c.b_orig = pos(kBOrig);
  c.insert = slot_ref(kInsert);
  c.found = has(kFound);
  c.one_bucket = has(kOneBucket);
  c.flags_tmp = byte(kFlagsTmp);
  c.bigger = byte(kBigger);
  c.grow_old = array(kGrowOld);
  c.grow_new = array(kGrowNew);
  c.growwork_stage = byte(kGrowworkStage);
  c.evac_old = word(kEvacOld);
  c.newbit = word(kNewbit);
  c.evac_src = pos(kEvacSrc);
  c.evac_i = byte(kEvacI);
  c.dst_x = dst(kDstX);
  c.dst_y = dst(kDstY);
  c.evac_use_y = byte(kEvacUseY);
  c.evac_top = byte(kEvacTop);
  value(kResult, c.result);
  value(kResultKey, c.result_key);
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

namespace detail {

Flow step_finished(Ctx&) {
  throw std::logic_error("map_step on a finished map call");
}

}  // namespace detail

}  // namespace mapcheck::model
