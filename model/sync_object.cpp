// SyncObject: encoding of sync objects and channels, and the atomic steps of the sync and
// sync/atomic methods as Go's sources take them (messages are Go's, exact).
#include "model/sync_object.h"

#include <stdexcept>
#include <utility>

namespace mapcheck::model {

std::string_view sync_op_name(SyncOp op) {
  switch (op) {
    case SyncOp::mutex_lock:
      return "sync.(*Mutex).Lock";
    case SyncOp::mutex_unlock:
      return "sync.(*Mutex).Unlock";
    case SyncOp::mutex_trylock:
      return "sync.(*Mutex).TryLock";
    case SyncOp::rw_lock:
      return "sync.(*RWMutex).Lock";
    case SyncOp::rw_unlock:
      return "sync.(*RWMutex).Unlock";
    case SyncOp::rw_rlock:
      return "sync.(*RWMutex).RLock";
    case SyncOp::rw_runlock:
      return "sync.(*RWMutex).RUnlock";
    case SyncOp::rw_trylock:
      return "sync.(*RWMutex).TryLock";
    case SyncOp::rw_tryrlock:
      return "sync.(*RWMutex).TryRLock";
    case SyncOp::wg_add:
      return "sync.(*WaitGroup).Add";
    case SyncOp::wg_wait:
      return "sync.(*WaitGroup).Wait";
    case SyncOp::int_load:
      return "atomic.(*Int).Load";
    case SyncOp::int_store:
      return "atomic.(*Int).Store";
    case SyncOp::int_add:
      return "atomic.(*Int).Add";
    case SyncOp::int_swap:
      return "atomic.(*Int).Swap";
    case SyncOp::int_cas:
      return "atomic.(*Int).CompareAndSwap";
    case SyncOp::value_load:
      return "atomic.(*Value).Load";
    case SyncOp::value_store:
      return "atomic.(*Value).Store";
    case SyncOp::value_swap:
      return "atomic.(*Value).Swap";
    case SyncOp::value_cas:
      return "atomic.(*Value).CompareAndSwap";
  }
  return "?";
}

bool sync_op_reads_only(SyncOp op) {
  return op == SyncOp::int_load || op == SyncOp::value_load;
}

std::vector<const GoValue*> SyncObject::values() const {
  std::vector<const GoValue*> out;
  if (const auto* c = std::get_if<ChanState>(&v)) {
    for (const GoValue& x : c->buf)
      out.push_back(&x);
    out.push_back(&c->zero);
  } else if (const auto* a = std::get_if<AtomicValueState>(&v)) {
    if (a->value) out.push_back(&*a->value);
  }
  return out;
}

std::vector<GoValue*> SyncObject::values() {
  std::vector<GoValue*> out;
  for (const GoValue* p : std::as_const(*this).values())
    out.push_back(const_cast<GoValue*>(p));
  return out;
}

void SyncObject::encode(Encoder& e, const std::function<void(const GoValue&)>& value) const {
  e.u8(static_cast<std::uint8_t>(v.index()));
  std::visit(
      [&](const auto& s) {
        using S = std::decay_t<decltype(s)>;
        if constexpr (std::is_same_v<S, MutexState>) {
          e.boolean(s.locked);
        } else if constexpr (std::is_same_v<S, RWMutexState>) {
          e.boolean(s.w_locked);
          e.i64(s.reader_count);
          e.i64(s.reader_wait);
          e.u64(s.writer_sem);
          e.u64(s.reader_sem);
        } else if constexpr (std::is_same_v<S, WaitGroupState>) {
          e.i64(s.counter);
          e.u64(s.waiters);
          e.u64(s.sema);
        } else if constexpr (std::is_same_v<S, ChanState>) {
          e.u64(s.cap);
          e.boolean(s.closed);
          value(s.zero);
          e.u64(s.buf.size());
          for (const GoValue& x : s.buf)
            value(x);
        } else if constexpr (std::is_same_v<S, AtomicIntState>) {
          e.u8(s.bits);
          e.i64(s.value);
        } else {
          e.boolean(s.value.has_value());
          if (s.value) value(*s.value);
        }
      },
      v);
}

SyncObject SyncObject::decode(Decoder& d, const std::function<GoValue()>& value) {
  SyncObject o;
  switch (d.u8()) {
    case 0:
      o.v = MutexState{d.boolean()};
      break;
    case 1: {
      RWMutexState s;
      s.w_locked = d.boolean();
      s.reader_count = d.i64();
      s.reader_wait = d.i64();
      s.writer_sem = static_cast<std::uint32_t>(d.u64());
      s.reader_sem = static_cast<std::uint32_t>(d.u64());
      o.v = s;
      break;
    }
    case 2: {
      WaitGroupState s;
      s.counter = d.i64();
      s.waiters = static_cast<std::uint32_t>(d.u64());
      s.sema = static_cast<std::uint32_t>(d.u64());
      o.v = s;
      break;
    }
    case 3: {
      ChanState s;
      s.cap = static_cast<std::uint32_t>(d.u64());
      s.closed = d.boolean();
      s.zero = value();
      const std::uint64_t n = d.u64();
      for (std::uint64_t i = 0; i < n; ++i)
        s.buf.push_back(value());
      o.v = std::move(s);
      break;
    }
    case 4: {
      AtomicIntState s;
      s.bits = d.u8();
      s.value = d.i64();
      o.v = s;
      break;
    }
    case 5: {
      AtomicValueState s;
      if (d.boolean()) s.value = value();
      o.v = std::move(s);
      break;
    }
    default:
      throw std::logic_error("bad sync object tag in world encoding");
  }
  return o;
}

std::string sync_value_type(const GoValue& v) {
  if (v.is_basic()) return std::string(kind_name(v.basic().kind()));
  if (std::holds_alternative<MapRef>(v.v)) return "map";
  if (std::holds_alternative<FuncRef>(v.v)) return "func";
  if (std::holds_alternative<UnitValue>(v.v)) return "struct {}";
  if (std::holds_alternative<ErrorValue>(v.v)) return "runtime.Error";
  if (std::holds_alternative<SyncRef>(v.v)) return "chan";
  return "nil";
}

namespace {

template <class S>
S& state(SyncObject& o, SyncOp op) {
  if (auto* s = std::get_if<S>(&o.v)) return *s;
  throw std::logic_error(fmt::format("{} on an object of another kind", sync_op_name(op)));
}

template <class S>
const S& state(const SyncObject& o, SyncOp op) {
  if (const auto* s = std::get_if<S>(&o.v)) return *s;
  throw std::logic_error(fmt::format("{} on an object of another kind", sync_op_name(op)));
}

std::int64_t wrap(const AtomicIntState& s, std::int64_t v) {
  return s.bits == 32 ? static_cast<std::int64_t>(static_cast<std::int32_t>(v)) : v;
}

std::int64_t add_wrapping(std::int64_t a, std::int64_t b) {
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(a) + static_cast<std::uint64_t>(b));
}

const GoValue& operand(const std::vector<GoValue>& ops, std::size_t i, SyncOp op) {
  if (i >= ops.size())
    throw std::logic_error(fmt::format("{} is missing operand {}", sync_op_name(op), i));
  return ops[i];
}

bool is_nil(const GoValue& v) {
  return std::holds_alternative<NilValue>(v.v);
}

SyncStepResult returned(GoValue v) {
  SyncStepResult r;
  r.result = std::move(v);
  return r;
}

SyncStepResult fatal(std::string msg) {
  SyncStepResult r;
  r.fatal = std::move(msg);
  return r;
}

SyncStepResult panic(std::string msg) {
  SyncStepResult r;
  r.panic = std::move(msg);
  return r;
}

SyncStepResult sleeps() {
  SyncStepResult r;
  r.phase = SyncPhase::sem_wait;
  return r;
}

/** WaitGroup.Add(delta), waitgroup.go: the counter and waiter checks, then waking waiters. */
SyncStepResult wg_add(WaitGroupState& s, std::int64_t delta) {
  s.counter = add_wrapping(s.counter, delta);
  if (s.counter < 0) return panic("sync: negative WaitGroup counter");
  if (s.waiters != 0 && delta > 0 && s.counter == delta)
    return panic("sync: WaitGroup misuse: Add called concurrently with Wait");
  if (s.counter > 0 || s.waiters == 0) return SyncStepResult{};
  // The counter reached 0 with waiters: reset the state and release each waiter once.
  s.sema += s.waiters;
  s.waiters = 0;
  return SyncStepResult{};
}

}  // namespace

bool sync_ready(const SyncObject& obj, SyncOp op, SyncPhase phase) {
  switch (op) {
    case SyncOp::mutex_lock:
      return !state<MutexState>(obj, op).locked;
    case SyncOp::rw_lock: {
      const auto& s = state<RWMutexState>(obj, op);
      return phase == SyncPhase::none ? !s.w_locked : s.writer_sem > 0;
    }
    case SyncOp::rw_rlock:
      return phase == SyncPhase::none || state<RWMutexState>(obj, op).reader_sem > 0;
    case SyncOp::wg_wait:
      return phase == SyncPhase::none || state<WaitGroupState>(obj, op).sema > 0;
    default:
      return true;
  }
}

bool sync_always_ready(SyncOp op, SyncPhase phase) {
  switch (op) {  // the cases of sync_ready that read the object
    case SyncOp::mutex_lock:
    case SyncOp::rw_lock:
      return false;
    case SyncOp::rw_rlock:
    case SyncOp::wg_wait:
      return phase == SyncPhase::none;
    default:
      return true;
  }
}

SyncStepResult sync_step(SyncObject& obj, SyncOp op, SyncPhase phase,
                         const std::vector<GoValue>& operands) {
  if (!sync_ready(obj, op, phase))
    throw std::logic_error(fmt::format("{} is not ready", sync_op_name(op)));
  switch (op) {
    case SyncOp::mutex_lock:
      state<MutexState>(obj, op).locked = true;
      return SyncStepResult{};
    case SyncOp::mutex_unlock: {
      auto& s = state<MutexState>(obj, op);
      if (!s.locked) return fatal("sync: unlock of unlocked mutex");
      s.locked = false;
      return SyncStepResult{};
    }
    case SyncOp::mutex_trylock: {
      auto& s = state<MutexState>(obj, op);
      if (s.locked) return returned(GoValue::of_bool(false));
      s.locked = true;
      return returned(GoValue::of_bool(true));
    }
    case SyncOp::rw_lock: {
      auto& s = state<RWMutexState>(obj, op);
      if (phase == SyncPhase::sem_wait) {
        --s.writer_sem;
        return SyncStepResult{};
      }
      // w.Lock(); announce the writer; wait for the active readers (if any) to leave.
      // (Merged into one step: nothing else touches w, and the announcement is one atomic
      // add in Go, after which readerWait is added to.)
      s.w_locked = true;
      const std::int64_t r = s.reader_count;
      s.reader_count -= rwmutex_max_readers;
      if (r != 0) {
        s.reader_wait += r;
        if (s.reader_wait != 0) return sleeps();
      }
      return SyncStepResult{};
    }
    case SyncOp::rw_unlock: {
      auto& s = state<RWMutexState>(obj, op);
      s.reader_count += rwmutex_max_readers;
      const std::int64_t r = s.reader_count;
      if (r >= rwmutex_max_readers) return fatal("sync: Unlock of unlocked RWMutex");
      s.reader_sem += static_cast<std::uint32_t>(r);
      s.w_locked = false;
      return SyncStepResult{};
    }
    case SyncOp::rw_rlock: {
      auto& s = state<RWMutexState>(obj, op);
      if (phase == SyncPhase::sem_wait) {
        --s.reader_sem;
        return SyncStepResult{};
      }
      s.reader_count += 1;
      if (s.reader_count < 0) return sleeps();  // a writer is pending: wait for its Unlock
      return SyncStepResult{};
    }
    case SyncOp::rw_runlock: {
      auto& s = state<RWMutexState>(obj, op);
      s.reader_count -= 1;
      const std::int64_t r = s.reader_count;
      if (r < 0) {
        if (r + 1 == 0 || r + 1 == -rwmutex_max_readers)
          return fatal("sync: RUnlock of unlocked RWMutex");
        s.reader_wait -= 1;
        if (s.reader_wait == 0) s.writer_sem += 1;  // the last reader lets the writer in
      }
      return SyncStepResult{};
    }
    case SyncOp::rw_trylock: {
      auto& s = state<RWMutexState>(obj, op);
      if (s.w_locked || s.reader_count != 0) return returned(GoValue::of_bool(false));
      s.w_locked = true;
      s.reader_count = -rwmutex_max_readers;
      return returned(GoValue::of_bool(true));
    }
    case SyncOp::rw_tryrlock: {
      auto& s = state<RWMutexState>(obj, op);
      if (s.reader_count < 0) return returned(GoValue::of_bool(false));
      s.reader_count += 1;
      return returned(GoValue::of_bool(true));
    }
    case SyncOp::wg_add:
      return wg_add(state<WaitGroupState>(obj, op), operand(operands, 0, op).basic().as_int());
    case SyncOp::wg_wait: {
      auto& s = state<WaitGroupState>(obj, op);
      if (phase == SyncPhase::sem_wait) {
        --s.sema;
        if (s.counter != 0 || s.waiters != 0)
          return panic("sync: WaitGroup is reused before previous Wait has returned");
        return SyncStepResult{};
      }
      if (s.counter == 0) return SyncStepResult{};
      ++s.waiters;
      return sleeps();
    }
    case SyncOp::int_load:
      return returned(GoValue::of_int(state<AtomicIntState>(obj, op).value));
    case SyncOp::int_store: {
      auto& s = state<AtomicIntState>(obj, op);
      s.value = wrap(s, operand(operands, 0, op).basic().as_int());
      return SyncStepResult{};
    }
    case SyncOp::int_add: {
      auto& s = state<AtomicIntState>(obj, op);
      s.value = wrap(s, add_wrapping(s.value, operand(operands, 0, op).basic().as_int()));
      return returned(GoValue::of_int(s.value));
    }
    case SyncOp::int_swap: {
      auto& s = state<AtomicIntState>(obj, op);
      const std::int64_t old = s.value;
      s.value = wrap(s, operand(operands, 0, op).basic().as_int());
      return returned(GoValue::of_int(old));
    }
    case SyncOp::int_cas: {
      auto& s = state<AtomicIntState>(obj, op);
      if (s.value != wrap(s, operand(operands, 0, op).basic().as_int()))
        return returned(GoValue::of_bool(false));
      s.value = wrap(s, operand(operands, 1, op).basic().as_int());
      return returned(GoValue::of_bool(true));
    }
    case SyncOp::value_load: {
      const auto& s = state<AtomicValueState>(obj, op);
      return returned(s.value ? *s.value : GoValue(NilValue{}));
    }
    case SyncOp::value_store:
    case SyncOp::value_swap: {
      auto& s = state<AtomicValueState>(obj, op);
      const GoValue& nv = operand(operands, 0, op);
      const bool store = op == SyncOp::value_store;
      if (is_nil(nv))
        return panic(store ? "sync/atomic: store of nil value into Value"
                           : "sync/atomic: swap of nil value into Value");
      if (s.value && sync_value_type(*s.value) != sync_value_type(nv))
        return panic(store ? "sync/atomic: store of inconsistently typed value into Value"
                           : "sync/atomic: swap of inconsistently typed value into Value");
      GoValue old = s.value ? *s.value : GoValue(NilValue{});
      s.value = nv;
      if (store) return SyncStepResult{};
      return returned(std::move(old));
    }
    case SyncOp::value_cas: {
      auto& s = state<AtomicValueState>(obj, op);
      const GoValue& old = operand(operands, 0, op);
      const GoValue& nv = operand(operands, 1, op);
      if (is_nil(nv)) return panic("sync/atomic: compare and swap of nil value into Value");
      if (!is_nil(old) && sync_value_type(old) != sync_value_type(nv))
        return panic("sync/atomic: compare and swap of inconsistently typed values");
      if (!s.value) {
        if (!is_nil(old)) return returned(GoValue::of_bool(false));
        s.value = nv;
        return returned(GoValue::of_bool(true));
      }
      if (sync_value_type(*s.value) != sync_value_type(nv))
        return panic("sync/atomic: compare and swap of inconsistently typed values into Value");
      // SIMPLIFIED: Go panics comparing uncomparable dynamic types (maps); we compare references.
      if (*s.value != old) return returned(GoValue::of_bool(false));
      s.value = nv;
      return returned(GoValue::of_bool(true));
    }
  }
  throw std::logic_error("unknown SyncOp");
}

}  // namespace mapcheck::model
