// SyncOp and SyncPhase: which method of a sync or atomic object an instruction calls, and
// how far a goroutine is inside a method that can sleep on the object's semaphore.
#pragma once

#include <cstdint>
#include <string_view>

namespace mapcheck::model {

/** The methods of sync.Mutex, sync.RWMutex, sync.WaitGroup, atomic.Int32/Int64 and
 *  atomic.Value. Operands (after the object in args[0]): wg_add delta; int_store/int_add/
 *  int_swap/value_store/value_swap the new value; int_cas/value_cas old, new. Results in dst:
 *  trylocks and cas a bool, loads/add/swap the value. */
enum class SyncOp : std::uint8_t {
  mutex_lock,
  mutex_unlock,
  mutex_trylock,
  rw_lock,
  rw_unlock,
  rw_rlock,
  rw_runlock,
  rw_trylock,
  rw_tryrlock,
  wg_add,
  wg_wait,
  int_load,
  int_store,
  int_add,
  int_swap,
  int_cas,
  value_load,
  value_store,
  value_swap,
  value_cas,
};

/** Go's name of the method, e.g. "sync.(*Mutex).Lock", for traces. */
std::string_view sync_op_name(SyncOp op);

/** True for the methods that only read the object (atomic loads). */
bool sync_op_reads_only(SyncOp op);

/** Where a goroutine is inside a SyncOp: `none` before it (the op has not started), or
 *  `sem_wait` after its first atomic step when it sleeps on the object's semaphore (RLock on
 *  readerSem, Lock on writerSem, WaitGroup.Wait on sema) until a release lets it go on. */
enum class SyncPhase : std::uint8_t { none, sem_wait };

}  // namespace mapcheck::model
