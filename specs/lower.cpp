// Lowering of a checked spec to model::Program: storage decisions (register, cell, global),
// expression and statement lowering in Go's evaluation order, structured control flow to
// jumps, and "not supported yet" diagnostics for what the interpreter cannot run yet.
#include "specs/lower.h"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <unordered_map>

#include <fmt/format.h>

namespace mapcheck::specs {

namespace {

namespace m = mapcheck::model;

/** Instr::static_types of a fmt operand: the reflect name of its static type, "" for an
 *  interface (the checker leaves an operand converted to `any` at its own type). */
std::string fmt_operand_type(const Type& t) {
  return t.kind == TypeKind::Any || t.kind == TypeKind::Nil ? "" : reflect_string(t);
}

std::vector<std::string> fmt_operand_types(const Call& c) {
  std::vector<std::string> ts;
  for (const ExprPtr& a : c.args)
    ts.push_back(fmt_operand_type(a->type));
  return ts;
}

/** Instr::static_types of a panic: the one spec type whose printed panic differs from its
 *  value's, time.Duration (printpanicval prints a Stringer's String()). */
std::vector<std::string> panic_operand_type(const Call& c) {
  if (c.args.size() == 1 && c.args[0]->type.kind == TypeKind::Duration)
    return {reflect_string(c.args[0]->type)};
  return {};
}

std::optional<m::VType> vtype_of(const Type& t) {
  switch (t.kind) {
    case TypeKind::Int:
    case TypeKind::Duration:
      return m::VType::int_;
    case TypeKind::String:
      return m::VType::string_;
    case TypeKind::Bool:
      return m::VType::bool_;
    case TypeKind::Map:
      return m::VType::map;
    case TypeKind::Func:
      return m::VType::func;
    case TypeKind::Any:
      return m::VType::any;
    case TypeKind::EmptyStruct:
      return m::VType::unit;
    case TypeKind::Chan:
      return m::VType::chan;
    case TypeKind::Mutex:
      return m::VType::mutex;
    case TypeKind::RWMutex:
      return m::VType::rwmutex;
    case TypeKind::WaitGroup:
      return m::VType::waitgroup;
    case TypeKind::AtomicInt32:
      return m::VType::atomic_int32;
    case TypeKind::AtomicInt64:
      return m::VType::atomic_int64;
    case TypeKind::AtomicValue:
      return m::VType::atomic_value;
    default:
      return std::nullopt;
  }
}

/** The sync method a builtin method call makes; nullopt for other builtins. */
std::optional<m::SyncOp> sync_op_of(Builtin b) {
  switch (b) {
    case Builtin::MutexLock:
      return m::SyncOp::mutex_lock;
    case Builtin::MutexUnlock:
      return m::SyncOp::mutex_unlock;
    case Builtin::MutexTryLock:
      return m::SyncOp::mutex_trylock;
    case Builtin::RWMutexLock:
      return m::SyncOp::rw_lock;
    case Builtin::RWMutexUnlock:
      return m::SyncOp::rw_unlock;
    case Builtin::RWMutexRLock:
      return m::SyncOp::rw_rlock;
    case Builtin::RWMutexRUnlock:
      return m::SyncOp::rw_runlock;
    case Builtin::RWMutexTryLock:
      return m::SyncOp::rw_trylock;
    case Builtin::RWMutexTryRLock:
      return m::SyncOp::rw_tryrlock;
    case Builtin::WaitGroupAdd:
    case Builtin::WaitGroupDone:
      return m::SyncOp::wg_add;
    case Builtin::WaitGroupWait:
      return m::SyncOp::wg_wait;
    case Builtin::AtomicIntLoad:
      return m::SyncOp::int_load;
    case Builtin::AtomicIntStore:
      return m::SyncOp::int_store;
    case Builtin::AtomicIntAdd:
      return m::SyncOp::int_add;
    case Builtin::AtomicIntSwap:
      return m::SyncOp::int_swap;
    case Builtin::AtomicIntCompareAndSwap:
      return m::SyncOp::int_cas;
    case Builtin::AtomicValueLoad:
      return m::SyncOp::value_load;
    case Builtin::AtomicValueStore:
      return m::SyncOp::value_store;
    case Builtin::AtomicValueSwap:
      return m::SyncOp::value_swap;
    case Builtin::AtomicValueCompareAndSwap:
      return m::SyncOp::value_cas;
    default:
      return std::nullopt;
  }
}

m::ValueKind value_kind_of(const Type& t) {
  switch (t.kind) {
    case TypeKind::String:
      return m::ValueKind::string_;
    case TypeKind::Bool:
      return m::ValueKind::bool_;
    default:
      return m::ValueKind::int_;
  }
}

/** Which operands of a fmt call the formatting walks with the map iterator: every map
 *  operand, except under Printf one that a constant format prints with %T (reflect.TypeOf
 *  only). A format that is not a literal, or uses `*` or `[n]`, walks every map operand. */
std::vector<bool> fmt_walks(Builtin b, const Call& c) {
  std::vector<bool> walks(c.args.size());
  for (std::size_t i = 0; i < c.args.size(); ++i)
    walks[i] = c.args[i]->type.kind == TypeKind::Map;
  const bool printf = b == Builtin::FmtPrintf || b == Builtin::FmtSprintf;
  const auto* lit = printf && !c.args.empty() ? std::get_if<StringLit>(&c.args[0]->node) : nullptr;
  if (!lit) return walks;
  // fmt's doPrintf: '%', flags "+-# 0", width, '.' precision, then the verb; %% takes no
  // operand, every other verb the next one; operands past the last verb are printed as
  // %!(EXTRA ...) with %v.
  const std::string& f = lit->value;
  std::size_t arg = 1;
  for (std::size_t i = 0; i < f.size(); ++i) {
    if (f[i] != '%') continue;
    ++i;
    while (i < f.size() && std::string_view("+-# 0").find(f[i]) != std::string_view::npos)
      ++i;
    while (i < f.size() && ((f[i] >= '0' && f[i] <= '9') || f[i] == '.'))
      ++i;
    if (i >= f.size()) break;
    if (f[i] == '*' || f[i] == '[') return walks;
    if (f[i] == '%') continue;
    if (arg < walks.size() && f[i] == 'T') walks[arg] = false;
    ++arg;
  }
  return walks;
}

/** The walk fmt makes of a map it prints (internal/fmtsort.Sort: reflect.MapIter, that is
 *  mapiterinit, then mapiternext until the end), appended to `fn` at `loc`: a range over
 *  `mp` whose steps a concurrent writer can catch ("concurrent map iteration and map
 *  write"), each entry copied into a fresh map that only this code reaches (map_init: no
 *  steps). fmt then prints the copy, sorted as ever. Returns the copy's register; regs come
 *  from `new_reg`. Simplified: fmtsort's maplen read (no check, only sizes its slices) is
 *  left out, and a key the iterator yields twice (possible only under a write the runtime
 *  did not catch) is printed once. */
template <class NewReg>
m::Reg emit_fmt_walk(m::Function& fn, const m::SpecLoc& loc, m::Reg mp, const Type& t,
                     NewReg new_reg) {
  auto emit = [&](m::Instr in) {
    in.loc = loc;
    fn.code.push_back(std::move(in));
    return fn.code.size() - 1;
  };
  const m::Reg copy = new_reg();
  m::Instr mk;
  mk.op = m::Opcode::make_map;
  mk.dst = copy;
  mk.key = value_kind_of(*t.key);
  mk.elem = value_kind_of(*t.elem);
  emit(std::move(mk));
  const m::IterSlot it{fn.num_iters++};
  m::Instr init;
  init.op = m::Opcode::range_init;
  init.iter = it;
  init.args = {mp};
  init.elem = value_kind_of(*t.elem);
  emit(std::move(init));
  const std::size_t head = fn.code.size();
  const m::Reg k = new_reg();
  const m::Reg v = new_reg();
  m::Instr next;
  next.op = m::Opcode::range_next;
  next.iter = it;
  next.elem = value_kind_of(*t.elem);
  next.dst = k;
  next.dst2 = v;
  const std::size_t next_at = emit(std::move(next));
  m::Instr put;
  put.op = m::Opcode::map_init;
  put.args = {copy, k, v};
  emit(std::move(put));
  m::Instr j;
  j.op = m::Opcode::jump;
  j.target = static_cast<std::uint32_t>(head);
  emit(std::move(j));
  m::Instr done;
  done.op = m::Opcode::range_end;
  done.iter = it;
  fn.code[next_at].target = static_cast<std::uint32_t>(emit(std::move(done)));
  return copy;
}

std::string type_what(const Type& t) {
  switch (t.kind) {
    case TypeKind::Chan:
      return "channels";
    case TypeKind::Mutex:
      return "sync.Mutex";
    case TypeKind::RWMutex:
      return "sync.RWMutex";
    case TypeKind::WaitGroup:
      return "sync.WaitGroup";
    case TypeKind::AtomicInt32:
      return "atomic.Int32";
    case TypeKind::AtomicInt64:
      return "atomic.Int64";
    case TypeKind::AtomicValue:
      return "atomic.Value";
    default:
      return "type " + to_string(t);
  }
}

m::Arith arith_of(BinaryOp op) {
  switch (op) {
    case BinaryOp::Add:
      return m::Arith::add;
    case BinaryOp::Sub:
      return m::Arith::sub;
    case BinaryOp::Mul:
      return m::Arith::mul;
    case BinaryOp::Div:
      return m::Arith::div;
    case BinaryOp::Rem:
      return m::Arith::rem;
    case BinaryOp::And:
      return m::Arith::and_;
    case BinaryOp::Or:
      return m::Arith::or_;
    case BinaryOp::Xor:
      return m::Arith::xor_;
    case BinaryOp::AndNot:
      return m::Arith::and_not;
    case BinaryOp::Shl:
      return m::Arith::shl;
    case BinaryOp::Shr:
      return m::Arith::shr;
    case BinaryOp::Eq:
      return m::Arith::eq;
    case BinaryOp::Ne:
      return m::Arith::ne;
    case BinaryOp::Lt:
      return m::Arith::lt;
    case BinaryOp::Le:
      return m::Arith::le;
    case BinaryOp::Gt:
      return m::Arith::gt;
    case BinaryOp::Ge:
      return m::Arith::ge;
    case BinaryOp::LogAnd:
    case BinaryOp::LogOr:
      break;
  }
  throw std::logic_error("no arithmetic for a short-circuit operator");
}

/** Where a variable lives. cell: `reg` holds a CellRef to the variable's cell. */
struct Storage {
  enum class Kind : std::uint8_t { reg, cell, global };
  Kind kind = Kind::reg;
  m::Reg reg;
  m::GlobalId global;
};

class Lowerer;

/** Lowers one function (or the synthesized entry) into a model::Function. */
class FnLowerer {
 public:
  FnLowerer(Lowerer& l, const Function* fn) : l_(l), fn_(fn) {}

  m::Function run();
  /** The synthesized entry: global initialisers, then main(). */
  m::Function run_entry(const std::vector<StmtPtr>& globals, m::FuncId main);

 private:
  // ---- emission ---------------------------------------------------------------------------
  std::size_t emit(m::Instr in) {
    in.loc = loc_;
    f_.code.push_back(std::move(in));
    return f_.code.size() - 1;
  }
  std::size_t pc() const { return f_.code.size(); }
  m::Reg temp() {
    m::Reg r{next_temp_++};
    scope_high_ = std::max(scope_high_, next_temp_);
    f_.num_regs = std::max(f_.num_regs, next_temp_);
    return r;
  }
  m::Reg local_reg() { return m::Reg{next_local_++}; }

  /** Temps of a statement: released at its end and zeroed, so that a dead temporary never
   *  keeps an object alive or tells two otherwise equal states apart. */
  struct TempScope {
    std::uint32_t saved;
    std::uint32_t prev_high;
  };
  TempScope open_scope() {
    TempScope s{next_temp_, scope_high_};
    scope_high_ = next_temp_;
    return s;
  }
  void close_scope(const TempScope& s) {
    for (std::uint32_t r = s.saved; r < scope_high_; ++r) {
      m::Instr z;
      z.op = m::Opcode::zero;
      z.dst = m::Reg{r};
      z.type = m::VType::int_;
      emit(std::move(z));
    }
    next_temp_ = s.saved;
    scope_high_ = std::max(s.prev_high, scope_high_);
  }

  m::SpecLoc sl(const Loc& l) const { return m::SpecLoc{l.line, l.col}; }

  void unsupported(const Loc& at, const std::string& what);
  const Symbol& sym(SymbolId id) const;

  // ---- storage ------------------------------------------------------------------------------
  Storage storage(SymbolId id);
  void bind_local(SymbolId id);
  m::Reg read_var(SymbolId id);
  /** Records a declared local in the innermost scope (zeroed when the scope ends). */
  void note_declared(SymbolId id);
  void write_var(SymbolId id, m::Reg v, bool declares);
  m::Reg zero_of(const Type& t, const Loc& at);

  // ---- expressions --------------------------------------------------------------------------
  m::Reg expr(const Expr& e);
  m::Reg binary(const Expr& e, const Binary& b);
  std::vector<m::Reg> call(const Expr& e, const Call& c);
  std::vector<m::Reg> builtin(const Expr& e, const Call& c);
  /** The object reference of a sync method's receiver (an Ident of a sync variable). */
  m::Reg sync_receiver(const Expr& recv);
  /** A channel receive `<-ch` into a fresh temp. */
  m::Reg recv(const Expr& e, const Recv& r);
  std::size_t result_count(const Expr& call_expr) const {
    if (call_expr.type.kind == TypeKind::Tuple) return call_expr.type.results.size();
    return 1;
  }
  /** Callee and arguments for call/go/defer_: sets in.func and in.args. */
  void callee_args(const Call& c, m::Instr& in);
  std::vector<m::Reg> capture_cells(FuncId lit);

  // ---- statements ---------------------------------------------------------------------------
  void block(const Block& b);
  void stmt(const Stmt& s);
  void simple_stmt(const Stmt& s);
  struct PreTarget {
    std::optional<m::Reg> map;
    std::optional<m::Reg> key;
  };
  PreTarget pre_target(const Target& t);
  void store_target(const Target& t, const PreTarget& pre, m::Reg v);
  void go_or_defer(const Stmt& s, const Expr& call_expr, bool is_go);
  void ret(const Return& r);
  void for_stmt(const Stmt& s, const For& f);
  void range_map(const Stmt& s, const RangeMap& r);
  void range_int(const Stmt& s, const RangeInt& r);
  void range_chan(const Stmt& s, const RangeChan& r);
  void select_stmt(const Stmt& s, const Select& sel);
  void switch_stmt(const Stmt& s, const Switch& sw);

  struct Breakable {
    const Stmt* stmt;
    std::vector<std::size_t> breaks;
    std::vector<std::size_t> continues;
    /** Variable scopes at index >= this lie inside the statement's body: a break or continue
     *  leaves them, so their variables are zeroed before the jump. */
    std::size_t body_scope = 0;
  };
  Breakable* find_breakable(const Stmt* target);
  void patch(const std::vector<std::size_t>& at, std::size_t to) {
    for (std::size_t i : at)
      f_.code[i].target = static_cast<std::uint32_t>(to);
  }

  Lowerer& l_;
  const Function* fn_;
  m::Function f_;
  std::unordered_map<std::uint32_t, Storage> vars_;  // by SymbolId; looked up, never iterated
  std::uint32_t next_local_ = 0;
  std::uint32_t next_temp_ = 0;
  std::uint32_t scope_high_ = 0;
  m::SpecLoc loc_;
  std::vector<Breakable> breakables_;
  /** Registers of the local variables declared in each open block or compound statement,
   *  innermost last. When the scope ends they are zeroed: a dead variable must not keep an
   *  object alive or tell two otherwise equal states apart (e.g. after a range loop, the
   *  last key depends on the iteration order). */
  std::vector<std::vector<m::Reg>> var_scopes_;
  void open_vars() { var_scopes_.emplace_back(); }
  void zero_regs(const std::vector<m::Reg>& regs) {
    for (m::Reg r : regs) {
      m::Instr z;
      z.op = m::Opcode::zero;
      z.dst = r;
      emit(std::move(z));
    }
  }
  void close_vars() {
    zero_regs(var_scopes_.back());
    var_scopes_.pop_back();
  }
  /** Zeroes the variables of every scope from `depth` outward-in (for break/continue). */
  void zero_scopes_from(std::size_t depth) {
    for (std::size_t i = depth; i < var_scopes_.size(); ++i)
      zero_regs(var_scopes_[i]);
  }
  Breakable make_breakable(const Stmt& s) { return Breakable{&s, {}, {}, var_scopes_.size()}; }
};

/** The whole file. */
class Lowerer {
 public:
  Lowerer(const CheckedFile& cf, std::string_view source, const LowerOptions& opt)
      : cf_(cf), opt_(opt) {
    out_.program.file = cf.ast.path;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= source.size(); ++i) {
      if (i == source.size() || source[i] == '\n') {
        if (i == source.size() && start == i) break;
        std::string line(source.substr(start, i - start));
        if (!line.empty() && line.back() == '\r') line.pop_back();
        out_.program.source_lines.push_back(std::move(line));
        start = i + 1;
      }
    }
  }

  LowerResult run() {
    globals_.assign(cf_.symbols.size(), std::nullopt);
    for (const Symbol& s : cf_.symbols) {
      if (s.kind != SymbolKind::Global) continue;
      auto vt = vtype_of(s.type);
      if (!vt) {
        error(s.loc, type_what(s.type) + (s.type.kind == TypeKind::Chan ? " are" : " is") +
                         " not supported yet");
        vt = m::VType::int_;
      }
      globals_[s.id.v] = m::GlobalId{static_cast<std::uint32_t>(out_.program.globals.size())};
      out_.program.globals.push_back(m::Global{s.name, *vt, m::SpecLoc{s.loc.line, s.loc.col}});
    }
    const std::size_t nfuncs = cf_.ast.funcs.size();
    out_.program.functions.resize(nfuncs + 1);
    for (std::size_t i = 0; i < nfuncs; ++i) {
      FnLowerer fl(*this, &cf_.ast.funcs[i]);
      m::Function f = fl.run();
      out_.program.functions[i] = std::move(f);
    }
    FnLowerer entry(*this, nullptr);
    out_.program.functions[nfuncs] = entry.run_entry(cf_.ast.globals, m::FuncId{cf_.main.v});
    out_.program.entry = m::FuncId{static_cast<std::uint32_t>(nfuncs)};
    if (out_.diagnostics.empty()) m::validate(out_.program);
    return std::move(out_);
  }

  void error(const Loc& at, std::string msg) {
    out_.diagnostics.push_back(Diagnostic{at, std::move(msg), {}});
  }
  const CheckedFile& file() const { return cf_; }
  const LowerOptions& options() const { return opt_; }
  std::optional<m::GlobalId> global(SymbolId id) const { return globals_.at(id.v); }
  /** Appends a synthesized function (go/defer of a builtin) and returns its id. */
  m::FuncId add_function(m::Function f) {
    out_.program.functions.push_back(std::move(f));
    return m::FuncId{static_cast<std::uint32_t>(out_.program.functions.size() - 1)};
  }
  std::uint32_t next_wrapper() { return ++wrappers_; }

 private:
  const CheckedFile& cf_;
  LowerOptions opt_;
  LowerResult out_;
  std::vector<std::optional<m::GlobalId>> globals_;
  std::uint32_t wrappers_ = 0;
};

void FnLowerer::unsupported(const Loc& at, const std::string& what) {
  const bool plural = what == "channels" || what.ends_with("with cases");
  l_.error(at, what + (plural ? " are" : " is") + " not supported yet");
}

const Symbol& FnLowerer::sym(SymbolId id) const {
  return l_.file().symbol(id);
}

// ---- storage ----------------------------------------------------------------------------

Storage FnLowerer::storage(SymbolId id) {
  if (auto it = vars_.find(id.v); it != vars_.end()) return it->second;
  if (auto g = l_.global(id)) {
    Storage s;
    s.kind = Storage::Kind::global;
    s.global = *g;
    return s;
  }
  // A local declared on a path lowering has not seen (cannot happen in checked code);
  // give it a register so lowering goes on.
  bind_local(id);
  return vars_.at(id.v);
}

void FnLowerer::bind_local(SymbolId id) {
  if (vars_.count(id.v)) return;
  Storage s;
  s.kind = sym(id).captured ? Storage::Kind::cell : Storage::Kind::reg;
  s.reg = local_reg();
  vars_.emplace(id.v, s);
}

void FnLowerer::note_declared(SymbolId id) {
  const Symbol& v = sym(id);
  if (v.kind != SymbolKind::Local || var_scopes_.empty()) return;
  const Storage s = storage(id);
  auto& scope = var_scopes_.back();
  if (std::find(scope.begin(), scope.end(), s.reg) == scope.end()) scope.push_back(s.reg);
}

m::Reg FnLowerer::read_var(SymbolId id) {
  const Storage s = storage(id);
  const m::Reg t = temp();
  m::Instr in;
  in.dst = t;
  switch (s.kind) {
    case Storage::Kind::reg:
      in.op = m::Opcode::move;
      in.args = {s.reg};
      break;
    case Storage::Kind::cell:
      in.op = m::Opcode::load_cell;
      in.args = {s.reg};
      break;
    case Storage::Kind::global:
      in.op = m::Opcode::load_global;
      in.global = s.global;
      break;
  }
  emit(std::move(in));
  return t;
}

void FnLowerer::write_var(SymbolId id, m::Reg v, bool declares) {
  if (declares) note_declared(id);
  const Storage s = storage(id);
  m::Instr in;
  switch (s.kind) {
    case Storage::Kind::reg:
      in.op = m::Opcode::move;
      in.dst = s.reg;
      in.args = {v};
      break;
    case Storage::Kind::cell:
      // A declaration makes a fresh variable (Go 1.22 loop variables included).
      // (Recorded for zeroing at scope end below, as register variables are.)
      if (declares) {
        in.op = m::Opcode::new_cell;
        in.dst = s.reg;
        in.args = {v};
      } else {
        in.op = m::Opcode::store_cell;
        in.args = {s.reg, v};
      }
      break;
    case Storage::Kind::global:
      in.op = m::Opcode::store_global;
      in.global = s.global;
      in.args = {v};
      break;
  }
  emit(std::move(in));
}

m::Reg FnLowerer::zero_of(const Type& t, const Loc& at) {
  auto vt = vtype_of(t);
  if (!vt) {
    unsupported(at, type_what(t));
    vt = m::VType::int_;
  }
  const m::Reg r = temp();
  m::Instr in;
  in.op = m::Opcode::zero;
  in.dst = r;
  in.type = *vt;
  emit(std::move(in));
  return r;
}

// ---- functions --------------------------------------------------------------------------

m::Function FnLowerer::run() {
  const Function& fn = *fn_;
  f_.name = fn.name;
  f_.loc = sl(fn.loc);
  loc_ = f_.loc;
  const std::uint32_t ncap = static_cast<std::uint32_t>(fn.captures.size());
  const std::uint32_t nparam = static_cast<std::uint32_t>(fn.param_syms.size());
  f_.num_captures = ncap;
  f_.num_params = ncap + nparam;
  next_local_ = ncap + nparam;
  for (std::uint32_t i = 0; i < ncap; ++i) {
    Storage s;
    s.kind = Storage::Kind::cell;
    s.reg = m::Reg{i};
    vars_.emplace(fn.captures[i].v, s);
  }
  std::vector<std::pair<SymbolId, m::Reg>> captured_params;
  for (std::uint32_t j = 0; j < nparam; ++j) {
    const SymbolId p = fn.param_syms[j];
    Storage s;
    s.reg = m::Reg{ncap + j};
    if (sym(p).captured) {
      s.kind = Storage::Kind::cell;
      s.reg = local_reg();
      captured_params.emplace_back(p, m::Reg{ncap + j});
    }
    vars_.emplace(p.v, s);
  }
  for (SymbolId id : fn.locals)
    bind_local(id);
  for (SymbolId id : fn.result_syms)
    bind_local(id);
  // Unnamed results get registers of their own.
  std::vector<m::Reg> unnamed;
  if (fn.result_syms.empty())
    for (std::size_t i = 0; i < fn.type.results.size(); ++i)
      unnamed.push_back(local_reg());
  next_temp_ = next_local_;
  scope_high_ = next_temp_;
  f_.num_regs = next_temp_;

  auto scope = open_scope();
  for (const auto& [p, r] : captured_params) {
    m::Instr in;
    in.op = m::Opcode::new_cell;
    in.dst = vars_.at(p.v).reg;
    in.args = {r};
    emit(std::move(in));
  }
  if (!fn.result_syms.empty()) {
    for (std::size_t i = 0; i < fn.result_syms.size(); ++i) {
      const SymbolId id = fn.result_syms[i];
      write_var(id, zero_of(sym(id).type, fn.loc), true);
      const Storage s = vars_.at(id.v);
      f_.results.push_back(m::ResultReg{s.reg, s.kind == Storage::Kind::cell});
    }
  } else {
    for (std::size_t i = 0; i < unnamed.size(); ++i) {
      const m::Reg z = zero_of(fn.type.results[i], fn.loc);
      m::Instr mv;
      mv.op = m::Opcode::move;
      mv.dst = unnamed[i];
      mv.args = {z};
      emit(std::move(mv));
      f_.results.push_back(m::ResultReg{unnamed[i], false});
    }
  }
  close_scope(scope);
  // The body's own variables die with the frame: no scope (and no zeroing) for them.
  for (const StmtPtr& st : fn.body.stmts)
    stmt(*st);
  loc_ = sl(fn.body.rbrace);
  m::Instr r;
  r.op = m::Opcode::ret;
  emit(std::move(r));
  f_.num_regs = std::max(f_.num_regs, next_local_);
  return std::move(f_);
}

m::Function FnLowerer::run_entry(const std::vector<StmtPtr>& globals, m::FuncId main) {
  f_.name = "main.init+main";
  next_temp_ = 0;
  for (const StmtPtr& s : globals)
    stmt(*s);
  m::Instr c;
  c.op = m::Opcode::call;
  c.func = main;
  emit(std::move(c));
  m::Instr r;
  r.op = m::Opcode::ret;
  emit(std::move(r));
  f_.num_regs = std::max(f_.num_regs, next_local_);
  return std::move(f_);
}

// ---- expressions ------------------------------------------------------------------------

m::Reg FnLowerer::expr(const Expr& e) {
  const m::SpecLoc saved = loc_;
  loc_ = sl(e.loc);
  m::Reg out = std::visit(
      [&](const auto& n) -> m::Reg {
        using N = std::decay_t<decltype(n)>;
        m::Instr in;
        if constexpr (std::is_same_v<N, IntLit>) {
          in.op = m::Opcode::const_;
          in.imm = m::Value::of_int(n.value);
        } else if constexpr (std::is_same_v<N, StringLit>) {
          in.op = m::Opcode::const_;
          in.imm = m::Value::of_string(n.value);
        } else if constexpr (std::is_same_v<N, BoolLit>) {
          in.op = m::Opcode::const_;
          in.imm = m::Value::of_bool(n.value);
        } else if constexpr (std::is_same_v<N, NilLit> || std::is_same_v<N, EmptyStructLit>) {
          return zero_of(e.type, e.loc);
        } else if constexpr (std::is_same_v<N, Ident>) {
          const Symbol& s = sym(n.sym);
          if (s.kind == SymbolKind::Func) {
            in.op = m::Opcode::closure;
            in.func = m::FuncId{s.func->v};
          } else {
            return read_var(n.sym);
          }
        } else if constexpr (std::is_same_v<N, Selector>) {
          unsupported(e.loc, "selector");
          return temp();
        } else if constexpr (std::is_same_v<N, Unary>) {
          const m::Reg x = expr(*n.x);
          if (n.op == UnaryOp::Plus) return x;
          in.op = m::Opcode::unary;
          in.arith = n.op == UnaryOp::Neg   ? m::Arith::neg
                     : n.op == UnaryOp::Not ? m::Arith::not_
                                            : m::Arith::bit_not;
          in.args = {x};
        } else if constexpr (std::is_same_v<N, Binary>) {
          return binary(e, n);
        } else if constexpr (std::is_same_v<N, Index>) {
          const m::Reg mp = expr(*n.x);
          const m::Reg k = expr(*n.index);
          in.op = m::Opcode::map_get;
          in.args = {mp, k};
          in.elem = value_kind_of(*n.x->type.elem);
          loc_ = sl(e.loc);
        } else if constexpr (std::is_same_v<N, Call>) {
          auto rs = call(e, n);
          if (rs.empty()) return temp();
          return rs.front();
        } else if constexpr (std::is_same_v<N, Make>) {
          const Type& t = n.type->resolved;
          if (t.kind == TypeKind::Chan) {
            auto vt = vtype_of(*t.elem);
            if (!vt) {
              unsupported(e.loc, "channels of " + to_string(*t.elem));
              vt = m::VType::int_;
            }
            if (n.size) in.args = {expr(*n.size)};
            in.op = m::Opcode::make_chan;
            in.type = *vt;
            loc_ = sl(e.loc);
            const m::Reg d = temp();
            in.dst = d;
            emit(std::move(in));
            return d;
          }
          if (t.kind != TypeKind::Map) {
            unsupported(e.loc, type_what(t));
            return temp();
          }
          if (n.size) in.args = {expr(*n.size)};
          in.op = m::Opcode::make_map;
          in.key = value_kind_of(*t.key);
          in.elem = value_kind_of(*t.elem);
          loc_ = sl(e.loc);
        } else if constexpr (std::is_same_v<N, MapLit>) {
          const Type& t = n.type->resolved;
          const m::Reg mp = temp();
          // The compiler's maplit makes the map with the entry count as hint
          // (make(map[K]V, len(entries)), cmd/compile/internal/walk/complit.go), so a
          // literal of more than 8 entries starts at the B makemap picks, not grown to it.
          if (!n.entries.empty()) {
            const m::Reg hint = temp();
            m::Instr h;
            h.op = m::Opcode::const_;
            h.dst = hint;
            h.imm = m::Value::of_int(static_cast<std::int64_t>(n.entries.size()));
            emit(std::move(h));
            in.args = {hint};
          }
          in.op = m::Opcode::make_map;
          in.dst = mp;
          in.key = value_kind_of(*t.key);
          in.elem = value_kind_of(*t.elem);
          emit(std::move(in));
          // Each entry's temps are free once it is stored: the next entry reuses them, so a
          // literal of n entries takes a few registers, not 2n that every later state of the
          // frame would carry (the statement's end zeroes them all, as for any temp).
          const std::uint32_t entry_temps = next_temp_;
          for (const KeyValue& kv : n.entries) {
            const m::Reg k = expr(*kv.key);
            const m::Reg v = expr(*kv.value);
            m::Instr ins;
            ins.op = m::Opcode::map_init;
            ins.args = {mp, k, v};
            emit(std::move(ins));
            next_temp_ = entry_temps;
          }
          return mp;
        } else if constexpr (std::is_same_v<N, FuncLit>) {
          in.op = m::Opcode::closure;
          in.func = m::FuncId{n.func.v};
          in.args = capture_cells(n.func);
        } else if constexpr (std::is_same_v<N, Recv>) {
          return recv(e, n);
        } else if constexpr (std::is_same_v<N, TypeAssert>) {
          const m::Reg x = expr(*n.x);
          auto vt = vtype_of(n.type->resolved);
          if (!vt) {
            unsupported(e.loc, type_what(n.type->resolved));
            vt = m::VType::int_;
          }
          in.op = m::Opcode::type_assert;
          in.type = *vt;
          in.args = {x};
        } else if constexpr (std::is_same_v<N, Conversion>) {
          return expr(*n.x);
        }
        const m::Reg d = temp();
        in.dst = d;
        emit(std::move(in));
        return d;
      },
      e.node);
  loc_ = saved;
  return out;
}

m::Reg FnLowerer::binary(const Expr& e, const Binary& b) {
  if (b.op == BinaryOp::LogAnd || b.op == BinaryOp::LogOr) {
    // t = x; if (&&: !t / ||: t) goto end; t = y; end:
    const m::Reg t = temp();
    const m::Reg x = expr(*b.x);
    loc_ = sl(e.loc);
    m::Instr mv;
    mv.op = m::Opcode::move;
    mv.dst = t;
    mv.args = {x};
    emit(mv);
    m::Instr br;
    br.op = b.op == BinaryOp::LogAnd ? m::Opcode::branch_not : m::Opcode::branch;
    br.args = {t};
    const std::size_t at = emit(std::move(br));
    const m::Reg y = expr(*b.y);
    mv.args = {y};
    emit(mv);
    f_.code[at].target = static_cast<std::uint32_t>(pc());
    return t;
  }
  const bool x_nil = std::holds_alternative<NilLit>(b.x->node);
  const bool y_nil = std::holds_alternative<NilLit>(b.y->node);
  if ((b.op == BinaryOp::Eq || b.op == BinaryOp::Ne) && (x_nil || y_nil)) {
    const m::Reg v = expr(x_nil ? *b.y : *b.x);
    loc_ = sl(e.loc);
    const m::Reg t = temp();
    m::Instr in;
    in.op = m::Opcode::is_nil;
    in.dst = t;
    in.args = {v};
    emit(std::move(in));
    if (b.op == BinaryOp::Eq) return t;
    const m::Reg u = temp();
    m::Instr nt;
    nt.op = m::Opcode::unary;
    nt.arith = m::Arith::not_;
    nt.dst = u;
    nt.args = {t};
    emit(std::move(nt));
    return u;
  }
  const m::Reg x = expr(*b.x);
  const m::Reg y = expr(*b.y);
  loc_ = sl(e.loc);
  const m::Reg t = temp();
  m::Instr in;
  in.op = m::Opcode::binary;
  in.arith = arith_of(b.op);
  in.dst = t;
  in.args = {x, y};
  emit(std::move(in));
  return t;
}

std::vector<m::Reg> FnLowerer::capture_cells(FuncId lit) {
  std::vector<m::Reg> cells;
  for (SymbolId s : l_.file().function(lit).captures) {
    const Storage st = storage(s);
    if (st.kind != Storage::Kind::cell)
      throw std::logic_error("captured variable " + sym(s).name + " does not live in a cell");
    cells.push_back(st.reg);
  }
  return cells;
}

void FnLowerer::callee_args(const Call& c, m::Instr& in) {
  switch (c.kind) {
    case CallKind::Direct:
      in.func = m::FuncId{c.func->v};
      break;
    case CallKind::Value:
      if (const auto* lit = std::get_if<FuncLit>(&c.callee->node)) {
        in.func = m::FuncId{lit->func.v};
        in.args = capture_cells(lit->func);
      } else {
        in.args = {expr(*c.callee)};
      }
      break;
    default:
      throw std::logic_error("callee_args of a builtin or unresolved call");
  }
  for (const ExprPtr& a : c.args)
    in.args.push_back(expr(*a));
}

std::vector<m::Reg> FnLowerer::call(const Expr& e, const Call& c) {
  if (c.kind == CallKind::Builtin) return builtin(e, c);
  if (c.kind == CallKind::Unresolved) {
    unsupported(e.loc, "unresolved call");
    return {};
  }
  m::Instr in;
  in.op = m::Opcode::call;
  callee_args(c, in);
  loc_ = sl(e.loc);
  const std::size_t n = e.type.kind == TypeKind::Tuple ? e.type.results.size() : std::size_t{1};
  for (std::size_t i = 0; i < n; ++i)
    in.results.push_back(temp());
  std::vector<m::Reg> rs = in.results;
  emit(std::move(in));
  return rs;
}

std::vector<m::Reg> FnLowerer::builtin(const Expr& e, const Call& c) {
  const Builtin b = *c.builtin;
  std::vector<m::Reg> args;
  auto eval_args = [&] {
    for (const ExprPtr& a : c.args)
      args.push_back(expr(*a));
    loc_ = sl(e.loc);
  };
  m::Instr in;
  switch (b) {
    case Builtin::Len: {
      eval_args();
      const Type& t = c.args.at(0)->type;
      if (t.kind == TypeKind::Map)
        in.op = m::Opcode::len_map;
      else if (t.kind == TypeKind::String)
        in.op = m::Opcode::len_string;
      else if (t.kind == TypeKind::Chan)
        in.op = m::Opcode::len_chan;
      else {
        unsupported(e.loc, "len of " + to_string(t));
        return {temp()};
      }
      in.args = args;
      in.dst = temp();
      const m::Reg d = *in.dst;
      emit(std::move(in));
      return {d};
    }
    case Builtin::Delete:
      eval_args();
      in.op = m::Opcode::map_delete;
      in.args = args;
      in.elem = value_kind_of(*c.args.at(0)->type.elem);
      emit(std::move(in));
      return {};
    case Builtin::Clear: {
      eval_args();
      const auto& rt = l_.options().runtime;
      if (rt && *rt < m::RuntimeVersion::go1_21)
        l_.error(e.loc, fmt::format("clear needs runtime go1.21 or later (runtime is {})",
                                    m::runtime_name(*rt)));
      if (c.args.at(0)->type.kind != TypeKind::Map) {
        unsupported(e.loc, "clear of " + to_string(c.args.at(0)->type));
        return {};
      }
      in.op = m::Opcode::map_clear;
      in.args = args;
      emit(std::move(in));
      return {};
    }
    case Builtin::Panic:
      eval_args();
      in.op = m::Opcode::panic_;
      in.args = args;
      in.static_types = panic_operand_type(c);
      emit(std::move(in));
      return {};
    case Builtin::Recover: {
      in.op = m::Opcode::recover;
      const m::Reg d = temp();
      in.dst = d;
      emit(std::move(in));
      return {d};
    }
    case Builtin::Print:
    case Builtin::Println:
      // The builtins print to stderr, which no outcome observes: evaluate, print nothing.
      eval_args();
      return {};
    case Builtin::FmtPrint:
    case Builtin::FmtPrintln:
    case Builtin::FmtPrintf:
    case Builtin::FmtSprint:
    case Builtin::FmtSprintln:
    case Builtin::FmtSprintf: {
      eval_args();
      const std::vector<bool> walks = fmt_walks(b, c);
      for (std::size_t i = 0; i < args.size(); ++i)
        if (walks[i])
          args[i] = emit_fmt_walk(f_, loc_, args[i], c.args[i]->type, [this] { return temp(); });
      const bool s =
          b == Builtin::FmtSprint || b == Builtin::FmtSprintln || b == Builtin::FmtSprintf;
      in.op = s ? m::Opcode::sprint : m::Opcode::print;
      in.fmt = (b == Builtin::FmtPrint || b == Builtin::FmtSprint)       ? m::FmtKind::print
               : (b == Builtin::FmtPrintln || b == Builtin::FmtSprintln) ? m::FmtKind::println
                                                                         : m::FmtKind::printf;
      in.args = args;
      in.static_types = fmt_operand_types(c);
      if (!s) {
        emit(std::move(in));
        return {};
      }
      if (b == Builtin::FmtSprintln) in.fmt = m::FmtKind::println;
      const m::Reg d = temp();
      in.dst = d;
      emit(std::move(in));
      return {d};
    }
    case Builtin::RuntimeGosched:
    case Builtin::TimeSleep:
      eval_args();
      in.op = m::Opcode::yield;
      emit(std::move(in));
      return {};
    case Builtin::Close:
      eval_args();
      in.op = m::Opcode::chan_close;
      in.args = args;
      emit(std::move(in));
      return {};
    case Builtin::MutexLock:
    case Builtin::MutexUnlock:
    case Builtin::MutexTryLock:
    case Builtin::RWMutexLock:
    case Builtin::RWMutexUnlock:
    case Builtin::RWMutexRLock:
    case Builtin::RWMutexRUnlock:
    case Builtin::RWMutexTryLock:
    case Builtin::RWMutexTryRLock:
    case Builtin::WaitGroupAdd:
    case Builtin::WaitGroupDone:
    case Builtin::WaitGroupWait:
    case Builtin::AtomicIntLoad:
    case Builtin::AtomicIntStore:
    case Builtin::AtomicIntAdd:
    case Builtin::AtomicIntSwap:
    case Builtin::AtomicIntCompareAndSwap:
    case Builtin::AtomicValueLoad:
    case Builtin::AtomicValueStore:
    case Builtin::AtomicValueSwap:
    case Builtin::AtomicValueCompareAndSwap: {
      const m::Reg obj = sync_receiver(*c.receiver);
      eval_args();
      in.op = m::Opcode::sync_op;
      in.sync = *sync_op_of(b);
      in.args = {obj};
      if (b == Builtin::WaitGroupDone) {
        const m::Reg minus1 = temp();
        m::Instr k;
        k.op = m::Opcode::const_;
        k.dst = minus1;
        k.imm = m::Value::of_int(-1);
        emit(std::move(k));
        in.args.push_back(minus1);
      }
      for (m::Reg a : args)
        in.args.push_back(a);
      if (e.type.kind != TypeKind::Tuple) in.dst = temp();
      const std::optional<m::Reg> d = in.dst;
      emit(std::move(in));
      if (d) return {*d};
      return {};
    }
    case Builtin::RuntimeGOMAXPROCS:
    case Builtin::RuntimeNumGoroutine:
      unsupported(e.loc, std::string(builtin_name(b)));
      break;
  }
  std::vector<m::Reg> rs;
  for (std::size_t i = 0; i < result_count(e); ++i)
    rs.push_back(temp());
  return rs;
}

m::Reg FnLowerer::sync_receiver(const Expr& recv) {
  const auto* id = std::get_if<Ident>(&recv.node);
  if (!id) throw std::logic_error("sync method receiver is not a variable");
  const Storage st = storage(id->sym);
  if (st.kind == Storage::Kind::reg) return st.reg;
  const m::Reg t = temp();
  m::Instr in;
  in.op = m::Opcode::sync_ref;
  in.dst = t;
  if (st.kind == Storage::Kind::cell)
    in.args = {st.reg};
  else
    in.global = st.global;
  emit(std::move(in));
  return t;
}

m::Reg FnLowerer::recv(const Expr& e, const Recv& r) {
  const m::Reg ch = expr(*r.ch);
  loc_ = sl(e.loc);
  m::Instr in;
  in.op = m::Opcode::chan_recv;
  in.args = {ch};
  const m::Reg v = temp();
  in.dst = v;
  emit(std::move(in));
  return v;
}

// ---- statements ---------------------------------------------------------------------------

void FnLowerer::block(const Block& b) {
  open_vars();
  for (const StmtPtr& s : b.stmts)
    stmt(*s);
  close_vars();
}

FnLowerer::Breakable* FnLowerer::find_breakable(const Stmt* target) {
  for (auto it = breakables_.rbegin(); it != breakables_.rend(); ++it)
    if (it->stmt == target) return &*it;
  return nullptr;
}

FnLowerer::PreTarget FnLowerer::pre_target(const Target& t) {
  PreTarget p;
  if (t.kind == TargetKind::MapIndex) {
    p.map = expr(*t.map);
    p.key = expr(*t.key);
  }
  return p;
}

void FnLowerer::store_target(const Target& t, const PreTarget& pre, m::Reg v) {
  const m::SpecLoc saved = loc_;
  loc_ = sl(t.loc);
  switch (t.kind) {
    case TargetKind::Blank:
      break;
    case TargetKind::Var:
      write_var(t.sym, v, t.declares);
      break;
    case TargetKind::MapIndex: {
      m::Instr in;
      in.op = m::Opcode::map_set;
      in.args = {*pre.map, *pre.key, v};
      in.elem = value_kind_of(*t.map->type.elem);
      emit(std::move(in));
      break;
    }
  }
  loc_ = saved;
}

void FnLowerer::stmt(const Stmt& s) {
  const m::SpecLoc saved = loc_;
  loc_ = sl(s.loc);
  auto scope = open_scope();
  simple_stmt(s);
  close_scope(scope);
  loc_ = saved;
}

void FnLowerer::simple_stmt(const Stmt& s) {
  std::visit(
      [&](const auto& n) {
        using N = std::decay_t<decltype(n)>;
        if constexpr (std::is_same_v<N, ExprStmt>) {
          if (const auto* c = std::get_if<Call>(&n.x->node))
            call(*n.x, *c);
          else
            expr(*n.x);
        } else if constexpr (std::is_same_v<N, VarDecl>) {
          for (std::size_t i = 0; i < n.syms.size(); ++i) {
            const Symbol& v = sym(n.syms[i]);
            if (v.kind == SymbolKind::Global) continue;  // globals start at their zero value
            write_var(n.syms[i], zero_of(v.type, v.loc), true);
          }
        } else if constexpr (std::is_same_v<N, Assign>) {
          std::vector<PreTarget> pre;
          for (const Target& t : n.lhs)
            pre.push_back(pre_target(t));
          std::vector<m::Reg> vals;
          for (const ExprPtr& r : n.rhs)
            vals.push_back(expr(*r));
          for (std::size_t i = 0; i < n.lhs.size(); ++i)
            store_target(n.lhs[i], pre[i], vals[i]);
        } else if constexpr (std::is_same_v<N, AssignCall>) {
          std::vector<PreTarget> pre;
          for (const Target& t : n.lhs)
            pre.push_back(pre_target(t));
          const auto* c = std::get_if<Call>(&n.call->node);
          if (!c) throw std::logic_error("AssignCall without a call");
          std::vector<m::Reg> vals = call(*n.call, *c);
          for (std::size_t i = 0; i < n.lhs.size() && i < vals.size(); ++i)
            store_target(n.lhs[i], pre[i], vals[i]);
        } else if constexpr (std::is_same_v<N, CommaOk>) {
          PreTarget pv = pre_target(n.value);
          PreTarget pok = pre_target(n.ok);
          const m::Reg v = temp();
          const m::Reg ok = temp();
          m::Instr in;
          in.dst = v;
          in.dst2 = ok;
          switch (n.kind) {
            case CommaOkKind::MapIndex: {
              const auto& ix = std::get<Index>(n.source->node);
              const m::Reg mp = expr(*ix.x);
              const m::Reg k = expr(*ix.index);
              loc_ = sl(n.source->loc);
              in.op = m::Opcode::map_get2;
              in.args = {mp, k};
              in.elem = value_kind_of(*ix.x->type.elem);
              break;
            }
            case CommaOkKind::TypeAssert: {
              const auto& ta = std::get<TypeAssert>(n.source->node);
              const m::Reg x = expr(*ta.x);
              auto vt = vtype_of(ta.type->resolved);
              if (!vt) {
                unsupported(n.source->loc, type_what(ta.type->resolved));
                vt = m::VType::int_;
              }
              in.op = m::Opcode::type_assert;
              in.type = *vt;
              in.args = {x};
              break;
            }
            case CommaOkKind::Recv: {
              const auto& rv = std::get<Recv>(n.source->node);
              const m::Reg ch = expr(*rv.ch);
              loc_ = sl(n.source->loc);
              in.op = m::Opcode::chan_recv;
              in.args = {ch};
              break;
            }
          }
          emit(std::move(in));
          store_target(n.value, pv, v);
          store_target(n.ok, pok, ok);
        } else if constexpr (std::is_same_v<N, OpAssign>) {
          const Target& t = n.lhs;
          if (t.kind == TargetKind::MapIndex) {
            // m[k] op= r: m and k once; mapaccess1, then mapassign, then the store.
            PreTarget pre = pre_target(t);
            const m::Reg r = expr(*n.rhs);
            loc_ = sl(s.loc);
            const m::Reg cur = temp();
            m::Instr get;
            get.op = m::Opcode::map_get;
            get.dst = cur;
            get.args = {*pre.map, *pre.key};
            get.elem = value_kind_of(*t.map->type.elem);
            emit(std::move(get));
            const m::Reg res = temp();
            m::Instr op;
            op.op = m::Opcode::binary;
            op.arith = arith_of(n.op);
            op.dst = res;
            op.args = {cur, r};
            emit(std::move(op));
            store_target(t, pre, res);
          } else if (t.kind == TargetKind::Var) {
            const m::Reg cur = read_var(t.sym);
            const m::Reg r = expr(*n.rhs);
            loc_ = sl(s.loc);
            const m::Reg res = temp();
            m::Instr op;
            op.op = m::Opcode::binary;
            op.arith = arith_of(n.op);
            op.dst = res;
            op.args = {cur, r};
            emit(std::move(op));
            write_var(t.sym, res, false);
          }
        } else if constexpr (std::is_same_v<N, Send>) {
          const m::Reg ch = expr(*n.ch);
          const m::Reg v = expr(*n.value);
          loc_ = sl(s.loc);
          m::Instr in;
          in.op = m::Opcode::chan_send;
          in.args = {ch, v};
          emit(std::move(in));
        } else if constexpr (std::is_same_v<N, Go>) {
          go_or_defer(s, *n.call, true);
        } else if constexpr (std::is_same_v<N, Defer>) {
          go_or_defer(s, *n.call, false);
        } else if constexpr (std::is_same_v<N, Return>) {
          ret(n);
        } else if constexpr (std::is_same_v<N, If>) {
          open_vars();
          if (n.init) stmt(*n.init);
          const m::Reg c = expr(*n.cond);
          loc_ = sl(s.loc);
          m::Instr br;
          br.op = m::Opcode::branch_not;
          br.args = {c};
          const std::size_t at = emit(std::move(br));
          block(n.then);
          if (n.els) {
            m::Instr j;
            j.op = m::Opcode::jump;
            const std::size_t jat = emit(std::move(j));
            f_.code[at].target = static_cast<std::uint32_t>(pc());
            stmt(*n.els);
            f_.code[jat].target = static_cast<std::uint32_t>(pc());
          } else {
            f_.code[at].target = static_cast<std::uint32_t>(pc());
          }
          close_vars();
        } else if constexpr (std::is_same_v<N, For>) {
          for_stmt(s, n);
        } else if constexpr (std::is_same_v<N, Range>) {
          unsupported(s.loc, "unchecked range");
        } else if constexpr (std::is_same_v<N, RangeMap>) {
          range_map(s, n);
        } else if constexpr (std::is_same_v<N, RangeChan>) {
          range_chan(s, n);
        } else if constexpr (std::is_same_v<N, RangeInt>) {
          range_int(s, n);
        } else if constexpr (std::is_same_v<N, Switch>) {
          switch_stmt(s, n);
        } else if constexpr (std::is_same_v<N, Select>) {
          if (!n.cases.empty()) {
            select_stmt(s, n);
            return;
          }
          m::Instr in;
          in.op = m::Opcode::block;
          emit(std::move(in));
        } else if constexpr (std::is_same_v<N, Break>) {
          Breakable* b = find_breakable(n.target);
          if (!b) throw std::logic_error("break outside a breakable statement");
          zero_scopes_from(b->body_scope);
          m::Instr j;
          j.op = m::Opcode::jump;
          b->breaks.push_back(emit(std::move(j)));
        } else if constexpr (std::is_same_v<N, Continue>) {
          Breakable* b = find_breakable(n.target);
          if (!b) throw std::logic_error("continue outside a loop");
          zero_scopes_from(b->body_scope);
          m::Instr j;
          j.op = m::Opcode::jump;
          b->continues.push_back(emit(std::move(j)));
        } else if constexpr (std::is_same_v<N, BlockStmt>) {
          block(n.block);
        }
      },
      s.node);
}

void FnLowerer::go_or_defer(const Stmt& s, const Expr& call_expr, bool is_go) {
  const auto* c = std::get_if<Call>(&call_expr.node);
  if (!c) throw std::logic_error("go/defer without a call");
  m::Instr in;
  in.op = is_go ? m::Opcode::go : m::Opcode::defer_;
  if (c->kind != CallKind::Builtin) {
    callee_args(*c, in);
    loc_ = sl(s.loc);
    emit(std::move(in));
    return;
  }
  // go/defer of a builtin: the arguments are evaluated now; a synthesized function with
  // them as parameters makes the builtin call later (as Go's deferwrap functions do).
  const Builtin b = *c->builtin;
  if (b == Builtin::Recover) return;  // `defer recover()` does not stop a panic
  std::vector<m::Reg> args;
  const auto sop = sync_op_of(b);
  if (sop) args.push_back(sync_receiver(*c->receiver));  // &mu is evaluated now
  for (const ExprPtr& a : c->args)
    args.push_back(expr(*a));
  loc_ = sl(s.loc);
  m::Function w;
  w.name = fmt::format("{}.{}wrap{}", f_.name, is_go ? "go" : "defer", l_.next_wrapper());
  w.loc = loc_;
  w.num_params = static_cast<std::uint32_t>(args.size());
  w.num_regs = w.num_params;
  m::Instr body;
  body.loc = loc_;
  for (std::uint32_t i = 0; i < w.num_params; ++i)
    body.args.push_back(m::Reg{i});
  switch (b) {
    case Builtin::FmtPrint:
    case Builtin::FmtPrintln:
    case Builtin::FmtPrintf:
      body.op = m::Opcode::print;
      body.fmt = b == Builtin::FmtPrint     ? m::FmtKind::print
                 : b == Builtin::FmtPrintln ? m::FmtKind::println
                                            : m::FmtKind::printf;
      {
        // The deferred or started call walks its map operands when it runs, as fmt would.
        const std::vector<bool> walks = fmt_walks(b, *c);
        for (std::size_t i = 0; i < body.args.size(); ++i)
          if (walks[i])
            body.args[i] = emit_fmt_walk(w, loc_, body.args[i], c->args[i]->type,
                                         [&w] { return m::Reg{w.num_regs++}; });
      }
      body.static_types = fmt_operand_types(*c);
      break;
    case Builtin::Panic:
      body.op = m::Opcode::panic_;
      body.static_types = panic_operand_type(*c);
      break;
    case Builtin::Delete:
      body.op = m::Opcode::map_delete;
      break;
    case Builtin::Clear:
      body.op = m::Opcode::map_clear;
      break;
    case Builtin::RuntimeGosched:
    case Builtin::TimeSleep:
      body.op = m::Opcode::yield;
      body.args.clear();
      break;
    case Builtin::Print:
    case Builtin::Println:
      body.op = m::Opcode::nop;
      body.args.clear();
      break;
    case Builtin::Close:
      body.op = m::Opcode::chan_close;
      break;
    default:
      if (sop) {
        body.op = m::Opcode::sync_op;
        body.sync = *sop;
        if (b == Builtin::WaitGroupDone) {
          // Done is Add(-1): the wrapper makes the constant itself.
          m::Instr k;
          k.op = m::Opcode::const_;
          k.dst = m::Reg{w.num_regs};
          k.imm = m::Value::of_int(-1);
          k.loc = loc_;
          body.args.push_back(m::Reg{w.num_regs});
          ++w.num_regs;
          w.code.push_back(std::move(k));
        }
        break;
      }
      unsupported(s.loc, fmt::format("{} {}", is_go ? "go" : "defer", builtin_name(b)));
      return;
  }
  w.code.push_back(std::move(body));
  m::Instr r;
  r.op = m::Opcode::ret;
  r.loc = loc_;
  w.code.push_back(std::move(r));
  in.func = l_.add_function(std::move(w));
  in.args = args;
  emit(std::move(in));
}

void FnLowerer::ret(const Return& r) {
  std::vector<m::Reg> vals;
  if (r.values.size() == 1 && r.values[0]->type.kind == TypeKind::Tuple) {
    const auto* c = std::get_if<Call>(&r.values[0]->node);
    if (!c) throw std::logic_error("tuple return without a call");
    vals = call(*r.values[0], *c);
  } else {
    for (const ExprPtr& v : r.values)
      vals.push_back(expr(*v));
  }
  m::Instr in;
  in.op = m::Opcode::ret;
  if (fn_ && !fn_->result_syms.empty()) {
    // Named results: assign them, then return (deferred closures may still change them).
    for (std::size_t i = 0; i < vals.size(); ++i)
      write_var(fn_->result_syms[i], vals[i], false);
  } else {
    in.args = vals;
  }
  emit(std::move(in));
}

void FnLowerer::for_stmt(const Stmt& s, const For& f) {
  open_vars();
  if (f.init) stmt(*f.init);
  // Go 1.22: captured variables declared by init are fresh per iteration; the copy for the
  // next iteration is made before post runs.
  std::vector<SymbolId> per_iter;
  if (f.init)
    if (const auto* a = std::get_if<Assign>(&f.init->node))
      for (const Target& t : a->lhs)
        if (t.kind == TargetKind::Var && t.declares && sym(t.sym).captured)
          per_iter.push_back(t.sym);
  const std::size_t head = pc();
  std::optional<std::size_t> exit_branch;
  std::uint32_t cond_lo = 0, cond_hi = 0;  // the condition's temps
  if (f.cond) {
    auto scope = open_scope();
    const m::Reg c = expr(*f.cond);
    loc_ = sl(s.loc);
    m::Instr br;
    br.op = m::Opcode::branch_not;
    br.args = {c};
    exit_branch = emit(std::move(br));
    cond_lo = scope.saved;
    cond_hi = scope_high_;
    close_scope(scope);
  }
  breakables_.push_back(make_breakable(s));
  block(f.body);
  const std::size_t cont = pc();
  {
    auto scope = open_scope();
    for (SymbolId id : per_iter)
      write_var(id, read_var(id), true);
    close_scope(scope);
  }
  if (f.post) stmt(*f.post);
  m::Instr j;
  j.op = m::Opcode::jump;
  j.target = static_cast<std::uint32_t>(head);
  emit(std::move(j));
  // The exit through the condition skipped the zeroing after the branch: zero them here.
  const std::size_t cond_exit = pc();
  for (std::uint32_t r = cond_lo; r < cond_hi; ++r) {
    m::Instr z;
    z.op = m::Opcode::zero;
    z.dst = m::Reg{r};
    emit(std::move(z));
  }
  const std::size_t end = pc();
  Breakable b = std::move(breakables_.back());
  breakables_.pop_back();
  patch(b.breaks, end);
  patch(b.continues, cont);
  if (exit_branch) f_.code[*exit_branch].target = static_cast<std::uint32_t>(cond_exit);
  close_vars();
}

void FnLowerer::range_map(const Stmt& s, const RangeMap& r) {
  open_vars();
  const m::Reg mp = expr(*r.map);
  loc_ = sl(s.loc);
  const m::IterSlot it{f_.num_iters++};
  m::Instr init;
  init.op = m::Opcode::range_init;
  init.iter = it;
  init.args = {mp};
  init.elem = value_kind_of(*r.map->type.elem);
  emit(std::move(init));
  const std::size_t head = pc();
  const m::Reg k = temp();
  const m::Reg v = temp();
  m::Instr next;
  next.op = m::Opcode::range_next;
  next.iter = it;
  next.elem = value_kind_of(*r.map->type.elem);
  if (r.key.kind != TargetKind::Blank) next.dst = k;
  if (r.value.kind != TargetKind::Blank) next.dst2 = v;
  const std::size_t next_at = emit(std::move(next));
  store_target(r.key, {}, k);
  store_target(r.value, {}, v);
  breakables_.push_back(make_breakable(s));
  block(r.body);
  m::Instr j;
  j.op = m::Opcode::jump;
  j.target = static_cast<std::uint32_t>(head);
  emit(std::move(j));
  const std::size_t end = pc();
  m::Instr done;
  done.op = m::Opcode::range_end;
  done.iter = it;
  emit(std::move(done));
  Breakable b = std::move(breakables_.back());
  breakables_.pop_back();
  patch(b.breaks, end);
  patch(b.continues, head);
  f_.code[next_at].target = static_cast<std::uint32_t>(end);
  close_vars();
}

void FnLowerer::range_int(const Stmt& s, const RangeInt& r) {
  open_vars();
  const m::Reg n = expr(*r.n);
  loc_ = sl(s.loc);
  const m::Reg i = temp();
  m::Instr z;
  z.op = m::Opcode::const_;
  z.dst = i;
  z.imm = m::Value::of_int(0);
  emit(std::move(z));
  const std::size_t head = pc();
  const m::Reg c = temp();
  m::Instr lt;
  lt.op = m::Opcode::binary;
  lt.arith = m::Arith::lt;
  lt.dst = c;
  lt.args = {i, n};
  emit(std::move(lt));
  m::Instr br;
  br.op = m::Opcode::branch_not;
  br.args = {c};
  const std::size_t exit_at = emit(std::move(br));
  store_target(r.index, {}, i);
  breakables_.push_back(make_breakable(s));
  block(r.body);
  const std::size_t cont = pc();
  const m::Reg one = temp();
  m::Instr o;
  o.op = m::Opcode::const_;
  o.dst = one;
  o.imm = m::Value::of_int(1);
  emit(std::move(o));
  m::Instr inc;
  inc.op = m::Opcode::binary;
  inc.arith = m::Arith::add;
  inc.dst = i;
  inc.args = {i, one};
  emit(std::move(inc));
  m::Instr j;
  j.op = m::Opcode::jump;
  j.target = static_cast<std::uint32_t>(head);
  emit(std::move(j));
  const std::size_t end = pc();
  Breakable b = std::move(breakables_.back());
  breakables_.pop_back();
  patch(b.breaks, end);
  patch(b.continues, cont);
  f_.code[exit_at].target = static_cast<std::uint32_t>(end);
  close_vars();
}

void FnLowerer::range_chan(const Stmt& s, const RangeChan& r) {
  open_vars();
  const m::Reg ch = expr(*r.ch);
  loc_ = sl(s.loc);
  const std::size_t head = pc();
  const m::Reg v = temp();
  m::Instr next;
  next.op = m::Opcode::chan_range;
  next.args = {ch};
  next.dst = v;
  const std::size_t next_at = emit(std::move(next));
  store_target(r.value, {}, v);
  breakables_.push_back(make_breakable(s));
  block(r.body);
  m::Instr j;
  j.op = m::Opcode::jump;
  j.target = static_cast<std::uint32_t>(head);
  emit(std::move(j));
  const std::size_t end = pc();
  Breakable b = std::move(breakables_.back());
  breakables_.pop_back();
  patch(b.breaks, end);
  patch(b.continues, head);
  f_.code[next_at].target = static_cast<std::uint32_t>(end);
  close_vars();
}

void FnLowerer::select_stmt(const Stmt& s, const Select& sel) {
  open_vars();
  // Go evaluates every case's channel and send value once, in source order, on entry.
  m::Instr in;
  in.op = m::Opcode::select_;
  for (const SelectCase& sc : sel.cases) {
    if (sc.kind == SelectKind::Default) {
      in.has_default = true;
      continue;
    }
    m::SelectArm a;
    a.send = sc.kind == SelectKind::Send;
    a.ch = expr(*sc.ch);
    if (a.send) {
      a.value = expr(*sc.value);
    } else {
      if (sc.recv_value.kind != TargetKind::Blank) a.dst = temp();
      if (sc.recv_ok.kind != TargetKind::Blank) a.dst2 = temp();
    }
    in.arms.push_back(a);
  }
  loc_ = sl(s.loc);
  const std::size_t at = emit(std::move(in));
  breakables_.push_back(make_breakable(s));
  std::vector<std::size_t> to_end;
  std::size_t arm = 0;
  for (const SelectCase& sc : sel.cases) {
    const auto body = static_cast<std::uint32_t>(pc());
    open_vars();
    if (sc.kind == SelectKind::Default) {
      f_.code[at].target = body;
    } else {
      const m::SelectArm a = f_.code[at].arms[arm];
      f_.code[at].arms[arm].target = body;
      ++arm;
      if (a.dst) store_target(sc.recv_value, {}, *a.dst);
      if (a.dst2) store_target(sc.recv_ok, {}, *a.dst2);
    }
    for (const StmtPtr& st : sc.body)
      stmt(*st);
    close_vars();
    m::Instr j;
    j.op = m::Opcode::jump;
    to_end.push_back(emit(std::move(j)));
  }
  const std::size_t end = pc();
  patch(to_end, end);
  Breakable b = std::move(breakables_.back());
  breakables_.pop_back();
  patch(b.breaks, end);
  if (!b.continues.empty()) throw std::logic_error("continue resolved to a select");
  close_vars();
}

void FnLowerer::switch_stmt(const Stmt& s, const Switch& sw) {
  open_vars();
  if (sw.init) stmt(*sw.init);
  std::optional<m::Reg> tag;
  if (sw.tag) tag = expr(*sw.tag);
  loc_ = sl(s.loc);
  // Tests in order; each matching test jumps to its clause body.
  std::vector<std::vector<std::size_t>> to_body(sw.clauses.size());
  std::optional<std::size_t> default_clause;
  for (std::size_t ci = 0; ci < sw.clauses.size(); ++ci) {
    const CaseClause& cc = sw.clauses[ci];
    if (cc.is_default) {
      default_clause = ci;
      continue;
    }
    for (const ExprPtr& v : cc.values) {
      m::Reg c = expr(*v);
      loc_ = sl(cc.loc);
      if (tag) {
        const m::Reg eq = temp();
        m::Instr in;
        in.op = m::Opcode::binary;
        in.arith = m::Arith::eq;
        in.dst = eq;
        in.args = {*tag, c};
        emit(std::move(in));
        c = eq;
      }
      m::Instr br;
      br.op = m::Opcode::branch;
      br.args = {c};
      to_body[ci].push_back(emit(std::move(br)));
    }
  }
  m::Instr j;
  j.op = m::Opcode::jump;
  const std::size_t no_match = emit(std::move(j));
  breakables_.push_back(make_breakable(s));
  std::vector<std::size_t> to_end;
  for (std::size_t ci = 0; ci < sw.clauses.size(); ++ci) {
    const std::size_t body = pc();
    patch(to_body[ci], body);
    if (default_clause == ci) f_.code[no_match].target = static_cast<std::uint32_t>(body);
    for (const StmtPtr& st : sw.clauses[ci].body)
      stmt(*st);
    m::Instr je;
    je.op = m::Opcode::jump;
    to_end.push_back(emit(std::move(je)));
  }
  const std::size_t end = pc();
  if (!default_clause) f_.code[no_match].target = static_cast<std::uint32_t>(end);
  patch(to_end, end);
  Breakable b = std::move(breakables_.back());
  breakables_.pop_back();
  patch(b.breaks, end);
  // continue inside a switch belongs to an enclosing loop: pass it outward.
  if (!b.continues.empty()) throw std::logic_error("continue resolved to a switch");
  close_vars();
}

}  // namespace

LowerResult lower(const CheckedFile& file, std::string_view source, const LowerOptions& options) {
  Lowerer l(file, source, options);
  return l.run();
}

}  // namespace mapcheck::specs
