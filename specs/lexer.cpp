// Go lexer for specs: tokens, semicolon insertion, literals with Go escapes, comments.
#include "specs/lexer.h"

#include <array>
#include <cctype>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>

namespace mapcheck::specs {

std::string_view tok_spelling(Tok t) {
  switch (t) {
#define MAPCHECK_X(e, s) \
  case Tok::e:           \
    return s;
    MAPCHECK_SPEC_TOKENS(MAPCHECK_X)
#undef MAPCHECK_X
  }
  throw std::logic_error("bad Tok");
}

namespace {

constexpr std::array<std::pair<std::string_view, Tok>, 25> kKeywords{{
    {"break", Tok::Break},
    {"case", Tok::Case},
    {"chan", Tok::Chan},
    {"const", Tok::Const},
    {"continue", Tok::Continue},
    {"default", Tok::Default},
    {"defer", Tok::Defer},
    {"else", Tok::Else},
    {"fallthrough", Tok::Fallthrough},
    {"for", Tok::For},
    {"func", Tok::Func},
    {"go", Tok::Go},
    {"goto", Tok::Goto},
    {"if", Tok::If},
    {"import", Tok::Import},
    {"interface", Tok::Interface},
    {"map", Tok::Map},
    {"package", Tok::Package},
    {"range", Tok::Range},
    {"return", Tok::Return},
    {"select", Tok::Select},
    {"struct", Tok::Struct},
    {"switch", Tok::Switch},
    {"type", Tok::Type},
    {"var", Tok::Var},
}};

// Operators, longest first so that maximal munch falls out of a linear scan.
constexpr std::array<std::pair<std::string_view, Tok>, 48> kOperators{{
    {"<<=", Tok::ShlAssign}, {">>=", Tok::ShrAssign}, {"&^=", Tok::AndNotAssign},
    {"...", Tok::Ellipsis},  {"+=", Tok::AddAssign},  {"-=", Tok::SubAssign},
    {"*=", Tok::MulAssign},  {"/=", Tok::QuoAssign},  {"%=", Tok::RemAssign},
    {"&=", Tok::AndAssign},  {"|=", Tok::OrAssign},   {"^=", Tok::XorAssign},
    {"<<", Tok::Shl},        {">>", Tok::Shr},        {"&^", Tok::AndNot},
    {"&&", Tok::LogAnd},     {"||", Tok::LogOr},      {"<-", Tok::Arrow},
    {"++", Tok::Inc},        {"--", Tok::Dec},        {"==", Tok::Eql},
    {"!=", Tok::Neq},        {"<=", Tok::Leq},        {">=", Tok::Geq},
    {":=", Tok::Define},     {"+", Tok::Add},         {"-", Tok::Sub},
    {"*", Tok::Mul},         {"/", Tok::Quo},         {"%", Tok::Rem},
    {"&", Tok::And},         {"|", Tok::Or},          {"^", Tok::Xor},
    {"<", Tok::Lss},         {">", Tok::Gtr},         {"=", Tok::Assign},
    {"!", Tok::Not},         {"~", Tok::Tilde},       {"(", Tok::LParen},
    {"[", Tok::LBrack},      {"{", Tok::LBrace},      {",", Tok::Comma},
    {".", Tok::Period},      {")", Tok::RParen},      {"]", Tok::RBrack},
    {"}", Tok::RBrace},      {";", Tok::Semicolon},   {":", Tok::Colon},
}};

bool is_letter(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

int digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return 99;
}

void append_utf8(std::string& out, std::uint32_t r) {
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

class Lexer {
 public:
  Lexer(std::string_view path, std::string_view src) : path_(path), src_(src) {}

  LexResult run() {
    while (true) {
      skip_space_and_comments();
      if (pos_ >= src_.size()) {
        if (needs_semi()) push(Tok::Semicolon, here(), "EOF");
        push(Tok::Eof, here(), "");
        break;
      }
      scan_token();
    }
    return std::move(out_);
  }

 private:
  Loc here() const {
    return Loc{std::string(path_), line_, static_cast<std::uint32_t>(pos_ - line_start_ + 1)};
  }
  Loc at(std::size_t pos) const {
    return Loc{std::string(path_), line_, static_cast<std::uint32_t>(pos - line_start_ + 1)};
  }
  char peek(std::size_t k = 0) const { return pos_ + k < src_.size() ? src_[pos_ + k] : '\0'; }

  void error(Loc loc, std::string msg) {
    out_.diagnostics.push_back({std::move(loc), std::move(msg), {}});
  }

  Token& push(Tok kind, Loc loc, std::string text) {
    Token t;
    t.kind = kind;
    t.loc = std::move(loc);
    t.text = std::move(text);
    out_.tokens.push_back(std::move(t));
    return out_.tokens.back();
  }

  // Go spec "Semicolons": after a line's final token if it is an identifier, a literal, one
  // of break continue fallthrough return, or one of ++ -- ) ] }.
  bool needs_semi() const {
    if (out_.tokens.empty()) return false;
    switch (out_.tokens.back().kind) {
      case Tok::Ident:
      case Tok::Int:
      case Tok::Float:
      case Tok::Imag:
      case Tok::Char:
      case Tok::String:
      case Tok::Break:
      case Tok::Continue:
      case Tok::Fallthrough:
      case Tok::Return:
      case Tok::Inc:
      case Tok::Dec:
      case Tok::RParen:
      case Tok::RBrack:
      case Tok::RBrace:
        return true;
      default:
        return false;
    }
  }

  void newline() {
    if (needs_semi()) push(Tok::Semicolon, here(), "newline");
    ++pos_;
    ++line_;
    line_start_ = pos_;
  }

  void skip_space_and_comments() {
    while (pos_ < src_.size()) {
      char c = src_[pos_];
      if (c == '\n') {
        newline();
      } else if (c == ' ' || c == '\t' || c == '\r') {
        ++pos_;
      } else if (c == '/' && peek(1) == '/') {
        std::size_t end = src_.find('\n', pos_);
        if (end == std::string_view::npos) end = src_.size();
        out_.comments.push_back({here(), std::string(src_.substr(pos_, end - pos_))});
        pos_ = end;
      } else if (c == '/' && peek(1) == '*') {
        Loc start = here();
        std::size_t end = src_.find("*/", pos_ + 2);
        if (end == std::string_view::npos) {
          error(start, "comment not terminated");
          end = src_.size();
        } else {
          end += 2;
        }
        std::string text(src_.substr(pos_, end - pos_));
        bool had_newline = false;
        while (pos_ < end) {
          if (src_[pos_] == '\n') {
            had_newline = true;
            ++line_;
            line_start_ = pos_ + 1;
          }
          ++pos_;
        }
        out_.comments.push_back({start, std::move(text)});
        // A general comment containing newlines acts like a newline.
        if (had_newline && needs_semi()) push(Tok::Semicolon, start, "newline");
      } else {
        return;
      }
    }
  }

  void scan_token() {
    char c = src_[pos_];
    Loc loc = here();
    if (is_letter(c)) {
      std::size_t start = pos_;
      while (pos_ < src_.size() && (is_letter(src_[pos_]) || is_digit(src_[pos_])))
        ++pos_;
      std::string word(src_.substr(start, pos_ - start));
      Tok kind = Tok::Ident;
      for (const auto& [kw, tok] : kKeywords)
        if (kw == word) kind = tok;
      push(kind, loc, std::move(word));
      return;
    }
    if (static_cast<unsigned char>(c) >= 0x80) {
      error(loc, "unsupported: non-ASCII character in source outside literals and comments");
      ++pos_;
      while (pos_ < src_.size() && (static_cast<unsigned char>(src_[pos_]) & 0xC0) == 0x80)
        ++pos_;
      return;
    }
    if (is_digit(c) || (c == '.' && is_digit(peek(1)))) {
      scan_number(loc);
      return;
    }
    if (c == '"') {
      scan_string(loc);
      return;
    }
    if (c == '`') {
      scan_raw_string(loc);
      return;
    }
    if (c == '\'') {
      scan_char(loc);
      return;
    }
    for (const auto& [op, tok] : kOperators) {
      if (src_.substr(pos_, op.size()) == op) {
        pos_ += op.size();
        push(tok, loc, std::string(op));
        return;
      }
    }
    error(loc, fmt::format("invalid character U+{:04X} '{}'", static_cast<unsigned>(c), c));
    ++pos_;
  }

  void scan_number(const Loc& loc) {
    std::size_t start = pos_;
    int base = 10;
    bool is_float = false;
    if (peek() == '0' && (peek(1) == 'x' || peek(1) == 'X')) {
      base = 16;
      pos_ += 2;
    } else if (peek() == '0' && (peek(1) == 'b' || peek(1) == 'B')) {
      base = 2;
      pos_ += 2;
    } else if (peek() == '0' && (peek(1) == 'o' || peek(1) == 'O')) {
      base = 8;
      pos_ += 2;
    } else if (peek() == '0' && pos_ + 1 < src_.size() && (is_digit(peek(1)) || peek(1) == '_')) {
      base = 8;  // legacy octal 0755
      pos_ += 1;
    }
    std::string digits;
    while (pos_ < src_.size()) {
      char d = src_[pos_];
      if (d == '_') {
        ++pos_;
      } else if (std::isalnum(static_cast<unsigned char>(d))) {
        if (base == 10 && (d == 'e' || d == 'E')) {
          is_float = true;
          ++pos_;
          if (peek() == '+' || peek() == '-') ++pos_;
        } else if (d == 'i') {
          ++pos_;
          std::string text(src_.substr(start, pos_ - start));
          push(Tok::Imag, loc, std::move(text));
          return;
        } else {
          digits += d;
          ++pos_;
        }
      } else if (d == '.' && base == 10) {
        is_float = true;
        ++pos_;
      } else {
        break;
      }
    }
    std::string text(src_.substr(start, pos_ - start));
    if (is_float) {
      push(Tok::Float, loc, std::move(text));
      return;
    }
    std::uint64_t v = 0;
    bool overflow = false;
    for (char d : digits) {
      int dv = digit_value(d);
      if (dv >= base) {
        error(loc, fmt::format("invalid digit '{}' in {} literal", d,
                               base == 16  ? "hexadecimal"
                               : base == 8 ? "octal"
                               : base == 2 ? "binary"
                                           : "decimal"));
        break;
      }
      if (v > (UINT64_MAX - static_cast<std::uint64_t>(dv)) / static_cast<std::uint64_t>(base))
        overflow = true;
      v = v * static_cast<std::uint64_t>(base) + static_cast<std::uint64_t>(dv);
    }
    if (digits.empty() && base != 8)
      error(loc, fmt::format("{} literal has no digits", base == 16  ? "hexadecimal"
                                                         : base == 2 ? "binary"
                                                                     : "octal"));
    if (v > static_cast<std::uint64_t>(INT64_MAX)) overflow = true;
    Token& t = push(Tok::Int, loc, std::move(text));
    t.value = overflow ? 0 : static_cast<std::int64_t>(v);
    t.overflow = overflow;
  }

  // Decodes one escape after a backslash (pos_ at the character after '\').
  // Returns false (after a diagnostic) if it is malformed.
  bool escape(char quote, std::string& out, std::uint32_t* rune_out) {
    Loc loc = at(pos_ - 1);
    char c = peek();
    auto simple = [&](char v) {
      out += v;
      if (rune_out) *rune_out = static_cast<unsigned char>(v);
      ++pos_;
      return true;
    };
    switch (c) {
      case 'a':
        return simple('\a');
      case 'b':
        return simple('\b');
      case 'f':
        return simple('\f');
      case 'n':
        return simple('\n');
      case 'r':
        return simple('\r');
      case 't':
        return simple('\t');
      case 'v':
        return simple('\v');
      case '\\':
        return simple('\\');
      default:
        break;
    }
    if (c == quote) return simple(c);
    int n = 0, base = 0;
    std::uint32_t max = 0;
    if (c >= '0' && c <= '7') {
      n = 3;
      base = 8;
      max = 255;
    } else if (c == 'x') {
      ++pos_;
      n = 2;
      base = 16;
      max = 255;
    } else if (c == 'u') {
      ++pos_;
      n = 4;
      base = 16;
      max = 0x10FFFF;
    } else if (c == 'U') {
      ++pos_;
      n = 8;
      base = 16;
      max = 0x10FFFF;
    } else {
      error(loc, "unknown escape");
      if (pos_ < src_.size() && src_[pos_] != '\n') ++pos_;
      return false;
    }
    std::uint32_t v = 0;
    for (int i = 0; i < n; ++i) {
      int d = digit_value(peek());
      if (pos_ >= src_.size() || d >= base) {
        error(loc, "invalid escape sequence");  // too few digits
        return false;
      }
      v = v * static_cast<std::uint32_t>(base) + static_cast<std::uint32_t>(d);
      ++pos_;
    }
    if (v > max || (c != 'x' && !(c >= '0' && c <= '7') && v >= 0xD800 && v < 0xE000)) {
      error(loc, "escape is invalid Unicode code point");
      return false;
    }
    if (c == 'x' || (c >= '0' && c <= '7'))
      out += static_cast<char>(v);  // a byte value
    else
      append_utf8(out, v);
    if (rune_out) *rune_out = v;
    return true;
  }

  void scan_string(const Loc& loc) {
    std::size_t start = pos_;
    ++pos_;
    std::string value;
    while (true) {
      if (pos_ >= src_.size() || src_[pos_] == '\n') {
        error(loc, "string literal not terminated");
        break;
      }
      char c = src_[pos_];
      if (c == '"') {
        ++pos_;
        break;
      }
      if (c == '\\') {
        ++pos_;
        escape('"', value, nullptr);
        continue;
      }
      value += c;
      ++pos_;
    }
    Token& t = push(Tok::String, loc, std::string(src_.substr(start, pos_ - start)));
    t.str = std::move(value);
  }

  void scan_raw_string(const Loc& loc) {
    std::size_t start = pos_;
    ++pos_;
    std::string value;
    bool closed = false;
    while (pos_ < src_.size()) {
      char c = src_[pos_++];
      if (c == '`') {
        closed = true;
        break;
      }
      if (c == '\r') continue;  // Go drops carriage returns from raw strings
      if (c == '\n') {
        ++line_;
        line_start_ = pos_;
      }
      value += c;
    }
    if (!closed) error(loc, "raw string literal not terminated");
    Token& t = push(Tok::String, loc, std::string(src_.substr(start, pos_ - start)));
    t.str = std::move(value);
  }

  void scan_char(const Loc& loc) {
    std::size_t start = pos_;
    ++pos_;
    std::uint32_t rune = 0;
    int count = 0;
    std::string scratch;
    while (true) {
      if (pos_ >= src_.size() || src_[pos_] == '\n') {
        error(loc, "rune literal not terminated");
        break;
      }
      char c = src_[pos_];
      if (c == '\'') {
        ++pos_;
        if (count != 1)
          error(loc, count == 0 ? "empty rune literal or unescaped ' in rune literal"
                                : "more than one character in rune literal");
        break;
      }
      ++count;
      if (c == '\\') {
        ++pos_;
        escape('\'', scratch, &rune);
        continue;
      }
      // Decode one UTF-8 sequence.
      unsigned char b = static_cast<unsigned char>(c);
      int len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
      rune = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
      ++pos_;
      for (int i = 1; i < len && pos_ < src_.size(); ++i, ++pos_)
        rune = (rune << 6) | (static_cast<unsigned char>(src_[pos_]) & 0x3F);
    }
    Token& t = push(Tok::Char, loc, std::string(src_.substr(start, pos_ - start)));
    t.value = rune;
  }

  std::string_view path_;
  std::string_view src_;
  std::size_t pos_ = 0;
  std::size_t line_start_ = 0;
  std::uint32_t line_ = 1;
  LexResult out_;
};

}  // namespace

LexResult lex(std::string_view path, std::string_view source) {
  return Lexer(path, source).run();
}

}  // namespace mapcheck::specs
