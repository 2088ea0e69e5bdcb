// Builtin: every predeclared function, package function and method of a sync/atomic type a
// spec may call, listed once (X-macro). The checker resolves calls to these; lowering
// switches over them (-Werror=switch makes a forgotten one a build error).
#pragma once

#include <cstdint>
#include <string_view>

namespace mapcheck::specs {

// X(Enumerator, "Go name as printed in traces")
#define MAPCHECK_SPEC_BUILTINS(X)                            \
  X(Len, "len")                                              \
  X(Delete, "delete")                                        \
  X(Clear, "clear")                                          \
  X(Close, "close")                                          \
  X(Panic, "panic")                                          \
  X(Recover, "recover")                                      \
  X(Print, "print")                                          \
  X(Println, "println")                                      \
  X(FmtPrint, "fmt.Print")                                   \
  X(FmtPrintln, "fmt.Println")                               \
  X(FmtPrintf, "fmt.Printf")                                 \
  X(FmtSprint, "fmt.Sprint")                                 \
  X(FmtSprintln, "fmt.Sprintln")                             \
  X(FmtSprintf, "fmt.Sprintf")                               \
  X(RuntimeGosched, "runtime.Gosched")                       \
  X(RuntimeGOMAXPROCS, "runtime.GOMAXPROCS")                 \
  X(RuntimeNumGoroutine, "runtime.NumGoroutine")             \
  X(TimeSleep, "time.Sleep")                                 \
  X(MutexLock, "sync.(*Mutex).Lock")                         \
  X(MutexUnlock, "sync.(*Mutex).Unlock")                     \
  X(MutexTryLock, "sync.(*Mutex).TryLock")                   \
  X(RWMutexLock, "sync.(*RWMutex).Lock")                     \
  X(RWMutexUnlock, "sync.(*RWMutex).Unlock")                 \
  X(RWMutexRLock, "sync.(*RWMutex).RLock")                   \
  X(RWMutexRUnlock, "sync.(*RWMutex).RUnlock")               \
  X(RWMutexTryLock, "sync.(*RWMutex).TryLock")               \
  X(RWMutexTryRLock, "sync.(*RWMutex).TryRLock")             \
  X(WaitGroupAdd, "sync.(*WaitGroup).Add")                   \
  X(WaitGroupDone, "sync.(*WaitGroup).Done")                 \
  X(WaitGroupWait, "sync.(*WaitGroup).Wait")                 \
  X(AtomicIntLoad, "atomic.(*Int).Load")                     \
  X(AtomicIntStore, "atomic.(*Int).Store")                   \
  X(AtomicIntAdd, "atomic.(*Int).Add")                       \
  X(AtomicIntSwap, "atomic.(*Int).Swap")                     \
  X(AtomicIntCompareAndSwap, "atomic.(*Int).CompareAndSwap") \
  X(AtomicValueLoad, "atomic.(*Value).Load")                 \
  X(AtomicValueStore, "atomic.(*Value).Store")               \
  X(AtomicValueSwap, "atomic.(*Value).Swap")                 \
  X(AtomicValueCompareAndSwap, "atomic.(*Value).CompareAndSwap")

/** A predeclared or package function, or a method of a sync/atomic type. Methods
 *  (Mutex*, RWMutex*, WaitGroup*, Atomic*) have a receiver on the call (Call::receiver);
 *  AtomicInt* serve both atomic.Int32 and atomic.Int64 (the receiver's type says which). */
enum class Builtin : std::uint8_t {
#define MAPCHECK_X(e, name) e,
  MAPCHECK_SPEC_BUILTINS(MAPCHECK_X)
#undef MAPCHECK_X
};

/** The Go name of a builtin as printed in traces, e.g. "fmt.Println", "sync.(*Mutex).Lock". */
std::string_view builtin_name(Builtin b);

/** True for the methods (those that take Call::receiver). */
bool builtin_is_method(Builtin b);

}  // namespace mapcheck::specs
