// The checker: scopes, name resolution, captures, types, constant folding, Go's error
// wording, and the rewrite of generic syntax into the checked node kinds of ast.h.
#include "specs/checker.h"

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>

#include "specs/expr_printer.h"

namespace mapcheck::specs {

namespace {

using ConstValue = std::variant<std::int64_t, std::string, bool>;

/** What the checker knows about an expression while checking it. */
struct Operand {
  Type type;
  /** An untyped constant (literal, or folded from literals): int, string or bool; or nil. */
  bool untyped = false;
  std::optional<ConstValue> value;
  /** The expression denotes a variable (for messages: "variable of type T"). */
  bool is_var = false;
  /** A builtin whose result must not be used as a value (fmt.Println's (n, err)). */
  std::optional<Builtin> result_unsupported;
};

const std::set<std::string>& allowed_imports() {
  static const std::set<std::string> s{"fmt", "runtime", "sync", "sync/atomic", "time"};
  return s;
}

std::string import_name(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

bool is_integer(const Type& t) {
  return t.kind == TypeKind::Int || t.kind == TypeKind::Duration;
}
bool is_ordered(const Type& t) {
  return is_integer(t) || t.kind == TypeKind::String;
}

std::string const_string(const ConstValue& v) {
  if (auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
  if (auto* b = std::get_if<bool>(&v)) return *b ? "true" : "false";
  return quote_go_string(std::get<std::string>(v));
}

/** Kind of the enclosing breakable statement. */
enum class Breakable { Loop, Switch, Select };

class Checker {
 public:
  explicit Checker(File file) { out_.file.ast = std::move(file); }

  CheckResult run() {
    File& f = out_.file.ast;
    if (f.package_name != "main")
      error(f.package_loc,
            fmt::format("unsupported: package {} (a spec must be package main)", f.package_name));
    check_imports();
    scopes_.emplace_back();  // package scope
    declare_functions();
    check_globals();
    for (std::size_t i = 0; i < f.funcs.size(); ++i) {
      if (!f.funcs[i].is_literal) check_function(f.funcs[i]);
    }
    for (const auto& [path, info] : imports_) {
      if (!info.used) error(info.loc, fmt::format("\"{}\" imported and not used", path));
    }
    if (!main_) {
      error(f.package_loc, "function main is undeclared in the main package");
    }
    out_.file.main = main_.value_or(FuncId{0});
    return CheckResult{std::move(out_.file), std::move(diags_)};
  }

 private:
  // ------------------------------------------------------------------------------------
  // diagnostics and helpers

  void error(const Loc& loc, std::string msg) { diags_.push_back({loc, std::move(msg), {}}); }

  Symbol& sym(SymbolId id) { return out_.file.symbols.at(id.v); }

  SymbolId new_symbol(SymbolKind kind, std::string name, Type type, Loc loc) {
    Symbol s;
    s.id = SymbolId{static_cast<std::uint32_t>(out_.file.symbols.size())};
    s.kind = kind;
    s.name = std::move(name);
    s.type = std::move(type);
    s.loc = std::move(loc);
    if (kind == SymbolKind::Local || kind == SymbolKind::Param || kind == SymbolKind::Result)
      s.owner = cur_func_;
    out_.file.symbols.push_back(std::move(s));
    used_.push_back(false);
    return out_.file.symbols.back().id;
  }

  struct Scope {
    std::map<std::string, SymbolId> names;
    std::vector<SymbolId> order;
  };

  /** Declares `name` in the innermost scope; "_" is never entered. */
  void declare(SymbolId id) {
    Symbol& s = sym(id);
    if (s.name == "_" || s.name.empty()) return;
    Scope& sc = scopes_.back();
    if (auto it = sc.names.find(s.name); it != sc.names.end()) {
      const Symbol& prev = sym(it->second);
      diags_.push_back({s.loc,
                        fmt::format("{} redeclared in this block", s.name),
                        {{prev.loc, fmt::format("other declaration of {}", s.name)}}});
      return;
    }
    sc.names.emplace(s.name, id);
    sc.order.push_back(id);
    if (cur_func_ && (s.kind == SymbolKind::Local))
      out_.file.ast.funcs[cur_func_->v].locals.push_back(id);
  }

  void push_scope() { scopes_.emplace_back(); }
  void pop_scope() {
    for (SymbolId id : scopes_.back().order) {
      const Symbol& s = sym(id);
      if (s.kind == SymbolKind::Local && !used_[id.v])
        error(s.loc, fmt::format("declared and not used: {}", s.name));
    }
    scopes_.pop_back();
  }

  std::optional<SymbolId> lookup(const std::string& name) const {
    for (auto it = scopes_.rbegin(); it != scopes_.rend(); ++it) {
      if (auto f = it->names.find(name); f != it->names.end()) return f->second;
    }
    return std::nullopt;
  }

  /** Is `name` an imported package not shadowed by a declaration? Marks the import used. */
  bool is_package(const std::string& name) {
    if (lookup(name)) return false;
    for (auto& [path, info] : imports_) {
      if (import_name(path) == name) {
        info.used = true;
        return true;
      }
    }
    return false;
  }

  /** Records a use of a symbol from the current function: marks it used, and if it belongs
   *  to an enclosing function, records the capture on every literal in between. */
  void use_symbol(SymbolId id, bool as_value) {
    if (as_value) used_[id.v] = true;
    Symbol& s = sym(id);
    if (!s.owner || !cur_func_ || *s.owner == *cur_func_) return;
    s.captured = true;
    std::optional<FuncId> f = cur_func_;
    while (f && *f != *s.owner) {
      Function& fn = out_.file.ast.funcs[f->v];
      if (std::find(fn.captures.begin(), fn.captures.end(), id) == fn.captures.end())
        fn.captures.push_back(id);
      f = fn.parent;
    }
  }

  // ------------------------------------------------------------------------------------
  // imports, top level

  struct ImportInfo {
    Loc loc;
    bool used = false;
  };

  void check_imports() {
    for (const Import& imp : out_.file.ast.imports) {
      if (!allowed_imports().count(imp.path)) {
        error(imp.loc, fmt::format("unsupported import \"{}\"", imp.path));
        continue;
      }
      if (imports_.count(imp.path)) {
        error(imp.loc, fmt::format("{} redeclared in this block", import_name(imp.path)));
        continue;
      }
      imports_.emplace(imp.path, ImportInfo{imp.loc, false});
    }
  }

  void declare_functions() {
    File& f = out_.file.ast;
    for (Function& fn : f.funcs) {
      if (fn.is_literal) continue;
      std::optional<FuncId> saved = cur_func_;
      cur_func_ = std::nullopt;
      fn.type = resolve_signature(fn, /*declare=*/false);
      cur_func_ = saved;
      if (fn.name == "init") {
        error(fn.loc,
              "unsupported: func init (initialize package variables in their declarations)");
        continue;
      }
      if (fn.name == "_") continue;
      SymbolId id = new_symbol(SymbolKind::Func, fn.name, fn.type, fn.loc);
      sym(id).func = fn.id;
      declare(id);
      if (fn.name == "main") {
        main_ = fn.id;
        if (!fn.params.empty() || !fn.results.empty())
          error(fn.loc, "func main must have no arguments and no return values");
      }
    }
  }

  Type resolve_signature(Function& fn, bool declare_params) {
    // Top-level signatures were resolved (and reported) by declare_functions; reuse them.
    bool reuse = declare_params && !fn.is_literal;
    std::vector<Type> ps, rs;
    for (Param& p : fn.params) {
      Type t = reuse ? p.type->resolved : resolve_type(*p.type);
      if (t.is_sync() && !reuse)
        error(p.type->loc, fmt::format("unsupported: parameter of type {} (sync values cannot be "
                                       "copied; use a package variable or a captured one)",
                                       to_string(t)));
      ps.push_back(t);
      if (declare_params) {
        SymbolId id = new_symbol(SymbolKind::Param, p.name, t, p.loc);
        fn.param_syms.push_back(id);
        declare(id);
      }
    }
    for (Param& p : fn.results) {
      Type t = reuse ? p.type->resolved : resolve_type(*p.type);
      if (t.is_sync() && !reuse)
        error(p.type->loc, fmt::format("unsupported: result of type {}", to_string(t)));
      rs.push_back(t);
      if (declare_params && !p.name.empty()) {
        SymbolId id = new_symbol(SymbolKind::Result, p.name, t, p.loc);
        fn.result_syms.push_back(id);
        declare(id);
      }
    }
    return Type::func(std::move(ps), std::move(rs));
  }

  void check_globals() {
    std::vector<StmtPtr> checked;
    for (StmtPtr& s : out_.file.ast.globals) {
      if (auto* d = std::get_if<VarDecl>(&s->node))
        for (const std::string& n : d->names)
          pending_globals_.insert(n);
    }
    for (StmtPtr& s : out_.file.ast.globals) {
      auto* d = std::get_if<VarDecl>(&s->node);
      if (!d) throw std::logic_error("global that is not a declaration");
      std::vector<std::string> names = d->names;
      check_var_decl(s, checked, /*global=*/true);
      for (const std::string& n : names)
        pending_globals_.erase(n);
    }
    pending_globals_.clear();
    out_.file.ast.globals = std::move(checked);
  }

  // ------------------------------------------------------------------------------------
  // types

  Type resolve_type(TypeExpr& t) {
    t.resolved = resolve_type_inner(t);
    return t.resolved;
  }

  Type resolve_type_inner(TypeExpr& t) {
    switch (t.kind) {
      case TypeExprKind::Unsupported:
        error(t.loc, fmt::format("unsupported type {}", t.text));
        return Type::invalid();
      case TypeExprKind::EmptyStruct:
        return Type::simple(TypeKind::EmptyStruct);
      case TypeExprKind::Name:
        return resolve_type_name(t);
      case TypeExprKind::Map: {
        Type k = resolve_type(*t.args[0]);
        Type v = resolve_type(*t.args[1]);
        if (k.is(TypeKind::Invalid) || v.is(TypeKind::Invalid)) return Type::invalid();
        if (!k.is(TypeKind::Int) && !k.is(TypeKind::String)) {
          error(t.args[0]->loc,
                fmt::format("unsupported map key type {} (keys must be int or string)",
                            to_string(k)));
          return Type::invalid();
        }
        if (!v.is(TypeKind::Int) && !v.is(TypeKind::String) && !v.is(TypeKind::Bool)) {
          error(t.args[1]->loc,
                fmt::format("unsupported map value type {} (values must be int, string or bool)",
                            to_string(v)));
          return Type::invalid();
        }
        return Type::map(k, v);
      }
      case TypeExprKind::Chan: {
        Type e = resolve_type(*t.args[0]);
        if (e.is(TypeKind::Invalid)) return e;
        if (e.is_sync()) {
          error(t.args[0]->loc, fmt::format("unsupported channel element type {}", to_string(e)));
          return Type::invalid();
        }
        return Type::chan(e, t.dir);
      }
      case TypeExprKind::Func: {
        std::vector<Type> ps, rs;
        bool bad = false;
        for (std::size_t i = 0; i < t.args.size(); ++i) {
          Type a = resolve_type(*t.args[i]);
          bad = bad || a.is(TypeKind::Invalid);
          (i < t.nparams ? ps : rs).push_back(a);
        }
        if (bad) return Type::invalid();
        return Type::func(std::move(ps), std::move(rs));
      }
    }
    throw std::logic_error("bad TypeExprKind");
  }

  Type resolve_type_name(TypeExpr& t) {
    if (t.pkg.empty()) {
      if (auto id = lookup(t.name)) {
        error(t.loc, fmt::format("{} is not a type", t.name));
        (void)id;
        return Type::invalid();
      }
      if (t.name == "int") return Type::int_();
      if (t.name == "string") return Type::string_();
      if (t.name == "bool") return Type::bool_();
      if (t.name == "any") return Type::any();
      static const std::set<std::string> other{
          "int8",    "int16",   "int32",     "int64",      "uint", "uint8",
          "uint16",  "uint32",  "uint64",    "uintptr",    "byte", "rune",
          "float32", "float64", "complex64", "complex128", "error"};
      if (other.count(t.name)) {
        error(t.loc, fmt::format("unsupported type {}", t.name));
        return Type::invalid();
      }
      if (is_package(t.name)) {
        error(t.loc, fmt::format("use of package {} without selector", t.name));
        return Type::invalid();
      }
      error(t.loc, fmt::format("undefined: {}", t.name));
      return Type::invalid();
    }
    if (!is_package(t.pkg)) {
      error(t.loc, fmt::format("undefined: {}", t.pkg));
      return Type::invalid();
    }
    std::string full = t.pkg + "." + t.name;
    if (full == "sync.Mutex") return Type::simple(TypeKind::Mutex);
    if (full == "sync.RWMutex") return Type::simple(TypeKind::RWMutex);
    if (full == "sync.WaitGroup") return Type::simple(TypeKind::WaitGroup);
    if (full == "atomic.Int32") return Type::simple(TypeKind::AtomicInt32);
    if (full == "atomic.Int64") return Type::simple(TypeKind::AtomicInt64);
    if (full == "atomic.Value") return Type::simple(TypeKind::AtomicValue);
    if (full == "time.Duration") return Type::simple(TypeKind::Duration);
    error(t.loc, fmt::format("unsupported type {}", full));
    return Type::invalid();
  }

  // ------------------------------------------------------------------------------------
  // operands, conversion, assignability

  std::string describe(const Expr& e, const Operand& op) const {
    std::string text = expr_string(e);
    if (op.type.is(TypeKind::Nil)) return "nil";
    if (op.untyped && op.value) {
      const char* k = std::holds_alternative<std::int64_t>(*op.value) ? "int"
                      : std::holds_alternative<bool>(*op.value)       ? "bool"
                                                                      : "string";
      return fmt::format("{} (untyped {} constant)", text, k);
    }
    if (op.value)
      return fmt::format("{} (constant {} of type {})", text, const_string(*op.value),
                         to_string(op.type));
    if (op.is_var) return fmt::format("{} (variable of type {})", text, to_string(op.type));
    return fmt::format("{} (value of type {})", text, to_string(op.type));
  }

  bool assignable(const Operand& op, const Type& t) const {
    if (op.type.is(TypeKind::Invalid) || t.is(TypeKind::Invalid)) return true;
    if (op.type.is(TypeKind::Tuple)) return false;
    if (op.type.is(TypeKind::Nil)) return t.is_nilable();
    if (op.untyped && op.value) {
      if (std::holds_alternative<std::int64_t>(*op.value))
        return is_integer(t) || t.is(TypeKind::Any);
      if (std::holds_alternative<bool>(*op.value))
        return t.is(TypeKind::Bool) || t.is(TypeKind::Any);
      return t.is(TypeKind::String) || t.is(TypeKind::Any);
    }
    if (op.type == t) return true;
    if (t.is(TypeKind::Any)) return !op.type.is_sync();
    if (t.is(TypeKind::Chan) && op.type.is(TypeKind::Chan) && op.type.dir == ChanDir::Both &&
        *t.elem == *op.type.elem)
      return true;
    return false;
  }

  /** Converts `e` (checked as `op`) to `t` for `context` ("assignment", "argument to f"...);
   *  sets e.type. Returns false after a diagnostic. */
  bool convert(Expr& e, Operand& op, const Type& t, const std::string& context) {
    if (op.result_unsupported) {
      error(e.loc, fmt::format("unsupported: using the result of {}",
                               builtin_name(*op.result_unsupported)));
      e.type = t;
      return false;
    }
    if (op.type.is(TypeKind::Tuple)) {
      if (op.type.results.empty())
        error(e.loc, fmt::format("{} (no value) used as value", expr_string(e)));
      else
        error(e.loc, fmt::format("multiple-value {} (value of type {}) in single-value context",
                                 expr_string(e), to_string(op.type)));
      e.type = t;
      return false;
    }
    if (!assignable(op, t)) {
      if (op.untyped && op.value && std::holds_alternative<std::int64_t>(*op.value) &&
          t.is(TypeKind::String)) {
        error(e.loc, fmt::format("cannot use {} as {} value in {}", describe(e, op), to_string(t),
                                 context));
      } else {
        error(e.loc, fmt::format("cannot use {} as {} value in {}", describe(e, op), to_string(t),
                                 context));
      }
      e.type = t;
      return false;
    }
    if (t.is(TypeKind::Any) && !op.type.is(TypeKind::Any) && !op.type.is(TypeKind::Nil)) {
      // The expression keeps its own (dynamic) type; the slot is `any`.
      e.type = op.untyped ? default_type(op) : op.type;
    } else {
      e.type = t.is(TypeKind::Invalid) ? (op.untyped ? default_type(op) : op.type) : t;
    }
    if (e.type.is(TypeKind::Nil) || e.type.is(TypeKind::Invalid)) e.type = t;
    return true;
  }

  static Type default_type(const Operand& op) {
    if (op.untyped && op.value) {
      if (std::holds_alternative<std::int64_t>(*op.value)) return Type::int_();
      if (std::holds_alternative<bool>(*op.value)) return Type::bool_();
      return Type::string_();
    }
    return op.type;
  }

  /** A value with no target type (`x := e`, fmt args): untyped constants get their default
   *  type; nil and no-value calls are errors. Returns the type. */
  Type settle(Expr& e, Operand& op, const std::string& context) {
    if (op.result_unsupported) {
      error(e.loc, fmt::format("unsupported: using the result of {}",
                               builtin_name(*op.result_unsupported)));
      e.type = Type::invalid();
      return e.type;
    }
    if (op.type.is(TypeKind::Nil)) {
      error(e.loc, fmt::format("use of untyped nil in {}", context));
      e.type = Type::invalid();
      return e.type;
    }
    if (op.type.is(TypeKind::Tuple)) {
      Operand copy = op;
      convert(e, copy, Type::invalid(), context);
      e.type = Type::invalid();
      return e.type;
    }
    e.type = default_type(op);
    return e.type;
  }

  /** Rejects a sync value used as a value (copied). */
  void no_sync_copy(const Expr& e, const Operand& op) {
    if (op.type.is_sync())
      error(e.loc, fmt::format("unsupported: copying {} (a {} is used only through its methods)",
                               describe(e, op), to_string(op.type)));
  }

  // ------------------------------------------------------------------------------------
  // expressions

  /** Checks an expression used as a value. */
  Operand value(ExprPtr& e) {
    Operand op = expr(e);
    no_sync_copy(*e, op);
    return op;
  }

  /** Checks a value and converts it to `t`. */
  Operand value_to(ExprPtr& e, const Type& t, const std::string& context) {
    Operand op = value(e);
    convert(*e, op, t, context);
    return op;
  }

  /** Checks a value with no expected type; returns its settled operand. */
  Operand value_settled(ExprPtr& e, const std::string& context) {
    Operand op = value(e);
    op.type = settle(*e, op, context);
    op.untyped = false;
    return op;
  }

  void fold(Expr& e, Operand& op, ConstValue v, Type t, bool untyped) {
    op = Operand{};
    op.type = t;
    op.untyped = untyped;
    op.value = v;
    if (auto* i = std::get_if<std::int64_t>(&v))
      e.node = IntLit{*i};
    else if (auto* b = std::get_if<bool>(&v))
      e.node = BoolLit{*b};
    else
      e.node = StringLit{std::get<std::string>(v)};
    e.type = untyped ? default_type(op) : t;
  }

  Operand expr(ExprPtr& ep) {
    Expr& e = *ep;
    Operand op;
    std::visit([&](auto& n) { op = expr_node(e, n); }, e.node);
    if (e.type.is(TypeKind::Invalid) && !op.type.is(TypeKind::Invalid))
      e.type = op.untyped ? default_type(op) : op.type;
    if (op.type.is(TypeKind::Nil)) e.type = Type::any();  // placeholder until converted
    return op;
  }

  Operand expr_node(Expr& e, IntLit& n) {
    Operand op;
    op.type = Type::int_();
    op.untyped = true;
    op.value = n.value;
    e.type = Type::int_();
    return op;
  }
  Operand expr_node(Expr& e, StringLit& n) {
    Operand op;
    op.type = Type::string_();
    op.untyped = true;
    op.value = n.value;
    e.type = Type::string_();
    return op;
  }
  Operand expr_node(Expr& e, BoolLit& n) {
    Operand op;
    op.type = Type::bool_();
    op.untyped = true;
    op.value = n.value;
    e.type = Type::bool_();
    return op;
  }
  Operand expr_node(Expr&, NilLit&) {
    Operand op;
    op.type = Type::simple(TypeKind::Nil);
    op.untyped = true;
    return op;
  }
  Operand expr_node(Expr& e, EmptyStructLit&) {
    Operand op;
    op.type = Type::simple(TypeKind::EmptyStruct);
    e.type = op.type;
    return op;
  }

  Operand expr_node(Expr& e, Ident& n) {
    Operand op;
    op.type = Type::invalid();
    if (n.name == "_") {
      error(e.loc, "cannot use _ as value");
      return op;
    }
    if (auto id = lookup(n.name)) {
      Symbol& s = sym(*id);
      n.sym = *id;
      switch (s.kind) {
        case SymbolKind::Const: {
          used_[id->v] = true;
          if (s.const_value) {
            bool untyped = s.type.is(TypeKind::Invalid);
            Type t = untyped ? Type::int_() : s.type;
            if (untyped) {
              if (std::holds_alternative<bool>(*s.const_value)) t = Type::bool_();
              if (std::holds_alternative<std::string>(*s.const_value)) t = Type::string_();
            }
            fold(e, op, *s.const_value, t, untyped);
          }
          return op;
        }
        case SymbolKind::Func:
          used_[id->v] = true;
          op.type = s.type;
          e.type = s.type;
          return op;
        default:
          use_symbol(*id, true);
          op.type = s.type;
          op.is_var = true;
          e.type = s.type;
          return op;
      }
    }
    if (n.name == "true" || n.name == "false") {
      bool value = n.name == "true";
      e.node = BoolLit{value};  // destroys n
      op.type = Type::bool_();
      op.untyped = true;
      op.value = value;
      e.type = op.type;
      return op;
    }
    if (n.name == "nil") {
      e.node = NilLit{};
      op.type = Type::simple(TypeKind::Nil);
      op.untyped = true;
      return op;
    }
    if (n.name == "iota") {
      error(e.loc, "unsupported: iota");
      return op;
    }
    static const std::set<std::string> builtins{
        "len", "delete", "clear", "close", "panic", "recover", "print",   "println", "make",
        "new", "append", "cap",   "copy",  "min",   "max",     "complex", "real",    "imag"};
    if (builtins.count(n.name)) {
      error(e.loc, fmt::format("{} (built-in function {}) must be called", n.name, n.name));
      return op;
    }
    static const std::set<std::string> types{"int",  "string", "bool",    "any",   "byte",
                                             "rune", "error",  "float64", "int64", "uint"};
    if (types.count(n.name)) {
      error(e.loc, fmt::format("{} (type) is not an expression", n.name));
      return op;
    }
    if (is_package(n.name)) {
      error(e.loc, fmt::format("use of package {} without selector", n.name));
      return op;
    }
    if (pending_globals_.count(n.name)) {
      error(e.loc, fmt::format("unsupported: {} is used before its declaration (package variables "
                               "are initialized in source order)",
                               n.name));
      return op;
    }
    error(e.loc, fmt::format("undefined: {}", n.name));
    return op;
  }

  Operand expr_node(Expr& e, Selector& n) {
    Operand op;
    op.type = Type::invalid();
    if (auto* id = std::get_if<Ident>(&n.x->node); id && is_package(id->name)) {
      std::string full = id->name + "." + n.name;
      static const std::map<std::string, std::int64_t> durations{
          {"time.Nanosecond", 1},         {"time.Microsecond", 1000},
          {"time.Millisecond", 1000000},  {"time.Second", 1000000000},
          {"time.Minute", 60000000000LL}, {"time.Hour", 3600000000000LL}};
      if (auto it = durations.find(full); it != durations.end()) {
        fold(e, op, it->second, Type::simple(TypeKind::Duration), false);
        return op;
      }
      if (package_builtin(full) || full == "time.Duration") {
        error(e.loc, fmt::format("unsupported: {} used as a value (call it)", full));
        return op;
      }
      error(n.name_loc, fmt::format("undefined: {}", full));
      return op;
    }
    Operand x = expr(n.x);
    if (x.type.is(TypeKind::Invalid)) return op;
    if (method_builtin(x.type, n.name))
      error(e.loc, fmt::format("unsupported: method value {} (call the method)", expr_string(e)));
    else
      error(n.name_loc, fmt::format("{} undefined (type {} has no field or method {})",
                                    expr_string(e), to_string(x.type), n.name));
    return op;
  }

  Operand expr_node(Expr& e, Unary& n) {
    Operand x = value(n.x);
    Operand op;
    op.type = Type::invalid();
    if (x.type.is(TypeKind::Invalid)) return op;
    bool ok = n.op == UnaryOp::Not ? x.type.is(TypeKind::Bool) && !(x.untyped && !x.value)
                                   : is_integer(x.type) && !x.type.is(TypeKind::Nil);
    if (x.type.is(TypeKind::Nil)) ok = false;
    if (!ok) {
      const char* sym = n.op == UnaryOp::Neg    ? "-"
                        : n.op == UnaryOp::Plus ? "+"
                        : n.op == UnaryOp::Not  ? "!"
                                                : "^";
      error(e.loc, fmt::format("invalid operation: operator {} not defined on {}", sym,
                               describe(*n.x, x)));
      return op;
    }
    if (x.value) {
      ConstValue v;
      if (n.op == UnaryOp::Not)
        v = !std::get<bool>(*x.value);
      else {
        std::int64_t i = std::get<std::int64_t>(*x.value);
        if (n.op == UnaryOp::Neg)
          v = static_cast<std::int64_t>(0ULL - static_cast<std::uint64_t>(i));
        else if (n.op == UnaryOp::Plus)
          v = i;
        else
          v = ~i;
      }
      fold(e, op, v, x.type, x.untyped);
      return op;
    }
    op.type = x.untyped ? default_type(x) : x.type;
    e.type = op.type;
    return op;
  }

  static const char* op_text(BinaryOp op) { return binary_op_text(op); }

  static bool is_comparison(BinaryOp op) { return op >= BinaryOp::Eq && op <= BinaryOp::Ge; }

  Operand expr_node(Expr& e, Binary& n) {
    Operand op;
    op.type = Type::invalid();
    Operand x = value(n.x);
    Operand y = value(n.y);
    if (x.type.is(TypeKind::Invalid) || y.type.is(TypeKind::Invalid)) return op;
    if (x.result_unsupported || x.type.is(TypeKind::Tuple))
      return convert(*n.x, x, Type::invalid(), "expression"), op;
    if (y.result_unsupported || y.type.is(TypeKind::Tuple))
      return convert(*n.y, y, Type::invalid(), "expression"), op;
    std::string text = expr_string(e);

    if (n.op == BinaryOp::Shl || n.op == BinaryOp::Shr) {
      if (!is_integer(x.type) ||
          (x.untyped && x.value && !std::holds_alternative<std::int64_t>(*x.value))) {
        error(e.loc, fmt::format("invalid operation: shifted operand {} must be integer",
                                 describe(*n.x, x)));
        return op;
      }
      if (!y.type.is(TypeKind::Int) ||
          (y.untyped && y.value && !std::holds_alternative<std::int64_t>(*y.value))) {
        error(n.y->loc,
              fmt::format("invalid operation: shift count {} must be integer", describe(*n.y, y)));
        return op;
      }
      if (y.value && std::get<std::int64_t>(*y.value) < 0) {
        error(n.y->loc, fmt::format("invalid shift count {} (negative)", expr_string(*n.y)));
        return op;
      }
      convert(*n.y, y, Type::int_(), "shift count");
      if (x.value && y.value) {
        std::int64_t a = std::get<std::int64_t>(*x.value), b = std::get<std::int64_t>(*y.value);
        std::int64_t r = 0;
        if (n.op == BinaryOp::Shl) {
          if (b >= 63 || (a != 0 && (a > (INT64_MAX >> b) || a < (INT64_MIN >> b)))) {
            error(e.loc,
                  fmt::format(
                      "cannot use {} (untyped int constant) as int value in expression (overflows)",
                      text));
            return op;
          }
          r = a << b;
        } else {
          r = b >= 63 ? (a < 0 ? -1 : 0) : a >> b;
        }
        fold(e, op, r, x.type, x.untyped);
        return op;
      }
      if (x.untyped) convert(*n.x, x, Type::int_(), "shift");
      op.type = x.untyped ? Type::int_() : x.type;
      e.type = op.type;
      return op;
    }

    if (n.op == BinaryOp::LogAnd || n.op == BinaryOp::LogOr) {
      for (auto* side : {&x, &y}) {
        if (!side->type.is(TypeKind::Bool)) {
          const Expr& se = side == &x ? *n.x : *n.y;
          error(se.loc, fmt::format("invalid operation: operator {} not defined on {}",
                                    op_text(n.op), describe(se, *side)));
          return op;
        }
      }
      if (x.value && y.value) {
        bool a = std::get<bool>(*x.value), b = std::get<bool>(*y.value);
        fold(e, op, n.op == BinaryOp::LogAnd ? (a && b) : (a || b), Type::bool_(),
             x.untyped && y.untyped);
        return op;
      }
      convert(*n.x, x, Type::bool_(), "expression");
      convert(*n.y, y, Type::bool_(), "expression");
      op.type = Type::bool_();
      e.type = op.type;
      return op;
    }

    // Bring both operands to one type: an untyped side takes the other's type.
    Type t;
    bool both_untyped = x.untyped && y.untyped;
    if (x.type.is(TypeKind::Nil) && y.type.is(TypeKind::Nil)) {
      error(e.loc, fmt::format("invalid operation: {} (operator {} not defined on nil)", text,
                               op_text(n.op)));
      return op;
    }
    if (both_untyped) {
      if (x.value && y.value && x.value->index() != y.value->index()) {
        error(e.loc,
              fmt::format("invalid operation: {} (mismatched types untyped {} and untyped {})",
                          text, to_string(default_type(x)), to_string(default_type(y))));
        return op;
      }
      t = default_type(x);
    } else if (x.untyped) {
      t = y.type;
      if (!assignable(x, t)) {
        mismatch(e, n, x, y);
        return op;
      }
    } else if (y.untyped) {
      t = x.type;
      if (!assignable(y, t)) {
        mismatch(e, n, x, y);
        return op;
      }
    } else {
      t = x.type;
      if (!(x.type == y.type)) {
        mismatch(e, n, x, y);
        return op;
      }
    }

    if (is_comparison(n.op)) {
      bool nil_cmp = x.type.is(TypeKind::Nil) || y.type.is(TypeKind::Nil);
      if (n.op == BinaryOp::Eq || n.op == BinaryOp::Ne) {
        if (!nil_cmp && (t.is(TypeKind::Map) || t.is(TypeKind::Func))) {
          error(e.loc, fmt::format("invalid operation: {} ({} can only be compared to nil)", text,
                                   t.is(TypeKind::Map) ? "map" : "func"));
          return op;
        }
        if (nil_cmp && !t.is_nilable()) {
          const Expr& other = x.type.is(TypeKind::Nil) ? *n.y : *n.x;
          const Operand& oo = x.type.is(TypeKind::Nil) ? y : x;
          error(e.loc, fmt::format("invalid operation: {} (mismatched types {} and untyped nil)",
                                   text, to_string(oo.untyped ? default_type(oo) : oo.type)));
          (void)other;
          return op;
        }
      } else if (!is_ordered(t)) {
        error(e.loc, fmt::format("invalid operation: {} (operator {} not defined on {})", text,
                                 op_text(n.op), describe(*n.x, x)));
        return op;
      }
      if (x.value && y.value) {
        fold(e, op, compare_consts(n.op, *x.value, *y.value), Type::bool_(), both_untyped);
        return op;
      }
      if (nil_cmp) {
        Type nt = x.type.is(TypeKind::Nil) ? y.type : x.type;
        convert(*n.x, x, nt, "comparison");
        convert(*n.y, y, nt, "comparison");
      } else {
        convert(*n.x, x, t, "comparison");
        convert(*n.y, y, t, "comparison");
      }
      op.type = Type::bool_();
      e.type = op.type;
      return op;
    }

    // Arithmetic.
    bool ok = false;
    if (is_integer(t)) ok = true;
    if (t.is(TypeKind::String) && n.op == BinaryOp::Add) ok = true;
    if (!ok) {
      error(e.loc, fmt::format("invalid operation: operator {} not defined on {}", op_text(n.op),
                               describe(*n.x, x)));
      return op;
    }
    if ((n.op == BinaryOp::Div || n.op == BinaryOp::Rem) && y.value && is_integer(t) &&
        std::holds_alternative<std::int64_t>(*y.value) && std::get<std::int64_t>(*y.value) == 0) {
      error(n.y->loc, "invalid operation: division by zero");
      return op;
    }
    if (x.value && y.value) {
      if (t.is(TypeKind::String)) {
        fold(e, op, std::get<std::string>(*x.value) + std::get<std::string>(*y.value), t,
             both_untyped);
        return op;
      }
      std::int64_t a = std::get<std::int64_t>(*x.value), b = std::get<std::int64_t>(*y.value),
                   r = 0;
      bool overflow = false;
      switch (n.op) {
        case BinaryOp::Add:
          overflow = __builtin_add_overflow(a, b, &r);
          break;
        case BinaryOp::Sub:
          overflow = __builtin_sub_overflow(a, b, &r);
          break;
        case BinaryOp::Mul:
          overflow = __builtin_mul_overflow(a, b, &r);
          break;
        case BinaryOp::Div:
          overflow = a == INT64_MIN && b == -1;
          r = overflow ? 0 : a / b;
          break;
        case BinaryOp::Rem:
          r = (a == INT64_MIN && b == -1) ? 0 : a % b;
          break;
        case BinaryOp::And:
          r = a & b;
          break;
        case BinaryOp::Or:
          r = a | b;
          break;
        case BinaryOp::Xor:
          r = a ^ b;
          break;
        case BinaryOp::AndNot:
          r = a & ~b;
          break;
        default:
          throw std::logic_error("not arithmetic");
      }
      if (overflow) {
        error(e.loc, fmt::format("constant {} overflows {}", text, to_string(t)));
        return op;
      }
      fold(e, op, r, t, both_untyped);
      return op;
    }
    convert(*n.x, x, t, "expression");
    convert(*n.y, y, t, "expression");
    op.type = t;
    e.type = t;
    return op;
  }

  void mismatch(Expr& e, Binary& n, const Operand& x, const Operand& y) {
    auto name = [&](const Operand& o) {
      if (o.type.is(TypeKind::Nil)) return std::string("untyped nil");
      if (o.untyped) return "untyped " + to_string(default_type(o));
      return to_string(o.type);
    };
    error(e.loc, fmt::format("invalid operation: {} (mismatched types {} and {})", expr_string(e),
                             name(x), name(y)));
    (void)n;
  }

  static bool compare_consts(BinaryOp op, const ConstValue& a, const ConstValue& b) {
    int c = a < b ? -1 : (b < a ? 1 : 0);
    switch (op) {
      case BinaryOp::Eq:
        return c == 0;
      case BinaryOp::Ne:
        return c != 0;
      case BinaryOp::Lt:
        return c < 0;
      case BinaryOp::Le:
        return c <= 0;
      case BinaryOp::Gt:
        return c > 0;
      case BinaryOp::Ge:
        return c >= 0;
      default:
        throw std::logic_error("not a comparison");
    }
  }

  Operand expr_node(Expr& e, Index& n) {
    Operand op;
    op.type = Type::invalid();
    Operand x = value(n.x);
    if (x.type.is(TypeKind::Invalid)) {
      value(n.index);
      return op;
    }
    if (x.type.is(TypeKind::String)) {
      error(e.loc, "unsupported: indexing a string (there is no byte type in specs)");
      value(n.index);
      return op;
    }
    if (!x.type.is(TypeKind::Map)) {
      error(e.loc, fmt::format("invalid operation: cannot index {}", describe(*n.x, x)));
      value(n.index);
      return op;
    }
    value_to(n.index, *x.type.key, "map index");
    op.type = *x.type.elem;
    e.type = op.type;
    return op;
  }

  Operand expr_node(Expr& e, Make& n) {
    Operand op;
    op.type = Type::invalid();
    Type t = resolve_type(*n.type);
    if (n.size) {
      Operand s = value(n.size);
      if (!s.type.is(TypeKind::Invalid) && !s.type.is(TypeKind::Int)) {
        error(n.size->loc, fmt::format("cannot convert {} to type int", describe(*n.size, s)));
      } else {
        convert(*n.size, s, Type::int_(), "argument to make");
        if (s.value && std::get<std::int64_t>(*s.value) < 0)
          error(
              n.size->loc,
              fmt::format("invalid argument: index {} (constant of type int) must not be negative",
                          expr_string(*n.size)));
      }
    }
    if (t.is(TypeKind::Invalid)) return op;
    if (!t.is(TypeKind::Map) && !t.is(TypeKind::Chan)) {
      error(n.type->loc,
            fmt::format("invalid argument: cannot make {}; type must be slice, map, or channel",
                        n.type->text));
      return op;
    }
    op.type = t;
    e.type = t;
    return op;
  }

  // The entries of a map literal of map type `t`: keys and values assignable, constant keys
  // distinct.
  void check_map_entries(MapLit& n, const Type& t) {
    std::set<ConstValue> seen;
    for (KeyValue& kv : n.entries) {
      if (!kv.key) {
        error(kv.value->loc, "missing key in map literal");
        value(kv.value);
        continue;
      }
      Operand k = value_to(kv.key, *t.key, "map literal");
      if (k.value && !seen.insert(*k.value).second)
        error(kv.key->loc, fmt::format("duplicate key {} in map literal", expr_string(*kv.key)));
      value_to(kv.value, *t.elem, "map literal");
    }
  }

  // The entries of a composite literal whose type was already reported (`[]int{1, 2}`,
  // `int{1}`): the literal is not a map literal, so nothing map-specific ("missing key") is
  // said about it; its expressions are still checked, so that names they use count as used.
  void check_entries_of_invalid_literal(MapLit& n) {
    for (KeyValue& kv : n.entries) {
      if (kv.key) value(kv.key);
      value(kv.value);
    }
  }

  Operand expr_node(Expr& e, MapLit& n) {
    Operand op;
    op.type = Type::invalid();
    Type t = resolve_type(*n.type);
    if (!t.is(TypeKind::Invalid) && !t.is(TypeKind::Map)) {
      error(n.type->loc, fmt::format("invalid composite literal type {}", n.type->text));
      t = Type::invalid();
    }
    if (t.is(TypeKind::Map))
      check_map_entries(n, t);
    else
      check_entries_of_invalid_literal(n);
    op.type = t;
    e.type = t;
    return op;
  }

  Operand expr_node(Expr& e, FuncLit& n) {
    Function& fn = out_.file.ast.funcs[n.func.v];
    check_function(fn);
    Operand op;
    op.type = out_.file.ast.funcs[n.func.v].type;
    e.type = op.type;
    return op;
  }

  Operand expr_node(Expr& e, Recv& n) {
    Operand op;
    op.type = Type::invalid();
    Operand c = value(n.ch);
    if (c.type.is(TypeKind::Invalid)) return op;
    if (!c.type.is(TypeKind::Chan)) {
      error(e.loc, fmt::format("invalid operation: cannot receive from non-channel {}",
                               describe(*n.ch, c)));
      return op;
    }
    if (c.type.dir == ChanDir::SendOnly) {
      error(e.loc, fmt::format("invalid operation: cannot receive from send-only channel {}",
                               describe(*n.ch, c)));
      return op;
    }
    op.type = *c.type.elem;
    e.type = op.type;
    return op;
  }

  Operand expr_node(Expr& e, TypeAssert& n) {
    Operand op;
    op.type = Type::invalid();
    Operand x = value(n.x);
    Type t = n.type ? resolve_type(*n.type) : Type::invalid();
    if (x.type.is(TypeKind::Invalid) || t.is(TypeKind::Invalid)) return op;
    if (!x.type.is(TypeKind::Any)) {
      error(n.x->loc, fmt::format("invalid operation: {} is not an interface", describe(*n.x, x)));
      return op;
    }
    op.type = t;
    e.type = t;
    return op;
  }

  Operand expr_node(Expr& e, Conversion& n) {
    Operand op;
    op.type = Type::invalid();
    Type t = resolve_type(*n.to);
    Operand x = value(n.x);
    if (t.is(TypeKind::Invalid) || x.type.is(TypeKind::Invalid)) return op;
    return conversion(e, t, x, *n.x);
  }

  Operand conversion(Expr& e, const Type& t, Operand& x, Expr& xe) {
    Operand op;
    op.type = Type::invalid();
    bool ok = false;
    if (is_integer(t) && (is_integer(x.type) && !(x.untyped && x.value &&
                                                  !std::holds_alternative<std::int64_t>(*x.value))))
      ok = true;
    if (t.is(TypeKind::Any) && !x.type.is_sync()) ok = true;
    if (x.type == t && !x.untyped) ok = true;
    if (x.untyped && x.value && assignable(x, t)) ok = true;
    if (t.is(TypeKind::String) && is_integer(x.type) && !x.untyped) {
      error(e.loc,
            fmt::format("unsupported: conversion {} from integer to string", expr_string(e)));
      return op;
    }
    if (!ok) {
      error(e.loc, fmt::format("cannot convert {} to type {}", describe(xe, x), to_string(t)));
      return op;
    }
    if (x.untyped && !x.type.is(TypeKind::Nil)) {
      xe.type = is_integer(t) ? t : default_type(x);
      if (x.value && !t.is(TypeKind::Any)) {
        fold(e, op, *x.value, t, false);
        return op;
      }
    } else if (x.type.is(TypeKind::Nil)) {
      xe.type = t;
    }
    op.type = t;
    e.type = t;
    return op;
  }

  // ---- calls

  std::optional<Builtin> package_builtin(const std::string& full) const {
    static const std::map<std::string, Builtin> table{
        {"fmt.Print", Builtin::FmtPrint},
        {"fmt.Println", Builtin::FmtPrintln},
        {"fmt.Printf", Builtin::FmtPrintf},
        {"fmt.Sprint", Builtin::FmtSprint},
        {"fmt.Sprintln", Builtin::FmtSprintln},
        {"fmt.Sprintf", Builtin::FmtSprintf},
        {"runtime.Gosched", Builtin::RuntimeGosched},
        {"runtime.GOMAXPROCS", Builtin::RuntimeGOMAXPROCS},
        {"runtime.NumGoroutine", Builtin::RuntimeNumGoroutine},
        {"time.Sleep", Builtin::TimeSleep},
    };
    if (auto it = table.find(full); it != table.end()) return it->second;
    return std::nullopt;
  }

  static std::optional<Builtin> method_builtin(const Type& t, const std::string& name) {
    switch (t.kind) {
      case TypeKind::Mutex:
        if (name == "Lock") return Builtin::MutexLock;
        if (name == "Unlock") return Builtin::MutexUnlock;
        if (name == "TryLock") return Builtin::MutexTryLock;
        return std::nullopt;
      case TypeKind::RWMutex:
        if (name == "Lock") return Builtin::RWMutexLock;
        if (name == "Unlock") return Builtin::RWMutexUnlock;
        if (name == "RLock") return Builtin::RWMutexRLock;
        if (name == "RUnlock") return Builtin::RWMutexRUnlock;
        if (name == "TryLock") return Builtin::RWMutexTryLock;
        if (name == "TryRLock") return Builtin::RWMutexTryRLock;
        return std::nullopt;
      case TypeKind::WaitGroup:
        if (name == "Add") return Builtin::WaitGroupAdd;
        if (name == "Done") return Builtin::WaitGroupDone;
        if (name == "Wait") return Builtin::WaitGroupWait;
        return std::nullopt;
      case TypeKind::AtomicInt32:
      case TypeKind::AtomicInt64:
        if (name == "Load") return Builtin::AtomicIntLoad;
        if (name == "Store") return Builtin::AtomicIntStore;
        if (name == "Add") return Builtin::AtomicIntAdd;
        if (name == "Swap") return Builtin::AtomicIntSwap;
        if (name == "CompareAndSwap") return Builtin::AtomicIntCompareAndSwap;
        return std::nullopt;
      case TypeKind::AtomicValue:
        if (name == "Load") return Builtin::AtomicValueLoad;
        if (name == "Store") return Builtin::AtomicValueStore;
        if (name == "Swap") return Builtin::AtomicValueSwap;
        if (name == "CompareAndSwap") return Builtin::AtomicValueCompareAndSwap;
        return std::nullopt;
      default:
        return std::nullopt;
    }
  }

  /** Checks `args` against parameter types `ps` for a call to `what`. */
  void check_args(Expr& e, Call& c, const std::vector<Type>& ps, const std::string& what) {
    if (c.args.size() == 1 && ps.size() > 1) {
      // f(g()) with a multi-value g is not in the subset.
      Operand a = value(c.args[0]);
      if (a.type.is(TypeKind::Tuple) && a.type.results.size() > 1) {
        error(c.args[0]->loc,
              "unsupported: multi-value call as argument (assign its results first)");
        return;
      }
      error(c.args.empty() ? e.loc : c.args.back()->loc,
            fmt::format("not enough arguments in call to {}", what));
      return;
    }
    for (std::size_t i = 0; i < c.args.size(); ++i) {
      if (i < ps.size())
        value_to(c.args[i], ps[i], fmt::format("argument to {}", what));
      else
        value(c.args[i]);
    }
    if (c.args.size() < ps.size())
      error(c.lparen, fmt::format("not enough arguments in call to {}", what));
    else if (c.args.size() > ps.size())
      error(c.args[ps.size()]->loc, fmt::format("too many arguments in call to {}", what));
  }

  /** Checks variadic `...any` args (fmt, print, panic). */
  void any_args(Call& c, const std::string& what) {
    for (ExprPtr& a : c.args) {
      Operand op = value(a);
      if (op.type.is(TypeKind::Nil)) {
        a->type = Type::any();
        continue;
      }
      convert(*a, op, Type::any(), fmt::format("argument to {}", what));
    }
  }

  Operand call_result(Expr& e, const std::vector<Type>& results) {
    Operand op;
    op.type = Type::tuple(results);
    e.type = op.type;
    return op;
  }

  Operand expr_node(Expr& e, Call& c) {
    Operand op;
    op.type = Type::invalid();
    Expr& callee = *c.callee;
    // Names: builtins, conversions, user functions, func-valued variables.
    if (auto* id = std::get_if<Ident>(&callee.node)) {
      if (auto s = lookup(id->name)) {
        Symbol& symbol = sym(*s);
        if (symbol.kind == SymbolKind::Func) {
          used_[s->v] = true;
          id->sym = *s;
          callee.type = symbol.type;
          c.kind = CallKind::Direct;
          c.func = symbol.func;
          check_args(e, c, symbol.type.params, id->name);
          return call_result(e, symbol.type.results);
        }
      } else {
        if (auto r = universe_call(e, c, id->name)) return *r;
      }
    }
    // Package functions and methods.
    if (auto* sel = std::get_if<Selector>(&callee.node)) {
      if (auto* pid = std::get_if<Ident>(&sel->x->node); pid && is_package(pid->name)) {
        std::string full = pid->name + "." + sel->name;
        if (full == "time.Duration") {
          if (c.args.size() != 1) {
            error(e.loc, fmt::format("wrong argument count in conversion to {}", full));
            return op;
          }
          Operand x = value(c.args[0]);
          if (x.type.is(TypeKind::Invalid)) return op;
          Type t = Type::simple(TypeKind::Duration);
          auto te = std::make_unique<TypeExpr>();
          te->loc = callee.loc;
          te->kind = TypeExprKind::Name;
          te->pkg = "time";
          te->name = "Duration";
          te->text = full;
          te->resolved = t;
          ExprPtr arg = std::move(c.args[0]);
          Operand res = conversion(e, t, x, *arg);
          if (std::holds_alternative<Call>(e.node))
            e.node = Conversion{std::move(te), std::move(arg)};
          return res;
        }
        auto b = package_builtin(full);
        if (!b) {
          error(sel->name_loc,
                fmt::format("{}: {}", is_known_unsupported(full) ? "unsupported" : "undefined",
                            full));
          for (ExprPtr& a : c.args)
            value(a);
          return op;
        }
        return builtin_call(e, c, *b, full);
      }
      // A method on a sync/atomic variable.
      Operand recv = expr(sel->x);
      if (recv.type.is(TypeKind::Invalid)) {
        for (ExprPtr& a : c.args)
          value(a);
        return op;
      }
      auto m = method_builtin(recv.type, sel->name);
      if (!m) {
        error(sel->name_loc, fmt::format("{} undefined (type {} has no field or method {})",
                                         expr_string(callee), to_string(recv.type), sel->name));
        for (ExprPtr& a : c.args)
          value(a);
        return op;
      }
      if (!std::holds_alternative<Ident>(sel->x->node)) {
        error(sel->x->loc, "unsupported: method call on an expression (call it on a variable)");
        return op;
      }
      c.receiver = std::move(sel->x);
      c.receiver->type = recv.type;
      return builtin_call(e, c, *m, std::string(builtin_name(*m)));
    }
    // A call through a func value (variable, literal, call result).
    Operand f = value(c.callee);
    if (f.type.is(TypeKind::Invalid)) {
      for (ExprPtr& a : c.args)
        value(a);
      return op;
    }
    if (!f.type.is(TypeKind::Func)) {
      error(e.loc,
            fmt::format("invalid operation: cannot call non-function {}", describe(callee, f)));
      for (ExprPtr& a : c.args)
        value(a);
      return op;
    }
    c.kind = CallKind::Value;
    check_args(e, c, f.type.params, expr_string(callee));
    return call_result(e, f.type.results);
  }

  static bool is_known_unsupported(const std::string& full) {
    static const std::set<std::string> s{"fmt.Errorf",
                                         "fmt.Fprintf",
                                         "fmt.Fprintln",
                                         "fmt.Fprint",
                                         "fmt.Sscanf",
                                         "fmt.Scan",
                                         "fmt.Scanln",
                                         "fmt.Sscan",
                                         "sync.OnceFunc",
                                         "sync.OnceValue",
                                         "sync.NewCond",
                                         "atomic.AddInt64",
                                         "atomic.AddInt32",
                                         "atomic.LoadInt64",
                                         "atomic.LoadInt32",
                                         "atomic.StoreInt64",
                                         "atomic.StoreInt32",
                                         "atomic.CompareAndSwapInt64",
                                         "atomic.CompareAndSwapInt32",
                                         "runtime.Goexit",
                                         "runtime.GC",
                                         "runtime.NumCPU",
                                         "time.Now",
                                         "time.Since",
                                         "time.After",
                                         "time.Tick",
                                         "time.NewTimer",
                                         "time.NewTicker",
                                         "time.AfterFunc"};
    return s.count(full) > 0;
  }

  /** Calls of predeclared names (not shadowed). nullopt if `name` is not predeclared. */
  std::optional<Operand> universe_call(Expr& e, Call& c, const std::string& name) {
    Operand op;
    op.type = Type::invalid();
    static const std::map<std::string, Builtin> table{
        {"len", Builtin::Len},     {"delete", Builtin::Delete},  {"clear", Builtin::Clear},
        {"close", Builtin::Close}, {"panic", Builtin::Panic},    {"recover", Builtin::Recover},
        {"print", Builtin::Print}, {"println", Builtin::Println}};
    if (auto it = table.find(name); it != table.end()) return builtin_call(e, c, it->second, name);
    if (name == "new") {
      error(e.loc, "unsupported: new (there are no pointers in specs)");
      return op;
    }
    if (name == "append" || name == "cap" || name == "copy") {
      error(e.loc, fmt::format("unsupported: {} (there are no slices in specs)", name));
      for (ExprPtr& a : c.args)
        value(a);
      return op;
    }
    if (name == "min" || name == "max" || name == "complex" || name == "real" || name == "imag") {
      error(e.loc, fmt::format("unsupported: built-in {}", name));
      for (ExprPtr& a : c.args)
        value(a);
      return op;
    }
    if (name == "int" || name == "string" || name == "bool" || name == "any") {
      if (c.args.size() != 1) {
        error(e.loc, fmt::format("wrong argument count in conversion to {}", name));
        return op;
      }
      Operand x = value(c.args[0]);
      if (x.type.is(TypeKind::Invalid)) return op;
      auto te = std::make_unique<TypeExpr>();
      te->loc = c.callee->loc;
      te->kind = TypeExprKind::Name;
      te->name = name;
      te->text = name;
      Type t = resolve_type(*te);
      ExprPtr arg = std::move(c.args[0]);
      Operand res = conversion(e, t, x, *arg);
      if (std::holds_alternative<Call>(e.node)) e.node = Conversion{std::move(te), std::move(arg)};
      return res;
    }
    static const std::set<std::string> other_types{"byte",    "rune",    "int64",  "int32",
                                                   "uint",    "uint64",  "uint32", "uint8",
                                                   "float64", "float32", "error"};
    if (other_types.count(name)) {
      error(c.callee->loc, fmt::format("unsupported type {}", name));
      for (ExprPtr& a : c.args)
        value(a);
      return op;
    }
    return std::nullopt;
  }

  Operand builtin_call(Expr& e, Call& c, Builtin b,
                       std::string what) {  // by value: may name the callee
    c.kind = CallKind::Builtin;
    c.builtin = b;
    c.callee.reset();
    Operand op;
    op.type = Type::invalid();
    // Go words predeclared builtins "for len() (expected 1, found 0)" and package functions
    // and methods "in call to mu.Lock".
    const bool go_func = builtin_is_method(b) || what.find('.') != std::string::npos;
    const std::string callee_text = builtin_is_method(b) ? method_what(c) : what;
    auto want_count = [&](std::size_t n) {
      if (go_func && c.args.size() != n) {
        bool few = c.args.size() < n;
        error(few ? c.lparen : c.args[n]->loc,
              fmt::format("{} arguments in call to {}", few ? "not enough" : "too many",
                          callee_text));
        for (ExprPtr& a : c.args)
          value(a);
        return false;
      }
      if (c.args.size() < n) {
        error(c.lparen, fmt::format("not enough arguments for {}() (expected {}, found {})", what,
                                    n, c.args.size()));
        for (ExprPtr& a : c.args)
          value(a);
        return false;
      }
      if (c.args.size() > n) {
        error(c.args[n]->loc, fmt::format("too many arguments for {}() (expected {}, found {})",
                                          what, n, c.args.size()));
        for (ExprPtr& a : c.args)
          value(a);
        return false;
      }
      return true;
    };
    auto none = [&]() { return call_result(e, {}); };
    auto ret = [&](Type t) { return call_result(e, {std::move(t)}); };
    const Type recv_t = c.receiver ? c.receiver->type : Type::invalid();
    switch (b) {
      case Builtin::Len: {
        if (!want_count(1)) return op;
        Operand x = value(c.args[0]);
        if (x.type.is(TypeKind::Invalid)) return op;
        settle(*c.args[0], x, "argument to len");
        if (!x.type.is(TypeKind::Map) && !x.type.is(TypeKind::String) &&
            !x.type.is(TypeKind::Chan)) {
          error(c.args[0]->loc,
                fmt::format("invalid argument: {} for built-in len", describe(*c.args[0], x)));
          return op;
        }
        if (x.value) {
          fold(e, op, static_cast<std::int64_t>(std::get<std::string>(*x.value).size()),
               Type::int_(), false);
          return op;
        }
        return ret(Type::int_());
      }
      case Builtin::Delete: {
        if (!want_count(2)) return none();
        Operand m = value(c.args[0]);
        if (m.type.is(TypeKind::Invalid)) {
          value(c.args[1]);
          return none();
        }
        if (!m.type.is(TypeKind::Map)) {
          error(c.args[0]->loc,
                fmt::format("invalid argument: {} is not a map", describe(*c.args[0], m)));
          value(c.args[1]);
          return none();
        }
        value_to(c.args[1], *m.type.key, "argument to delete");
        return none();
      }
      case Builtin::Clear: {
        if (!want_count(1)) return none();
        Operand m = value(c.args[0]);
        if (!m.type.is(TypeKind::Invalid) && !m.type.is(TypeKind::Map))
          error(c.args[0]->loc,
                fmt::format("invalid argument: {} for built-in clear", describe(*c.args[0], m)));
        return none();
      }
      case Builtin::Close: {
        if (!want_count(1)) return none();
        Operand ch = value(c.args[0]);
        if (ch.type.is(TypeKind::Invalid)) return none();
        if (!ch.type.is(TypeKind::Chan)) {
          error(c.args[0]->loc,
                fmt::format("invalid operation: non-chan argument {} for built-in close",
                            describe(*c.args[0], ch)));
        } else if (ch.type.dir == ChanDir::RecvOnly) {
          error(c.args[0]->loc,
                fmt::format("invalid operation: cannot close receive-only channel {}",
                            describe(*c.args[0], ch)));
        }
        return none();
      }
      case Builtin::Panic:
        if (!want_count(1)) return none();
        any_args(c, "panic");
        return none();
      case Builtin::Recover:
        if (!want_count(0)) return ret(Type::any());
        return ret(Type::any());
      case Builtin::Print:
      case Builtin::Println:
        any_args(c, what);
        return none();
      case Builtin::FmtPrint:
      case Builtin::FmtPrintln:
        any_args(c, what);
        op = none();
        op.result_unsupported = b;
        return op;
      case Builtin::FmtPrintf:
      case Builtin::FmtSprintf: {
        if (c.args.empty()) {
          error(c.lparen, fmt::format("not enough arguments in call to {}", what));
          return b == Builtin::FmtSprintf ? ret(Type::string_()) : none();
        }
        value_to(c.args[0], Type::string_(), fmt::format("argument to {}", what));
        for (std::size_t i = 1; i < c.args.size(); ++i) {
          Operand a = value(c.args[i]);
          if (a.type.is(TypeKind::Nil)) {
            c.args[i]->type = Type::any();
            continue;
          }
          convert(*c.args[i], a, Type::any(), fmt::format("argument to {}", what));
        }
        if (b == Builtin::FmtSprintf) return ret(Type::string_());
        op = none();
        op.result_unsupported = b;
        return op;
      }
      case Builtin::FmtSprint:
      case Builtin::FmtSprintln:
        any_args(c, what);
        return ret(Type::string_());
      case Builtin::RuntimeGosched:
        want_count(0);
        return none();
      case Builtin::RuntimeGOMAXPROCS:
        if (want_count(1)) value_to(c.args[0], Type::int_(), "argument to runtime.GOMAXPROCS");
        return ret(Type::int_());
      case Builtin::RuntimeNumGoroutine:
        want_count(0);
        return ret(Type::int_());
      case Builtin::TimeSleep:
        if (want_count(1))
          value_to(c.args[0], Type::simple(TypeKind::Duration), "argument to time.Sleep");
        return none();
      case Builtin::MutexLock:
      case Builtin::MutexUnlock:
      case Builtin::RWMutexLock:
      case Builtin::RWMutexUnlock:
      case Builtin::RWMutexRLock:
      case Builtin::RWMutexRUnlock:
      case Builtin::WaitGroupDone:
      case Builtin::WaitGroupWait:
        want_count(0);
        return none();
      case Builtin::MutexTryLock:
      case Builtin::RWMutexTryLock:
      case Builtin::RWMutexTryRLock:
        want_count(0);
        return ret(Type::bool_());
      case Builtin::WaitGroupAdd:
        if (want_count(1))
          value_to(c.args[0], Type::int_(), fmt::format("argument to {}", method_what(c)));
        return none();
      case Builtin::AtomicIntLoad:
        want_count(0);
        return ret(Type::int_());
      case Builtin::AtomicIntStore:
        if (want_count(1))
          value_to(c.args[0], Type::int_(), fmt::format("argument to {}", method_what(c)));
        return none();
      case Builtin::AtomicIntAdd:
      case Builtin::AtomicIntSwap:
        if (want_count(1))
          value_to(c.args[0], Type::int_(), fmt::format("argument to {}", method_what(c)));
        return ret(Type::int_());
      case Builtin::AtomicIntCompareAndSwap:
        if (want_count(2)) {
          value_to(c.args[0], Type::int_(), fmt::format("argument to {}", method_what(c)));
          value_to(c.args[1], Type::int_(), fmt::format("argument to {}", method_what(c)));
        }
        return ret(Type::bool_());
      case Builtin::AtomicValueLoad:
        want_count(0);
        return ret(Type::any());
      case Builtin::AtomicValueStore:
        if (want_count(1)) atomic_value_arg(c, 0);
        return none();
      case Builtin::AtomicValueSwap:
        if (want_count(1)) atomic_value_arg(c, 0);
        return ret(Type::any());
      case Builtin::AtomicValueCompareAndSwap:
        if (want_count(2)) {
          atomic_value_arg(c, 0);
          atomic_value_arg(c, 1);
        }
        return ret(Type::bool_());
    }
    (void)recv_t;
    throw std::logic_error("bad Builtin");
  }

  std::string method_what(const Call& c) const {
    return c.receiver
               ? expr_string(*c.receiver) + "." +
                     std::string(
                         builtin_name(*c.builtin).substr(builtin_name(*c.builtin).rfind('.') + 1))
               : "";
  }

  void atomic_value_arg(Call& c, std::size_t i) {
    Operand a = value(c.args[i]);
    if (a.type.is(TypeKind::Nil)) {
      error(c.args[i]->loc,
            "unsupported: storing nil in an atomic.Value (Go panics: sync/atomic: store of nil "
            "value into Value)");
      c.args[i]->type = Type::any();
      return;
    }
    convert(*c.args[i], a, Type::any(), fmt::format("argument to {}", method_what(c)));
  }

  // ------------------------------------------------------------------------------------
  // targets (left-hand sides)

  /** Checks `e` as an assignment target for plain `=` (or op=). */
  Target target(ExprPtr& e, bool op_assign) {
    Target t;
    t.loc = e->loc;
    if (auto* id = std::get_if<Ident>(&e->node)) {
      if (id->name == "_") {
        if (op_assign) error(e->loc, "cannot use _ as value");
        t.kind = TargetKind::Blank;
        t.type = Type::invalid();
        return t;
      }
      auto s = lookup(id->name);
      if (!s) {
        error(e->loc, fmt::format("undefined: {}", id->name));
        t.type = Type::invalid();
        return t;
      }
      Symbol& symbol = sym(*s);
      if (symbol.kind == SymbolKind::Func || symbol.kind == SymbolKind::Const) {
        error(e->loc,
              fmt::format("cannot assign to {} (neither addressable nor a map index expression)",
                          id->name));
        t.type = Type::invalid();
        return t;
      }
      if (symbol.type.is_sync()) {
        error(e->loc, fmt::format("unsupported: assignment to {} of type {}", id->name,
                                  to_string(symbol.type)));
        t.type = Type::invalid();
        return t;
      }
      id->sym = *s;
      use_symbol(*s, /*as_value=*/false);
      t.kind = TargetKind::Var;
      t.sym = *s;
      t.type = symbol.type;
      return t;
    }
    if (auto* ix = std::get_if<Index>(&e->node)) {
      Operand m = value(ix->x);
      if (m.type.is(TypeKind::Invalid)) {
        value(ix->index);
        t.type = Type::invalid();
        return t;
      }
      if (!m.type.is(TypeKind::Map)) {
        if (m.type.is(TypeKind::String))
          error(e->loc,
                fmt::format("cannot assign to {} (neither addressable nor a map index expression)",
                            expr_string(*e)));
        else
          error(e->loc, fmt::format("invalid operation: cannot index {}", describe(*ix->x, m)));
        value(ix->index);
        t.type = Type::invalid();
        return t;
      }
      value_to(ix->index, *m.type.key, "map index");
      t.kind = TargetKind::MapIndex;
      t.map = std::move(ix->x);
      t.key = std::move(ix->index);
      t.type = *m.type.elem;
      return t;
    }
    Operand op = expr(e);
    if (!op.type.is(TypeKind::Invalid))
      error(e->loc,
            fmt::format("cannot assign to {} (neither addressable nor a map index expression)",
                        expr_string(*e)));
    t.type = Type::invalid();
    return t;
  }

  /** Stores `op` (checked from `rhs`) into `t`, converting; with `define`, t.type is from rhs. */
  void store(Target& t, ExprPtr& rhs, Operand& op, const std::string& context) {
    if (t.kind == TargetKind::Blank && !t.declares) {
      settle(*rhs, op, context);
      return;
    }
    convert(*rhs, op, t.type, context);
  }

  /** For `:=`: the lhs names, declaring the new ones (after the rhs is checked). Go: at least
   *  one new non-blank variable. `types[i]` is the value type for lhs i. */
  std::vector<Target> define_targets(std::vector<ExprPtr>& lhs, const std::vector<Type>& types,
                                     const Loc& stmt_loc, bool per_iteration) {
    std::vector<Target> ts;
    bool any_new = false;
    std::set<std::string> names;
    for (std::size_t i = 0; i < lhs.size(); ++i) {
      Target t;
      t.loc = lhs[i]->loc;
      auto* id = std::get_if<Ident>(&lhs[i]->node);
      if (!id) {
        error(lhs[i]->loc, fmt::format("non-name {} on left side of :=", expr_string(*lhs[i])));
        t.type = Type::invalid();
        ts.push_back(std::move(t));
        continue;
      }
      if (id->name == "_") {
        t.kind = TargetKind::Blank;
        t.type = types[i];
        ts.push_back(std::move(t));
        continue;
      }
      if (!names.insert(id->name).second) {
        error(lhs[i]->loc, fmt::format("{} repeated on left side of :=", id->name));
        t.type = Type::invalid();
        ts.push_back(std::move(t));
        continue;
      }
      auto& sc = scopes_.back();
      if (auto it = sc.names.find(id->name); it != sc.names.end()) {
        Symbol& s = sym(it->second);
        id->sym = it->second;
        t.kind = TargetKind::Var;
        t.sym = it->second;
        t.type = s.type;
        use_symbol(it->second, false);
        ts.push_back(std::move(t));
        continue;
      }
      any_new = true;
      Type ty = types[i];
      SymbolId sid = new_symbol(SymbolKind::Local, id->name, ty, lhs[i]->loc);
      sym(sid).per_iteration = per_iteration;
      id->sym = sid;
      t.kind = TargetKind::Var;
      t.sym = sid;
      t.type = ty;
      t.declares = true;
      ts.push_back(std::move(t));
    }
    if (!any_new) error(stmt_loc, "no new variables on left side of :=");
    for (Target& t : ts)
      if (t.declares) declare(t.sym);
    return ts;
  }

  // ------------------------------------------------------------------------------------
  // statements

  struct FuncCtx {
    Function* fn;
    std::vector<std::pair<const Stmt*, Breakable>> breakables;
  };

  void check_function(Function& fn) {
    std::optional<FuncId> saved = cur_func_;
    cur_func_ = fn.id;
    push_scope();
    fn.param_syms.clear();
    fn.result_syms.clear();
    fn.type = resolve_signature(fn, true);
    for (SymbolId id : fn.param_syms)
      fn.locals.push_back(id);
    for (SymbolId id : fn.result_syms)
      fn.locals.push_back(id);
    ctx_.push_back(FuncCtx{&fn, {}});
    check_stmts(fn.body.stmts);
    if (!fn.type.results.empty() && !terminates(fn.body.stmts))
      error(fn.body.rbrace, "missing return");
    ctx_.pop_back();
    pop_scope();
    cur_func_ = saved;
  }

  Function& cur_fn() { return *ctx_.back().fn; }

  void check_stmts(std::vector<StmtPtr>& stmts) {
    std::vector<StmtPtr> out;
    for (StmtPtr& s : stmts) {
      if (auto* d = std::get_if<VarDecl>(&s->node)) {
        (void)d;
        check_var_decl(s, out, false);
        continue;
      }
      check_stmt(s);
      out.push_back(std::move(s));
    }
    stmts = std::move(out);
  }

  void check_block(Block& b) {
    push_scope();
    check_stmts(b.stmts);
    pop_scope();
  }

  /** `var`/`const` declarations (local or global); appends the checked statements. */
  void check_var_decl(StmtPtr& s, std::vector<StmtPtr>& out, bool global) {
    VarDecl& d = std::get<VarDecl>(s->node);
    Type declared = d.type ? resolve_type(*d.type) : Type::invalid();
    bool has_type = d.type != nullptr;
    SymbolKind kind = d.is_const ? SymbolKind::Const
                      : global   ? SymbolKind::Global
                                 : SymbolKind::Local;
    if (d.is_const) {
      if (has_type && !declared.is(TypeKind::Invalid) && !is_integer(declared) &&
          !declared.is(TypeKind::String) && !declared.is(TypeKind::Bool)) {
        error(d.type->loc, fmt::format("invalid constant type {}", to_string(declared)));
        declared = Type::invalid();
      }
      for (std::size_t i = 0; i < d.names.size(); ++i) {
        std::optional<ConstValue> v;
        if (i < d.values.size()) {
          Operand op = value(d.values[i]);
          if (!op.type.is(TypeKind::Invalid)) {
            if (!op.value) {
              error(d.values[i]->loc,
                    fmt::format("{} is not constant", describe(*d.values[i], op)));
            } else if (has_type && !assignable(op, declared)) {
              convert(*d.values[i], op, declared, "constant declaration");
            } else {
              v = op.value;
              if (!has_type && !op.untyped) declared = op.type;
            }
          }
        } else if (!d.values.empty()) {
          error(d.name_locs[i], "missing init expr for const declaration");
        }
        SymbolId id =
            new_symbol(kind, d.names[i],
                       has_type || !declared.is(TypeKind::Invalid) ? declared : Type::invalid(),
                       d.name_locs[i]);
        sym(id).const_value = v;
        if (!has_type) {
          // Untyped unless the value was typed (time.Millisecond*10 is a Duration).
          sym(id).type = declared;
        }
        declare(id);
        if (!has_type) declared = Type::invalid();
      }
      if (d.values.size() > d.names.size()) error(d.values[d.names.size()]->loc, "extra init expr");
      return;  // constants leave no statement behind
    }
    if (declared.is_sync() && !d.values.empty()) {
      error(d.values[0]->loc,
            fmt::format("unsupported: initializing a {} (declare it without a value)",
                        to_string(declared)));
      d.values.clear();
    }
    if (d.values.empty()) {
      if (!has_type) throw std::logic_error("var without type or value");
      for (std::size_t i = 0; i < d.names.size(); ++i) {
        if (d.names[i] == "_") {
          error(d.name_locs[i], "unsupported: blank variable declaration without a value");
          continue;
        }
        SymbolId id = new_symbol(kind, d.names[i], declared, d.name_locs[i]);
        d.syms.push_back(id);
        declare(id);
      }
      d.values.clear();
      out.push_back(std::move(s));
      return;
    }
    // With values: becomes an assignment that declares.
    Loc loc = s->loc;
    std::vector<Type> types;
    std::vector<ExprPtr> values = std::move(d.values);
    std::vector<Operand> ops;
    bool tuple = false;
    std::optional<CommaOkKind> comma_ok;
    if (values.size() == 1 && d.names.size() == 2) comma_ok = comma_ok_kind(*values[0]);
    if (values.size() == 1 && d.names.size() > 1 && !comma_ok) {
      Operand op = value(values[0]);
      if (op.type.is(TypeKind::Tuple) && op.type.results.size() == d.names.size()) {
        tuple = true;
        types = op.type.results;
      } else if (!op.type.is(TypeKind::Invalid)) {
        error(d.name_locs[0], fmt::format("assignment mismatch: {} variables but {}",
                                          d.names.size(), values_desc(*values[0], op)));
      }
      ops.push_back(op);
    } else if (comma_ok) {
      Operand op = expr(values[0]);
      types = {op.type, Type::bool_()};
      ops.push_back(op);
    } else {
      if (values.size() != d.names.size()) {
        error(d.name_locs[0], fmt::format("assignment mismatch: {} variable{} but {} value{}",
                                          d.names.size(), d.names.size() == 1 ? "" : "s",
                                          values.size(), values.size() == 1 ? "" : "s"));
      }
      for (std::size_t i = 0; i < values.size(); ++i) {
        Operand op = value(values[i]);
        if (has_type) {
          convert(*values[i], op, declared, "variable declaration");
          types.push_back(declared);
        } else {
          types.push_back(settle(*values[i], op, "variable declaration"));
        }
        ops.push_back(op);
      }
    }
    if (has_type) {
      for (std::size_t i = 0; i < types.size(); ++i) {
        if ((tuple || comma_ok) && !(i == 1 && comma_ok)) {
          Operand tmp;
          tmp.type = types[i];
          if (!assignable(tmp, declared) && !types[i].is(TypeKind::Invalid))
            error(values[0]->loc, fmt::format("cannot use {} value as {} value in assignment",
                                              to_string(types[i]), to_string(declared)));
        }
        types[i] = declared;
      }
    }
    types.resize(d.names.size(), Type::invalid());
    std::vector<Target> targets;
    for (std::size_t i = 0; i < d.names.size(); ++i) {
      Target t;
      t.loc = d.name_locs[i];
      t.type = types[i];
      if (d.names[i] == "_") {
        t.kind = TargetKind::Blank;
      } else {
        SymbolId id = new_symbol(kind, d.names[i], types[i], d.name_locs[i]);
        t.kind = TargetKind::Var;
        t.sym = id;
        t.declares = true;
        declare(id);
      }
      targets.push_back(std::move(t));
    }
    if (comma_ok) {
      CommaOk c;
      c.kind = *comma_ok;
      c.value = std::move(targets[0]);
      c.ok = std::move(targets[1]);
      c.source = std::move(values[0]);
      c.define = true;
      out.push_back(make_checked(loc, std::move(c)));
    } else if (tuple) {
      AssignCall a;
      a.lhs = std::move(targets);
      a.call = std::move(values[0]);
      a.define = true;
      out.push_back(make_checked(loc, std::move(a)));
    } else {
      Assign a;
      a.lhs = std::move(targets);
      a.rhs = std::move(values);
      a.lhs.resize(std::min(a.lhs.size(), a.rhs.size()));
      a.rhs.resize(a.lhs.size());
      a.define = true;
      out.push_back(make_checked(loc, std::move(a)));
    }
  }

  static StmtPtr make_checked(Loc loc, Stmt::Node node) {
    auto s = std::make_unique<Stmt>();
    s->loc = std::move(loc);
    s->node = std::move(node);
    return s;
  }

  std::string values_desc(const Expr& e, const Operand& op) const {
    if (op.type.is(TypeKind::Tuple))
      return fmt::format("{} returns {} value{}", expr_string(e), op.type.results.size(),
                         op.type.results.size() == 1 ? "" : "s");
    if (std::holds_alternative<Call>(e.node))
      return fmt::format("{} returns 1 value", expr_string(e));
    return "1 value";
  }

  static std::optional<CommaOkKind> comma_ok_kind(const Expr& e) {
    if (std::holds_alternative<Index>(e.node)) return CommaOkKind::MapIndex;
    if (std::holds_alternative<Recv>(e.node)) return CommaOkKind::Recv;
    if (std::holds_alternative<TypeAssert>(e.node)) return CommaOkKind::TypeAssert;
    return std::nullopt;
  }

  void check_stmt(StmtPtr& s) {
    std::visit([&](auto& n) { stmt_node(*s, n); }, s->node);
  }

  void stmt_node(Stmt&, ExprStmt& n) {
    Operand op = expr(n.x);
    bool is_call =
        std::holds_alternative<Call>(n.x->node) || std::holds_alternative<Recv>(n.x->node);
    if (std::holds_alternative<Call>(n.x->node)) {
      const Call& c = std::get<Call>(n.x->node);
      if (c.kind == CallKind::Builtin && c.builtin &&
          (*c.builtin == Builtin::Len || *c.builtin == Builtin::FmtSprint ||
           *c.builtin == Builtin::FmtSprintf || *c.builtin == Builtin::FmtSprintln))
        is_call = false;
    }
    if (!is_call && !op.type.is(TypeKind::Invalid)) {
      error(n.x->loc, fmt::format("{} is not used", describe(*n.x, op)));
    }
  }

  void stmt_node(Stmt&, VarDecl&) { throw std::logic_error("VarDecl handled in check_stmts"); }

  void stmt_node(Stmt& s, Assign& n) {
    std::size_t nl = n.lhs_exprs.size(), nr = n.rhs.size();
    if (nl == 2 && nr == 1) {
      if (auto k = comma_ok_kind(*n.rhs[0])) {
        Operand op = expr(n.rhs[0]);
        CommaOk c;
        c.kind = *k;
        c.define = n.define;
        c.source = std::move(n.rhs[0]);
        if (n.define) {
          auto ts = define_targets(n.lhs_exprs, {op.type, Type::bool_()}, s.loc, false);
          c.value = std::move(ts[0]);
          c.ok = std::move(ts[1]);
        } else {
          c.value = target(n.lhs_exprs[0], false);
          c.ok = target(n.lhs_exprs[1], false);
          check_assignable_type(c.value, op.type, *c.source);
          check_assignable_type(c.ok, Type::bool_(), *c.source);
        }
        s.node = std::move(c);
        return;
      }
    }
    if (nr == 1 && nl > 1) {
      Operand op = value(n.rhs[0]);
      if (!op.type.is(TypeKind::Invalid) &&
          !(op.type.is(TypeKind::Tuple) && op.type.results.size() == nl)) {
        error(n.lhs_exprs[0]->loc, fmt::format("assignment mismatch: {} variables but {}", nl,
                                               values_desc(*n.rhs[0], op)));
        declare_after_error(n.lhs_exprs, n.define, s.loc);
        return;
      }
      std::vector<Type> types =
          op.type.is(TypeKind::Tuple) ? op.type.results : std::vector<Type>(nl, Type::invalid());
      AssignCall a;
      a.define = n.define;
      a.call = std::move(n.rhs[0]);
      if (n.define) {
        a.lhs = define_targets(n.lhs_exprs, types, s.loc, false);
      } else {
        for (std::size_t i = 0; i < nl; ++i) {
          a.lhs.push_back(target(n.lhs_exprs[i], false));
          check_assignable_type(a.lhs.back(), types[i], *a.call);
        }
      }
      s.node = std::move(a);
      return;
    }
    if (nl != nr) {
      error(n.lhs_exprs[0]->loc, fmt::format("assignment mismatch: {} variable{} but {} value{}",
                                             nl, nl == 1 ? "" : "s", nr, nr == 1 ? "" : "s"));
      for (auto& r : n.rhs)
        value(r);
      declare_after_error(n.lhs_exprs, n.define, s.loc);
      return;
    }
    if (n.define) {
      std::vector<Operand> ops;
      std::vector<Type> types;
      for (auto& r : n.rhs) {
        Operand op = value(r);
        types.push_back(settle(*r, op, "assignment"));
        ops.push_back(op);
      }
      n.lhs = define_targets(n.lhs_exprs, types, s.loc, false);
    } else {
      for (auto& l : n.lhs_exprs)
        n.lhs.push_back(target(l, false));
      for (std::size_t i = 0; i < nr; ++i) {
        Operand op = value(n.rhs[i]);
        store(n.lhs[i], n.rhs[i], op, "assignment");
      }
    }
    n.lhs_exprs.clear();
  }

  /** After a mismatch: declares the names of a `:=` (type invalid, marked used) so that later
   *  uses do not cascade into "undefined"; resolves the targets of a plain `=`. */
  void declare_after_error(std::vector<ExprPtr>& lhs, bool define, const Loc& loc) {
    if (!define) {
      for (auto& l : lhs)
        target(l, false);
      return;
    }
    std::vector<Target> ts =
        define_targets(lhs, std::vector<Type>(lhs.size(), Type::invalid()), loc, false);
    for (const Target& t : ts)
      if (t.kind == TargetKind::Var) used_[t.sym.v] = true;
  }

  /** For multi-value forms: the value of type `t` must be assignable to target `tg`. */
  void check_assignable_type(Target& tg, const Type& t, const Expr& src) {
    if (tg.kind == TargetKind::Blank) {
      tg.type = t;
      return;
    }
    Operand tmp;
    tmp.type = t;
    if (!assignable(tmp, tg.type))
      error(src.loc, fmt::format("cannot use {} value as {} value in assignment", to_string(t),
                                 to_string(tg.type)));
  }

  void stmt_node(Stmt&, AssignCall&) { throw std::logic_error("AssignCall before checking"); }
  void stmt_node(Stmt&, CommaOk&) { throw std::logic_error("CommaOk before checking"); }

  void stmt_node(Stmt& s, OpAssign& n) {
    n.lhs = target(n.lhs_expr, true);
    if (n.lhs.kind == TargetKind::MapIndex) {
      // `m[k] op= v` reads m[k]: the map is used as a value (already marked by target()).
    }
    Operand r = value(n.rhs);
    const Type& t = n.lhs.type;
    if (t.is(TypeKind::Invalid) || r.type.is(TypeKind::Invalid)) return;
    std::string opname = op_text(n.op);
    if (n.op == BinaryOp::Shl || n.op == BinaryOp::Shr) {
      if (!is_integer(t)) {
        error(s.loc, fmt::format("invalid operation: shifted operand {} must be integer",
                                 expr_string(*n.lhs_expr)));
        return;
      }
      convert(*n.rhs, r, Type::int_(), "shift count");
      return;
    }
    bool ok = is_integer(t) || (t.is(TypeKind::String) && n.op == BinaryOp::Add);
    if (!ok) {
      if (n.incdec)
        error(s.loc,
              fmt::format("invalid operation: {}{} (non-numeric type {})", expr_string(*n.lhs_expr),
                          n.op == BinaryOp::Add ? "++" : "--", to_string(t)));
      else
        error(s.loc,
              fmt::format("invalid operation: operator {} not defined on {} (variable of type {})",
                          opname, expr_string(*n.lhs_expr), to_string(t)));
      return;
    }
    if (!assignable(r, t)) {
      error(s.loc,
            fmt::format("invalid operation: {} {}= {} (mismatched types {} and {})",
                        expr_string(*n.lhs_expr), opname, expr_string(*n.rhs), to_string(t),
                        r.untyped ? "untyped " + to_string(default_type(r)) : to_string(r.type)));
      return;
    }
    if ((n.op == BinaryOp::Div || n.op == BinaryOp::Rem) && r.value &&
        std::holds_alternative<std::int64_t>(*r.value) && std::get<std::int64_t>(*r.value) == 0) {
      error(n.rhs->loc, "invalid operation: division by zero");
      return;
    }
    convert(*n.rhs, r, t, "assignment");
  }

  void stmt_node(Stmt& s, Send& n) {
    Operand c = value(n.ch);
    if (c.type.is(TypeKind::Invalid)) {
      value(n.value);
      return;
    }
    if (!c.type.is(TypeKind::Chan)) {
      error(s.loc,
            fmt::format("invalid operation: cannot send to non-channel {}", describe(*n.ch, c)));
      value(n.value);
      return;
    }
    if (c.type.dir == ChanDir::RecvOnly) {
      error(s.loc, fmt::format("invalid operation: cannot send to receive-only channel {}",
                               describe(*n.ch, c)));
      value(n.value);
      return;
    }
    value_to(n.value, *c.type.elem, "send");
  }

  void go_or_defer(ExprPtr& call, const char* what) {
    Operand op = expr(call);
    if (!std::holds_alternative<Call>(call->node)) {
      if (!op.type.is(TypeKind::Invalid))
        error(call->loc, fmt::format("{} requires function call, not conversion", what));
      return;
    }
    const Call& c = std::get<Call>(call->node);
    if (c.kind == CallKind::Builtin && c.builtin) {
      switch (*c.builtin) {
        case Builtin::Len:
        case Builtin::FmtSprint:
        case Builtin::FmtSprintf:
        case Builtin::FmtSprintln:
          error(call->loc, fmt::format("{} discards result of {}", what, expr_string(*call)));
          break;
        default:
          break;
      }
    }
  }

  void stmt_node(Stmt&, Go& n) { go_or_defer(n.call, "go"); }
  void stmt_node(Stmt&, Defer& n) { go_or_defer(n.call, "defer"); }

  void stmt_node(Stmt& s, Return& n) {
    Function& fn = cur_fn();
    const std::vector<Type>& rs = fn.type.results;
    if (n.values.empty()) {
      if (!rs.empty() && fn.result_syms.empty())
        error(s.loc, "not enough return values\n\thave ()\n\twant (" + type_list(rs) + ")");
      return;
    }
    if (n.values.size() == 1 && rs.size() > 1) {
      Operand op = value(n.values[0]);
      if (op.type.is(TypeKind::Tuple) && op.type.results == rs) {
        error(n.values[0]->loc,
              "unsupported: returning a multi-value call (assign its results first)");
        return;
      }
      if (!op.type.is(TypeKind::Invalid))
        error(n.values[0]->loc, "not enough return values\n\thave (" + to_string(op.type) +
                                    ")\n\twant (" + type_list(rs) + ")");
      return;
    }
    if (rs.empty()) {
      for (auto& v : n.values)
        value(v);
      error(n.values[0]->loc, "too many return values");
      return;
    }
    if (n.values.size() != rs.size()) {
      for (auto& v : n.values)
        value(v);
      error(n.values.size() < rs.size() ? s.loc : n.values[rs.size()]->loc,
            n.values.size() < rs.size() ? "not enough return values" : "too many return values");
      return;
    }
    for (std::size_t i = 0; i < rs.size(); ++i)
      value_to(n.values[i], rs[i], "return statement");
  }

  static std::string type_list(const std::vector<Type>& ts) {
    std::string s;
    for (std::size_t i = 0; i < ts.size(); ++i)
      s += (i ? ", " : "") + to_string(ts[i]);
    return s;
  }

  void condition(ExprPtr& cond, const char* where) {
    Operand op = value(cond);
    if (op.type.is(TypeKind::Invalid)) return;
    if (!op.type.is(TypeKind::Bool)) {
      error(cond->loc, fmt::format("non-boolean condition in {} statement", where));
      return;
    }
    convert(*cond, op, Type::bool_(), "condition");
  }

  void stmt_node(Stmt&, If& n) {
    push_scope();
    if (n.init) check_simple(n.init);
    condition(n.cond, "if");
    check_block(n.then);
    if (n.els) {
      if (auto* b = std::get_if<BlockStmt>(&n.els->node))
        check_block(b->block);
      else
        check_stmt(n.els);
    }
    pop_scope();
  }

  /** A simple statement in a header (if/for/switch init, for post). */
  void check_simple(StmtPtr& s) {
    if (std::holds_alternative<VarDecl>(s->node)) throw std::logic_error("var in header");
    check_stmt(s);
  }

  void stmt_node(Stmt& s, For& n) {
    push_scope();
    if (n.init) {
      check_simple(n.init);
      if (auto* a = std::get_if<Assign>(&n.init->node); a && a->define)
        for (Target& t : a->lhs)
          if (t.declares) sym(t.sym).per_iteration = true;
    }
    if (n.cond) condition(n.cond, "for");
    if (n.post) {
      if (auto* a = std::get_if<Assign>(&n.post->node); a && a->define)
        error(n.post->loc, "cannot declare in post statement of for loop");
      else
        check_simple(n.post);
    }
    ctx_.back().breakables.push_back({&s, Breakable::Loop});
    check_block(n.body);
    ctx_.back().breakables.pop_back();
    pop_scope();
  }

  void stmt_node(Stmt& s, Range& n) {
    Operand x = value(n.x);
    Type t = x.type;
    push_scope();
    Block body = std::move(n.body);
    ExprPtr key_expr = std::move(n.key_expr), value_expr = std::move(n.value_expr);
    bool define = n.define;
    ExprPtr xe = std::move(n.x);
    std::vector<ExprPtr> lhs;
    if (key_expr) lhs.push_back(std::move(key_expr));
    if (value_expr) lhs.push_back(std::move(value_expr));
    std::vector<Type> types;
    enum { M, C, I, Bad } kind = Bad;
    if (t.is(TypeKind::Map)) {
      kind = M;
      types = {*t.key, *t.elem};
    } else if (t.is(TypeKind::Chan)) {
      kind = C;
      types = {*t.elem};
      if (t.dir == ChanDir::SendOnly) {
        error(xe->loc, fmt::format("invalid operation: range {} receive from send-only channel",
                                   expr_string(*xe)));
        kind = Bad;
      }
      if (lhs.size() > 1) {
        error(lhs[1]->loc,
              fmt::format("range over {} permits only one iteration variable", describe(*xe, x)));
        kind = Bad;
      }
    } else if (is_integer(t) ||
               (x.untyped && x.value && std::holds_alternative<std::int64_t>(*x.value))) {
      kind = I;
      if (x.untyped) convert(*xe, x, Type::int_(), "range");
      types = {x.untyped ? Type::int_() : t};
      if (lhs.size() > 1) {
        error(lhs[1]->loc,
              fmt::format("range over {} permits only one iteration variable", describe(*xe, x)));
        kind = Bad;
      }
    } else if (t.is(TypeKind::String)) {
      error(xe->loc, "unsupported: range over a string");
    } else if (t.is(TypeKind::Func)) {
      error(xe->loc, "unsupported: range over a function (iterators)");
    } else if (!t.is(TypeKind::Invalid)) {
      error(xe->loc, fmt::format("cannot range over {}", describe(*xe, x)));
    }
    if (kind == Bad) types.assign(2, Type::invalid());
    types.resize(std::max<std::size_t>(types.size(), 2), Type::invalid());
    std::vector<Target> ts;
    if (!lhs.empty()) {
      if (define) {
        ts = define_targets(lhs, types, lhs[0]->loc, true);
      } else {
        for (std::size_t i = 0; i < lhs.size(); ++i) {
          ts.push_back(target(lhs[i], false));
          Operand tmp;
          tmp.type = types[i];
          if (ts.back().kind != TargetKind::Blank && !assignable(tmp, ts.back().type))
            error(lhs[i]->loc, fmt::format("cannot use {} (value of type {}) as {} value in range",
                                           expr_string(*lhs[i]), to_string(types[i]),
                                           to_string(ts.back().type)));
        }
      }
    }
    while (ts.size() < 2) {
      Target b;
      b.loc = s.loc;
      b.kind = TargetKind::Blank;
      b.type = types[ts.size()];
      ts.push_back(std::move(b));
    }
    ctx_.back().breakables.push_back({&s, Breakable::Loop});
    push_scope();  // the body is a nested block: it may redeclare the iteration variables
    check_stmts(body.stmts);
    pop_scope();
    ctx_.back().breakables.pop_back();
    pop_scope();
    switch (kind) {
      case M: {
        RangeMap r;
        r.key = std::move(ts[0]);
        r.value = std::move(ts[1]);
        r.map = std::move(xe);
        r.body = std::move(body);
        r.define = define;
        s.node = std::move(r);
        break;
      }
      case C: {
        RangeChan r;
        r.value = std::move(ts[0]);
        r.ch = std::move(xe);
        r.body = std::move(body);
        r.define = define;
        s.node = std::move(r);
        break;
      }
      case I:
      case Bad: {
        RangeInt r;
        r.index = std::move(ts[0]);
        r.n = std::move(xe);
        r.body = std::move(body);
        r.define = define;
        s.node = std::move(r);
        break;
      }
    }
  }

  void stmt_node(Stmt&, RangeMap&) { throw std::logic_error("RangeMap before checking"); }
  void stmt_node(Stmt&, RangeChan&) { throw std::logic_error("RangeChan before checking"); }
  void stmt_node(Stmt&, RangeInt&) { throw std::logic_error("RangeInt before checking"); }

  void stmt_node(Stmt& s, Switch& n) {
    push_scope();
    if (n.init) check_simple(n.init);
    Type tag = Type::bool_();
    bool tag_ok = true;
    if (n.tag) {
      Operand op = value(n.tag);
      tag = settle(*n.tag, op, "switch expression");
      tag_ok = !tag.is(TypeKind::Invalid);
      if (tag_ok && (tag.is(TypeKind::Map) || tag.is(TypeKind::Func))) {
        error(n.tag->loc, fmt::format("cannot switch on {}", describe(*n.tag, op)));
        tag_ok = false;
      }
    }
    bool seen_default = false;
    ctx_.back().breakables.push_back({&s, Breakable::Switch});
    for (CaseClause& c : n.clauses) {
      if (c.is_default) {
        if (seen_default) error(c.loc, "multiple defaults in switch");
        seen_default = true;
      }
      for (ExprPtr& v : c.values) {
        Operand op = value(v);
        if (!tag_ok || op.type.is(TypeKind::Invalid)) continue;
        if (!n.tag) {
          if (!op.type.is(TypeKind::Bool))
            error(v->loc,
                  fmt::format("invalid case {} in switch (mismatched types {} and bool)",
                              expr_string(*v), to_string(op.untyped ? default_type(op) : op.type)));
          else
            convert(*v, op, Type::bool_(), "switch case");
          continue;
        }
        if (!assignable(op, tag)) {
          error(v->loc,
                fmt::format("invalid case {} in switch on {} (mismatched types {} and {})",
                            expr_string(*v), expr_string(*n.tag),
                            to_string(op.untyped ? default_type(op) : op.type), to_string(tag)));
          continue;
        }
        convert(*v, op, tag, "switch case");
      }
      push_scope();
      check_stmts(c.body);
      pop_scope();
    }
    ctx_.back().breakables.pop_back();
    pop_scope();
  }

  void stmt_node(Stmt& s, Select& n) {
    ctx_.back().breakables.push_back({&s, Breakable::Select});
    bool seen_default = false;
    for (SelectCase& c : n.cases) {
      push_scope();
      if (!c.comm) {
        c.kind = SelectKind::Default;
        if (seen_default) error(c.loc, "multiple defaults in select");
        seen_default = true;
      } else {
        select_comm(c);
      }
      check_stmts(c.body);
      pop_scope();
    }
    ctx_.back().breakables.pop_back();
  }

  void select_comm(SelectCase& c) {
    Stmt& comm = *c.comm;
    auto blank = [&](Loc l) {
      Target t;
      t.loc = std::move(l);
      t.kind = TargetKind::Blank;
      return t;
    };
    if (auto* send = std::get_if<Send>(&comm.node)) {
      c.kind = SelectKind::Send;
      stmt_node(comm, *send);
      c.ch = std::move(send->ch);
      c.value = std::move(send->value);
      c.comm.reset();
      return;
    }
    auto recv_ch = [&](ExprPtr& e) -> bool {
      auto* r = std::get_if<Recv>(&e->node);
      if (!r) return false;
      return true;
    };
    if (auto* es = std::get_if<ExprStmt>(&comm.node); es && recv_ch(es->x)) {
      c.kind = SelectKind::Recv;
      Operand op = expr(es->x);
      c.recv_value = blank(comm.loc);
      c.recv_value.type = op.type;
      c.recv_ok = blank(comm.loc);
      c.recv_ok.type = Type::bool_();
      c.ch = std::move(std::get<Recv>(es->x->node).ch);
      c.comm.reset();
      return;
    }
    if (auto* a = std::get_if<Assign>(&comm.node);
        a && a->rhs.size() == 1 && recv_ch(a->rhs[0]) && a->lhs_exprs.size() <= 2) {
      c.kind = SelectKind::Recv;
      c.define = a->define;
      Operand op = expr(a->rhs[0]);
      std::vector<Type> types{op.type, Type::bool_()};
      std::vector<Target> ts;
      if (a->define) {
        ts = define_targets(a->lhs_exprs, types, comm.loc, false);
      } else {
        for (std::size_t i = 0; i < a->lhs_exprs.size(); ++i) {
          ts.push_back(target(a->lhs_exprs[i], false));
          check_assignable_type(ts.back(), types[i], *a->rhs[0]);
        }
      }
      c.recv_value = std::move(ts[0]);
      if (ts.size() > 1) {
        c.recv_ok = std::move(ts[1]);
      } else {
        c.recv_ok = blank(comm.loc);
        c.recv_ok.type = Type::bool_();
      }
      c.ch = std::move(std::get<Recv>(a->rhs[0]->node).ch);
      c.comm.reset();
      return;
    }
    error(comm.loc, "select case must be receive, send or assign recv");
    // Still resolve the names it uses, so they do not also show up as unused.
    if (auto* es = std::get_if<ExprStmt>(&comm.node)) {
      expr(es->x);
    } else if (auto* as = std::get_if<Assign>(&comm.node)) {
      for (ExprPtr& r : as->rhs)
        expr(r);
      declare_after_error(as->lhs_exprs, as->define, comm.loc);
    }
    c.comm.reset();
    c.kind = SelectKind::Default;
  }

  const Stmt* find_breakable(bool loops_only) const {
    const auto& bs = ctx_.back().breakables;
    for (auto it = bs.rbegin(); it != bs.rend(); ++it)
      if (!loops_only || it->second == Breakable::Loop) return it->first;
    return nullptr;
  }

  void stmt_node(Stmt& s, Break& n) {
    n.target = find_breakable(false);
    if (!n.target) error(s.loc, "break is not in a loop, switch, or select");
  }
  void stmt_node(Stmt& s, Continue& n) {
    n.target = find_breakable(true);
    if (!n.target) error(s.loc, "continue is not in a loop");
  }
  void stmt_node(Stmt&, BlockStmt& n) { check_block(n.block); }

  // ---- terminating statements (Go spec "Terminating statements")

  bool terminates(const std::vector<StmtPtr>& stmts) const {
    return !stmts.empty() && terminates(*stmts.back());
  }

  bool terminates(const Stmt& s) const {
    if (std::holds_alternative<Return>(s.node)) return true;
    if (auto* es = std::get_if<ExprStmt>(&s.node)) {
      if (auto* c = std::get_if<Call>(&es->x->node))
        return c->kind == CallKind::Builtin && c->builtin == Builtin::Panic;
      return false;
    }
    if (auto* b = std::get_if<BlockStmt>(&s.node)) return terminates(b->block.stmts);
    if (auto* i = std::get_if<If>(&s.node))
      return i->els && terminates(i->then.stmts) && terminates(*i->els);
    if (auto* f = std::get_if<For>(&s.node)) return !f->cond && !has_break(f->body.stmts, &s);
    if (auto* sw = std::get_if<Switch>(&s.node)) {
      bool has_default = false;
      for (const CaseClause& c : sw->clauses) {
        has_default = has_default || c.is_default;
        if (!terminates(c.body) || has_break(c.body, &s)) return false;
      }
      return has_default;
    }
    if (auto* sel = std::get_if<Select>(&s.node)) {
      for (const SelectCase& c : sel->cases)
        if (!terminates(c.body) || has_break(c.body, &s)) return false;
      return true;
    }
    return false;
  }

  static bool has_break(const std::vector<StmtPtr>& stmts, const Stmt* target) {
    for (const StmtPtr& s : stmts)
      if (has_break(*s, target)) return true;
    return false;
  }
  static bool has_break(const Stmt& s, const Stmt* target) {
    if (auto* b = std::get_if<Break>(&s.node)) return b->target == target;
    if (auto* b = std::get_if<BlockStmt>(&s.node)) return has_break(b->block.stmts, target);
    if (auto* i = std::get_if<If>(&s.node))
      return has_break(i->then.stmts, target) || (i->els && has_break(*i->els, target));
    if (auto* f = std::get_if<For>(&s.node)) return has_break(f->body.stmts, target);
    if (auto* r = std::get_if<RangeMap>(&s.node)) return has_break(r->body.stmts, target);
    if (auto* r = std::get_if<RangeChan>(&s.node)) return has_break(r->body.stmts, target);
    if (auto* r = std::get_if<RangeInt>(&s.node)) return has_break(r->body.stmts, target);
    if (auto* sw = std::get_if<Switch>(&s.node)) {
      for (const CaseClause& c : sw->clauses)
        if (has_break(c.body, target)) return true;
    }
    if (auto* sel = std::get_if<Select>(&s.node)) {
      for (const SelectCase& c : sel->cases)
        if (has_break(c.body, target)) return true;
    }
    return false;
  }

  // ------------------------------------------------------------------------------------

  struct Out {
    CheckedFile file;
  } out_;
  std::vector<Diagnostic> diags_;
  std::vector<Scope> scopes_;
  std::vector<bool> used_;
  std::map<std::string, ImportInfo> imports_;
  std::optional<FuncId> cur_func_;
  std::optional<FuncId> main_;
  /** Names of package variables not declared yet while checking global initializers. */
  std::set<std::string> pending_globals_;
  std::vector<FuncCtx> ctx_;
};

}  // namespace

CheckResult check(File file) {
  return Checker(std::move(file)).run();
}

}  // namespace mapcheck::specs
