// The checked-AST invariants lowering relies on (checker.h), verified on every library spec:
// every expression typed (never Nil or Invalid), no pre-check node kinds left (Selector,
// Range, unresolved calls, assignments without targets), every symbol id in range.
#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "specs/expr_printer.h"
#include "specs/spec.h"
#include "tests/library_specs.h"

using namespace mapcheck::specs;
namespace fs = std::filesystem;

namespace {

class InvariantWalker {
 public:
  explicit InvariantWalker(const CheckedFile& f) : f_(f) {}

  std::vector<std::string> problems;

  void file() {
    for (const StmtPtr& s : f_.ast.globals)
      stmt(*s);
    for (const Function& fn : f_.ast.funcs) {
      if (fn.type.kind != TypeKind::Func) bad(fn.loc, "function " + fn.name + " has no func type");
      for (SymbolId id : fn.captures)
        sym(id, fn.loc);
      for (SymbolId id : fn.param_syms)
        sym(id, fn.loc);
      stmts(fn.body.stmts);
    }
  }

 private:
  void bad(const Loc& l, const std::string& what) {
    problems.push_back(std::to_string(l.line) + ":" + std::to_string(l.col) + ": " + what);
  }
  void sym(SymbolId id, const Loc& l) {
    if (id.v >= f_.symbols.size()) bad(l, "symbol id out of range");
  }
  void target(const Target& t) {
    if (t.kind == TargetKind::Var) sym(t.sym, t.loc);
    if (t.kind == TargetKind::MapIndex) {
      if (!t.map || !t.key) return bad(t.loc, "map target without map/key");
      expr(*t.map);
      expr(*t.key);
    }
  }
  void stmts(const std::vector<StmtPtr>& ss) {
    for (const StmtPtr& s : ss)
      stmt(*s);
  }
  void block(const Block& b) { stmts(b.stmts); }

  void expr(const Expr& e) {
    if (e.type.kind == TypeKind::Nil || e.type.kind == TypeKind::Invalid)
      bad(e.loc, "untyped expression " + expr_string(e));
    std::visit([&](const auto& n) { node(e, n); }, e.node);
  }
  void node(const Expr&, const IntLit&) {}
  void node(const Expr&, const StringLit&) {}
  void node(const Expr&, const BoolLit&) {}
  void node(const Expr&, const NilLit&) {}
  void node(const Expr&, const EmptyStructLit&) {}
  void node(const Expr& e, const Ident& n) { sym(n.sym, e.loc); }
  void node(const Expr& e, const Selector&) { bad(e.loc, "selector left after checking"); }
  void node(const Expr&, const Unary& n) { expr(*n.x); }
  void node(const Expr&, const Binary& n) {
    expr(*n.x);
    expr(*n.y);
  }
  void node(const Expr&, const Index& n) {
    expr(*n.x);
    expr(*n.index);
  }
  void node(const Expr& e, const Call& c) {
    switch (c.kind) {
      case CallKind::Unresolved:
        bad(e.loc, "unresolved call");
        break;
      case CallKind::Direct:
        if (!c.func) bad(e.loc, "direct call without func");
        break;
      case CallKind::Value:
        if (!c.callee) return bad(e.loc, "value call without callee");
        expr(*c.callee);
        break;
      case CallKind::Builtin:
        if (!c.builtin) bad(e.loc, "builtin call without builtin");
        if (c.builtin && builtin_is_method(*c.builtin) != (c.receiver != nullptr))
          bad(e.loc, "method call receiver mismatch");
        if (c.receiver) expr(*c.receiver);
        break;
    }
    for (const ExprPtr& a : c.args)
      expr(*a);
  }
  void node(const Expr&, const Make& n) {
    if (n.size) expr(*n.size);
  }
  void node(const Expr&, const MapLit& n) {
    for (const KeyValue& kv : n.entries) {
      expr(*kv.key);
      expr(*kv.value);
    }
  }
  void node(const Expr&, const FuncLit&) {}
  void node(const Expr&, const Recv& n) { expr(*n.ch); }
  void node(const Expr&, const TypeAssert& n) { expr(*n.x); }
  void node(const Expr&, const Conversion& n) { expr(*n.x); }

  void stmt(const Stmt& s) {
    std::visit([&](const auto& n) { snode(s, n); }, s.node);
  }
  void snode(const Stmt&, const ExprStmt& n) { expr(*n.x); }
  void snode(const Stmt& s, const VarDecl& n) {
    if (!n.values.empty() || n.is_const) bad(s.loc, "var decl with values after checking");
    for (SymbolId id : n.syms)
      sym(id, s.loc);
  }
  void snode(const Stmt& s, const Assign& n) {
    if (!n.lhs_exprs.empty() || n.lhs.size() != n.rhs.size()) bad(s.loc, "unchecked assignment");
    for (const Target& t : n.lhs)
      target(t);
    for (const ExprPtr& r : n.rhs)
      expr(*r);
  }
  void snode(const Stmt& s, const AssignCall& n) {
    if (n.call->type.kind != TypeKind::Tuple || n.call->type.results.size() != n.lhs.size())
      bad(s.loc, "assign-call arity");
    for (const Target& t : n.lhs)
      target(t);
    expr(*n.call);
  }
  void snode(const Stmt&, const CommaOk& n) {
    target(n.value);
    target(n.ok);
    expr(*n.source);
  }
  void snode(const Stmt&, const OpAssign& n) {
    target(n.lhs);
    expr(*n.rhs);
  }
  void snode(const Stmt&, const Send& n) {
    expr(*n.ch);
    expr(*n.value);
  }
  void snode(const Stmt&, const Go& n) { expr(*n.call); }
  void snode(const Stmt&, const Defer& n) { expr(*n.call); }
  void snode(const Stmt&, const Return& n) {
    for (const ExprPtr& v : n.values)
      expr(*v);
  }
  void snode(const Stmt&, const If& n) {
    if (n.init) stmt(*n.init);
    expr(*n.cond);
    block(n.then);
    if (n.els) stmt(*n.els);
  }
  void snode(const Stmt&, const For& n) {
    if (n.init) stmt(*n.init);
    if (n.cond) expr(*n.cond);
    if (n.post) stmt(*n.post);
    block(n.body);
  }
  void snode(const Stmt& s, const Range&) { bad(s.loc, "generic range left after checking"); }
  void snode(const Stmt&, const RangeMap& n) {
    target(n.key);
    target(n.value);
    expr(*n.map);
    block(n.body);
  }
  void snode(const Stmt&, const RangeChan& n) {
    target(n.value);
    expr(*n.ch);
    block(n.body);
  }
  void snode(const Stmt&, const RangeInt& n) {
    target(n.index);
    expr(*n.n);
    block(n.body);
  }
  void snode(const Stmt&, const Switch& n) {
    if (n.init) stmt(*n.init);
    if (n.tag) expr(*n.tag);
    for (const CaseClause& c : n.clauses) {
      for (const ExprPtr& v : c.values)
        expr(*v);
      stmts(c.body);
    }
  }
  void snode(const Stmt& s, const Select& n) {
    for (const SelectCase& c : n.cases) {
      if (c.comm) bad(s.loc, "select comm left after checking");
      if (c.ch) expr(*c.ch);
      if (c.value) expr(*c.value);
      target(c.recv_value);
      target(c.recv_ok);
      stmts(c.body);
    }
  }
  void snode(const Stmt& s, const Break& n) {
    if (!n.target) bad(s.loc, "break without target");
  }
  void snode(const Stmt& s, const Continue& n) {
    if (!n.target) bad(s.loc, "continue without target");
  }
  void snode(const Stmt&, const BlockStmt& n) { block(n.block); }

  const CheckedFile& f_;
};

}  // namespace

class CheckedInvariantsTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(CheckedInvariantsTest);
  CPPUNIT_TEST(testLibrarySpecsSatisfyCheckedInvariants);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testLibrarySpecsSatisfyCheckedInvariants() {
    std::string failures;
    for (const fs::path& p : mapcheck::testing::library_spec_files()) {
      auto r = load_spec_file(p.string());
      if (!std::holds_alternative<Spec>(r)) {
        failures += p.string() + ": does not load\n";
        continue;
      }
      InvariantWalker w(std::get<Spec>(r).file);
      w.file();
      for (const std::string& problem : w.problems)
        failures += p.string() + ":" + problem + "\n";
    }
    if (!failures.empty()) CPPUNIT_FAIL(failures);
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(CheckedInvariantsTest);
