// Recursive-descent parser for the Go subset of specs (Go's grammar, Go's error wording).
#include "specs/parser.h"

#include <stdexcept>
#include <utility>

#include <fmt/format.h>

#include "specs/lexer.h"

namespace mapcheck::specs {

namespace {

/** Thrown to abandon parsing at the first syntax error (already recorded). */
struct SyntaxAbort {};

bool is_keyword(Tok t) {
  return t >= Tok::Break && t <= Tok::Var;
}

/** How Go's parser names the current token in "unexpected X". */
std::string describe(const Token& t) {
  switch (t.kind) {
    case Tok::Ident:
      return "name " + t.text;
    case Tok::Int:
    case Tok::Float:
    case Tok::Imag:
    case Tok::Char:
    case Tok::String:
      return "literal " + t.text;
    case Tok::Semicolon:
      return t.text == ";" ? "semicolon" : t.text;
    case Tok::Comma:
      return "comma";
    case Tok::Eof:
      return "EOF";
    default:
      if (is_keyword(t.kind)) return "keyword " + t.text;
      return std::string(tok_spelling(t.kind));
  }
}

std::optional<BinaryOp> assign_op(Tok t) {
  switch (t) {
    case Tok::AddAssign:
      return BinaryOp::Add;
    case Tok::SubAssign:
      return BinaryOp::Sub;
    case Tok::MulAssign:
      return BinaryOp::Mul;
    case Tok::QuoAssign:
      return BinaryOp::Div;
    case Tok::RemAssign:
      return BinaryOp::Rem;
    case Tok::AndAssign:
      return BinaryOp::And;
    case Tok::OrAssign:
      return BinaryOp::Or;
    case Tok::XorAssign:
      return BinaryOp::Xor;
    case Tok::ShlAssign:
      return BinaryOp::Shl;
    case Tok::ShrAssign:
      return BinaryOp::Shr;
    case Tok::AndNotAssign:
      return BinaryOp::AndNot;
    default:
      return std::nullopt;
  }
}

/** Binary operator and Go precedence (5 highest), or nullopt. */
std::optional<std::pair<BinaryOp, int>> binary_op(Tok t) {
  switch (t) {
    case Tok::LogOr:
      return std::pair{BinaryOp::LogOr, 1};
    case Tok::LogAnd:
      return std::pair{BinaryOp::LogAnd, 2};
    case Tok::Eql:
      return std::pair{BinaryOp::Eq, 3};
    case Tok::Neq:
      return std::pair{BinaryOp::Ne, 3};
    case Tok::Lss:
      return std::pair{BinaryOp::Lt, 3};
    case Tok::Leq:
      return std::pair{BinaryOp::Le, 3};
    case Tok::Gtr:
      return std::pair{BinaryOp::Gt, 3};
    case Tok::Geq:
      return std::pair{BinaryOp::Ge, 3};
    case Tok::Add:
      return std::pair{BinaryOp::Add, 4};
    case Tok::Sub:
      return std::pair{BinaryOp::Sub, 4};
    case Tok::Or:
      return std::pair{BinaryOp::Or, 4};
    case Tok::Xor:
      return std::pair{BinaryOp::Xor, 4};
    case Tok::Mul:
      return std::pair{BinaryOp::Mul, 5};
    case Tok::Quo:
      return std::pair{BinaryOp::Div, 5};
    case Tok::Rem:
      return std::pair{BinaryOp::Rem, 5};
    case Tok::Shl:
      return std::pair{BinaryOp::Shl, 5};
    case Tok::Shr:
      return std::pair{BinaryOp::Shr, 5};
    case Tok::And:
      return std::pair{BinaryOp::And, 5};
    case Tok::AndNot:
      return std::pair{BinaryOp::AndNot, 5};
    default:
      return std::nullopt;
  }
}

ExprPtr make_expr(Loc loc, Expr::Node node) {
  auto e = std::make_unique<Expr>();
  e->loc = loc;
  e->op_loc = loc;
  e->node = std::move(node);
  return e;
}

StmtPtr make_stmt(Loc loc, Stmt::Node node) {
  auto s = std::make_unique<Stmt>();
  s->loc = std::move(loc);
  s->node = std::move(node);
  return s;
}

class Parser {
 public:
  Parser(std::string_view path, std::string_view source) {
    LexResult lr = lex(path, source);
    toks_ = std::move(lr.tokens);
    out_.file.comments = std::move(lr.comments);
    out_.diagnostics = std::move(lr.diagnostics);
    out_.file.path = std::string(path);
  }

  ParseResult run() {
    try {
      parse_file();
    } catch (const SyntaxAbort&) {
      out_.syntax_ok = false;
    }
    return std::move(out_);
  }

 private:
  // ---- token helpers
  const Token& tok() const { return toks_[pos_]; }
  Tok kind() const { return toks_[pos_].kind; }
  Tok peek_kind(std::size_t k = 1) const {
    return pos_ + k < toks_.size() ? toks_[pos_ + k].kind : Tok::Eof;
  }
  Loc loc() const { return tok().loc; }
  void next() {
    if (pos_ + 1 < toks_.size()) ++pos_;
  }
  bool got(Tok t) {
    if (kind() != t) return false;
    next();
    return true;
  }

  [[noreturn]] void syntax_error(const std::string& msg) { syntax_error_at(loc(), msg); }
  [[noreturn]] void syntax_error_at(const Loc& l, const std::string& msg) {
    out_.diagnostics.push_back({l, "syntax error: " + msg, {}});
    throw SyntaxAbort{};
  }
  [[noreturn]] void unexpected(const std::string& expected) {
    syntax_error(fmt::format("unexpected {}, expected {}", describe(tok()), expected));
  }
  [[noreturn]] void too_deep() {
    out_.diagnostics.push_back(
        {loc(),
         fmt::format("nesting too deep: more than {} levels of nested statements, "
                     "expressions or types",
                     kMaxNestingDepth),
         {}});
    throw SyntaxAbort{};
  }
  void unsupported(const Loc& l, const std::string& what) {
    out_.diagnostics.push_back({l, "unsupported: " + what, {}});
  }

  // ---- nesting depth
  // Levels of nesting held for the life of a parse function. The recursive parse functions
  // take one level each; the loops that build left-nested trees without recursing here (`a.b.c`,
  // `f()()`, `1+2+3`, else-if chains) take one per link with deepen(), because the checker and
  // the lowerer recurse once per link. Aborting past kMaxNestingDepth keeps both off the end
  // of the stack.
  class Nesting {
   public:
    Nesting(Parser& p, int levels) : p_(p) {
      for (int i = 0; i < levels; ++i)
        deepen();
    }
    ~Nesting() { p_.depth_ -= levels_; }
    Nesting(const Nesting&) = delete;
    Nesting& operator=(const Nesting&) = delete;
    void deepen() {
      ++levels_;
      if (++p_.depth_ > kMaxNestingDepth) p_.too_deep();
    }

   private:
    Parser& p_;
    int levels_ = 0;
  };

  Token want(Tok t) {
    if (kind() != t) {
      std::string what = t == Tok::Comma   ? "comma"
                         : t == Tok::Ident ? "name"
                                           : std::string(tok_spelling(t));
      unexpected(what);
    }
    Token copy = tok();
    next();
    return copy;
  }

  // At the end of a statement or declaration: `;` (explicit or inserted), or before `)`/`}`.
  void end_of_statement(const char* where) {
    if (kind() == Tok::Semicolon) {
      next();
      return;
    }
    if (kind() == Tok::RBrace || kind() == Tok::RParen) return;
    syntax_error(fmt::format("unexpected {} {}", describe(tok()), where));
  }

  // ---- file structure
  void parse_file() {
    File& f = out_.file;
    while (kind() == Tok::Semicolon)
      next();
    if (kind() != Tok::Package) syntax_error("package statement must be first");
    f.package_loc = loc();
    next();
    f.package_name = want(Tok::Ident).text;
    end_of_statement("after package clause");
    while (kind() == Tok::Import) {
      next();
      if (got(Tok::LParen)) {
        while (kind() != Tok::RParen && kind() != Tok::Eof) {
          parse_import_spec();
          end_of_statement("after import");
        }
        want(Tok::RParen);
      } else {
        parse_import_spec();
      }
      end_of_statement("after top level declaration");
    }
    while (kind() != Tok::Eof) {
      switch (kind()) {
        case Tok::Func:
          parse_func_decl();
          break;
        case Tok::Var:
        case Tok::Const: {
          Loc l = loc();
          bool is_const = kind() == Tok::Const;
          next();
          std::vector<StmtPtr> decls;
          parse_var_group(l, is_const, decls);
          for (auto& d : decls)
            f.globals.push_back(std::move(d));
          break;
        }
        case Tok::Type: {
          unsupported(loc(), "type declarations");
          skip_declaration();
          continue;
        }
        case Tok::Import:
          syntax_error("imports must appear before other declarations");
        case Tok::Semicolon:
          next();
          continue;
        default:
          syntax_error("non-declaration statement outside function body");
      }
      if (kind() != Tok::Eof) end_of_statement("after top level declaration");
    }
  }

  // Skips a declaration we do not support: to the `;` at nesting level zero.
  void skip_declaration() {
    int depth = 0;
    while (kind() != Tok::Eof) {
      if (kind() == Tok::LParen || kind() == Tok::LBrace || kind() == Tok::LBrack) ++depth;
      if (kind() == Tok::RParen || kind() == Tok::RBrace || kind() == Tok::RBrack) --depth;
      if (depth <= 0 && kind() == Tok::Semicolon) {
        next();
        return;
      }
      next();
    }
  }

  void parse_import_spec() {
    Loc l = loc();
    if (kind() == Tok::Ident || kind() == Tok::Period) {
      unsupported(l, "renamed or dot import");
      next();
    }
    if (kind() != Tok::String) unexpected("import path");
    out_.file.imports.push_back({tok().str, tok().loc});
    next();
  }

  // `var x T = e`, `var ( ... )`, and the same for const. Appends VarDecl statements.
  void parse_var_group(const Loc& kw, bool is_const, std::vector<StmtPtr>& out) {
    if (got(Tok::LParen)) {
      while (kind() != Tok::RParen && kind() != Tok::Eof) {
        out.push_back(parse_var_spec(loc(), is_const));
        end_of_statement(is_const ? "after constant declaration" : "after variable declaration");
      }
      want(Tok::RParen);
    } else {
      out.push_back(parse_var_spec(kw, is_const));
    }
  }

  StmtPtr parse_var_spec(const Loc& l, bool is_const) {
    VarDecl d;
    d.is_const = is_const;
    do {
      Token name = want(Tok::Ident);
      d.names.push_back(name.text);
      d.name_locs.push_back(name.loc);
    } while (got(Tok::Comma));
    if (kind() != Tok::Assign && kind() != Tok::Semicolon && kind() != Tok::RParen)
      d.type = parse_type();
    if (got(Tok::Assign)) {
      d.values = parse_expr_list();
    } else if (!is_const && !d.type) {
      unexpected("type");
    } else if (is_const) {
      unsupported(l, "constant declaration without a value (iota groups)");
    }
    return make_stmt(l, std::move(d));
  }

  // ---- functions
  FuncId begin_func(Function& fn, bool literal) {
    FuncId id{static_cast<std::uint32_t>(out_.file.funcs.size())};
    out_.file.funcs.emplace_back();
    fn.id = id;
    fn.is_literal = literal;
    if (!func_stack_.empty()) fn.parent = func_stack_.back().id;
    if (literal) {
      std::string base = func_stack_.empty() ? "init" : func_stack_.back().name;
      int n = func_stack_.empty() ? ++init_literals_ : ++func_stack_.back().literals;
      // Go: main.func1 inside main; main.func1.1 inside main.func1.
      bool parent_is_literal = !func_stack_.empty() && func_stack_.back().literal;
      fn.name =
          parent_is_literal ? fmt::format("{}.{}", base, n) : fmt::format("{}.func{}", base, n);
    }
    func_stack_.push_back({id, fn.name, literal, 0});
    return id;
  }
  void end_func(Function&& fn) {
    func_stack_.pop_back();
    FuncId id = fn.id;
    out_.file.funcs[id.v] = std::move(fn);
  }

  void parse_func_decl() {
    Function fn;
    fn.loc = loc();
    next();  // func
    // Methods and generic functions are reported once; their signature and body are parsed
    // (for syntax) but dropped, so that the checker does not cascade on the receiver or the
    // type parameters. A method is not declared at all (its name becomes "_").
    bool drop = false, is_method = false;
    if (kind() == Tok::LParen) {
      unsupported(loc(), "method declarations");
      skip_balanced(Tok::LParen, Tok::RParen);
      drop = is_method = true;
    }
    Token name = want(Tok::Ident);
    fn.name = name.text;
    begin_func(fn, false);
    if (kind() == Tok::LBrack) {
      unsupported(loc(), "generic functions (type parameters)");
      skip_balanced(Tok::LBrack, Tok::RBrack);
      drop = true;
    }
    parse_signature(fn);
    if (kind() != Tok::LBrace) {
      if (kind() == Tok::Semicolon) syntax_error_at(fn.loc, "missing function body");
      unexpected("{ after function signature");
    }
    fn.body = parse_block();
    if (drop) {
      fn.params.clear();
      fn.results.clear();
      fn.body.stmts.clear();
      if (is_method) fn.name = "_";
    }
    end_func(std::move(fn));
  }

  void skip_balanced(Tok open, Tok close) {
    int depth = 0;
    do {
      if (kind() == open) ++depth;
      if (kind() == close) --depth;
      if (kind() == Tok::Eof) unexpected(std::string(tok_spelling(close)));
      next();
    } while (depth > 0);
  }

  void parse_signature(Function& fn) {
    fn.params = parse_params();
    if (kind() == Tok::LParen) {
      fn.results = parse_params();
    } else if (starts_type(kind())) {
      Param p;
      p.loc = loc();
      p.type = parse_type();
      fn.results.push_back(std::move(p));
    }
  }

  static bool starts_type(Tok t) {
    switch (t) {
      case Tok::Ident:
      case Tok::Map:
      case Tok::Chan:
      case Tok::Func:
      case Tok::LBrack:
      case Tok::Mul:
      case Tok::Struct:
      case Tok::Interface:
      case Tok::Arrow:
      case Tok::LParen:
        return true;
      default:
        return false;
    }
  }

  // `(a, b int, c string)` or `(int, string)`; Go's grouping rule decides which.
  std::vector<Param> parse_params() {
    want(Tok::LParen);
    struct Entry {
      Loc loc;
      std::string name;  // set if written as `name Type` or a lone identifier
      TypeExprPtr type;  // set unless a lone identifier
    };
    std::vector<Entry> entries;
    bool any_named = false;
    while (kind() != Tok::RParen) {
      Entry e;
      e.loc = loc();
      if (kind() == Tok::Ellipsis) {
        unsupported(loc(), "variadic parameters");
        next();
      }
      if (kind() == Tok::Ident && peek_kind() != Tok::Period) {
        e.name = tok().text;
        next();
        if (kind() != Tok::Comma && kind() != Tok::RParen) {
          if (kind() == Tok::Ellipsis) {
            unsupported(loc(), "variadic parameters");
            next();
          }
          e.type = parse_type();
          any_named = true;
        }
      } else {
        e.type = parse_type();
      }
      entries.push_back(std::move(e));
      if (!got(Tok::Comma)) {
        if (kind() != Tok::RParen) unexpected("comma or )");
      }
    }
    want(Tok::RParen);
    std::vector<Param> params;
    if (any_named) {
      // Lone names take the type of the next entry that has one.
      std::vector<std::size_t> pending;
      for (std::size_t i = 0; i < entries.size(); ++i) {
        Entry& e = entries[i];
        if (e.name.empty()) syntax_error_at(e.loc, "mixed named and unnamed parameters");
        if (!e.type) {
          pending.push_back(i);
          continue;
        }
        for (std::size_t j : pending)
          params.push_back({entries[j].name, entries[j].loc, clone_type(*e.type)});
        pending.clear();
        params.push_back({e.name, e.loc, std::move(e.type)});
      }
      if (!pending.empty())
        syntax_error_at(entries[pending.back()].loc, "mixed named and unnamed parameters");
    } else {
      for (Entry& e : entries) {
        if (!e.type) {
          auto t = std::make_unique<TypeExpr>();
          t->loc = e.loc;
          t->kind = TypeExprKind::Name;
          t->name = e.name;
          t->text = e.name;
          e.type = std::move(t);
        }
        params.push_back({"", e.loc, std::move(e.type)});
      }
    }
    return params;
  }

  static TypeExprPtr clone_type(const TypeExpr& t) {
    auto c = std::make_unique<TypeExpr>();
    c->loc = t.loc;
    c->kind = t.kind;
    c->pkg = t.pkg;
    c->name = t.name;
    c->dir = t.dir;
    c->nparams = t.nparams;
    c->text = t.text;
    for (const auto& a : t.args)
      c->args.push_back(clone_type(*a));
    return c;
  }

  // ---- types
  TypeExprPtr parse_type() {
    Nesting nest(*this, 1);
    auto t = std::make_unique<TypeExpr>();
    t->loc = loc();
    switch (kind()) {
      case Tok::Ident: {
        t->name = tok().text;
        next();
        if (kind() == Tok::Period) {
          next();
          t->pkg = t->name;
          t->name = want(Tok::Ident).text;
          t->text = t->pkg + "." + t->name;
        } else {
          t->text = t->name;
        }
        if (kind() == Tok::LBrack && in_type_context_) {
          t->kind = TypeExprKind::Unsupported;
          skip_balanced(Tok::LBrack, Tok::RBrack);
          t->text += "[...]";
        }
        return t;
      }
      case Tok::LParen: {
        next();
        auto inner = parse_type();
        want(Tok::RParen);
        return inner;
      }
      case Tok::Map: {
        next();
        want(Tok::LBrack);
        auto k = parse_type();
        want(Tok::RBrack);
        auto v = parse_type();
        t->kind = TypeExprKind::Map;
        t->text = "map[" + k->text + "]" + v->text;
        t->args.push_back(std::move(k));
        t->args.push_back(std::move(v));
        return t;
      }
      case Tok::Chan: {
        next();
        t->kind = TypeExprKind::Chan;
        std::string prefix = "chan ";
        if (kind() == Tok::Arrow) {
          next();
          t->dir = ChanDir::SendOnly;
          prefix = "chan<- ";
        }
        auto e = parse_type();
        t->text = prefix + e->text;
        t->args.push_back(std::move(e));
        return t;
      }
      case Tok::Arrow: {
        next();
        if (kind() != Tok::Chan) unexpected("chan");
        next();
        t->kind = TypeExprKind::Chan;
        t->dir = ChanDir::RecvOnly;
        auto e = parse_type();
        t->text = "<-chan " + e->text;
        t->args.push_back(std::move(e));
        return t;
      }
      case Tok::Func: {
        next();
        Function sig;
        sig.params = parse_params();
        if (kind() == Tok::LParen) {
          sig.results = parse_params();
        } else if (starts_type(kind()) && kind() != Tok::LParen) {
          Param p;
          p.loc = loc();
          p.type = parse_type();
          sig.results.push_back(std::move(p));
        }
        t->kind = TypeExprKind::Func;
        t->nparams = sig.params.size();
        std::string text = "func(";
        for (std::size_t i = 0; i < sig.params.size(); ++i) {
          if (i) text += ", ";
          text += sig.params[i].type->text;
          t->args.push_back(std::move(sig.params[i].type));
        }
        text += ")";
        if (sig.results.size() == 1) text += " " + sig.results[0].type->text;
        if (sig.results.size() > 1) {
          text += " (";
          for (std::size_t i = 0; i < sig.results.size(); ++i)
            text += (i ? ", " : "") + sig.results[i].type->text;
          text += ")";
        }
        for (auto& r : sig.results)
          t->args.push_back(std::move(r.type));
        t->text = text;
        return t;
      }
      case Tok::Struct: {
        next();
        want(Tok::LBrace);
        if (got(Tok::RBrace)) {
          t->kind = TypeExprKind::EmptyStruct;
          t->text = "struct{}";
          return t;
        }
        --pos_;
        skip_balanced(Tok::LBrace, Tok::RBrace);
        t->kind = TypeExprKind::Unsupported;
        t->text = "struct{...}";
        return t;
      }
      case Tok::Interface: {
        next();
        want(Tok::LBrace);
        if (got(Tok::RBrace)) {
          t->kind = TypeExprKind::Name;
          t->name = "any";
          t->text = "interface{}";
          return t;
        }
        --pos_;
        skip_balanced(Tok::LBrace, Tok::RBrace);
        t->kind = TypeExprKind::Unsupported;
        t->text = "interface{...}";
        return t;
      }
      case Tok::Mul: {
        next();
        auto e = parse_type();
        t->kind = TypeExprKind::Unsupported;
        t->text = "*" + e->text;
        return t;
      }
      case Tok::LBrack: {
        next();
        std::string len;
        if (kind() == Tok::Ellipsis) {
          next();
          len = "...";
        } else if (kind() != Tok::RBrack) {
          len = tok().text;
          parse_expr();
        }
        want(Tok::RBrack);
        auto e = parse_type();
        t->kind = TypeExprKind::Unsupported;
        t->text = "[" + len + "]" + e->text;
        return t;
      }
      default:
        unexpected("type");
    }
  }

  // ---- blocks and statements
  Block parse_block() {
    Block b;
    b.lbrace = loc();
    want(Tok::LBrace);
    b.stmts = parse_stmt_list();
    b.rbrace = loc();
    if (kind() != Tok::RBrace) unexpected("}");
    next();
    return b;
  }

  std::vector<StmtPtr> parse_stmt_list() {
    std::vector<StmtPtr> stmts;
    // Tokens that cannot start a statement end the list; the caller then reports them
    // (e.g. "unexpected keyword else, expected }").
    while (kind() != Tok::RBrace && kind() != Tok::Eof && kind() != Tok::Case &&
           kind() != Tok::Default && kind() != Tok::Else && kind() != Tok::RParen &&
           kind() != Tok::RBrack && kind() != Tok::Package && kind() != Tok::Import) {
      if (got(Tok::Semicolon)) continue;
      if (kind() == Tok::Var || kind() == Tok::Const) {
        Loc l = loc();
        bool is_const = kind() == Tok::Const;
        next();
        parse_var_group(l, is_const, stmts);
        if (kind() == Tok::RBrace || kind() == Tok::Case || kind() == Tok::Default) break;
        end_of_statement("at end of statement");
        continue;
      }
      StmtPtr s = parse_stmt();
      if (s) stmts.push_back(std::move(s));
      if (kind() == Tok::RBrace || kind() == Tok::Case || kind() == Tok::Default) break;
      end_of_statement("at end of statement");
    }
    return stmts;
  }

  StmtPtr parse_stmt() {
    Nesting nest(*this, 1);
    Loc l = loc();
    switch (kind()) {
      case Tok::Type:
        unsupported(l, "type declarations");
        skip_to_statement_end();
        return nullptr;
      case Tok::Go:
      case Tok::Defer: {
        bool is_go = kind() == Tok::Go;
        next();
        ExprPtr call = parse_expr();
        if (!std::holds_alternative<Call>(call->node))
          syntax_error_at(call->loc, fmt::format("expression in {} must be function call",
                                                 is_go ? "go" : "defer"));
        if (is_go) return make_stmt(l, Go{std::move(call)});
        return make_stmt(l, Defer{std::move(call)});
      }
      case Tok::Return: {
        next();
        Return r;
        if (kind() != Tok::Semicolon && kind() != Tok::RBrace) r.values = parse_expr_list();
        return make_stmt(l, std::move(r));
      }
      case Tok::Break:
      case Tok::Continue: {
        bool is_break = kind() == Tok::Break;
        next();
        if (kind() == Tok::Ident) {
          unsupported(loc(), "labels");
          next();
        }
        if (is_break) return make_stmt(l, Break{});
        return make_stmt(l, Continue{});
      }
      case Tok::Goto:
        unsupported(l, "goto");
        skip_to_statement_end();
        return nullptr;
      case Tok::Fallthrough:
        unsupported(l, "fallthrough");
        next();
        return nullptr;
      case Tok::LBrace:
        return make_stmt(l, BlockStmt{parse_block()});
      case Tok::If:
        return parse_if();
      case Tok::For:
        return parse_for();
      case Tok::Switch:
        return parse_switch();
      case Tok::Select:
        return parse_select();
      case Tok::Func:
        if (peek_kind() == Tok::Ident)
          syntax_error_at(l, "unexpected name " + toks_[pos_ + 1].text + ", expected (");
        return parse_simple_stmt(false);
      case Tok::Ident:
        if (peek_kind() == Tok::Colon) {
          unsupported(l, "labels");
          next();
          next();
          while (kind() == Tok::Semicolon)
            next();
          if (kind() == Tok::RBrace) return nullptr;
          return parse_stmt();
        }
        return parse_simple_stmt(false);
      default:
        return parse_simple_stmt(false);
    }
  }

  void skip_to_statement_end() {
    while (kind() != Tok::Semicolon && kind() != Tok::RBrace && kind() != Tok::Eof)
      next();
  }

  // A simple statement. With range_ok, `k, v := range x` and `range x` give a Range
  // statement (with an empty body, filled by the for parser).
  StmtPtr parse_simple_stmt(bool range_ok) {
    Loc l = loc();
    if (range_ok && kind() == Tok::Range) {
      next();
      Range r;
      r.x = parse_expr();
      return make_stmt(l, std::move(r));
    }
    std::vector<ExprPtr> lhs = parse_expr_list();
    Tok k = kind();
    if (k == Tok::Define || k == Tok::Assign) {
      Loc op = loc();
      next();
      if (range_ok && kind() == Tok::Range) {
        next();
        if (lhs.size() > 2)
          syntax_error_at(lhs[2]->loc, "range clause permits at most two iteration variables");
        Range r;
        r.define = k == Tok::Define;
        r.key_expr = std::move(lhs[0]);
        if (lhs.size() > 1) r.value_expr = std::move(lhs[1]);
        r.x = parse_expr();
        return make_stmt(l, std::move(r));
      }
      if (k == Tok::Define) {
        for (const auto& e : lhs)
          if (!std::holds_alternative<Ident>(e->node))
            syntax_error_at(e->loc, "non-name on left side of :=");
      }
      Assign a;
      a.define = k == Tok::Define;
      a.lhs_exprs = std::move(lhs);
      if (kind() == Tok::Semicolon || kind() == Tok::RBrace) unexpected("expression");
      a.rhs = parse_expr_list();
      (void)op;
      return make_stmt(l, std::move(a));
    }
    if (auto op = assign_op(k)) {
      if (lhs.size() != 1)
        syntax_error(fmt::format("unexpected {}, expected := or = or comma", describe(tok())));
      next();
      OpAssign a;
      a.lhs_expr = std::move(lhs[0]);
      a.op = *op;
      a.rhs = parse_expr();
      return make_stmt(l, std::move(a));
    }
    if (k == Tok::Inc || k == Tok::Dec) {
      if (lhs.size() != 1)
        syntax_error(fmt::format("unexpected {}, expected := or = or comma", describe(tok())));
      Loc op_loc = loc();
      next();
      OpAssign a;
      a.lhs_expr = std::move(lhs[0]);
      a.op = k == Tok::Inc ? BinaryOp::Add : BinaryOp::Sub;
      a.rhs = make_expr(op_loc, IntLit{1});
      a.incdec = true;
      return make_stmt(l, std::move(a));
    }
    if (k == Tok::Arrow) {
      if (lhs.size() != 1)
        syntax_error(fmt::format("unexpected {}, expected := or = or comma", describe(tok())));
      next();
      Send s;
      s.ch = std::move(lhs[0]);
      s.value = parse_expr();
      return make_stmt(l, std::move(s));
    }
    if (lhs.size() != 1)
      syntax_error(fmt::format("unexpected {}, expected := or = or comma", describe(tok())));
    return make_stmt(l, ExprStmt{std::move(lhs[0])});
  }

  // Parses the header of if/for/switch with composite-literal-free rules (ours only come
  // after map/struct types, so no special handling is needed).
  StmtPtr parse_if() {
    Loc l = loc();
    next();
    If s;
    if (kind() == Tok::LBrace) syntax_error_at(loc(), "missing condition in if statement");
    StmtPtr first = kind() == Tok::Semicolon ? nullptr : parse_simple_stmt(false);
    if (kind() == Tok::Semicolon) {
      Token semi = tok();
      next();
      s.init = std::move(first);
      if (kind() == Tok::LBrace) {
        // Go: a newline before `{` is the usual mistake; an explicit `;` means no condition.
        if (semi.text == "newline")
          syntax_error_at(semi.loc, "unexpected newline, expected { after if clause");
        syntax_error_at(semi.loc, "missing condition in if statement");
      }
      first = parse_simple_stmt(false);
    }
    if (!first || !std::holds_alternative<ExprStmt>(first->node))
      syntax_error_at(first ? first->loc : l,
                      "cannot use assignment as value");  // Go: "cannot use ... as value"
    s.cond = std::move(std::get<ExprStmt>(first->node).x);
    if (kind() != Tok::LBrace) unexpected("{ after if clause");
    s.then = parse_block();
    if (got(Tok::Else)) {
      if (kind() == Tok::If) {
        Nesting nest(*this, 1);
        s.els = parse_if();
      } else if (kind() == Tok::LBrace) {
        Loc bl = loc();
        s.els = make_stmt(bl, BlockStmt{parse_block()});
      } else {
        syntax_error("else must be followed by if or statement block");
      }
    }
    return make_stmt(l, std::move(s));
  }

  StmtPtr parse_for() {
    Loc l = loc();
    next();
    if (kind() == Tok::LBrace) {
      For f;
      f.body = parse_block();
      return make_stmt(l, std::move(f));
    }
    StmtPtr init;
    if (kind() != Tok::Semicolon) {
      init = parse_simple_stmt(true);
      if (std::holds_alternative<Range>(init->node)) {
        if (kind() != Tok::LBrace) unexpected("{ after for clause");
        std::get<Range>(init->node).body = parse_block();
        init->loc = l;
        return init;
      }
      if (kind() == Tok::LBrace) {
        if (!std::holds_alternative<ExprStmt>(init->node))
          syntax_error_at(init->loc, "cannot use assignment as value");
        For f;
        f.cond = std::move(std::get<ExprStmt>(init->node).x);
        f.body = parse_block();
        return make_stmt(l, std::move(f));
      }
    }
    For f;
    f.init = std::move(init);
    if (kind() != Tok::Semicolon) unexpected("{ after for clause");
    next();
    if (kind() != Tok::Semicolon) {
      StmtPtr c = parse_simple_stmt(false);
      if (!std::holds_alternative<ExprStmt>(c->node))
        syntax_error_at(c->loc, "cannot use assignment as value");
      f.cond = std::move(std::get<ExprStmt>(c->node).x);
    }
    if (kind() != Tok::Semicolon) unexpected("semicolon");  // "expected for loop condition"
    next();
    if (kind() != Tok::LBrace) f.post = parse_simple_stmt(false);
    if (kind() != Tok::LBrace) unexpected("{ after for clause");
    f.body = parse_block();
    return make_stmt(l, std::move(f));
  }

  StmtPtr parse_switch() {
    Loc l = loc();
    next();
    Switch s;
    if (kind() != Tok::LBrace) {
      StmtPtr first = kind() == Tok::Semicolon ? nullptr : parse_simple_stmt(false);
      if (got(Tok::Semicolon)) {
        s.init = std::move(first);
        first = kind() == Tok::LBrace ? nullptr : parse_simple_stmt(false);
      }
      if (first) {
        if (!std::holds_alternative<ExprStmt>(first->node))
          syntax_error_at(first->loc, "cannot use assignment as value");
        s.tag = std::move(std::get<ExprStmt>(first->node).x);
      }
    }
    if (kind() != Tok::LBrace) unexpected("{ after switch clause");
    next();
    while (kind() != Tok::RBrace) {
      CaseClause c;
      c.loc = loc();
      if (got(Tok::Case)) {
        c.values = parse_expr_list();
      } else if (got(Tok::Default)) {
        c.is_default = true;
      } else {
        unexpected("case or default or }");
      }
      want(Tok::Colon);
      c.body = parse_stmt_list();
      s.clauses.push_back(std::move(c));
    }
    next();
    return make_stmt(l, std::move(s));
  }

  StmtPtr parse_select() {
    Loc l = loc();
    next();
    Select s;
    if (kind() != Tok::LBrace) unexpected("{ after select clause");
    next();
    while (kind() != Tok::RBrace) {
      SelectCase c;
      c.loc = loc();
      if (got(Tok::Case)) {
        c.comm = parse_simple_stmt(false);
      } else if (got(Tok::Default)) {
        c.kind = SelectKind::Default;
      } else {
        unexpected("case or default or }");
      }
      want(Tok::Colon);
      c.body = parse_stmt_list();
      s.cases.push_back(std::move(c));
    }
    next();
    return make_stmt(l, std::move(s));
  }

  // ---- expressions
  std::vector<ExprPtr> parse_expr_list() {
    std::vector<ExprPtr> v;
    v.push_back(parse_expr());
    while (got(Tok::Comma))
      v.push_back(parse_expr());
    return v;
  }

  ExprPtr parse_expr() { return parse_binary(1); }

  ExprPtr parse_binary(int prec) {
    ExprPtr x = parse_unary();
    Nesting chain(*this, 0);
    while (true) {
      auto op = binary_op(kind());
      if (!op || op->second < prec) return x;
      chain.deepen();
      Loc op_loc = loc();
      next();
      ExprPtr y = parse_binary(op->second + 1);
      Loc start = x->loc;
      auto e = make_expr(start, Binary{op->first, std::move(x), std::move(y)});
      e->op_loc = op_loc;
      x = std::move(e);
    }
  }

  ExprPtr parse_unary() {
    Nesting nest(*this, 1);
    Loc l = loc();
    std::optional<UnaryOp> op;
    switch (kind()) {
      case Tok::Sub:
        op = UnaryOp::Neg;
        break;
      case Tok::Add:
        op = UnaryOp::Plus;
        break;
      case Tok::Not:
        op = UnaryOp::Not;
        break;
      case Tok::Xor:
        op = UnaryOp::BitNot;
        break;
      case Tok::Arrow: {
        next();
        if (kind() == Tok::Chan) {  // <-chan T in expression position: a type
          --pos_;
          return parse_type_operand();
        }
        ExprPtr x = parse_unary();
        return make_expr(l, Recv{std::move(x)});
      }
      case Tok::And:
      case Tok::Mul: {
        bool addr = kind() == Tok::And;
        unsupported(l, addr ? "pointers (&x)" : "pointers (*x)");
        next();
        return parse_unary();
      }
      default:
        break;
    }
    if (op) {
      next();
      ExprPtr x = parse_unary();
      return make_expr(l, Unary{*op, std::move(x)});
    }
    return parse_primary();
  }

  // A type where an operand is expected: `map[K]V{...}`, `struct{}{}`, `[]int{...}`,
  // `chan int` (only meaningful inside make, handled there), `[]byte(s)`.
  ExprPtr parse_type_operand() {
    Loc l = loc();
    TypeExprPtr t = parse_type();
    if (kind() == Tok::LBrace) {
      if (t->kind == TypeExprKind::EmptyStruct) {
        next();
        want(Tok::RBrace);
        return make_expr(l, EmptyStructLit{});
      }
      MapLit lit;
      lit.type = std::move(t);
      next();
      while (kind() != Tok::RBrace) {
        KeyValue kv;
        ExprPtr first = kind() == Tok::LBrace ? parse_bare_composite() : parse_expr();
        if (got(Tok::Colon)) {
          kv.key = std::move(first);
          kv.value = kind() == Tok::LBrace ? parse_bare_composite() : parse_expr();
        } else {
          kv.value = std::move(first);
        }
        lit.entries.push_back(std::move(kv));
        if (!got(Tok::Comma)) {
          if (kind() != Tok::RBrace) {
            syntax_error(
                fmt::format("unexpected {} in composite literal; possibly missing comma or }}",
                            describe(tok())));
          }
        }
      }
      next();
      return make_expr(l, std::move(lit));
    }
    if (kind() == Tok::LParen) {
      Loc lp = loc();
      next();
      ExprPtr x = parse_expr();
      got(Tok::Comma);
      want(Tok::RParen);
      auto e = make_expr(l, Conversion{std::move(t), std::move(x)});
      e->op_loc = lp;
      return e;
    }
    syntax_error_at(l, fmt::format("unexpected {}, expected expression", t->text));
  }

  // `{...}` element of a composite literal with elided type: unsupported nesting.
  ExprPtr parse_bare_composite() {
    Loc l = loc();
    skip_balanced(Tok::LBrace, Tok::RBrace);
    unsupported(l, "composite literal with elided type");
    return make_expr(l, NilLit{});
  }

  ExprPtr parse_operand() {
    Loc l = loc();
    switch (kind()) {
      case Tok::Int: {
        if (tok().overflow)
          out_.diagnostics.push_back(
              {l,
               fmt::format(
                   "cannot use {} (untyped int constant) as int value in expression (overflows)",
                   tok().text),
               {}});
        auto e = make_expr(l, IntLit{tok().value});
        next();
        return e;
      }
      case Tok::Char: {
        auto e = make_expr(l, IntLit{tok().value});
        next();
        return e;
      }
      case Tok::Float:
      case Tok::Imag:
        unsupported(l, "floating-point and complex numbers");
        next();
        return make_expr(l, IntLit{0});
      case Tok::String: {
        auto e = make_expr(l, StringLit{tok().str});
        next();
        return e;
      }
      case Tok::Ident: {
        auto e = make_expr(l, Ident{tok().text, {}});
        next();
        return e;
      }
      case Tok::LParen: {
        next();
        ExprPtr x = parse_expr();
        want(Tok::RParen);
        return x;
      }
      case Tok::Func: {
        if (peek_kind() != Tok::LParen) unexpected("expression");
        return parse_func_lit();
      }
      case Tok::Map:
      case Tok::Struct:
      case Tok::LBrack:
      case Tok::Chan:
      case Tok::Interface:
        return parse_type_operand();
      default:
        unexpected("expression");
    }
  }

  ExprPtr parse_func_lit() {
    Loc l = loc();
    Function fn;
    fn.loc = l;
    next();  // func
    FuncId id = begin_func(fn, true);
    parse_signature(fn);
    if (kind() != Tok::LBrace) {
      // A func type in expression position (e.g. a conversion) is not in the subset.
      func_stack_.pop_back();
      out_.file.funcs.pop_back();
      unexpected("{");
    }
    fn.body = parse_block();
    end_func(std::move(fn));
    return make_expr(l, FuncLit{id});
  }

  ExprPtr parse_primary() {
    ExprPtr x = parse_operand();
    Nesting chain(*this, 0);
    while (true) {
      if (kind() == Tok::Period || kind() == Tok::LBrack || kind() == Tok::LParen) chain.deepen();
      switch (kind()) {
        case Tok::Period: {
          Loc dot = loc();
          next();
          if (kind() == Tok::Ident) {
            Loc nl = loc();
            std::string name = tok().text;
            next();
            Loc start = x->loc;
            auto e = make_expr(start, Selector{std::move(x), name, nl});
            e->op_loc = dot;
            x = std::move(e);
          } else if (kind() == Tok::LParen) {
            next();
            if (kind() == Tok::Type) {
              unsupported(loc(), "type switches");
              next();
              want(Tok::RParen);
              continue;
            }
            TypeExprPtr t = parse_type();
            want(Tok::RParen);
            Loc start = x->loc;
            auto e = make_expr(start, TypeAssert{std::move(x), std::move(t)});
            e->op_loc = dot;
            x = std::move(e);
          } else {
            unexpected("name or (");
          }
          break;
        }
        case Tok::LBrack: {
          Loc lb = loc();
          next();
          if (kind() == Tok::Colon) {
            unsupported(lb, "slice expressions");
            skip_to_rbrack();
            continue;
          }
          ExprPtr idx = parse_expr();
          if (kind() == Tok::Colon) {
            unsupported(lb, "slice expressions");
            skip_to_rbrack();
            continue;
          }
          if (kind() == Tok::Comma) {
            unsupported(lb, "generic instantiation");
            skip_to_rbrack();
            continue;
          }
          want(Tok::RBrack);
          Loc start = x->loc;
          auto e = make_expr(start, Index{std::move(x), std::move(idx)});
          e->op_loc = lb;
          x = std::move(e);
          break;
        }
        case Tok::LParen: {
          Loc lp = loc();
          next();
          Loc start = x->loc;
          bool is_make =
              std::holds_alternative<Ident>(x->node) && std::get<Ident>(x->node).name == "make";
          if (is_make) {
            Make m;
            if (kind() == Tok::RParen)
              syntax_error_at(lp, "not enough arguments for make() (expected 1, found 0)");
            m.type = parse_type();
            if (got(Tok::Comma) && kind() != Tok::RParen) {
              m.size = parse_expr();
              if (got(Tok::Comma) && kind() != Tok::RParen) {
                ExprPtr extra = parse_expr();
                unsupported(extra->loc, "make with a capacity argument");
                got(Tok::Comma);
              }
            }
            want_call_close();
            auto e = make_expr(start, std::move(m));
            e->op_loc = lp;
            x = std::move(e);
            break;
          }
          Call c;
          c.callee = std::move(x);
          c.lparen = lp;
          while (kind() != Tok::RParen) {
            c.args.push_back(kind() == Tok::Map || kind() == Tok::Chan ? parse_type_operand()
                                                                       : parse_expr());
            if (kind() == Tok::Ellipsis) {
              unsupported(loc(), "variadic arguments (...)");
              next();
            }
            if (!got(Tok::Comma)) break;
          }
          want_call_close();
          auto e = make_expr(start, std::move(c));
          e->op_loc = lp;
          x = std::move(e);
          break;
        }
        default:
          return x;
      }
    }
  }

  void want_call_close() {
    if (kind() == Tok::RParen) {
      next();
      return;
    }
    syntax_error(fmt::format("unexpected {} in argument list; possibly missing comma or )",
                             describe(tok())));
  }

  void skip_to_rbrack() {
    int depth = 1;
    while (depth > 0 && kind() != Tok::Eof) {
      if (kind() == Tok::LBrack) ++depth;
      if (kind() == Tok::RBrack) --depth;
      next();
    }
  }

  struct FuncFrame {
    FuncId id;
    std::string name;
    bool literal = false;
    int literals = 0;
  };

  std::vector<Token> toks_;
  std::size_t pos_ = 0;
  /** Levels of nesting open at the current token; at most kMaxNestingDepth. */
  int depth_ = 0;
  ParseResult out_;
  std::vector<FuncFrame> func_stack_;
  int init_literals_ = 0;
  bool in_type_context_ = false;
};

}  // namespace

ParseResult parse(std::string_view path, std::string_view source) {
  return Parser(path, source).run();
}

}  // namespace mapcheck::specs
