// Type: the static type of a spec expression or variable, after checking.
// A small value type (int, string, bool, map[K]V, chan T, func types, sync objects...);
// it does not describe how a value is represented at run time (that is the model's job).
#pragma once

#include <compare>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace mapcheck::specs {

/** Every kind of type the checker knows. Types outside this list are rejected with a
 *  diagnostic, so lowering never meets them. */
enum class TypeKind : std::uint8_t {
  Invalid,      ///< the type of an expression that already produced a diagnostic
  Int,          ///< Go `int`: 64-bit two's complement, wraps on overflow
  String,       ///< Go `string`
  Bool,         ///< Go `bool`
  Duration,     ///< `time.Duration`: an int count of nanoseconds (only feeds time.Sleep)
  EmptyStruct,  ///< `struct{}`: the one value `struct{}{}` (channel signals)
  Any,          ///< `any` / `interface{}`: recover()'s result, panic/fmt/atomic.Value args
  Nil,          ///< untyped `nil`; never left on a checked expression (gets its target type)
  Map,          ///< `map[K]V`: key/elem set; K is Int or String; V is Int, String or Bool
  Chan,         ///< `chan T`, `chan<- T`, `<-chan T`: elem set, dir says which
  Func,         ///< `func(P...) R`: params/results set
  Tuple,        ///< the result of a call: 0 (no value) or >= 2 results; elems in `results`
  Mutex,        ///< `sync.Mutex` (a variable of it can only be declared and have methods called)
  RWMutex,      ///< `sync.RWMutex` (same restriction)
  WaitGroup,    ///< `sync.WaitGroup` (same restriction)
  AtomicInt32,  ///< `atomic.Int32` (same restriction)
  AtomicInt64,  ///< `atomic.Int64` (same restriction)
  AtomicValue,  ///< `atomic.Value` (same restriction)
};

/** Direction of a channel type; Both for plain `chan T`. */
enum class ChanDir : std::uint8_t { Both, SendOnly, RecvOnly };

/** A checked type. Value semantics: copies share immutable children.
 *  Invariants: `key` set iff kind==Map; `elem` set iff kind is Map or Chan; `params` and
 *  `results` non-empty only for Func (params/results) and Tuple (results). */
struct Type {
  TypeKind kind = TypeKind::Invalid;
  ChanDir dir = ChanDir::Both;
  std::shared_ptr<const Type> key;
  std::shared_ptr<const Type> elem;
  std::vector<Type> params;
  std::vector<Type> results;

  static Type simple(TypeKind k) {
    Type t;
    t.kind = k;
    return t;
  }
  static Type int_() { return simple(TypeKind::Int); }
  static Type string_() { return simple(TypeKind::String); }
  static Type bool_() { return simple(TypeKind::Bool); }
  static Type any() { return simple(TypeKind::Any); }
  static Type invalid() { return simple(TypeKind::Invalid); }
  static Type map(Type k, Type v);
  static Type chan(Type elem, ChanDir dir = ChanDir::Both);
  static Type func(std::vector<Type> params, std::vector<Type> results);
  /** The type of a call returning `results`: the single result itself, or a Tuple. */
  static Type tuple(std::vector<Type> results);

  bool is(TypeKind k) const { return kind == k; }
  /** True for Mutex, RWMutex, WaitGroup and the atomics: values that must not be copied. */
  bool is_sync() const;
  /** True for types whose zero value is nil: Map, Chan, Func, Any. */
  bool is_nilable() const;
  /** Deep structural equality (Go's type identity for these types). */
  bool operator==(const Type& o) const;
};

/** Go spelling: `map[string]int`, `chan<- int`, `func(int) (int, bool)`, `sync.Mutex`. */
std::string to_string(const Type& t);

/** Go's reflect.Type.String of `t`, which fmt's %T prints: as to_string, but `struct {}`,
 *  `interface {}`, and a bidirectional channel of receive-only channels in parentheses
 *  (`chan (<-chan int)`), as the runtime's type names are spelled. */
std::string reflect_string(const Type& t);

}  // namespace mapcheck::specs
