// SyncObject: the state of one sync object or channel as a value (Mutex, RWMutex with
// rwmutex.go's counters and semaphores, WaitGroup with its counter, waiters and semaphore,
// a channel's buffer, atomic.Int32/Int64, atomic.Value), and the step semantics of the
// sync/atomic methods on it. Channels' pairing of senders and receivers is the interpreter's
// (it involves goroutines); this file only holds a channel's own state.
#pragma once

#include <compare>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "model/encoding.h"
#include "model/go_value.h"
#include "model/sync_op.h"

namespace mapcheck::model {

/** rwmutex.go's rwmutexMaxReaders (1 << 30). */
constexpr std::int64_t rwmutex_max_readers = std::int64_t{1} << 30;

/** sync.Mutex. Who acquires a released mutex is left to the scheduler (any goroutine at
 *  Lock may take it), which covers normal and starvation mode for safety and deadlock. */
struct MutexState {
  bool locked = false;
  auto operator<=>(const MutexState&) const = default;
};

/** sync.RWMutex as rwmutex.go keeps it: the writer mutex `w`, readerCount (negative while a
 *  writer is pending or holding: it subtracted rwmutex_max_readers), readerWait (readers the
 *  pending writer still waits for), and the two semaphores' counts. */
struct RWMutexState {
  bool w_locked = false;
  std::int64_t reader_count = 0;
  std::int64_t reader_wait = 0;
  std::uint32_t writer_sem = 0;
  std::uint32_t reader_sem = 0;
  auto operator<=>(const RWMutexState&) const = default;
};

/** sync.WaitGroup: counter v, waiter count w and the semaphore waiters sleep on. */
struct WaitGroupState {
  std::int64_t counter = 0;
  std::uint32_t waiters = 0;
  std::uint32_t sema = 0;
  auto operator<=>(const WaitGroupState&) const = default;
};

/** A channel: capacity (0 = unbuffered), buffered values oldest first (buf.size() <= cap),
 *  closed flag, and the element type's zero value (what a receive from a closed, drained
 *  channel yields). Goroutines waiting on it are not listed here: a goroutine at a channel
 *  instruction that cannot proceed is simply waiting (see interpreter.h). */
struct ChanState {
  std::uint32_t cap = 0;
  std::deque<GoValue> buf;
  bool closed = false;
  GoValue zero;
  bool operator==(const ChanState&) const = default;
};

/** atomic.Int32 (bits 32: values wrap as int32) or atomic.Int64. */
struct AtomicIntState {
  std::uint8_t bits = 64;
  std::int64_t value = 0;
  auto operator<=>(const AtomicIntState&) const = default;
};

/** atomic.Value: empty until the first Store. */
struct AtomicValueState {
  std::optional<GoValue> value;
  bool operator==(const AtomicValueState&) const = default;
};

/** One object of World::syncs. */
struct SyncObject {
  std::variant<MutexState, RWMutexState, WaitGroupState, ChanState, AtomicIntState,
               AtomicValueState>
      v;
  bool operator==(const SyncObject&) const = default;

  /** The GoValues the object holds (a channel's buffer, an atomic.Value's value). */
  std::vector<const GoValue*> values() const;
  std::vector<GoValue*> values();

  /** Canonical bytes; `value` writes one held GoValue (world.cpp renumbers references). */
  void encode(Encoder& e, const std::function<void(const GoValue&)>& value) const;
  static SyncObject decode(Decoder& d, const std::function<GoValue()>& value);
};

/** What one atomic step of a SyncOp did. `fatal` / `panic` set: the program dies there
 *  (a fatal error, or a panic that recover can catch). Otherwise `phase` is where the
 *  goroutine is afterwards: none = the method returned with `result`, sem_wait = it sleeps
 *  on the object's semaphore. */
struct SyncStepResult {
  SyncPhase phase = SyncPhase::none;
  std::optional<GoValue> result;
  std::optional<std::string> fatal;
  std::optional<std::string> panic;
};

/** True if a goroutine at `op` in `phase` can take its next step on `obj` now (false: it
 *  waits, e.g. Lock of a locked mutex, or a semaphore at 0). Throws std::logic_error if
 *  `obj` is not of the kind `op` needs. */
bool sync_ready(const SyncObject& obj, SyncOp op, SyncPhase phase);

/** True if sync_ready(obj, op, phase) holds for every object of the kind `op` needs: the
 *  method never waits there (Unlock, WaitGroup.Add, atomics, and the first step of RLock and
 *  Wait). */
bool sync_always_ready(SyncOp op, SyncPhase phase);

/** Takes the next atomic step of `op` on `obj` (which must be ready), following Go's
 *  sync/mutex.go, rwmutex.go, waitgroup.go and atomic/value.go, with their exact messages.
 *  `operands` are the method's arguments. */
SyncStepResult sync_step(SyncObject& obj, SyncOp op, SyncPhase phase,
                         const std::vector<GoValue>& operands);

/** The dynamic type name atomic.Value compares for "inconsistently typed" stores. */
std::string sync_value_type(const GoValue& v);

}  // namespace mapcheck::model
