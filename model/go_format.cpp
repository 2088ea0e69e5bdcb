// Go's fmt formatting: operand spacing rules of Print/Println, Printf verbs and flags, maps.
#include "model/go_format.h"

#include <cstdint>
#include <stdexcept>

#include <fmt/format.h>

namespace mapcheck::model {

namespace {

bool is_string(const GoValue& v) {
  return v.is_basic() && v.basic().kind() == ValueKind::string_;
}

/** Go's %T for what a spec can hold. */
std::string type_name(const GoValue& v) {
  if (v.is_basic()) {
    switch (v.basic().kind()) {
      case ValueKind::int_:
        return "int";
      case ValueKind::string_:
        return "string";
      case ValueKind::bool_:
        return "bool";
    }
  }
  if (std::holds_alternative<MapRef>(v.v)) return "map";
  if (std::holds_alternative<FuncRef>(v.v)) return "func()";
  if (std::holds_alternative<NilValue>(v.v)) return "<nil>";
  if (std::holds_alternative<ErrorValue>(v.v)) return "runtime.Error";
  if (std::holds_alternative<UnitValue>(v.v)) return "struct {}";
  return "?";
}

/** Decodes one UTF-8 rune at s[i]; returns its length, 0 if invalid. */
std::size_t utf8_len(std::string_view s, std::size_t i, std::uint32_t& rune) {
  const auto c = static_cast<unsigned char>(s[i]);
  std::size_t n = 0;
  if (c < 0x80) {
    rune = c;
    return 1;
  } else if ((c & 0xE0) == 0xC0) {
    n = 2;
    rune = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    n = 3;
    rune = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    n = 4;
    rune = c & 0x07;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    const auto d = static_cast<unsigned char>(s[i + k]);
    if ((d & 0xC0) != 0x80) return 0;
    rune = (rune << 6) | (d & 0x3F);
  }
  static constexpr std::uint32_t min_for_len[] = {0, 0, 0x80, 0x800, 0x10000};
  if (rune < min_for_len[n] || rune > 0x10FFFF || (rune >= 0xD800 && rune <= 0xDFFF)) return 0;
  return n;
}

void append_rune(std::string& out, std::uint32_t r) {
  if (r < 0x80) {
    out += static_cast<char>(r);
  } else if (r < 0x800) {
    out += static_cast<char>(0xC0 | (r >> 6));
    out += static_cast<char>(0x80 | (r & 0x3F));
  } else if (r < 0x10000) {
    out += static_cast<char>(0xE0 | (r >> 12));
    out += static_cast<char>(0x80 | ((r >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (r & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (r >> 18));
    out += static_cast<char>(0x80 | ((r >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((r >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (r & 0x3F));
  }
}

/** SIMPLIFIED: every non-ASCII rune counts as printable (Go consults unicode.IsPrint). */
void quote_rune_into(std::string& out, std::uint32_t r, char quote) {
  switch (r) {
    case '\a':
      out += "\\a";
      return;
    case '\b':
      out += "\\b";
      return;
    case '\f':
      out += "\\f";
      return;
    case '\n':
      out += "\\n";
      return;
    case '\r':
      out += "\\r";
      return;
    case '\t':
      out += "\\t";
      return;
    case '\v':
      out += "\\v";
      return;
    case '\\':
      out += "\\\\";
      return;
    default:
      break;
  }
  if (r == static_cast<std::uint32_t>(quote)) {
    out += '\\';
    out += quote;
  } else if (r < 0x20 || r == 0x7F) {
    out += fmt::format("\\x{:02x}", r);
  } else {
    append_rune(out, r);
  }
}

std::string format_int(std::int64_t i, char verb) {
  const bool neg = i < 0;
  const std::uint64_t mag =
      neg ? ~static_cast<std::uint64_t>(i) + 1 : static_cast<std::uint64_t>(i);
  std::string digits;
  switch (verb) {
    case 'x':
      digits = fmt::format("{:x}", mag);
      break;
    case 'X':
      digits = fmt::format("{:X}", mag);
      break;
    case 'o':
      digits = fmt::format("{:o}", mag);
      break;
    case 'b':
      digits = fmt::format("{:b}", mag);
      break;
    default:
      digits = fmt::format("{}", mag);
      break;
  }
  return neg ? "-" + digits : digits;
}

struct Spec {
  bool minus = false;
  bool plus = false;
  bool zero = false;
  bool space = false;
  bool sharp = false;
  std::optional<std::size_t> width;
  std::optional<std::size_t> precision;
};

std::size_t rune_count(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size();) {
    std::uint32_t r = 0;
    const std::size_t k = utf8_len(s, i, r);
    i += k == 0 ? 1 : k;
    ++n;
  }
  return n;
}

std::string pad(std::string body, const Spec& sp, bool numeric) {
  if (!sp.width) return body;
  const std::size_t len = rune_count(body);
  if (len >= *sp.width) return body;
  const std::size_t fill = *sp.width - len;
  if (sp.minus) return body + std::string(fill, ' ');
  if (sp.zero && numeric) {
    // Zero padding goes after the sign.
    std::size_t at =
        (!body.empty() && (body[0] == '-' || body[0] == '+' || body[0] == ' ')) ? 1 : 0;
    return body.substr(0, at) + std::string(fill, '0') + body.substr(at);
  }
  return std::string(fill, ' ') + body;
}

class Formatter {
 public:
  explicit Formatter(const MapEntriesFn& maps) : maps_(maps) {}

  /** One value under `verb`; nullopt if the verb does not apply to its type. */
  std::optional<std::string> value(const GoValue& v, char verb, const Spec& sp) {
    if (verb == 'T') return type_name(v);
    if (v.is_basic()) return basic(v.basic(), verb, sp);
    if (const auto* m = std::get_if<MapRef>(&v.v)) {
      if (verb == 'p') return std::nullopt;
      std::string out = "map[";
      if (m->id) {
        bool first = true;
        for (const auto& [k, e] : maps_(*m->id)) {
          if (!first) out += ' ';
          first = false;
          auto ks = basic(k, verb, sp);
          auto es = basic(e, verb, sp);
          out += ks ? *ks : bad_verb(GoValue(k), verb);
          out += ':';
          out += es ? *es : bad_verb(GoValue(e), verb);
        }
      }
      return out + "]";
    }
    if (std::holds_alternative<NilValue>(v.v)) {
      if (verb == 'v' || verb == 's') return std::string("<nil>");
      return std::nullopt;
    }
    if (const auto* e = std::get_if<ErrorValue>(&v.v)) {
      if (verb == 'v' || verb == 's') return e->message;
      if (verb == 'q') return go_quote(e->message);
      return std::nullopt;
    }
    if (std::holds_alternative<UnitValue>(v.v)) {
      if (verb == 'v') return std::string("{}");
      return std::nullopt;
    }
    if (const auto* f = std::get_if<FuncRef>(&v.v)) {
      // SIMPLIFIED: Go prints the code address; a spec must not depend on it.
      if (verb == 'v' || verb == 'p') return f->fn ? std::string("0x1") : std::string("<nil>");
      return std::nullopt;
    }
    return std::nullopt;
  }

  std::string bad_verb(const GoValue& v, char verb) {
    if (std::holds_alternative<NilValue>(v.v)) return fmt::format("%!{}(<nil>)", verb);
    Spec plain;
    auto s = value(v, 'v', plain);
    return fmt::format("%!{}({}={})", verb, type_name(v), s ? *s : "?");
  }

 private:
  std::optional<std::string> basic(const Value& x, char verb, const Spec& sp) {
    switch (x.kind()) {
      case ValueKind::int_: {
        const std::int64_t i = x.as_int();
        std::string s;
        switch (verb) {
          case 'v':
          case 'd':
          case 'x':
          case 'X':
          case 'o':
          case 'b':
            s = format_int(i, verb);
            if (sp.sharp && (verb == 'x' || verb == 'X')) {
              const std::size_t at = i < 0 ? 1 : 0;
              s.insert(at, verb == 'x' ? "0x" : "0X");
            }
            break;
          case 'c':
            append_rune(s, static_cast<std::uint32_t>(i));
            break;
          case 'q':
            s = "'";
            quote_rune_into(s, static_cast<std::uint32_t>(i), '\'');
            s += "'";
            return s;
          default:
            return std::nullopt;
        }
        if (i >= 0 && verb != 'c') {
          if (sp.plus)
            s = "+" + s;
          else if (sp.space)
            s = " " + s;
        }
        return s;
      }
      case ValueKind::string_: {
        std::string s = x.as_string();
        if (sp.precision && (verb == 'v' || verb == 's')) {
          std::size_t i = 0, n = 0;
          while (i < s.size() && n < *sp.precision) {
            std::uint32_t r = 0;
            const std::size_t k = utf8_len(s, i, r);
            i += k == 0 ? 1 : k;
            ++n;
          }
          s.resize(i);
        }
        switch (verb) {
          case 'v':
          case 's':
            return s;
          case 'q':
            return go_quote(s);
          case 'x':
          case 'X': {
            std::string out;
            for (char c : s)
              out += verb == 'x' ? fmt::format("{:02x}", static_cast<unsigned char>(c))
                                 : fmt::format("{:02X}", static_cast<unsigned char>(c));
            return out;
          }
          default:
            return std::nullopt;
        }
      }
      case ValueKind::bool_:
        if (verb == 'v' || verb == 't') return std::string(x.as_bool() ? "true" : "false");
        return std::nullopt;
    }
    return std::nullopt;
  }

  const MapEntriesFn& maps_;
};

bool numeric_verb(char verb) {
  return verb == 'd' || verb == 'x' || verb == 'X' || verb == 'o' || verb == 'b';
}

std::string sprintf_go(std::string_view format, std::span<const GoValue> args,
                       const MapEntriesFn& maps) {
  Formatter f(maps);
  std::string out;
  std::size_t argi = 0;
  for (std::size_t i = 0; i < format.size();) {
    const char c = format[i];
    if (c != '%') {
      out += c;
      ++i;
      continue;
    }
    ++i;
    Spec sp;
    for (; i < format.size(); ++i) {
      const char fl = format[i];
      if (fl == '-')
        sp.minus = true;
      else if (fl == '+')
        sp.plus = true;
      else if (fl == '0')
        sp.zero = true;
      else if (fl == ' ')
        sp.space = true;
      else if (fl == '#')
        sp.sharp = true;
      else
        break;
    }
    auto read_num = [&]() -> std::optional<std::size_t> {
      std::optional<std::size_t> n;
      while (i < format.size() && format[i] >= '0' && format[i] <= '9') {
        n = n.value_or(0) * 10 + static_cast<std::size_t>(format[i] - '0');
        ++i;
      }
      return n;
    };
    auto star = [&]() -> std::optional<std::size_t> {
      // `*` takes the width/precision from the next int argument.
      ++i;
      if (argi < args.size() && args[argi].is_basic() &&
          args[argi].basic().kind() == ValueKind::int_) {
        const std::int64_t n = args[argi++].basic().as_int();
        if (n < 0) {
          sp.minus = true;
          return static_cast<std::size_t>(-n);
        }
        return static_cast<std::size_t>(n);
      }
      ++argi;
      out += "%!(BADWIDTH)";
      return std::nullopt;
    };
    if (i < format.size() && format[i] == '*')
      sp.width = star();
    else
      sp.width = read_num();
    if (i < format.size() && format[i] == '.') {
      ++i;
      if (i < format.size() && format[i] == '*')
        sp.precision = star();
      else
        sp.precision = read_num().value_or(0);
    }
    if (i >= format.size()) {
      out += "%!(NOVERB)";
      break;
    }
    std::uint32_t verb_rune = 0;
    std::size_t vlen = utf8_len(format, i, verb_rune);
    if (vlen == 0) vlen = 1;
    const char verb = format[i];
    i += vlen;
    if (verb == '%') {
      out += '%';
      continue;
    }
    if (argi >= args.size()) {
      out += fmt::format("%!{}(MISSING)", format.substr(i - vlen, vlen));
      continue;
    }
    const GoValue& a = args[argi++];
    if (auto s = f.value(a, verb, sp)) {
      out += pad(*s, sp, numeric_verb(verb) && a.is_basic());
    } else {
      out += f.bad_verb(a, verb);
    }
  }
  if (argi < args.size()) {
    out += "%!(EXTRA ";
    for (std::size_t k = argi; k < args.size(); ++k) {
      if (k > argi) out += ", ";
      Spec plain;
      auto s = f.value(args[k], 'v', plain);
      out += fmt::format("{}={}", type_name(args[k]), s ? *s : "?");
    }
    out += ")";
  }
  return out;
}

}  // namespace

std::string go_quote(std::string_view s) {
  std::string out = "\"";
  for (std::size_t i = 0; i < s.size();) {
    std::uint32_t r = 0;
    const std::size_t k = utf8_len(s, i, r);
    if (k == 0) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned char>(s[i]));
      ++i;
      continue;
    }
    quote_rune_into(out, r, '"');
    i += k;
  }
  return out + "\"";
}

std::string go_format_value(const GoValue& v, const MapEntriesFn& maps) {
  Formatter f(maps);
  Spec plain;
  auto s = f.value(v, 'v', plain);
  return s ? *s : f.bad_verb(v, 'v');
}

std::string go_sprint(FmtKind kind, std::span<const GoValue> args, const MapEntriesFn& maps) {
  switch (kind) {
    case FmtKind::print: {
      // Spaces are added between operands when neither is a string.
      std::string out;
      for (std::size_t i = 0; i < args.size(); ++i) {
        if (i > 0 && !is_string(args[i - 1]) && !is_string(args[i])) out += ' ';
        out += go_format_value(args[i], maps);
      }
      return out;
    }
    case FmtKind::println: {
      std::string out;
      for (std::size_t i = 0; i < args.size(); ++i) {
        if (i > 0) out += ' ';
        out += go_format_value(args[i], maps);
      }
      return out + "\n";
    }
    case FmtKind::printf: {
      if (args.empty() || !is_string(args[0]))
        throw std::logic_error("printf without a format string");
      return sprintf_go(args[0].basic().as_string(), args.subspan(1), maps);
    }
  }
  throw std::logic_error("unknown FmtKind");
}

}  // namespace mapcheck::model
