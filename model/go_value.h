// GoValue: a value of the spec language as the interpreter holds it in registers, globals,
// cells and deferred-call arguments: a basic Value (int, string, bool), a map reference,
// a func value (closure), a cell reference, nil (interface), a runtime error, struct{}{}, or a
// reference to a sync object or channel (SyncRef, model/sync_id.h).
// Encoding lives in world.cpp: map and cell references are renumbered canonically there.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "model/ids.h"
#include "model/sync_id.h"
#include "model/value.h"

namespace mapcheck::model {

/** A map value: nil (no id) or a reference to a map in World::maps. */
struct MapRef {
  std::optional<MapId> id;
  auto operator<=>(const MapRef&) const = default;
};

/** A func value: nil (no fn), or a function with the cells it captured (by reference), which
 *  are passed as its first num_captures parameters. */
struct FuncRef {
  std::optional<FuncId> fn;
  std::vector<CellId> captures;
  auto operator<=>(const FuncRef&) const = default;
};

/** A reference to a heap cell (a captured variable). Only lowering-made registers hold one. */
struct CellRef {
  CellId id;
  auto operator<=>(const CellRef&) const = default;
};

/** The nil interface value (zero value of `any`; recover() with no panic). */
struct NilValue {
  auto operator<=>(const NilValue&) const = default;
};

/** A runtime error (runtime.Error) as panic carries it and recover() returns it; `message` is
 *  its Error() text, e.g. "runtime error: integer divide by zero",
 *  "assignment to entry in nil map". */
struct ErrorValue {
  std::string message;
  auto operator<=>(const ErrorValue&) const = default;
};

/** `struct{}{}`. */
struct UnitValue {
  auto operator<=>(const UnitValue&) const = default;
};

/** One spec value. An `any` holding an int is just the int: the alternative is the dynamic
 *  type. */
struct GoValue {
  std::variant<Value, MapRef, FuncRef, CellRef, NilValue, ErrorValue, UnitValue, SyncRef> v;

  GoValue() : v(Value::of_int(0)) {}
  GoValue(Value x) : v(std::move(x)) {}  // NOLINT: implicit on purpose
  GoValue(MapRef x) : v(std::move(x)) {}
  GoValue(FuncRef x) : v(std::move(x)) {}
  GoValue(CellRef x) : v(x) {}
  GoValue(NilValue x) : v(x) {}
  GoValue(ErrorValue x) : v(std::move(x)) {}
  GoValue(UnitValue x) : v(x) {}
  GoValue(SyncRef x) : v(x) {}

  static GoValue of_int(std::int64_t i) { return Value::of_int(i); }
  static GoValue of_string(std::string s) { return Value::of_string(std::move(s)); }
  static GoValue of_bool(bool b) { return Value::of_bool(b); }

  bool is_basic() const { return std::holds_alternative<Value>(v); }
  const Value& basic() const { return std::get<Value>(v); }
  const MapRef& map() const { return std::get<MapRef>(v); }
  const FuncRef& func() const { return std::get<FuncRef>(v); }
  CellId cell() const { return std::get<CellRef>(v).id; }
  const SyncRef& sync() const { return std::get<SyncRef>(v); }

  /** Value equality; two basic values (nearly every register) are compared directly, not
   *  through std::variant's visit. */
  bool operator==(const GoValue& o) const {
    const Value* a = std::get_if<Value>(&v);
    const Value* b = std::get_if<Value>(&o.v);
    if (a != nullptr && b != nullptr) return *a == *b;
    return v == o.v;
  }
};

}  // namespace mapcheck::model
