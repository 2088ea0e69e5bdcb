// The interpreter: executes instructions of a Program on a World, merges goroutine-local
// work into the visible step before it, and reports enabled steps and their footprints.
#include "model/interpreter.h"

#include <algorithm>
#include <functional>
#include <limits>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>

#include "model/go_format.h"

namespace mapcheck::model {

namespace {

/** Local instructions one step may run before it is cut (so a goroutine spinning in a purely
 *  local loop still yields a state, and state caching closes the cycle). */
constexpr std::uint32_t local_budget = 10000;

constexpr GoroutineId main_goroutine{1};

constexpr std::string_view nil_map_assign = "assignment to entry in nil map";
constexpr std::string_view divide_by_zero = "runtime error: integer divide by zero";
constexpr std::string_view negative_shift = "runtime error: negative shift amount";
constexpr std::string_view nil_deref =
    "runtime error: invalid memory address or nil pointer dereference";

GoValue zero_value(VType t) {
  switch (t) {
    case VType::int_:
      return Value::of_int(0);
    case VType::string_:
      return Value::of_string("");
    case VType::bool_:
      return Value::of_bool(false);
    case VType::map:
      return MapRef{};
    case VType::func:
      return FuncRef{};
    case VType::any:
      return NilValue{};
    case VType::unit:
      return UnitValue{};
    case VType::chan:
      return SyncRef{};
    case VType::mutex:
    case VType::rwmutex:
    case VType::waitgroup:
    case VType::atomic_int32:
    case VType::atomic_int64:
    case VType::atomic_value:
      break;  // a fresh object: see new_sync_object
  }
  throw std::logic_error("zero_value of a sync type (it needs an object)");
}

/** The zero state of a sync variable of type `t`. */
SyncObject new_sync_object(VType t) {
  SyncObject o;
  switch (t) {
    case VType::mutex:
      o.v = MutexState{};
      break;
    case VType::rwmutex:
      o.v = RWMutexState{};
      break;
    case VType::waitgroup:
      o.v = WaitGroupState{};
      break;
    case VType::atomic_int32:
      o.v = AtomicIntState{32, 0};
      break;
    case VType::atomic_int64:
      o.v = AtomicIntState{64, 0};
      break;
    case VType::atomic_value:
      o.v = AtomicValueState{};
      break;
    default:
      throw std::logic_error("new_sync_object of a non-sync type");
  }
  return o;
}

/** The zero value of `t` in `w`: a fresh object for a sync variable. */
GoValue zero_in(World& w, VType t) {
  if (vtype_is_sync(t)) return SyncRef{w.new_sync(new_sync_object(t))};
  return zero_value(t);
}

/** Instructions that may make a goroutine wait (sync methods and channel operations). */
bool is_wait_op(Opcode op) {
  switch (op) {
    case Opcode::sync_op:
    case Opcode::chan_send:
    case Opcode::chan_recv:
    case Opcode::chan_range:
    case Opcode::chan_close:
    case Opcode::select_:
      return true;
    default:
      return false;
  }
}

/** The arm index meaning "the next instruction" (plain send/recv) rather than a case body. */
constexpr std::uint32_t next_pc = 0xFFFFFFFFu;

/** One way a goroutine at a channel instruction can go on: through arm `arm` (nullopt: the
 *  select's default), with `partner` taking arm `partner_arm` of its own instruction when the
 *  channel is unbuffered (a rendezvous). */
struct ChanOption {
  std::optional<std::uint32_t> arm;
  std::optional<GoroutineId> partner;
  std::uint32_t partner_arm = 0;
};

bool is_map_op(Opcode op) {
  switch (op) {
    case Opcode::map_get:
    case Opcode::map_get2:
    case Opcode::map_set:
    case Opcode::map_delete:
    case Opcode::map_clear:
    case Opcode::range_init:
    case Opcode::range_next:
      return true;
    default:
      return false;
  }
}

MapOp map_op_of(Opcode op) {
  switch (op) {
    case Opcode::map_get:
      return MapOp::access1;
    case Opcode::map_get2:
      return MapOp::access2;
    case Opcode::map_set:
      return MapOp::assign;
    case Opcode::map_delete:
      return MapOp::del;
    case Opcode::map_clear:
      return MapOp::clear;
    case Opcode::range_init:
      return MapOp::iterinit;
    case Opcode::range_next:
      return MapOp::iternext;
    default:
      throw std::logic_error("not a map opcode");
  }
}

bool takes_key(Opcode op) {
  return op == Opcode::map_get || op == Opcode::map_get2 || op == Opcode::map_set ||
         op == Opcode::map_delete;
}

/** Does the dynamic type of `v` match `t` (for type assertions)? */
bool has_type(const GoValue& v, VType t) {
  if (v.is_basic()) {
    switch (v.basic().kind()) {
      case ValueKind::int_:
        return t == VType::int_;
      case ValueKind::string_:
        return t == VType::string_;
      case ValueKind::bool_:
        return t == VType::bool_;
    }
  }
  if (std::holds_alternative<MapRef>(v.v)) return t == VType::map;
  if (std::holds_alternative<FuncRef>(v.v)) return t == VType::func;
  if (std::holds_alternative<UnitValue>(v.v)) return t == VType::unit;
  if (std::holds_alternative<ErrorValue>(v.v)) return t == VType::any;
  if (std::holds_alternative<SyncRef>(v.v)) return t == VType::chan;
  return false;
}

std::string dynamic_type_name(const GoValue& v) {
  if (v.is_basic()) return std::string(kind_name(v.basic().kind()));
  if (std::holds_alternative<MapRef>(v.v)) return "map";
  if (std::holds_alternative<FuncRef>(v.v)) return "func()";
  if (std::holds_alternative<UnitValue>(v.v)) return "struct {}";
  if (std::holds_alternative<ErrorValue>(v.v)) return "runtime.Error";
  if (std::holds_alternative<SyncRef>(v.v)) return "chan";
  return "nil";
}

/** The interpreter over one world for the duration of one call of the public API. */
class Machine {
 public:
  /** `touch`, unless null, collects what the steps taken write (see StepTouch). */
  Machine(World& w, const Program& p, const RuntimeConfig& cfg, StepTouch* touch = nullptr)
      : w_(w), p_(p), cfg_(cfg), touch_(touch) {}

  const Instr& instr(const Frame& f) const { return p_.function(f.fn).code.at(f.pc); }

  /** True if g's next move is a visible step (not merged into the previous one). */
  bool at_shared(const Goroutine& g) const {
    if (g.status != GoStatus::runnable) return true;
    if (g.call || g.store) return true;
    const Frame& f = g.frames.back();
    if (f.unwind != Unwind::none) return false;
    const Instr& in = instr(f);
    switch (in.op) {
      case Opcode::load_cell:
      case Opcode::store_cell:
      case Opcode::load_global:
      case Opcode::store_global:
      case Opcode::go:
      case Opcode::yield:
      case Opcode::block:
      case Opcode::print:
      case Opcode::sync_op:
      case Opcode::chan_send:
      case Opcode::chan_recv:
      case Opcode::chan_range:
      case Opcode::chan_close:
      case Opcode::select_:
        return true;
      case Opcode::len_chan:
        return f.regs.at(in.args.at(0).v).sync().id.has_value();
      case Opcode::len_map:
      case Opcode::map_get:
      case Opcode::map_get2:
      case Opcode::map_set:
      case Opcode::map_delete:
      case Opcode::map_clear:
      case Opcode::range_init:
        return map_arg(f, in).id.has_value();
      case Opcode::range_next: {
        const auto& it = f.iters.at(in.iter.v);
        return it.has_value() && !it->pending;
      }
      case Opcode::sprint:
        for (Reg r : in.args)
          if (const auto* m = std::get_if<MapRef>(&f.regs.at(r.v).v); m && m->id) return true;
        return false;
      default:
        return false;
    }
  }

  /** True if g's next move would push a frame beyond cfg_.max_call_depth: a call of a
   *  function (a nil func value panics instead), or a deferred call run by an unwinding frame.
   *  Such a move is never taken (settle stops before it, enabled_steps leaves it out). */
  bool beyond_call_depth(const Goroutine& g) const {
    // Frame count first: it settles nearly every call (this runs at every local move).
    if (!cfg_.max_call_depth || g.frames.size() < *cfg_.max_call_depth) return false;
    if (g.status != GoStatus::runnable || g.call || g.store) return false;
    // The synthesized entry (global initialisers, then main) is no frame of the spec's.
    const std::size_t entry = g.frames.front().fn == p_.entry ? 1 : 0;
    if (g.frames.size() - entry < *cfg_.max_call_depth) return false;
    const Frame& f = g.frames.back();
    if (f.unwind != Unwind::none) return !f.defers.empty();
    const Instr& in = instr(f);
    if (in.op != Opcode::call) return false;
    return in.func || f.regs.at(in.args.at(0).v).func().fn;
  }

  const MapRef& map_arg(const Frame& f, const Instr& in) const {
    return f.regs.at(in.args.at(0).v).map();
  }

  /** The map g's next step works on, if it is a map step. */
  std::optional<MapId> step_map(const Goroutine& g) const {
    if (g.call || g.store) return g.call_map;
    const Frame& f = g.frames.back();
    const Instr& in = instr(f);
    if (in.op == Opcode::range_next) {
      const auto& it = f.iters.at(in.iter.v);
      if (it) return it->map;
      return std::nullopt;
    }
    if (is_map_op(in.op) || in.op == Opcode::len_map) return map_arg(f, in).id;
    return std::nullopt;
  }

  /** Mutable access: the map counts as touched. */
  HMap& map(MapId m) {
    if (touch_) touch_->maps.push_back(m);
    return *w_.maps.at(m.v);
  }
  const HMap& map(MapId m) const { return *w_.maps.at(m.v); }

  /** The call g's next map step starts (begin_map_call is pure); g must not be in one. */
  MapCall new_call(const Goroutine& g) const {
    const Frame& f = g.frames.back();
    const Instr& in = instr(f);
    return begin_map_call(map_op_of(in.op),
                          takes_key(in.op) ? f.regs.at(in.args.at(1).v).basic() : Key{});
  }

  /** The call g's next map step continues (g's own, not copied: this runs for every enabled
   *  map step of every state) or starts (made in `fresh`). */
  const MapCall& pending_call(const Goroutine& g, MapCall& fresh) const {
    if (g.call) return *g.call;
    fresh = new_call(g);
    return fresh;
  }

  std::uint32_t choices(const Goroutine& g) const {
    if (g.status == GoStatus::waiting) return 0;
    if (at_wait_op(g)) return wait_choices(g);
    if (g.status != GoStatus::runnable || g.store) return 1;
    if (g.frames.back().unwind != Unwind::none) return 1;
    if (!g.call && !is_map_op(instr(g.frames.back()).op)) return 1;
    const auto m = step_map(g);
    if (!m || !at_shared(g)) return 1;
    MapCall fresh;
    return std::max<std::uint32_t>(1, map_choices(map(*m), pending_call(g, fresh), cfg_));
  }

  // ---- sync objects and channels -----------------------------------------------------

  /** True if g (runnable or waiting) stands at a sync or channel instruction. */
  bool at_wait_op(const Goroutine& g) const {
    if (g.status != GoStatus::runnable && g.status != GoStatus::waiting) return false;
    if (g.frames.empty() || g.call || g.store) return false;
    const Frame& f = g.frames.back();
    if (f.unwind != Unwind::none) return false;
    return is_wait_op(instr(f).op);
  }

  /** Mutable access: the object counts as touched. */
  SyncObject& sync_obj(SyncId s) {
    if (touch_) touch_->syncs.push_back(s);
    return *w_.syncs.at(s.v);
  }
  const SyncObject& sync_obj(SyncId s) const { return *w_.syncs.at(s.v); }
  const ChanState& chan(SyncId s) const { return std::get<ChanState>(sync_obj(s).v); }
  ChanState& chan(SyncId s) { return std::get<ChanState>(sync_obj(s).v); }

  /** The cases of a channel instruction: a plain send/recv/range is one arm continuing at
   *  the next instruction. Empty for close and non-channel instructions. */
  static std::vector<SelectArm> arms_of(const Instr& in) {
    switch (in.op) {
      case Opcode::chan_send:
        return {SelectArm{true, in.args.at(0), in.args.at(1), {}, {}, next_pc}};
      case Opcode::chan_recv:
      case Opcode::chan_range:
        return {SelectArm{false, in.args.at(0), {}, in.dst, in.dst2, next_pc}};
      case Opcode::select_:
        return in.arms;
      default:
        return {};
    }
  }

  static std::optional<SyncId> arm_chan(const Frame& f, const SelectArm& a) {
    return f.regs.at(a.ch.v).sync().id;
  }

  /** The ways g, at a channel instruction, can go on now (see ChanOption), in order: arms in
   *  source order, partners by goroutine id and arm. */
  std::vector<ChanOption> chan_options(const Goroutine& g) const {
    std::vector<ChanOption> out;
    const Frame& f = g.frames.back();
    const Instr& in = instr(f);
    const std::vector<SelectArm> arms = arms_of(in);
    for (std::uint32_t i = 0; i < arms.size(); ++i) {
      const auto id = arm_chan(f, arms[i]);
      if (!id) continue;  // a nil channel never becomes ready
      const ChanState& c = chan(*id);
      const bool ready = arms[i].send ? (c.closed || (c.cap > 0 && c.buf.size() < c.cap))
                                      : (c.closed || !c.buf.empty());
      if (ready) {
        out.push_back(ChanOption{i, {}, 0});
        continue;
      }
      if (c.cap > 0) continue;
      // Unbuffered and open: a rendezvous with a goroutine at the opposite operation.
      for (const Goroutine& p : w_.goroutines) {
        if (p.id == g.id || !at_wait_op(p)) continue;
        const Frame& pf = p.frames.back();
        const std::vector<SelectArm> parms = arms_of(instr(pf));
        for (std::uint32_t j = 0; j < parms.size(); ++j)
          if (parms[j].send != arms[i].send && arm_chan(pf, parms[j]) == id)
            out.push_back(ChanOption{i, p.id, j});
      }
    }
    if (out.empty() && in.op == Opcode::select_ && in.has_default) out.push_back(ChanOption{});
    return out;
  }

  std::uint32_t wait_choices(const Goroutine& g) const {
    const Frame& f = g.frames.back();
    const Instr& in = instr(f);
    switch (in.op) {
      case Opcode::sync_op: {
        const SyncRef& r = f.regs.at(in.args.at(0).v).sync();
        if (!r.id) throw std::logic_error("sync method on a sync variable without object");
        return sync_ready(sync_obj(*r.id), in.sync, g.sync_phase) ? 1 : 0;
      }
      case Opcode::chan_close:
        return 1;
      default:
        return static_cast<std::uint32_t>(chan_options(g).size());
    }
  }

  /** Marks every goroutine at a sync or channel instruction runnable or waiting, as its
   *  objects and the other goroutines' positions now allow. */
  void refresh_waiting() {
    for (Goroutine& g : w_.goroutines) {
      if (!at_wait_op(g)) continue;
      const GoStatus s = wait_choices(g) > 0 ? GoStatus::runnable : GoStatus::waiting;
      if (s == g.status) continue;
      g.status = s;
      if (touch_) touch_->goroutines.push_back(g.id);
    }
  }

  /** Leaves the channel instruction of `g` through arm `a` (its case body or the next
   *  instruction), with the received value delivered to the arm's registers. */
  static void finish_arm(Goroutine& g, const SelectArm& a, const GoValue* v, bool ok) {
    Frame& f = g.frames.back();
    if (!a.send) {
      if (a.dst && v) f.regs.at(a.dst->v) = *v;
      if (a.dst2) f.regs.at(a.dst2->v) = GoValue::of_bool(ok);
    }
    f.pc = a.target == next_pc ? f.pc + 1 : a.target;
    g.status = GoStatus::runnable;
  }

  void chan_move(Goroutine& g, const Instr& in, std::uint32_t choice, StepRecord* rec) {
    Frame& f = g.frames.back();
    if (rec) rec->event = StepEvent::chan;
    if (in.op == Opcode::chan_close) {
      const SyncRef& r = f.regs.at(in.args.at(0).v).sync();
      if (!r.id) {
        start_panic(g, ErrorValue{"close of nil channel"});
        return;
      }
      ChanState& c = chan(*r.id);
      if (c.closed) {
        start_panic(g, ErrorValue{"close of closed channel"});
        return;
      }
      c.closed = true;
      ++f.pc;
      return;
    }
    const std::vector<ChanOption> opts = chan_options(g);
    if (choice >= opts.size()) throw std::logic_error("channel choice out of range");
    const ChanOption& o = opts[choice];
    if (!o.arm) {
      f.pc = in.target;  // select's default
      return;
    }
    const std::vector<SelectArm> arms = arms_of(in);
    const SelectArm& a = arms.at(*o.arm);
    ChanState& c = chan(*arm_chan(f, a));
    if (a.send) {
      if (c.closed) {
        start_panic(g, ErrorValue{"send on closed channel"});
        return;
      }
      const GoValue v = f.regs.at(a.value->v);
      if (o.partner) {
        Goroutine& p = *w_.find(*o.partner);
        const SelectArm pa = arms_of(instr(p.frames.back())).at(o.partner_arm);
        finish_arm(p, pa, &v, true);
        woken_.push_back(p.id);
      } else {
        c.buf.push_back(v);
      }
      finish_arm(g, a, nullptr, true);
      return;
    }
    if (o.partner) {
      Goroutine& p = *w_.find(*o.partner);
      const Frame& pf = p.frames.back();
      const SelectArm pa = arms_of(instr(pf)).at(o.partner_arm);
      const GoValue v = pf.regs.at(pa.value->v);
      finish_arm(p, pa, nullptr, true);
      woken_.push_back(p.id);
      finish_arm(g, a, &v, true);
      return;
    }
    if (!c.buf.empty()) {
      const GoValue v = c.buf.front();
      c.buf.pop_front();
      finish_arm(g, a, &v, true);
      return;
    }
    // Closed and drained.
    if (in.op == Opcode::chan_range) {
      f.pc = in.target;
      return;
    }
    const GoValue z = c.zero;
    finish_arm(g, a, &z, false);
  }

  void sync_move(Goroutine& g, const Instr& in, StepRecord* rec) {
    Frame& f = g.frames.back();
    if (rec) rec->event = StepEvent::sync;
    const SyncRef& r = f.regs.at(in.args.at(0).v).sync();
    if (!r.id) throw std::logic_error("sync method on a sync variable without object");
    std::vector<GoValue> operands;
    for (std::size_t i = 1; i < in.args.size(); ++i)
      operands.push_back(f.regs.at(in.args[i].v));
    SyncStepResult res = sync_step(sync_obj(*r.id), in.sync, g.sync_phase, operands);
    if (res.fatal) {
      g.sync_phase = SyncPhase::none;
      fatal(*res.fatal, rec);
      return;
    }
    if (res.panic) {
      g.sync_phase = SyncPhase::none;
      start_panic(g, GoValue::of_string(*res.panic));
      return;
    }
    g.sync_phase = res.phase;
    if (res.phase == SyncPhase::sem_wait) return;  // sleeps on the semaphore; pc stays
    if (in.dst && res.result) f.regs.at(in.dst->v) = std::move(*res.result);
    ++f.pc;
  }

  // ---- frames, calls, panics -----------------------------------------------------------

  void push_frame(Goroutine& g, FuncId fn, std::vector<GoValue> args, bool is_defer) {
    const Function& F = p_.function(fn);
    if (args.size() != F.num_params)
      throw std::logic_error(
          fmt::format("call of {} with {} arguments, want {}", F.name, args.size(), F.num_params));
    Frame nf;
    nf.fn = fn;
    nf.regs.resize(F.num_regs);
    nf.iters.resize(F.num_iters);
    for (std::size_t i = 0; i < args.size(); ++i)
      nf.regs[i] = std::move(args[i]);
    nf.is_defer = is_defer;
    g.frames.push_back(std::move(nf));
  }

  /** Resolves the callee of call/go/defer_: function and full argument list (captured
   *  cells first). nullopt for a nil func value. */
  std::optional<std::pair<FuncId, std::vector<GoValue>>> callee(const Frame& f,
                                                                const Instr& in) const {
    std::vector<GoValue> args;
    if (in.func) {
      for (Reg r : in.args)
        args.push_back(f.regs.at(r.v));
      return std::make_pair(*in.func, std::move(args));
    }
    const FuncRef& fv = f.regs.at(in.args.at(0).v).func();
    if (!fv.fn) return std::nullopt;
    for (CellId c : fv.captures)
      args.push_back(CellRef{c});
    for (std::size_t i = 1; i < in.args.size(); ++i)
      args.push_back(f.regs.at(in.args[i].v));
    return std::make_pair(*fv.fn, std::move(args));
  }

  /** gopanic: `v` replaces the panic in flight, if any; `type` as Goroutine::panic_type. */
  void start_panic(Goroutine& g, GoValue v, std::string_view type = "") {
    if (std::holds_alternative<NilValue>(v.v) && cfg_.version >= RuntimeVersion::go1_21)
      v = ErrorValue{"panic called with nil argument"};
    g.panic = std::move(v);
    g.panic_type = type;
    g.frames.back().unwind = Unwind::panicking;
  }

  GoValue result_value(const Frame& f, const ResultReg& r) const {
    const GoValue& v = f.regs.at(r.reg.v);
    if (r.in_cell) return *w_.cells.at(v.cell().v);
    return v;
  }

  /** One move of an unwinding top frame: run its next deferred call, or pop it. */
  void unwind_once(Goroutine& g) {
    Frame& f = g.frames.back();
    if (!f.defers.empty()) {
      DeferredCall d = std::move(f.defers.back());
      f.defers.pop_back();
      push_frame(g, d.fn, std::move(d.args), true);
      return;
    }
    Frame popped = std::move(g.frames.back());
    g.frames.pop_back();
    if (g.frames.empty()) {
      if (popped.unwind == Unwind::panicking)
        g.status = GoStatus::dying;
      else if (g.id == main_goroutine)
        g.status = GoStatus::exiting;
      else
        g.status = GoStatus::done;
      return;
    }
    Frame& c = g.frames.back();
    if (popped.unwind == Unwind::panicking) {
      c.unwind = Unwind::panicking;
      return;
    }
    if (popped.is_defer) return;  // the owner goes on unwinding as it was
    const Function& F = p_.function(popped.fn);
    const Instr& call = instr(c);
    if (call.results.size() > F.results.size())
      throw std::logic_error(fmt::format("{} returns fewer results than used", F.name));
    for (std::size_t i = 0; i < call.results.size(); ++i)
      c.regs.at(call.results[i].v) = result_value(popped, F.results[i]);
    ++c.pc;
  }

  // ---- arithmetic ------------------------------------------------------------------------

  /** nullopt result with `panic_msg` set means a runtime panic. */
  std::optional<GoValue> arith(Arith op, const GoValue& a, const GoValue* b,
                               std::string_view& panic_msg) const {
    using U = std::uint64_t;
    const auto int_of = [](const GoValue& v) { return v.basic().as_int(); };
    switch (op) {
      case Arith::neg:
        return GoValue::of_int(static_cast<std::int64_t>(U{0} - static_cast<U>(int_of(a))));
      case Arith::bit_not:
        return GoValue::of_int(~int_of(a));
      case Arith::not_:
        return GoValue::of_bool(!a.basic().as_bool());
      case Arith::eq:
        return GoValue::of_bool(a == *b);
      case Arith::ne:
        return GoValue::of_bool(!(a == *b));
      case Arith::lt:
        return GoValue::of_bool(a.basic() < b->basic());
      case Arith::le:
        return GoValue::of_bool(a.basic() <= b->basic());
      case Arith::gt:
        return GoValue::of_bool(a.basic() > b->basic());
      case Arith::ge:
        return GoValue::of_bool(a.basic() >= b->basic());
      default:
        break;
    }
    if (op == Arith::add && a.basic().kind() == ValueKind::string_)
      return GoValue::of_string(a.basic().as_string() + b->basic().as_string());
    const std::int64_t x = int_of(a);
    const std::int64_t y = int_of(*b);
    const auto wrap = [](U u) { return GoValue::of_int(static_cast<std::int64_t>(u)); };
    switch (op) {
      case Arith::add:
        return wrap(static_cast<U>(x) + static_cast<U>(y));
      case Arith::sub:
        return wrap(static_cast<U>(x) - static_cast<U>(y));
      case Arith::mul:
        return wrap(static_cast<U>(x) * static_cast<U>(y));
      case Arith::div:
        if (y == 0) break;
        if (y == -1) return wrap(U{0} - static_cast<U>(x));  // MinInt64 / -1 wraps
        return GoValue::of_int(x / y);
      case Arith::rem:
        if (y == 0) break;
        if (y == -1) return GoValue::of_int(0);
        return GoValue::of_int(x % y);
      case Arith::and_:
        return GoValue::of_int(x & y);
      case Arith::or_:
        return GoValue::of_int(x | y);
      case Arith::xor_:
        return GoValue::of_int(x ^ y);
      case Arith::and_not:
        return GoValue::of_int(x & ~y);
      case Arith::shl:
        if (y < 0) break;
        return wrap(y >= 64 ? U{0} : static_cast<U>(x) << y);
      case Arith::shr:
        if (y < 0) break;
        return GoValue::of_int(y >= 64 ? (x < 0 ? -1 : 0) : (x >> y));
      default:
        throw std::logic_error("bad binary operator");
    }
    panic_msg = (op == Arith::shl || op == Arith::shr) ? negative_shift : divide_by_zero;
    return std::nullopt;
  }

  // ---- one move --------------------------------------------------------------------------

  MapLookup map_lookup() const {
    return {[this](MapId m) { return map_entries(map(m)); },
            [this](MapId m) {
              return std::pair{map(m).key_kind, map(m).elem_kind};
            }};
  }

  /** The operands of a print/sprint with their static types (views into `in`). */
  std::vector<FmtArg> fmt_args(const Frame& f, const Instr& in) const {
    std::vector<FmtArg> v;
    v.reserve(in.args.size());
    for (std::size_t i = 0; i < in.args.size(); ++i)
      v.push_back({f.regs.at(in.args[i].v),
                   i < in.static_types.size() ? std::string_view(in.static_types[i]) : ""});
    return v;
  }

  /** Runs the next move of runnable goroutine g: one instruction, one unwinding move, one
   *  map step or the element store. `choice` matters only for map steps. */
  void move(Goroutine& g, std::uint32_t choice, StepRecord* rec) {
    Frame& f = g.frames.back();
    if (f.unwind != Unwind::none && !g.call && !g.store) {
      unwind_once(g);
      return;
    }
    const Instr& in = instr(f);
    if (rec && rec->event == StepEvent::local) {
      rec->loc = in.loc;
      rec->source = std::string(p_.source_line(in.loc));
    }
    auto R = [&](Reg r) -> GoValue& { return f.regs.at(r.v); };
    auto A = [&](std::size_t i) -> GoValue& { return f.regs.at(in.args.at(i).v); };
    auto event = [&](StepEvent e) {
      if (rec) rec->event = e;
    };
    switch (in.op) {
      case Opcode::nop:
        ++f.pc;
        return;
      case Opcode::const_:
        R(*in.dst) = in.imm;
        ++f.pc;
        return;
      case Opcode::zero:
        if (touch_ && vtype_is_sync(in.type)) touch_->made_object = true;
        R(*in.dst) = zero_in(w_, in.type);
        ++f.pc;
        return;
      case Opcode::move:
        R(*in.dst) = A(0);
        ++f.pc;
        return;
      case Opcode::new_cell:
        touched_globals_cells();
        if (touch_) touch_->made_object = true;
        R(*in.dst) = CellRef{w_.new_cell(A(0))};
        ++f.pc;
        return;
      case Opcode::load_cell:
        event(StepEvent::read);
        R(*in.dst) = *w_.cells.at(A(0).cell().v);
        ++f.pc;
        return;
      case Opcode::store_cell:
        event(StepEvent::write);
        touched_globals_cells();
        *w_.cells.at(A(0).cell().v) = A(1);
        ++f.pc;
        return;
      case Opcode::load_global:
        event(StepEvent::read);
        R(*in.dst) = w_.globals.at(in.global.v);
        ++f.pc;
        return;
      case Opcode::store_global:
        event(StepEvent::write);
        touched_globals_cells();
        w_.globals.at(in.global.v) = A(0);
        ++f.pc;
        return;
      case Opcode::closure: {
        FuncRef fv;
        fv.fn = *in.func;
        for (std::size_t i = 0; i < in.args.size(); ++i)
          fv.captures.push_back(A(i).cell());
        R(*in.dst) = std::move(fv);
        ++f.pc;
        return;
      }
      case Opcode::unary:
      case Opcode::binary: {
        std::string_view msg;
        auto r = arith(in.arith, A(0), in.op == Opcode::binary ? &A(1) : nullptr, msg);
        if (!r) {
          start_panic(g, ErrorValue{std::string(msg)});
          return;
        }
        R(*in.dst) = std::move(*r);
        ++f.pc;
        return;
      }
      case Opcode::is_nil: {
        const GoValue& v = A(0);
        bool nil = std::holds_alternative<NilValue>(v.v);
        if (const auto* m = std::get_if<MapRef>(&v.v)) nil = !m->id;
        if (const auto* fv = std::get_if<FuncRef>(&v.v)) nil = !fv->fn;
        if (const auto* sv = std::get_if<SyncRef>(&v.v)) nil = !sv->id;
        R(*in.dst) = GoValue::of_bool(nil);
        ++f.pc;
        return;
      }
      case Opcode::len_string:
        R(*in.dst) = GoValue::of_int(static_cast<std::int64_t>(A(0).basic().as_string().size()));
        ++f.pc;
        return;
      case Opcode::len_map: {
        const MapRef& m = A(0).map();
        if (m.id) {
          event(StepEvent::map_len);
          R(*in.dst) = GoValue::of_int(map_len(map(*m.id)));
        } else {
          R(*in.dst) = GoValue::of_int(0);
        }
        ++f.pc;
        return;
      }
      case Opcode::jump:
        f.pc = in.target;
        return;
      case Opcode::branch:
        f.pc = A(0).basic().as_bool() ? in.target : f.pc + 1;
        return;
      case Opcode::branch_not:
        f.pc = A(0).basic().as_bool() ? f.pc + 1 : in.target;
        return;
      case Opcode::call: {
        auto c = callee(f, in);
        if (!c) {
          start_panic(g, ErrorValue{std::string(nil_deref)});
          return;
        }
        push_frame(g, c->first, std::move(c->second), false);  // f is dangling from here
        return;
      }
      case Opcode::ret: {
        const Function& F = p_.function(f.fn);
        for (std::size_t i = 0; i < in.args.size(); ++i) {
          const ResultReg& r = F.results.at(i);
          GoValue v = A(i);
          if (r.in_cell) {
            touched_globals_cells();
            *w_.cells.at(R(r.reg).cell().v) = std::move(v);
          } else
            R(r.reg) = std::move(v);
        }
        f.unwind = Unwind::returning;
        return;
      }
      case Opcode::go: {
        event(StepEvent::go_start);
        auto c = callee(f, in);
        if (!c) {
          fatal("go of nil func value", rec);
          return;
        }
        Goroutine ng;
        push_frame(ng, c->first, std::move(c->second), false);
        spawned_.push_back(std::move(ng));
        ++f.pc;
        return;
      }
      case Opcode::defer_: {
        auto c = callee(f, in);
        if (!c) {
          // SIMPLIFIED: Go panics when the nil deferred func is called, not at the defer.
          start_panic(g, ErrorValue{std::string(nil_deref)});
          return;
        }
        f.defers.push_back(DeferredCall{c->first, std::move(c->second)});
        ++f.pc;
        return;
      }
      case Opcode::panic_:
        start_panic(g, A(0), in.static_types.empty() ? "" : in.static_types[0]);
        return;
      case Opcode::recover: {
        GoValue r = NilValue{};
        const std::size_t n = g.frames.size();
        if (f.is_defer && n >= 2 && g.frames[n - 2].unwind == Unwind::panicking && g.panic) {
          // SIMPLIFIED: the recovered value loses panic_type (see FmtArg).
          r = std::move(*g.panic);
          g.panic.reset();
          g.panic_type.clear();
          g.frames[n - 2].unwind = Unwind::returning;
        }
        R(*in.dst) = std::move(r);
        ++f.pc;
        return;
      }
      case Opcode::type_assert: {
        const GoValue v = A(0);
        const bool ok = has_type(v, in.type);
        if (in.dst2) {
          R(*in.dst) = ok ? v : zero_value(in.type);
          R(*in.dst2) = GoValue::of_bool(ok);
        } else if (ok) {
          R(*in.dst) = v;
        } else {
          start_panic(g,
                      ErrorValue{fmt::format("interface conversion: interface {{}} is {}, not {}",
                                             dynamic_type_name(v), vtype_name(in.type))});
          return;
        }
        ++f.pc;
        return;
      }
      case Opcode::yield:
        event(StepEvent::yield);
        ++f.pc;
        return;
      case Opcode::block:
        event(StepEvent::block);
        g.status = GoStatus::blocked;
        return;
      case Opcode::print:
        event(StepEvent::print);
        if (touch_) touch_->output = true;
        w_.output += go_sprint(in.fmt, fmt_args(f, in), map_lookup());
        ++f.pc;
        return;
      case Opcode::sprint:
        R(*in.dst) = GoValue::of_string(go_sprint(in.fmt, fmt_args(f, in), map_lookup()));
        ++f.pc;
        return;
      case Opcode::make_map: {
        const std::int64_t hint = in.args.empty() ? 0 : A(0).basic().as_int();
        if (touch_) touch_->made_object = true;
        R(*in.dst) = MapRef{w_.new_map(make_map(in.key, in.elem, hint, cfg_))};
        ++f.pc;
        return;
      }
      case Opcode::map_init:
        literal_insert(map(*A(0).map().id), A(1).basic(), A(2).basic());
        ++f.pc;
        return;
      case Opcode::range_end:
        f.iters.at(in.iter.v).reset();
        ++f.pc;
        return;
      case Opcode::sync_ref:
        R(*in.dst) = in.args.empty() ? w_.globals.at(in.global.v) : *w_.cells.at(A(0).cell().v);
        ++f.pc;
        return;
      case Opcode::make_chan: {
        ChanState c;
        if (!in.args.empty()) {
          const std::int64_t n = A(0).basic().as_int();
          if (n < 0 || n > std::int64_t{1} << 31) {
            start_panic(g, ErrorValue{"makechan: size out of range"});
            return;
          }
          c.cap = static_cast<std::uint32_t>(n);
        }
        c.zero = zero_value(in.type);
        if (touch_) touch_->made_object = true;
        R(*in.dst) = SyncRef{w_.new_sync(SyncObject{std::move(c)})};
        ++f.pc;
        return;
      }
      case Opcode::sync_op:
        sync_move(g, in, rec);
        return;
      case Opcode::len_chan: {
        const SyncRef& c = A(0).sync();
        if (c.id) event(StepEvent::chan);
        R(*in.dst) = GoValue::of_int(c.id ? static_cast<std::int64_t>(chan(*c.id).buf.size()) : 0);
        ++f.pc;
        return;
      }
      case Opcode::chan_send:
      case Opcode::chan_recv:
      case Opcode::chan_range:
      case Opcode::chan_close:
      case Opcode::select_:
        chan_move(g, in, choice, rec);
        return;
      case Opcode::map_get:
      case Opcode::map_get2:
      case Opcode::map_set:
      case Opcode::map_delete:
      case Opcode::map_clear:
      case Opcode::range_init:
      case Opcode::range_next:
        map_move(g, in, choice, rec);
        return;
    }
    throw std::logic_error("unknown opcode");
  }

  /** A map literal's insert on a fresh map: the whole mapassign and store, as one local
   *  move (nobody else can reach the map yet). */
  void literal_insert(HMap& h, const Key& k, const Value& v) {
    RuntimeConfig atomic = cfg_;
    atomic.grain = Grain::op;
    MapCall call = begin_map_call(MapOp::assign, k);
    for (;;) {
      MapStepResult r = map_step(h, nullptr, call, 0, atomic, nullptr);
      if (r.status == MapStatus::fatal)
        throw std::logic_error("map literal insert failed: " + std::string(r.fatal_message));
      if (r.status == MapStatus::done) {
        if (r.slot) map_store(h, *r.slot, v, nullptr);
        return;
      }
    }
  }

  void fatal(std::string_view msg, StepRecord* rec) {
    if (touch_) touch_->output = true;
    w_.term = Termination{TerminationKind::fatal, std::string(msg), w_.output, false};
    if (rec) rec->deciding = true;
  }

  void map_move(Goroutine& g, const Instr& in, std::uint32_t choice, StepRecord* rec) {
    Frame& f = g.frames.back();
    auto R = [&](Reg r) -> GoValue& { return f.regs.at(r.v); };
    auto A = [&](std::size_t i) -> GoValue& { return f.regs.at(in.args.at(i).v); };
    // Nil maps (and exhausted range iterators) are handled here, locally.
    if (in.op == Opcode::range_next) {
      auto& iter = f.iters.at(in.iter.v);
      if (!iter) {
        f.pc = in.target;
        return;
      }
      if (iter->pending) {
        // The entry mapiterinit produced (it.key == nil: the map was empty).
        iter->pending = false;
        if (!iter->it.key) {
          iter.reset();
          f.pc = in.target;
          return;
        }
        if (in.dst) R(*in.dst) = *iter->it.key;
        if (in.dst2) R(*in.dst2) = *iter->it.elem;
        ++f.pc;
        return;
      }
    } else if (!A(0).map().id) {
      switch (in.op) {
        case Opcode::map_get:
          R(*in.dst) = Value::zero(in.elem);
          break;
        case Opcode::map_get2:
          R(*in.dst) = Value::zero(in.elem);
          R(*in.dst2) = GoValue::of_bool(false);
          break;
        case Opcode::map_set:
          start_panic(g, ErrorValue{std::string(nil_map_assign)});
          return;
        case Opcode::range_init:
          f.iters.at(in.iter.v).reset();
          break;
        default:  // delete, clear: no-op on a nil map
          break;
      }
      ++f.pc;
      return;
    }
    if (in.op == Opcode::map_clear && cfg_.version < RuntimeVersion::go1_21)
      throw std::logic_error("clear needs runtime go1.21 or later (lowering must reject it)");

    const MapId id = *step_map(g);
    if (rec) {
      rec->event = StepEvent::map_op;
    }
    if (g.store) {
      // The element store the compiler emits after mapassign: `*p = v`.
      StepLabel label;
      map_store(map(id), *g.store, A(2).basic(), &label);
      g.store.reset();
      if (rec) {
        rec->event = StepEvent::map_store;
        rec->label = label;
        rec->map_changed = id;
      }
      ++f.pc;
      return;
    }
    if (!g.call) {
      if (in.op == Opcode::range_init) f.iters.at(in.iter.v) = RangeIter{id, HIter{}, false};
      g.call = new_call(g);
      g.call_map = id;
    }
    HIter* it = nullptr;
    if (in.op == Opcode::range_init || in.op == Opcode::range_next) it = &f.iters.at(in.iter.v)->it;
    const MapAccess acc = map_next_access(std::as_const(*this).map(id), *g.call, cfg_);
    // A micro-step that only reads the map (as map_next_access says, which the reduction's
    // footprints rest on too) leaves it as it was, so it is not reported touched: the
    // successor's encoding copies the map's bytes without comparing the map with its parent.
    HMap& h = acc.write ? map(id) : *w_.maps.at(id.v);
    StepLabel label;
    const MapStepResult r = map_step(h, it, *g.call, choice, cfg_, &label);
    if (rec) {
      rec->label = label;
      if (acc.write) rec->map_changed = id;
    }
    if (r.status == MapStatus::fatal) {
      fatal(r.fatal_message, rec);
      return;
    }
    if (r.status == MapStatus::panic) {
      // A signal inside the runtime's map code that Go turns into a panic (a nil
      // dereference): the operation is abandoned and the goroutine unwinds; recover can catch it.
      g.call.reset();
      start_panic(g, ErrorValue{std::string(r.fatal_message)});
      return;
    }
    if (r.status == MapStatus::running) return;
    g.call.reset();
    switch (in.op) {
      case Opcode::map_get:
        R(*in.dst) = *r.value;
        break;
      case Opcode::map_get2:
        R(*in.dst) = *r.value;
        R(*in.dst2) = GoValue::of_bool(r.found);
        break;
      case Opcode::map_set:
        if (!r.slot) throw std::logic_error("mapassign returned no slot");
        if (cfg_.grain == Grain::op) {
          map_store(h, *r.slot, A(2).basic(), nullptr);  // op grain: one atomic operation
          if (rec) rec->map_changed = id;
        } else {
          g.store = *r.slot;
          return;  // the store is the next step; pc stays
        }
        break;
      case Opcode::range_init:
        f.iters.at(in.iter.v)->pending = true;
        break;
      case Opcode::range_next:
        if (!r.found) {
          f.iters.at(in.iter.v).reset();
          f.pc = in.target;
          return;
        }
        if (in.dst) R(*in.dst) = *r.it_key;
        if (in.dst2) R(*in.dst2) = *r.it_elem;
        break;
      default:
        break;
    }
    ++f.pc;
  }

  /** Runs g's local work until its next visible step (or the budget is spent). */
  void settle(Goroutine& g) {
    for (std::uint32_t budget = local_budget; budget > 0; --budget) {
      if (g.status != GoStatus::runnable || at_shared(g) || beyond_call_depth(g)) return;
      move(g, 0, nullptr);
    }
  }

  /** Takes step `choice` of goroutine `gid`; see apply_step. */
  void step(GoroutineId gid, std::uint32_t choice, StepRecord* rec) {
    Goroutine* g = w_.find(gid);
    if (!g || g->status == GoStatus::blocked || g->status == GoStatus::done ||
        g->status == GoStatus::waiting || beyond_call_depth(*g))
      throw std::logic_error(fmt::format("step of {} which is not enabled", gid));
    if (rec) {
      *rec = StepRecord{};
      rec->g = gid;
    }
    if (touch_) touch_->goroutines.push_back(gid);
    if (g->status == GoStatus::exiting) {
      bool leak = false;
      for (const Goroutine& o : w_.goroutines)
        if (o.id != gid && (o.status == GoStatus::blocked || o.status == GoStatus::waiting))
          leak = true;
      if (touch_) touch_->output = true;
      w_.term = Termination{TerminationKind::exit, "", w_.output, leak};
      if (rec) rec->event = StepEvent::exit;
      return;
    }
    if (g->status == GoStatus::dying) {
      if (touch_) touch_->output = true;
      w_.term = Termination{TerminationKind::panic, panic_message(*g->panic, g->panic_type),
                            w_.output, false};
      if (rec) {
        rec->event = StepEvent::panic;
        rec->deciding = true;
      }
      return;
    }
    const std::uint32_t n = choices(*g);
    if (choice >= n)
      throw std::logic_error(fmt::format("choice {} of {} out of range ({})", choice, gid, n));
    if (rec && n > 1) rec->choice_text = choice_text(*g, choice, n);
    move(*g, choice, rec);
    if (w_.term) return;
    settle(*g);
    for (GoroutineId pid : woken_) {
      if (touch_) touch_->goroutines.push_back(pid);
      settle(*w_.find(pid));  // partners of a rendezvous go on to their next visible step
    }
    woken_.clear();
    const std::size_t removed =
        std::erase_if(w_.goroutines, [](const Goroutine& x) { return x.status == GoStatus::done; });
    if (touch_ && (removed > 0 || !spawned_.empty())) touch_->structure = true;
    for (Goroutine& ng : spawned_) {
      ng.id = free_id();
      settle(ng);
      if (ng.status == GoStatus::done) continue;
      auto at = std::lower_bound(w_.goroutines.begin(), w_.goroutines.end(), ng.id,
                                 [](const Goroutine& a, GoroutineId id) { return a.id < id; });
      w_.goroutines.insert(at, std::move(ng));
    }
    spawned_.clear();
    refresh_waiting();
  }

  void touched_globals_cells() {
    if (touch_) touch_->globals_cells = true;
  }

  /** The random value a choice stands for, as the runtime names it. */
  std::string choice_text(const Goroutine& g, std::uint32_t choice, std::uint32_t n) const {
    if (at_wait_op(g)) {
      // A channel step: which select case, and which goroutine it meets.
      const std::vector<ChanOption> opts = chan_options(g);
      const ChanOption& o = opts.at(choice);
      std::string t = !o.arm ? std::string("default") : fmt::format("case {}", *o.arm + 1);
      if (o.partner) t += fmt::format(" with {}", *o.partner);
      return fmt::format("{} (choice {} of {})", t, choice, n);
    }
    MapCall fresh;
    const MapCall& call = pending_call(g, fresh);
    const auto m = step_map(g);
    if (call.op == MapOp::iterinit && m) {
      // map_choices: choice c is r, startBucket = r & (2^B-1), offset = (r >> B) & 7.
      const unsigned b = map(*m).B;
      return fmt::format("startBucket={} offset={}", choice & ((1u << b) - 1),
                         (choice >> b) & (bucket_cnt - 1));
    }
    if (call.op == MapOp::del || call.op == MapOp::clear) return fmt::format("hash0={}", choice);
    return fmt::format("choice={} of {}", choice, n);
  }

  GoroutineId free_id() const {
    std::uint32_t id = 1;
    for (const Goroutine& g : w_.goroutines) {  // sorted by id
      if (g.id.v == id)
        ++id;
      else if (g.id.v > id)
        break;
    }
    return GoroutineId{id};
  }

  void settle_new_main(Goroutine& g) { settle(g); }

  /** The footprint of a sync or channel step of g (see step_footprint). */
  void wait_footprint(const Goroutine& g, std::uint32_t choice,
                      const std::function<std::uint32_t(SyncId)>& object,
                      std::vector<ObjectAccess>& out) const {
    const Frame& f = g.frames.back();
    const Instr& in = instr(f);
    if (in.op == Opcode::sync_op) {
      const SyncId id = *f.regs.at(in.args.at(0).v).sync().id;
      out.push_back({object(id), !sync_op_reads_only(in.sync)});
      return;
    }
    if (in.op == Opcode::chan_close) {
      if (const auto id = f.regs.at(in.args.at(0).v).sync().id) out.push_back({object(*id), true});
      return;
    }
    // Every channel g waits on (taking one arm disables its offers on the others), and
    // every channel the rendezvous partner waits on.
    auto add_all = [&](const Goroutine& x) {
      const Frame& xf = x.frames.back();
      for (const SelectArm& a : arms_of(instr(xf)))
        if (const auto id = arm_chan(xf, a)) out.push_back({object(*id), true});
    };
    add_all(g);
    const std::vector<ChanOption> opts = chan_options(g);
    if (choice < opts.size() && opts[choice].partner) add_all(*w_.find(*opts[choice].partner));
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
  }

 private:
  World& w_;
  const Program& p_;
  const RuntimeConfig& cfg_;
  StepTouch* touch_;
  std::vector<Goroutine> spawned_;
  /** Partners a rendezvous moved on during this step; settled after it. */
  std::vector<GoroutineId> woken_;
};

}  // namespace

std::string_view step_event_name(StepEvent e) {
  switch (e) {
    case StepEvent::local:
      return "local";
    case StepEvent::go_start:
      return "go";
    case StepEvent::print:
      return "print";
    case StepEvent::map_op:
      return "map";
    case StepEvent::map_store:
      return "map-store";
    case StepEvent::map_len:
      return "len";
    case StepEvent::read:
      return "read";
    case StepEvent::write:
      return "write";
    case StepEvent::yield:
      return "yield";
    case StepEvent::block:
      return "block";
    case StepEvent::sync:
      return "sync";
    case StepEvent::chan:
      return "chan";
    case StepEvent::exit:
      return "exit";
    case StepEvent::panic:
      return "panic";
  }
  return "?";
}

std::string_view termination_kind_name(TerminationKind k) {
  switch (k) {
    case TerminationKind::exit:
      return "exit";
    case TerminationKind::fatal:
      return "fatal";
    case TerminationKind::panic:
      return "panic";
    case TerminationKind::deadlock:
      return "deadlock";
  }
  return "?";
}

std::string panic_message(const GoValue& v, std::string_view type) {
  // preprintpanics (runtime/panic.go): an error prints its Error(), a Stringer its String().
  if (type == "time.Duration" && v.is_basic()) return go_duration_string(v.basic().as_int());
  if (v.is_basic()) return format_value(v.basic());
  if (const auto* e = std::get_if<ErrorValue>(&v.v)) return e->message;
  if (std::holds_alternative<NilValue>(v.v)) return "nil";
  // SIMPLIFIED: Go prints other dynamic types as (T) address; specs panic with basic values.
  const MapLookup none{[](MapId) { return std::vector<std::pair<Key, Value>>{}; },
                       [](MapId) {
                         return std::pair{ValueKind::int_, ValueKind::int_};
                       }};
  return go_format_value(FmtArg{v, type}, none);
}

World initial_world(const Program& p, const RuntimeConfig& cfg) {
  validate(p);
  World w;
  w.globals.reserve(p.globals.size());
  for (const Global& gl : p.globals)
    w.globals.push_back(vtype_is_sync(gl.type) ? GoValue(SyncRef{}) : zero_value(gl.type));
  Machine m(w, p, cfg);
  Goroutine g;
  g.id = main_goroutine;
  for (std::size_t i = 0; i < p.globals.size(); ++i)
    if (vtype_is_sync(p.globals[i].type)) w.globals[i] = zero_in(w, p.globals[i].type);
  m.push_frame(g, p.entry, {}, false);
  m.settle_new_main(g);
  w.goroutines.push_back(std::move(g));
  m.refresh_waiting();
  return w;
}

void enabled_steps(const World& w, const Program& p, const RuntimeConfig& cfg,
                   std::vector<GoStep>& out, std::size_t* held) {
  out.clear();
  if (held) *held = 0;
  if (w.term) return;
  Machine m(const_cast<World&>(w), p, cfg);  // read-only use
  for (const Goroutine& g : w.goroutines) {
    if (g.status == GoStatus::blocked || g.status == GoStatus::done ||
        g.status == GoStatus::waiting)
      continue;
    if (m.beyond_call_depth(g)) {
      if (held) ++*held;
      continue;
    }
    const std::uint32_t n = m.choices(g);
    for (std::uint32_t c = 0; c < n; ++c)
      out.push_back(GoStep{g.id, c});
  }
}

std::size_t held_at_call_depth(const World& w, const Program& p, const RuntimeConfig& cfg) {
  if (w.term || !cfg.max_call_depth) return 0;
  // Asked of every state a search expands: no goroutine that deep, no Machine.
  if (std::none_of(w.goroutines.begin(), w.goroutines.end(),
                   [&](const Goroutine& g) { return g.frames.size() >= *cfg.max_call_depth; }))
    return 0;
  const Machine m(const_cast<World&>(w), p, cfg);  // read-only use
  return static_cast<std::size_t>(
      std::count_if(w.goroutines.begin(), w.goroutines.end(),
                    [&](const Goroutine& g) { return m.beyond_call_depth(g); }));
}

void apply_step(World& w, const Program& p, const RuntimeConfig& cfg, GoStep step, StepRecord* rec,
                StepTouch* touch) {
  if (w.term) throw std::logic_error("apply_step on a terminated world");
  if (touch) touch->clear();
  Machine m(w, p, cfg, touch);
  m.step(step.g, step.choice, rec);
}

void step_footprint(const World& w, const Program& p, const RuntimeConfig& cfg, GoStep step,
                    std::vector<ObjectAccess>& out, bool& visible) {
  out.clear();
  visible = false;
  const Goroutine* g = w.find(step.g);
  if (!g) throw std::logic_error(fmt::format("footprint of unknown goroutine {}", step.g));
  const std::uint32_t stdout_object = 0;
  const auto global_object = [&](GlobalId id) { return 1 + id.v; };
  const auto cell_object = [&](CellId c) {
    return static_cast<std::uint32_t>(1 + w.globals.size() + c.v);
  };
  const auto map_object = [&](MapId m) {
    return static_cast<std::uint32_t>(1 + w.globals.size() + w.cells.size() + m.v);
  };
  const auto sync_object = [&](SyncId s) {
    return static_cast<std::uint32_t>(1 + w.globals.size() + w.cells.size() + w.maps.size() + s.v);
  };
  if (g->status == GoStatus::exiting || g->status == GoStatus::dying) {
    visible = true;
    out.push_back({stdout_object, true});
    return;
  }
  if (g->status != GoStatus::runnable) return;
  Machine m(const_cast<World&>(w), p, cfg);  // read-only use
  if (!m.at_shared(*g)) return;              // a cut piece of local work
  const Frame& f = g->frames.back();
  const Instr& in = m.instr(f);
  const auto reg = [&](std::size_t i) -> const GoValue& { return f.regs.at(in.args.at(i).v); };
  const auto read_maps_in_args = [&] {
    for (Reg r : in.args)
      if (const auto* mr = std::get_if<MapRef>(&f.regs.at(r.v).v); mr && mr->id)
        out.push_back({map_object(*mr->id), false});
  };
  if (g->store) {
    out.push_back({map_object(*m.step_map(*g)), true});
    return;
  }
  if (m.at_wait_op(*g)) {
    m.wait_footprint(*g, step.choice, sync_object, out);
    return;
  }
  switch (in.op) {
    case Opcode::load_cell:
      out.push_back({cell_object(reg(0).cell()), false});
      return;
    case Opcode::store_cell:
      out.push_back({cell_object(reg(0).cell()), true});
      return;
    case Opcode::load_global:
      out.push_back({global_object(in.global), false});
      return;
    case Opcode::store_global:
      out.push_back({global_object(in.global), true});
      return;
    case Opcode::print:
      visible = true;
      out.push_back({stdout_object, true});
      read_maps_in_args();
      return;
    case Opcode::sprint:
      read_maps_in_args();
      return;
    case Opcode::block:
      visible = true;
      return;
    case Opcode::len_map:
      out.push_back({map_object(*m.step_map(*g)), false});
      return;
    case Opcode::len_chan:
      out.push_back({sync_object(*reg(0).sync().id), false});
      return;
    default:
      break;
  }
  if (is_map_op(in.op)) {
    const MapId id = *m.step_map(*g);
    MapCall fresh;
    const MapAccess acc = map_next_access(*w.maps.at(id.v), m.pending_call(*g, fresh), cfg);
    if (acc.write)
      out.push_back({map_object(id), true});
    else if (acc.read)
      out.push_back({map_object(id), false});
  }
  // go, yield: private to the goroutine (they touch no shared object).
}

std::optional<MapId> map_step_target(const World& w, const Program& p, const RuntimeConfig& cfg,
                                     GoroutineId id) {
  const Goroutine* g = w.find(id);
  if (g == nullptr || w.term || g->status != GoStatus::runnable || g->frames.empty())
    return std::nullopt;
  if (g->call || g->store) return g->call_map;
  const Frame& f = g->frames.back();
  if (f.unwind != Unwind::none) return std::nullopt;
  Machine m(const_cast<World&>(w), p, cfg);  // read-only use
  if (!is_map_op(m.instr(f).op)) return std::nullopt;
  return m.step_map(*g);
}

std::optional<SyncStand> sync_stand(const World& w, const Program& p, GoroutineId id) {
  const Goroutine* g = w.find(id);
  if (g == nullptr || w.term || g->frames.empty() || g->call || g->store) return std::nullopt;
  if (g->status != GoStatus::runnable && g->status != GoStatus::waiting) return std::nullopt;
  const Frame& f = g->frames.back();
  if (f.unwind != Unwind::none) return std::nullopt;
  const auto& code = p.function(f.fn).code;
  if (f.pc >= code.size() || code[f.pc].op != Opcode::sync_op) return std::nullopt;
  const Instr& in = code[f.pc];
  const GoValue& r = f.regs.at(in.args.at(0).v);
  const auto* ref = std::get_if<SyncRef>(&r.v);
  if (ref == nullptr || !ref->id) return std::nullopt;
  return SyncStand{*ref->id, in.sync, g->sync_phase, g->status};
}

bool may_wait(const World& w, const Program& p, GoroutineId id) {
  const Goroutine* g = w.find(id);
  if (g == nullptr) return false;
  if (g->status == GoStatus::blocked || g->status == GoStatus::waiting) return true;
  if (g->status != GoStatus::runnable || g->frames.empty() || g->call || g->store) return false;
  const Frame& f = g->frames.back();
  if (f.unwind != Unwind::none) return false;
  const auto& code = p.function(f.fn).code;
  return f.pc < code.size() && (is_wait_op(code[f.pc].op) || code[f.pc].op == Opcode::block);
}

std::optional<Termination> termination(const World& w) {
  if (w.term) return w.term;
  if (w.goroutines.empty()) return std::nullopt;
  for (const Goroutine& g : w.goroutines)
    if (g.status != GoStatus::blocked && g.status != GoStatus::waiting) return std::nullopt;
  return Termination{TerminationKind::deadlock, "all goroutines are asleep - deadlock!", w.output,
                     false};
}

}  // namespace mapcheck::model
