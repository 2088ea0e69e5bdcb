// The spec AST: one tree that the parser builds (syntax only) and the checker completes in
// place (every name resolved to a SymbolId, every expression typed, generic syntax rewritten
// to specific node kinds). Lowering reads only the checked form, described per node below.
// This header declares data only; parsing, checking and printing live in their own headers.
#pragma once

#include <compare>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "specs/builtin.h"
#include "specs/diagnostic.h"
#include "specs/type.h"

namespace mapcheck::specs {

/** Index into CheckedFile::symbols. Every variable, parameter, result, constant and function
 *  of the spec has exactly one; uses of a name carry the id of the declaration they mean. */
struct SymbolId {
  std::uint32_t v = 0;
  auto operator<=>(const SymbolId&) const = default;
};

/** Index into File::funcs. Top-level functions and function literals alike, numbered in
 *  source order of their `func` keyword (so a literal gets an id after its enclosing one). */
struct FuncId {
  std::uint32_t v = 0;
  auto operator<=>(const FuncId&) const = default;
};

struct Expr;
struct Stmt;
struct TypeExpr;
/** Children are owned; nodes never move once built, so `const Stmt*` links stay valid. */
using ExprPtr = std::unique_ptr<Expr>;
using StmtPtr = std::unique_ptr<Stmt>;
using TypeExprPtr = std::unique_ptr<TypeExpr>;

// ---------------------------------------------------------------------------------------
// Type syntax (as written). The checker resolves it to a Type and rejects what is outside
// the subset (pointers, slices, arrays, structs with fields, interfaces other than `any`,
// generics), quoting `text`.

enum class TypeExprKind : std::uint8_t {
  Name,         ///< `int`, `any`, `sync.Mutex` (pkg set), `time.Duration`
  Map,          ///< `map[K]V`: args[0]=K, args[1]=V
  Chan,         ///< `chan T` / `chan<- T` / `<-chan T`: args[0]=T, dir
  Func,         ///< `func(P...) R...`: args = params then results, nparams = #params
  EmptyStruct,  ///< `struct{}`
  Unsupported,  ///< anything else the parser could skip over (`*T`, `[]T`, `[n]T`, `struct{..}`,
                ///< `interface{..}` with methods, `T[P]`); always rejected by the checker
};

/** A type as written, with the source text kept for diagnostics. */
struct TypeExpr {
  Loc loc;
  TypeExprKind kind = TypeExprKind::Name;
  std::string pkg;   ///< Name: package qualifier ("sync"), empty if none
  std::string name;  ///< Name: the identifier
  ChanDir dir = ChanDir::Both;
  std::vector<TypeExprPtr> args;
  std::size_t nparams = 0;
  std::string text;  ///< the source text, e.g. "[]int", "map[string][]int"
  Type resolved;     ///< set by the checker (Invalid if rejected)
};

// ---------------------------------------------------------------------------------------
// Expressions. Expr::type is set by the checker on every expression of a checked file and
// is never Nil or Invalid there; untyped constants get their final type (int or
// time.Duration; `nil` gets the map/chan/func/any type it is used as).

enum class UnaryOp : std::uint8_t { Neg, Plus, Not, BitNot };
enum class BinaryOp : std::uint8_t {
  Add,
  Sub,
  Mul,
  Div,
  Rem,
  And,
  Or,
  Xor,
  AndNot,
  Shl,
  Shr,  // arithmetic / bitwise
  Eq,
  Ne,
  Lt,
  Le,
  Gt,
  Ge,  // comparison (result bool)
  LogAnd,
  LogOr,  // short-circuit
};

struct IntLit {
  std::int64_t value = 0;
};
struct StringLit {
  std::string value;  ///< decoded bytes (escapes processed)
};
struct BoolLit {
  bool value = false;
};
/** `nil`; its Expr::type is the map/chan/func/any type it stands for. */
struct NilLit {};
/** `struct{}{}`. */
struct EmptyStructLit {};

/** A name used as a value. Checked: `sym` resolves to a Global, Local, Param, Result or Func
 *  symbol (a Func symbol used as a value is a function value; direct calls use Call::func).
 *  Constants never survive checking: they are replaced by their literal. */
struct Ident {
  std::string name;
  SymbolId sym;
};

/** `x.name` before checking. Never present in a checked file: the checker turns package
 *  members into literals (time.Millisecond) or Call::builtin, and rejects the rest. */
struct Selector {
  ExprPtr x;
  std::string name;
  Loc name_loc;
};

struct Unary {
  UnaryOp op;
  ExprPtr x;
};

/** Checked: for comparisons both operands have identical types (or one is nil and the other
 *  nilable: only == / != against nil). LogAnd/LogOr short-circuit. Add on strings
 *  concatenates. Shl/Shr: y is int, non-negative at run time or the program panics. */
struct Binary {
  BinaryOp op;
  ExprPtr x;
  ExprPtr y;
};

/** `m[k]` as a value: a map read (mapaccess1; zero value when absent). Checked: x is a map,
 *  index has the key type. (Indexing strings is rejected: there is no byte type.) Index as an
 *  assignment target is a Target of kind MapIndex instead, never this node. */
struct Index {
  ExprPtr x;
  ExprPtr index;
};

/** How a Call is resolved. Unresolved only before checking. */
enum class CallKind : std::uint8_t {
  Unresolved,
  Direct,   ///< a top-level function by id (`f(x)`): `func` is set
  Value,    ///< a call through a func value (closure variable, func literal): `callee` set
  Builtin,  ///< a builtin/package function/method: `builtin` set, `receiver` for methods
};

/** A call. Before checking `callee` is the expression before the parentheses. Checked: see
 *  CallKind; args are converted to the parameter types (to `any` for fmt/panic args: the
 *  arg's own Expr::type is its dynamic type). Expr::type is the single result type, or a
 *  Tuple (empty for no result, >= 2 results for a multi-value call). */
struct Call {
  CallKind kind = CallKind::Unresolved;
  /** Value: the func-valued expression. Direct: the Ident naming the function (for printing
   *  only; use `func`). Builtin: null once checked. */
  ExprPtr callee;
  std::optional<FuncId> func;      ///< Direct
  std::optional<Builtin> builtin;  ///< Builtin
  ExprPtr receiver;                ///< Builtin methods: an Ident of the sync/atomic variable
  std::vector<ExprPtr> args;
  Loc lparen;  ///< position of `(`
};

/** `make(map[K]V[, hint])` or `make(chan T[, size])`. Checked: type.resolved is Map or Chan;
 *  `size` (hint or buffer size) is an int expression or null. */
struct Make {
  TypeExprPtr type;
  ExprPtr size;
};

/** One `key: value` entry of a map literal. */
struct KeyValue {
  ExprPtr key;
  ExprPtr value;
};
/** `map[K]V{k: v, ...}`. Checked: keys/values converted to K/V; duplicate constant keys
 *  are a diagnostic (as in Go). Entries are inserted in source order. */
struct MapLit {
  TypeExprPtr type;
  std::vector<KeyValue> entries;
};

/** `func(...) {...}` as a value. The body lives in File::funcs[func]; Function::captures lists
 *  the outer variables it uses (captured by reference). */
struct FuncLit {
  FuncId func;
};

/** `<-ch` as a single-value receive (zero value when closed). Checked: ch is a channel that
 *  can receive. The two-value form is Stmt CommaOk with kind Recv. */
struct Recv {
  ExprPtr ch;
};

/** `x.(T)`: x has type any; panics at run time when the dynamic type is not T. The two-value
 *  form is Stmt CommaOk with kind TypeAssert. */
struct TypeAssert {
  ExprPtr x;
  TypeExprPtr type;
};

/** `T(x)`: the checked form of a call whose callee is a type. Allowed: int <-> time.Duration,
 *  any type to `any`, and identity conversions; `to.resolved` is the result type. */
struct Conversion {
  TypeExprPtr to;
  ExprPtr x;
};

/** An expression. `loc` is its first token (where Go's type checker reports errors);
 *  `op_loc` is the operator of a Unary/Binary, the `(` of a Call, the `[` of an Index
 *  (where Go reports run-time panics and syntax positions). */
struct Expr {
  using Node =
      std::variant<IntLit, StringLit, BoolLit, NilLit, EmptyStructLit, Ident, Selector, Unary,
                   Binary, Index, Call, Make, MapLit, FuncLit, Recv, TypeAssert, Conversion>;
  Loc loc;
  Loc op_loc;
  Type type;  ///< set by the checker
  Node node;
};

// ---------------------------------------------------------------------------------------
// Assignment targets (checked form of the left-hand side of =, :=, op=, range, comma-ok).

enum class TargetKind : std::uint8_t {
  Blank,     ///< `_`: the value is evaluated and dropped
  Var,       ///< a variable symbol (Global, Local, Param or Result)
  MapIndex,  ///< `m[k]`: a map assignment (mapassign); map and key evaluated before the rhs
};

/** Where an assigned value goes. `declares` is true when this target is a variable newly
 *  introduced by `:=` / `var` (its storage starts here; Go 1.22 loop variables are fresh per
 *  iteration); false for redeclared names in `:=` and for plain `=`. */
struct Target {
  Loc loc;
  TargetKind kind = TargetKind::Blank;
  SymbolId sym;  ///< Var
  ExprPtr map;   ///< MapIndex
  ExprPtr key;   ///< MapIndex
  bool declares = false;
  Type type;  ///< the type stored (the variable's type, or the map's elem type)
};

// ---------------------------------------------------------------------------------------
// Statements. "Before checking" forms are rewritten by the checker; a checked file contains
// only the forms marked checked.

struct Block {
  Loc lbrace;
  Loc rbrace;  ///< where the block ends (deferred calls of a function body run here)
  std::vector<StmtPtr> stmts;
};

/** An expression statement: a Call (incl. builtins), or a Recv (`<-ch`). Checked. */
struct ExprStmt {
  ExprPtr x;
};

/** `var a, b T` with no initial values: each symbol starts at its type's zero value (sync
 *  objects start unlocked / zero). Checked form. `var a = e` (with values) is rewritten by the
 *  checker into Assign with declaring targets. Before checking: names/type/values as written. */
struct VarDecl {
  std::vector<std::string> names;
  std::vector<Loc> name_locs;
  TypeExprPtr type;             ///< may be null when values are given
  std::vector<ExprPtr> values;  ///< before checking only; empty in checked form
  std::vector<SymbolId> syms;   ///< checked: one per name (blank names are rejected)
  bool is_const = false;        ///< `const` (checked files contain no const decls)
};

/** `a, b = x, y` / `a, b := x, y` / `var a, b = x, y`. Checked: lhs.size() == rhs.size();
 *  Go's order: index operands of lhs and all rhs evaluated left to right, then stored left to
 *  right. `define` records `:=`. Before checking lhs_exprs holds the written left side. */
struct Assign {
  std::vector<ExprPtr> lhs_exprs;  ///< before checking only
  std::vector<Target> lhs;         ///< checked
  std::vector<ExprPtr> rhs;
  bool define = false;
};

/** `a, b := f()` with f returning a tuple of lhs.size() results. Checked form. */
struct AssignCall {
  std::vector<Target> lhs;
  ExprPtr call;  ///< a Call whose type is a Tuple of lhs.size() results
  bool define = false;
};

enum class CommaOkKind : std::uint8_t {
  MapIndex,    ///< `v, ok := m[k]` (mapaccess2); source is an Index node
  Recv,        ///< `v, ok := <-ch`; source is a Recv node
  TypeAssert,  ///< `v, ok := x.(T)`; source is a TypeAssert node
};
/** The two-value forms. Checked form. `ok` has type bool. */
struct CommaOk {
  CommaOkKind kind;
  Target value;
  Target ok;
  ExprPtr source;
  bool define = false;
};

/** `x op= e`, and `x++` / `x--` (op Add/Sub, rhs an IntLit 1 at the ++ position).
 *  Before checking lhs_expr holds the target; checked: lhs is Var or MapIndex (for a map
 *  `m[k] += v` reads m[k] then assigns it). */
struct OpAssign {
  ExprPtr lhs_expr;  ///< before checking only
  Target lhs;        ///< checked
  BinaryOp op;
  ExprPtr rhs;
  bool incdec = false;  ///< written as ++ or --
};

/** `ch <- v`. Checked: ch can send, v has its elem type. */
struct Send {
  ExprPtr ch;
  ExprPtr value;
};

/** `go call`: callee and args are evaluated now, the call runs in a new goroutine. The call
 *  is a Call node of any CallKind (Value with a FuncLit callee for `go func(){...}()`). */
struct Go {
  ExprPtr call;
};
/** `defer call`: callee and args evaluated now; runs when the function returns or panics,
 *  last deferred first. */
struct Defer {
  ExprPtr call;
};

/** `return` / `return a, b`. Checked: values match the result types (converted), or are
 *  empty: a bare return in a function with named results returns those symbols' values. */
struct Return {
  std::vector<ExprPtr> values;
};

/** `if init; cond { then } else els`. els is null, a Block stmt or an If stmt. */
struct If {
  StmtPtr init;
  ExprPtr cond;
  Block then;
  StmtPtr els;
};

/** `for init; cond; post { body }`, `for cond {}`, `for {}`. init/cond/post may be null.
 *  Go 1.22 semantics: variables declared by init are fresh per iteration (only observable
 *  when a closure captures them; see Function::captures). */
struct For {
  StmtPtr init;
  ExprPtr cond;
  StmtPtr post;
  Block body;
};

/** `for k, v := range x` before checking (kind decided by x's type). Never in checked files:
 *  the checker rewrites it to RangeMap, RangeChan or RangeInt. */
struct Range {
  ExprPtr key_expr;    ///< may be null (`for range x`)
  ExprPtr value_expr;  ///< may be null
  bool define = false;
  ExprPtr x;
  Block body;
};

/** `for k, v := range m`: mapiterinit then mapiternext per iteration. Checked form. Absent
 *  key/value are Blank targets. With define, key/value are fresh per iteration. */
struct RangeMap {
  Target key;
  Target value;
  ExprPtr map;
  Block body;
  bool define = false;
};
/** `for v := range ch`: receives until the channel is closed and drained. Checked form. */
struct RangeChan {
  Target value;
  ExprPtr ch;
  Block body;
  bool define = false;
};
/** `for i := range n` (Go 1.22): i = 0..n-1, n evaluated once. Checked form. */
struct RangeInt {
  Target index;
  ExprPtr n;
  Block body;
  bool define = false;
};

/** One `case a, b:` or `default:` of a switch. */
struct CaseClause {
  Loc loc;
  std::vector<ExprPtr> values;  ///< empty for default
  bool is_default = false;
  std::vector<StmtPtr> body;
};
/** Expression switch: `switch init; tag { case ... }`; without tag, cases are bool
 *  conditions. Cases are tried in order, values left to right; no fallthrough (rejected).
 *  Checked: values have the tag's type (bool when no tag). */
struct Switch {
  StmtPtr init;
  ExprPtr tag;  ///< may be null
  std::vector<CaseClause> clauses;
};

enum class SelectKind : std::uint8_t { Send, Recv, Default };
/** One case of a select. Send: ch/value. Recv: ch, optional value/ok targets (`v, ok :=
 *  <-ch`, `v = <-ch`, or just `<-ch` with both Blank). Default: neither. */
struct SelectCase {
  Loc loc;
  SelectKind kind = SelectKind::Default;
  StmtPtr comm;   ///< before checking: the communication statement as written (null: default)
  ExprPtr ch;     ///< checked: Send/Recv
  ExprPtr value;  ///< checked: Send
  Target recv_value;
  Target recv_ok;
  bool define = false;
  std::vector<StmtPtr> body;
};
/** `select { ... }`: Go picks uniformly among ready cases (a choice for the explorer); with
 *  no ready case it blocks, or runs default. */
struct Select {
  std::vector<SelectCase> cases;
};

/** `break`: leaves the innermost loop (For, RangeMap, RangeChan, RangeInt), Switch or Select,
 *  which `target` points to. */
struct Break {
  const Stmt* target = nullptr;
};
/** `continue`: next iteration of the innermost loop, which `target` points to. */
struct Continue {
  const Stmt* target = nullptr;
};

/** A nested `{ ... }`. */
struct BlockStmt {
  Block block;
};

/** A statement; `loc` is its first token. */
struct Stmt {
  using Node = std::variant<ExprStmt, VarDecl, Assign, AssignCall, CommaOk, OpAssign, Send, Go,
                            Defer, Return, If, For, Range, RangeMap, RangeChan, RangeInt, Switch,
                            Select, Break, Continue, BlockStmt>;
  Loc loc;
  Node node;
};

// ---------------------------------------------------------------------------------------
// Functions and the file.

/** A parameter or named result as written. */
struct Param {
  std::string name;  ///< empty for unnamed results
  Loc loc;
  TypeExprPtr type;
};

/** A top-level function or a function literal. */
struct Function {
  FuncId id;
  std::string name;  ///< "main", "worker"; literals: "main.func1", "main.func1.1" (Go's names)
  Loc loc;           ///< the `func` keyword
  bool is_literal = false;
  std::optional<FuncId> parent;  ///< the function a literal appears in
  std::vector<Param> params;
  std::vector<Param> results;
  Block body;
  // --- set by the checker
  Type type;                          ///< Func
  std::vector<SymbolId> param_syms;   ///< one per param (a blank `_` param still gets one)
  std::vector<SymbolId> result_syms;  ///< named results only (empty when unnamed)
  /** Variables of enclosing functions this literal uses, in first-use order; includes
   *  variables used only by literals nested inside it. Empty for top-level functions.
   *  Captures are by reference: the variable is shared with the enclosing function. */
  std::vector<SymbolId> captures;
  /** Every local and param of this function, in declaration order (not those of nested
   *  literals). */
  std::vector<SymbolId> locals;
};

/** An import as written. */
struct Import {
  std::string path;  ///< "fmt", "sync/atomic"
  Loc loc;
};

/** A comment, kept for directives. `text` includes the leading comment marker. */
struct Comment {
  Loc loc;
  std::string text;
};

/** A parsed file. After checking, `globals` holds, in source order, VarDecl (zero-value) and
 *  Assign (declaring targets) statements that initialize the package variables before main. */
struct File {
  std::string path;
  Loc package_loc;
  std::string package_name;
  std::vector<Import> imports;
  std::vector<StmtPtr> globals;
  std::vector<Function> funcs;  ///< indexed by FuncId
  std::vector<Comment> comments;
};

}  // namespace mapcheck::specs

template <>
struct std::hash<mapcheck::specs::SymbolId> {
  std::size_t operator()(mapcheck::specs::SymbolId id) const noexcept { return id.v; }
};
template <>
struct std::hash<mapcheck::specs::FuncId> {
  std::size_t operator()(mapcheck::specs::FuncId id) const noexcept { return id.v; }
};
