// Value: a Go value of kind int, string or bool, as stored in map cells and produced by map
// operations. Keys are Values of kind int or string (`Key`); bool keys never reach a map.
// Declares only the value type, its canonical encoding and its Go-style formatting.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "model/encoding.h"

namespace mapcheck::model {

/** The kinds of Go values the model knows. Map keys are int_ or string_ only. */
enum class ValueKind : std::uint8_t { int_, string_, bool_ };

/** Go's name of the kind ("int", "string", "bool"). */
std::string_view kind_name(ValueKind k);

/** A Go value. Invariant: the payload not used by kind() is zero (int_ and bool_ keep their
 *  payload in the integer, string_ in the string), so the defaulted <=> and == are value
 *  equality and the encoding is canonical. A default-constructed Value is int 0. */
class Value {
 public:
  Value() = default;
  Value(const Value&) = default;
  Value(Value&&) noexcept = default;
  Value& operator=(Value&&) noexcept = default;
  /** As the default, but an int or bool over an int or bool does not go through
   *  std::string's assignment (restoring a world copies many). */
  Value& operator=(const Value& o) {
    kind_ = o.kind_;
    int_ = o.int_;
    if (!(str_.empty() && o.str_.empty())) str_ = o.str_;
    return *this;
  }

  static Value of_int(std::int64_t v) { return Value(ValueKind::int_, v, {}); }
  static Value of_string(std::string v) { return Value(ValueKind::string_, 0, std::move(v)); }
  static Value of_bool(bool v) { return Value(ValueKind::bool_, v ? 1 : 0, {}); }
  /** Go's zero value of the kind: 0, "" or false. */
  static Value zero(ValueKind k) { return Value(k, 0, {}); }

  ValueKind kind() const { return kind_; }
  /** The int payload; calling it on another kind is an internal bug (std::logic_error). */
  std::int64_t as_int() const;
  /** The string payload; std::logic_error on another kind. */
  const std::string& as_string() const;
  /** The bool payload; std::logic_error on another kind. */
  bool as_bool() const;

  auto operator<=>(const Value&) const = default;
  bool operator==(const Value&) const = default;

  void encode(Encoder& e) const;
  static Value decode(Decoder& d);
  /** True if this is the zero value of kind `k` (Value::zero(k)), without making one. */
  bool is_zero(ValueKind k) const { return kind_ == k && int_ == 0 && str_.empty(); }
  /** `*this = zero(k)`, in place. */
  void assign_zero(ValueKind k) {
    kind_ = k;
    int_ = 0;
    str_.clear();
  }
  /** As `v = decode(d)`, in place: no temporary, and a string keeps its buffer. Decoding a
   *  state writes every cell of every changed map this way. */
  static void decode_into(Decoder& d, Value& v);
  /** As decode_into, for an optional value written as a presence flag, then the value. */
  static void decode_into(Decoder& d, std::optional<Value>& v);

 private:
  Value(ValueKind k, std::int64_t i, std::string s) : kind_(k), int_(i), str_(std::move(s)) {}

  ValueKind kind_ = ValueKind::int_;
  std::int64_t int_ = 0;
  std::string str_;
};

/** A map key: a Value of kind int_ or string_. */
using Key = Value;

/** The value as fmt.Println prints it: 42, hello, true (strings unquoted). */
std::string format_value(const Value& v);
/** The value as a Go literal: 42, "hello" (quoted with Go escapes), true. */
std::string go_literal(const Value& v);

}  // namespace mapcheck::model

/** Formats a Value as fmt.Println would ({} ) or as a Go literal ({:q}). */
template <>
struct fmt::formatter<mapcheck::model::Value> {
  bool literal_ = false;
  constexpr auto parse(fmt::format_parse_context& ctx) {
    auto it = ctx.begin();
    if (it != ctx.end() && *it == 'q') {
      literal_ = true;
      ++it;
    }
    return it;
  }
  auto format(const mapcheck::model::Value& v, fmt::format_context& ctx) const {
    const std::string s =
        literal_ ? mapcheck::model::go_literal(v) : mapcheck::model::format_value(v);
    return fmt::format_to(ctx.out(), "{}", s);
  }
};
