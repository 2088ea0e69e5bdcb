// Value: accessors, canonical encoding and Go-style formatting.
#include "model/value.h"

#include <stdexcept>

namespace mapcheck::model {

std::string_view kind_name(ValueKind k) {
  switch (k) {
    case ValueKind::int_:
      return "int";
    case ValueKind::string_:
      return "string";
    case ValueKind::bool_:
      return "bool";
  }
  throw std::logic_error("kind_name: bad ValueKind");
}

std::int64_t Value::as_int() const {
  if (kind_ != ValueKind::int_) throw std::logic_error("Value::as_int on a non-int value");
  return int_;
}

const std::string& Value::as_string() const {
  if (kind_ != ValueKind::string_) throw std::logic_error("Value::as_string on a non-string value");
  return str_;
}

bool Value::as_bool() const {
  if (kind_ != ValueKind::bool_) throw std::logic_error("Value::as_bool on a non-bool value");
  return int_ != 0;
}

void Value::encode(Encoder& e) const {
  e.u8(static_cast<std::uint8_t>(kind_));
  switch (kind_) {
    case ValueKind::int_:
      e.i64(int_);
      break;
    case ValueKind::string_:
      e.str(str_);
      break;
    case ValueKind::bool_:
      e.boolean(int_ != 0);
      break;
  }
}

Value Value::decode(Decoder& d) {
  Value v;
  decode_into(d, v);
  return v;
}

void Value::decode_into(Decoder& d, Value& v) {
  const auto k = d.u8();
  switch (k) {
    case static_cast<std::uint8_t>(ValueKind::int_):
      v.kind_ = ValueKind::int_;
      v.int_ = d.i64();
      v.str_.clear();
      return;
    case static_cast<std::uint8_t>(ValueKind::string_):
      v.kind_ = ValueKind::string_;
      v.int_ = 0;
      v.str_ = d.str();
      return;
    case static_cast<std::uint8_t>(ValueKind::bool_):
      v.kind_ = ValueKind::bool_;
      v.int_ = d.boolean() ? 1 : 0;
      v.str_.clear();
      return;
    default:
      throw std::logic_error("Value::decode: bad kind byte");
  }
}

void Value::decode_into(Decoder& d, std::optional<Value>& v) {
  if (!d.boolean()) {
    v.reset();
    return;
  }
  if (!v) v.emplace();
  decode_into(d, *v);
}

std::string format_value(const Value& v) {
  switch (v.kind()) {
    case ValueKind::int_:
      return std::to_string(v.as_int());
    case ValueKind::string_:
      return v.as_string();
    case ValueKind::bool_:
      return v.as_bool() ? "true" : "false";
  }
  throw std::logic_error("format_value: bad ValueKind");
}

std::string go_literal(const Value& v) {
  if (v.kind() != ValueKind::string_) return format_value(v);
  std::string out = "\"";
  for (const unsigned char c : v.as_string()) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (c < 0x20 || c == 0x7f)
          out += fmt::format("\\x{:02x}", c);
        else
          out += static_cast<char>(c);
    }
  }
  out += '"';
  return out;
}

}  // namespace mapcheck::model
