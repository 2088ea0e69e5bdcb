// Go's fmt formatting: operand spacing rules of Print/Println, Printf verbs and flags, maps,
// time.Duration's String method. Mirrors fmt/print.go (printArg, handleMethods, printValue) and
// fmt/format.go (fmtInteger, fmtUnicode) of Go 1.23.
#include "model/go_format.h"

#include <algorithm>
#include <cstdint>
#include <stdexcept>

#include <fmt/format.h>

namespace mapcheck::model {

namespace {

bool is_string(const GoValue& v) {
  return v.is_basic() && v.basic().kind() == ValueKind::string_;
}

/** The static type that prints through a String method (fmt's Stringer). */
constexpr std::string_view duration_type = "time.Duration";

/** Go's %T of an operand: its static type, else its value's dynamic type. */
std::string type_name(const FmtArg& a, const MapLookup& maps) {
  if (!a.type.empty()) return std::string(a.type);
  const GoValue& v = a.value;
  if (v.is_basic()) return std::string(kind_name(v.basic().kind()));
  if (const auto* m = std::get_if<MapRef>(&v.v)) {
    if (!m->id) return "map";  // SIMPLIFIED: a nil map in an `any` has lost its type (FmtArg)
    const auto [key, elem] = maps.kinds(*m->id);
    return fmt::format("map[{}]{}", kind_name(key), kind_name(elem));
  }
  if (std::holds_alternative<FuncRef>(v.v)) return "func()";
  if (std::holds_alternative<NilValue>(v.v)) return "<nil>";
  if (std::holds_alternative<ErrorValue>(v.v)) return "runtime.Error";
  if (std::holds_alternative<UnitValue>(v.v)) return "struct {}";
  if (std::holds_alternative<SyncRef>(v.v)) return "chan";
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

/** strconv.IsPrint. SIMPLIFIED: every valid non-ASCII rune counts as printable (Go consults
 *  its Unicode tables). */
bool is_print(std::uint64_t r) {
  return r >= 0x20 && r != 0x7F && r <= 0x10FFFF && !(r >= 0xD800 && r <= 0xDFFF);
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
  } else if (!is_print(r)) {
    out += fmt::format("\\x{:02x}", r);
  } else {
    append_rune(out, r);
  }
}

/** time.go's fmtFrac: puts the fraction of v / 10^prec (".25") in front of `out`, without
 *  trailing zeros, and without the point if the fraction is zero; returns v / 10^prec. */
std::uint64_t prepend_fraction(std::string& out, std::uint64_t v, int prec) {
  std::string digits;
  bool print = false;
  for (int i = 0; i < prec; ++i) {
    const auto digit = static_cast<char>('0' + v % 10);
    print = print || digit != '0';
    if (print) digits.insert(digits.begin(), digit);
    v /= 10;
  }
  if (print) out.insert(0, "." + digits);
  return v;
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

/** fmt/format.go's U+hhhh form (fmtUnicode): at least four hex digits (more with a larger
 *  precision); %#U adds the rune quoted if it is printable. */
std::string format_unicode(std::int64_t i, std::optional<std::size_t> precision, bool sharp) {
  const auto u = static_cast<std::uint64_t>(i);
  std::string s = fmt::format("U+{:0{}X}", u, std::max<std::size_t>(4, precision.value_or(0)));
  if (sharp && is_print(u)) {
    s += " '";
    append_rune(s, static_cast<std::uint32_t>(u));
    s += "'";
  }
  return s;
}

/** The flags, width and precision of one verb. For %v, doPrintf moves `#` to sharpV (Go
 *  syntax) and `+` to plusV (field names), so neither acts as a number flag there. */
struct Spec {
  bool minus = false;
  bool plus = false;
  bool zero = false;
  bool space = false;
  bool sharp = false;
  bool sharpV = false;
  bool plusV = false;
  /** Printing the operand of a bad verb: handleMethods calls no String() then. */
  bool erroring = false;
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

/** fmt's verbs under which handleMethods prints an error's Error() or a Stringer's String(). */
bool string_verb(char verb) {
  return verb == 'v' || verb == 's' || verb == 'x' || verb == 'X' || verb == 'q';
}

class Formatter {
 public:
  explicit Formatter(const MapLookup& maps) : maps_(maps) {}

  /** One operand under `verb`; nullopt if the verb does not apply to its type. */
  std::optional<std::string> value(const FmtArg& a, char verb, const Spec& sp) {
    if (verb == 'T') return type_name(a, maps_);
    const GoValue& v = a.value;
    if (a.type == duration_type && v.is_basic()) return duration(v.basic(), verb, sp);
    if (v.is_basic()) return basic(v.basic(), verb, sp);
    if (const auto* m = std::get_if<MapRef>(&v.v)) return map(a, *m, verb, sp);
    if (std::holds_alternative<NilValue>(v.v)) {
      // printArg: a nil operand prints only under %v (and %T); %s of nil is a bad verb.
      if (verb == 'v') return std::string("<nil>");
      return std::nullopt;
    }
    if (const auto* e = std::get_if<ErrorValue>(&v.v)) {
      if (string_verb(verb)) return basic(Value::of_string(e->message), verb, plain(sp));
      return std::nullopt;
    }
    if (std::holds_alternative<UnitValue>(v.v)) {
      if (verb == 'v') return std::string(sp.sharpV ? "struct {}{}" : "{}");
      return std::nullopt;
    }
    if (const auto* f = std::get_if<FuncRef>(&v.v)) {
      // SIMPLIFIED: Go prints the code address; a spec must not depend on it.
      if (verb == 'v' || verb == 'p') return f->fn ? std::string("0x1") : std::string("<nil>");
      return std::nullopt;
    }
    return std::nullopt;
  }

  std::string bad_verb(const FmtArg& a, char verb) {
    if (std::holds_alternative<NilValue>(a.value.v)) return fmt::format("%!{}(<nil>)", verb);
    Spec erroring;
    erroring.erroring = true;
    auto s = value(a, 'v', erroring);
    return fmt::format("%!{}({}={})", verb, type_name(a, maps_), s ? *s : "?");
  }

 private:
  // handleMethods: a Stringer prints its String() under the string verbs, except for %#v
  // (which would ask for GoString, which Duration lacks) and inside a bad verb's report;
  // other verbs see the int64.
  std::optional<std::string> duration(const Value& x, char verb, const Spec& sp) {
    if (string_verb(verb) && !sp.sharpV && !sp.erroring)
      return basic(Value::of_string(go_duration_string(x.as_int())), verb, plain(sp));
    return basic(x, verb, sp);
  }

  // printValue's reflect.Map case: map[k:v ...], or with %#v Go syntax: map[K]V{k:v, ...}
  // (map[K]V(nil) for a nil map). Keys and elements get the map's verb and flags.
  std::optional<std::string> map(const FmtArg& a, const MapRef& m, char verb, const Spec& sp) {
    if (verb == 'p') return std::nullopt;
    std::string out;
    if (sp.sharpV) {
      out = type_name(a, maps_);
      if (!m.id) return out + "(nil)";
      out += '{';
    } else {
      out = "map[";
    }
    if (m.id) {
      bool first = true;
      for (const auto& [k, e] : maps_.entries(*m.id)) {
        if (!first) out += sp.sharpV ? ", " : " ";
        first = false;
        out += element(k, verb, sp);
        out += ':';
        out += element(e, verb, sp);
      }
    }
    return out + (sp.sharpV ? "}" : "]");
  }

  std::string element(const Value& x, char verb, const Spec& sp) {
    auto s = basic(x, verb, sp);
    return s ? *s : bad_verb(FmtArg{GoValue(x), {}}, verb);
  }

  // A String() or Error() result is printed as a string with the same verb and width; the
  // Go-syntax flag does not reach it (handleMethods is not called under %#v).
  static Spec plain(Spec sp) {
    sp.sharpV = false;
    return sp;
  }

 private:
  std::optional<std::string> basic(const Value& x, char verb, const Spec& sp) {
    switch (x.kind()) {
      case ValueKind::int_: {
        const std::int64_t i = x.as_int();
        std::string s;
        switch (verb) {
          case 'U':
            return format_unicode(i, sp.precision, sp.sharp);
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
        if (sp.precision && (verb == 'v' || verb == 's' || verb == 'q')) {
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
            return sp.sharpV ? go_quote(s) : s;
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

  const MapLookup& maps_;
};

bool numeric_verb(char verb) {
  return verb == 'd' || verb == 'x' || verb == 'X' || verb == 'o' || verb == 'b';
}

std::string sprintf_go(std::string_view format, std::span<const FmtArg> args,
                       const MapLookup& maps) {
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
      if (argi < args.size() && args[argi].value.is_basic() &&
          args[argi].value.basic().kind() == ValueKind::int_) {
        const std::int64_t n = args[argi++].value.basic().as_int();
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
    if (verb == 'v') {
      sp.sharpV = std::exchange(sp.sharp, false);
      sp.plusV = std::exchange(sp.plus, false);
    }
    const FmtArg& a = args[argi++];
    if (auto s = f.value(a, verb, sp)) {
      out += pad(*s, sp, numeric_verb(verb) && a.value.is_basic());
    } else {
      out += f.bad_verb(a, verb);
    }
  }
  if (argi < args.size()) {
    out += "%!(EXTRA ";
    for (std::size_t k = argi; k < args.size(); ++k) {
      if (k > argi) out += ", ";
      auto s = f.value(args[k], 'v', Spec{});
      out += fmt::format("{}={}", type_name(args[k], maps), s ? *s : "?");
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

std::string go_format_value(const FmtArg& v, const MapLookup& maps) {
  Formatter f(maps);
  auto s = f.value(v, 'v', Spec{});
  return s ? *s : f.bad_verb(v, 'v');
}

// time/time.go's Duration.String: under a second in ns, µs or ms with a fraction; from a
// second on as [h][m]s with the seconds' fraction, leading zero units left out.
std::string go_duration_string(std::int64_t nanoseconds) {
  const bool neg = nanoseconds < 0;
  std::uint64_t u = static_cast<std::uint64_t>(nanoseconds);
  if (neg) u = ~u + 1;  // the magnitude, also of the most negative value
  constexpr std::uint64_t second = 1'000'000'000;
  std::string out;
  if (u == 0) return "0s";
  if (u < second) {
    const bool ns = u < 1'000, us = !ns && u < 1'000'000;
    out = ns ? "ns" : us ? "\xc2\xb5s" : "ms";  // U+00B5 micro sign, as Go writes it
    u = prepend_fraction(out, u, ns ? 0 : us ? 3 : 6);
    out.insert(0, std::to_string(u));
  } else {
    out = "s";
    u = prepend_fraction(out, u, 9);  // u is now whole seconds
    out.insert(0, std::to_string(u % 60));
    u /= 60;  // minutes
    if (u > 0) {
      out.insert(0, std::to_string(u % 60) + "m");
      u /= 60;  // hours
      if (u > 0) out.insert(0, std::to_string(u) + "h");
    }
  }
  return neg ? "-" + out : out;
}

std::string go_sprint(FmtKind kind, std::span<const FmtArg> args, const MapLookup& maps) {
  switch (kind) {
    case FmtKind::print: {
      // Spaces are added between operands when neither is a string.
      std::string out;
      for (std::size_t i = 0; i < args.size(); ++i) {
        if (i > 0 && !is_string(args[i - 1].value) && !is_string(args[i].value)) out += ' ';
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
      if (args.empty() || !is_string(args[0].value))
        throw std::logic_error("printf without a format string");
      return sprintf_go(args[0].value.basic().as_string(), args.subspan(1), maps);
    }
  }
  throw std::logic_error("unknown FmtKind");
}

}  // namespace mapcheck::model
