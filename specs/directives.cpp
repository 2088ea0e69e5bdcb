// Parsing and validation of `// mapcheck:` options and `// expect:` lines.
#include "specs/directives.h"

#include <cctype>
#include <cstdint>
#include <map>
#include <set>
#include <stdexcept>

#include <fmt/format.h>

#include "specs/expr_printer.h"
#include "specs/lexer.h"

namespace mapcheck::specs {

namespace {

Loc shifted(const Loc& base, std::size_t offset) {
  Loc l = base;
  l.col += static_cast<std::uint32_t>(offset);
  return l;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
    s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
    s.remove_suffix(1);
  return s;
}

/** Tokens of a directive text, lexed as Go; positions relative to `base`. */
std::vector<Token> lex_directive(std::string_view text, const Loc& base,
                                 std::vector<Diagnostic>& diags) {
  LexResult lr = lex(base.file, text);
  for (Diagnostic& d : lr.diagnostics) {
    d.loc = shifted(base, d.loc.col - 1);
    diags.push_back(std::move(d));
  }
  std::vector<Token> out;
  for (Token& t : lr.tokens) {
    if (t.kind == Tok::Semicolon && t.text != ";") continue;  // inserted at end of text
    t.loc = shifted(base, t.loc.col - 1);
    out.push_back(std::move(t));
  }
  return out;
}

bool parse_uint(std::string_view s, std::uint64_t& out) {
  if (s.empty()) return false;
  int base = 10;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    base = 16;
    s.remove_prefix(2);
  }
  std::uint64_t v = 0;
  for (char c : s) {
    if (c == '_') continue;
    int d = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
            : (base == 16 && std::isxdigit(static_cast<unsigned char>(c)))
                ? std::tolower(static_cast<unsigned char>(c)) - 'a' + 10
                : -1;
    if (d < 0) return false;
    if (v > (UINT64_MAX - static_cast<std::uint64_t>(d)) / static_cast<std::uint64_t>(base))
      return false;
    v = v * static_cast<std::uint64_t>(base) + static_cast<std::uint64_t>(d);
  }
  out = v;
  return true;
}

class ExpectParser {
 public:
  ExpectParser(std::vector<Token> toks, std::vector<Diagnostic>& diags, Loc end)
      : toks_(std::move(toks)), diags_(diags), end_(std::move(end)) {}

  std::optional<Expectation> run() {
    Expectation e;
    const Token& q = tok();
    if (q.kind != Tok::Ident || (q.text != "always" && q.text != "never" && q.text != "sometimes" &&
                                 q.text != "outcomes")) {
      return fail(q.loc, fmt::format("expect: want always, never, sometimes or outcomes, found {}",
                                     show(q)));
    }
    e.q = q.text == "always"      ? Quantifier::Always
          : q.text == "never"     ? Quantifier::Never
          : q.text == "sometimes" ? Quantifier::Sometimes
                                  : Quantifier::Outcomes;
    next();
    if (e.q == Quantifier::Outcomes) {
      if (tok().kind != Tok::LBrace)
        return fail(tok().loc,
                    fmt::format("expect: want {{ after outcomes, found {}", show(tok())));
      next();
      while (true) {
        auto p = pattern();
        if (!p) return std::nullopt;
        e.patterns.push_back(*p);
        if (tok().kind == Tok::Semicolon) {
          next();
          if (tok().kind == Tok::RBrace) break;  // trailing `;`
          continue;
        }
        if (tok().kind == Tok::RBrace) break;
        return fail(tok().loc,
                    fmt::format("expect: want ; or }} in outcomes, found {}", show(tok())));
      }
      next();
    } else {
      auto p = pattern();
      if (!p) return std::nullopt;
      e.patterns.push_back(*p);
    }
    if (tok().kind != Tok::Eof)
      return fail(tok().loc, fmt::format("expect: unexpected {} after the pattern", show(tok())));
    return e;
  }

 private:
  const Token& tok() const { return toks_[pos_]; }
  void next() {
    if (pos_ + 1 < toks_.size()) ++pos_;
  }
  std::string show(const Token& t) const {
    if (t.kind == Tok::Eof) return "end of line";
    return t.text;
  }
  std::nullopt_t fail(const Loc& l, std::string msg) {
    diags_.push_back({l.line ? l : end_, std::move(msg), {}});
    return std::nullopt;
  }

  std::optional<OutcomePattern> pattern() {
    const Token& t = tok();
    OutcomePattern p;
    if (t.kind != Tok::Ident) {
      fail(t.loc,
           fmt::format("expect: want an outcome (exit, fatal, panic, deadlock, leak), found {}",
                       show(t)));
      return std::nullopt;
    }
    static const std::map<std::string, OutcomePattern::Kind> kinds{
        {"exit", OutcomePattern::Kind::Exit},
        {"fatal", OutcomePattern::Kind::Fatal},
        {"panic", OutcomePattern::Kind::Panic},
        {"deadlock", OutcomePattern::Kind::Deadlock},
        {"leak", OutcomePattern::Kind::Leak}};
    auto it = kinds.find(t.text);
    if (it == kinds.end()) {
      fail(t.loc,
           fmt::format("expect: unknown outcome {} (want exit, fatal, panic, deadlock or leak)",
                       t.text));
      return std::nullopt;
    }
    p.kind = it->second;
    next();
    switch (p.kind) {
      case OutcomePattern::Kind::Exit:
      case OutcomePattern::Kind::Leak:
        if (tok().kind == Tok::Ident && tok().text == "output") {
          next();
          if (tok().kind != Tok::String) {
            fail(tok().loc, fmt::format("expect: want a Go string literal after output, found {}",
                                        show(tok())));
            return std::nullopt;
          }
          p.message_or_output = tok().str;
          next();
        }
        break;
      case OutcomePattern::Kind::Fatal:
      case OutcomePattern::Kind::Panic:
        if (tok().kind == Tok::String) {
          p.message_or_output = tok().str;
          next();
        }
        break;
      case OutcomePattern::Kind::Deadlock:
        break;
    }
    return p;
  }

  std::vector<Token> toks_;
  std::size_t pos_ = 0;
  std::vector<Diagnostic>& diags_;
  Loc end_;
};

/** Splits `k=v k2=v2` respecting `{...}` and quotes; each item with its offset. */
std::vector<std::pair<std::size_t, std::string>> split_items(std::string_view s) {
  std::vector<std::pair<std::size_t, std::string>> items;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i])))
      ++i;
    if (i >= s.size()) break;
    std::size_t start = i;
    int depth = 0;
    char quote = 0;
    while (i < s.size()) {
      char c = s[i];
      if (quote) {
        if (c == '\\' && quote == '"')
          ++i;
        else if (c == quote)
          quote = 0;
      } else if (c == '"' || c == '`') {
        quote = c;
      } else if (c == '{') {
        ++depth;
      } else if (c == '}') {
        --depth;
      } else if (std::isspace(static_cast<unsigned char>(c)) && depth <= 0) {
        break;
      }
      ++i;
    }
    items.emplace_back(start, std::string(s.substr(start, i - start)));
  }
  return items;
}

class OptionParser {
 public:
  OptionParser(Directives& d, std::vector<Diagnostic>& diags) : d_(d), diags_(diags) {}

  void line(std::string_view text, const Loc& base) {
    for (auto& [off, item] : split_items(text)) {
      Loc l = shifted(base, off);
      auto eq = item.find('=');
      if (eq == std::string::npos || eq == 0) {
        error(l, fmt::format("mapcheck: want key=value, found {}", item));
        continue;
      }
      Option o{l, item.substr(0, eq), item.substr(eq + 1)};
      Loc vloc = shifted(l, eq + 1);
      if (seen_.count(o.key)) {
        error(l, fmt::format("mapcheck: option {} given twice", o.key));
        continue;
      }
      seen_.insert(o.key);
      validate(o, vloc);
      d_.options.push_back(std::move(o));
    }
  }

 private:
  void error(const Loc& l, std::string msg) { diags_.push_back({l, std::move(msg), {}}); }

  void validate(const Option& o, const Loc& vloc) {
    const std::string& v = o.value;
    if (o.key == "runtime") {
      std::string base = v.substr(0, v.find('+'));
      static const std::set<std::string> known{"hmap",   "swiss",  "go1.19", "go1.20",
                                               "go1.21", "go1.22", "go1.23", "go1.24"};
      if (!known.count(base)) {
        error(vloc,
              fmt::format("mapcheck: unknown runtime {} (want hmap, swiss or go1.19 … go1.24)",
                          base));
        return;
      }
      if (v.find('+') != std::string::npos && v.size() == base.size() + 1) {
        error(vloc, "mapcheck: empty variant name after +");
        return;
      }
      d_.runtime = v;
    } else if (o.key == "grain") {
      if (v == "op")
        d_.grain = Grain::Op;
      else if (v == "phase")
        d_.grain = Grain::Phase;
      else if (v == "access")
        d_.grain = Grain::Access;
      else
        error(vloc, fmt::format("mapcheck: unknown grain {} (want op, phase or access)", v));
    } else if (o.key == "order") {
      if (v == "all")
        d_.order = Order::All;
      else if (v == "fixed")
        d_.order = Order::Fixed;
      else
        error(vloc, fmt::format("mapcheck: unknown order {} (want all or fixed)", v));
    } else if (o.key == "hash") {
      hash(v, vloc);
    } else if (o.key == "max-preemptions" || o.key == "max-depth" || o.key == "max-states" ||
               o.key == "time-limit") {
      std::uint64_t n = 0;
      if (!parse_uint(v, n)) {
        error(vloc, fmt::format("mapcheck: {} wants a non-negative integer, found {}", o.key, v));
        return;
      }
      if (o.key == "max-preemptions") d_.max_preemptions = n;
      if (o.key == "max-depth") d_.max_depth = n;
      if (o.key == "max-states") d_.max_states = n;
      if (o.key == "time-limit") d_.time_limit = n;
    } else if (o.key == "max-call-depth") {
      std::uint64_t n = 0;
      if (!parse_uint(v, n) || n == 0 || n > UINT32_MAX) {
        error(vloc, fmt::format("mapcheck: max-call-depth wants a positive integer (frames per "
                                "goroutine, at most {}), found {}",
                                UINT32_MAX, v));
        return;
      }
      d_.max_call_depth = n;
    } else {
      error(o.loc, fmt::format("mapcheck: unknown option {} (known: runtime, grain, order, hash, "
                               "max-preemptions, max-depth, max-states, time-limit, "
                               "max-call-depth)",
                               o.key));
    }
  }

  void hash(const std::string& v, const Loc& vloc) {
    if (v == "mix") {
      d_.hash = HashSpec{HashSpec::Kind::Mix, {}};
      return;
    }
    if (v == "all") {
      d_.hash = HashSpec{HashSpec::Kind::All, {}};
      return;
    }
    if (v.rfind("table{", 0) != 0 || v.back() != '}') {
      error(vloc,
            fmt::format("mapcheck: unknown hash {} (want mix, all or table{{KEY:HASH, ...}})", v));
      return;
    }
    // table{1:0x0, 2:0x80, "a":0x1}: lex the inside as Go tokens.
    std::string_view inner(v);
    inner = inner.substr(6, inner.size() - 7);
    Loc base = shifted(vloc, 6);
    std::vector<Diagnostic> lexdiags;
    std::vector<Token> toks = lex_directive(inner, base, lexdiags);
    if (!lexdiags.empty()) {
      for (auto& d : lexdiags)
        diags_.push_back(std::move(d));
      return;
    }
    HashSpec h;
    h.kind = HashSpec::Kind::Table;
    std::set<std::variant<std::int64_t, std::string>> keys;
    std::size_t i = 0;
    auto at_end = [&] { return toks[i].kind == Tok::Eof; };
    while (!at_end()) {
      std::variant<std::int64_t, std::string> key;
      Loc kl = toks[i].loc;
      bool neg = false;
      if (toks[i].kind == Tok::Sub) {
        neg = true;
        ++i;
      }
      if (toks[i].kind == Tok::Int) {
        key = neg ? -toks[i].value : toks[i].value;
      } else if (toks[i].kind == Tok::String && !neg) {
        key = toks[i].str;
      } else {
        error(toks[i].loc, "mapcheck: hash table keys must be int or string literals");
        return;
      }
      ++i;
      if (toks[i].kind != Tok::Colon) {
        error(kl, "mapcheck: want : after a hash table key");
        return;
      }
      ++i;
      if (toks[i].kind != Tok::Int || toks[i].overflow) {
        std::uint64_t big = 0;
        if (!(toks[i].kind == Tok::Int && parse_uint(toks[i].text, big))) {
          error(toks[i].loc, "mapcheck: hash table values must be integer literals (e.g. 0x80)");
          return;
        }
        h.table.emplace_back(key, big);
      } else {
        h.table.emplace_back(key, static_cast<std::uint64_t>(toks[i].value));
      }
      if (!keys.insert(key).second) {
        error(kl, "mapcheck: duplicate key in hash table");
        return;
      }
      ++i;
      if (toks[i].kind == Tok::Comma) {
        ++i;
      } else if (!at_end()) {
        error(toks[i].loc, "mapcheck: want , between hash table entries");
        return;
      }
    }
    d_.hash = std::move(h);
  }

  Directives& d_;
  std::vector<Diagnostic>& diags_;
  std::set<std::string> seen_;
};

}  // namespace

std::optional<Expectation> parse_expectation(std::string_view text, const Loc& loc,
                                             std::vector<Diagnostic>& diags) {
  std::size_t before = diags.size();
  std::vector<Token> toks = lex_directive(text, loc, diags);
  if (diags.size() != before) return std::nullopt;
  Loc end = shifted(loc, text.size());
  auto e = ExpectParser(std::move(toks), diags, end).run();
  if (e) {
    e->loc = loc;
    e->text = std::string(trim(text));
  }
  return e;
}

DirectivesResult parse_directives(const std::vector<Comment>& comments, const Loc& package_loc) {
  DirectivesResult r;
  OptionParser options(r.directives, r.diagnostics);
  for (const Comment& c : comments) {
    if (c.text.rfind("//", 0) != 0) continue;
    std::string_view body(c.text);
    body.remove_prefix(2);
    if (body.rfind("go:build", 0) == 0) {
      if (trim(body.substr(8)) == "ignore") r.directives.build_ignore = true;
      continue;
    }
    std::size_t lead = 0;
    while (lead < body.size() && body[lead] == ' ')
      ++lead;
    std::string_view rest = body.substr(lead);
    bool is_mapcheck = rest.rfind("mapcheck:", 0) == 0;
    bool is_expect = rest.rfind("expect:", 0) == 0;
    if (!is_mapcheck && !is_expect) continue;
    if (package_loc.line != 0 && c.loc.line > package_loc.line) {
      r.diagnostics.push_back({c.loc,
                               fmt::format("{} directive after the package clause (directives "
                                           "must come before package)",
                                           is_mapcheck ? "mapcheck:" : "expect:"),
                               {}});
      continue;
    }
    std::size_t key_len = is_mapcheck ? 9 : 7;
    std::string_view text = rest.substr(key_len);
    Loc base = shifted(c.loc, 2 + lead + key_len);
    if (is_mapcheck) {
      options.line(text, base);
    } else {
      if (trim(text).empty()) {
        r.diagnostics.push_back({c.loc, "expect: empty expectation", {}});
        continue;
      }
      if (auto e = parse_expectation(text, base, r.diagnostics)) {
        e->loc = c.loc;
        r.directives.expectations.push_back(std::move(*e));
      }
    }
  }
  return r;
}

std::string to_string(const OutcomePattern& p) {
  switch (p.kind) {
    case OutcomePattern::Kind::Exit:
    case OutcomePattern::Kind::Leak: {
      std::string s = p.kind == OutcomePattern::Kind::Exit ? "exit" : "leak";
      if (p.message_or_output) s += " output " + quote_go_string(*p.message_or_output);
      return s;
    }
    case OutcomePattern::Kind::Fatal:
    case OutcomePattern::Kind::Panic: {
      std::string s = p.kind == OutcomePattern::Kind::Fatal ? "fatal" : "panic";
      if (p.message_or_output) s += " " + quote_go_string(*p.message_or_output);
      return s;
    }
    case OutcomePattern::Kind::Deadlock:
      return "deadlock";
  }
  throw std::logic_error("bad OutcomePattern::Kind");
}

std::string to_string(const Expectation& e) {
  switch (e.q) {
    case Quantifier::Always:
      return "always " + to_string(e.patterns.at(0));
    case Quantifier::Never:
      return "never " + to_string(e.patterns.at(0));
    case Quantifier::Sometimes:
      return "sometimes " + to_string(e.patterns.at(0));
    case Quantifier::Outcomes: {
      std::string s = "outcomes { ";
      for (std::size_t i = 0; i < e.patterns.size(); ++i)
        s += (i ? "; " : "") + to_string(e.patterns[i]);
      return s + " }";
    }
  }
  throw std::logic_error("bad Quantifier");
}

}  // namespace mapcheck::specs
