// Checker: the checked AST that lowering reads (resolved symbols, types, captures, rewritten
// node kinds, folded constants) and Go's wording for type errors.
#include <cppunit/extensions/HelperMacros.h>

#include <string>

#include "specs/checker.h"
#include "specs/parser.h"

using namespace mapcheck::specs;

namespace {
CheckedFile check_ok(const std::string& src) {
  ParseResult p = parse("c.go", src);
  if (!p.diagnostics.empty()) CPPUNIT_FAIL(format_diagnostics(p.diagnostics));
  CheckResult r = check(std::move(p.file));
  if (!r.diagnostics.empty()) CPPUNIT_FAIL(format_diagnostics(r.diagnostics));
  return std::move(r.file);
}
std::string errors(const std::string& src) {
  ParseResult p = parse("c.go", src);
  std::vector<Diagnostic> ds = p.diagnostics;
  if (p.syntax_ok) {
    CheckResult r = check(std::move(p.file));
    ds.insert(ds.end(), r.diagnostics.begin(), r.diagnostics.end());
  }
  return format_diagnostics(ds);
}
std::string wrap(const std::string& body, const std::string& imports = "") {
  return "package main\n" + imports + "\nfunc main() {\n" + body + "\n}\n";
}
const Stmt& stmt(const CheckedFile& f, std::size_t i) {
  return *f.function(f.main).body.stmts.at(i);
}
}  // namespace

class CheckerTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(CheckerTest);
  CPPUNIT_TEST(testCommaOkMapLookupIsItsOwnNode);
  CPPUNIT_TEST(testRangeOverMapBecomesRangeMapWithFreshVariables);
  CPPUNIT_TEST(testMapIndexAssignmentIsAMapTarget);
  CPPUNIT_TEST(testClosureCapturesOuterVariablesThroughNesting);
  CPPUNIT_TEST(testDirectCallAndBuiltinResolution);
  CPPUNIT_TEST(testMethodCallOnMutexIsABuiltinWithReceiver);
  CPPUNIT_TEST(testConstantsFoldIntoLiterals);
  CPPUNIT_TEST(testDurationArithmeticTypesAsDuration);
  CPPUNIT_TEST(testVarWithValueBecomesDeclaringAssign);
  CPPUNIT_TEST(testNilTakesTheTypeItIsComparedWith);
  CPPUNIT_TEST(testBreakPointsAtItsLoop);
  CPPUNIT_TEST(testMultiValueCallIsAssignCall);
  CPPUNIT_TEST(testChannelReceiveForms);
  CPPUNIT_TEST(testUnusedVariableAndImportWording);
  CPPUNIT_TEST(testAssignmentTypeMismatchWording);
  CPPUNIT_TEST(testRedeclarationHasNote);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testCommaOkMapLookupIsItsOwnNode() {
    CheckedFile f = check_ok(wrap("\tm := map[string]int{}\n\tv, ok := m[\"a\"]\n\t_, _ = v, ok"));
    const CommaOk& c = std::get<CommaOk>(stmt(f, 1).node);
    CPPUNIT_ASSERT(c.kind == CommaOkKind::MapIndex);
    CPPUNIT_ASSERT(c.define && c.value.declares && c.ok.declares);
    CPPUNIT_ASSERT_EQUAL(std::string("int"), to_string(f.symbol(c.value.sym).type));
    CPPUNIT_ASSERT_EQUAL(std::string("bool"), to_string(c.ok.type));
    CPPUNIT_ASSERT(std::holds_alternative<Index>(c.source->node));
  }

  void testRangeOverMapBecomesRangeMapWithFreshVariables() {
    CheckedFile f =
        check_ok(wrap("\tm := map[int]string{}\n\tfor k, v := range m {\n\t\tprintln(k, v)\n\t}"));
    const RangeMap& r = std::get<RangeMap>(stmt(f, 1).node);
    CPPUNIT_ASSERT(r.define);
    CPPUNIT_ASSERT(r.key.kind == TargetKind::Var && r.value.kind == TargetKind::Var);
    CPPUNIT_ASSERT(f.symbol(r.key.sym).per_iteration);
    CPPUNIT_ASSERT_EQUAL(std::string("string"), to_string(f.symbol(r.value.sym).type));
    CPPUNIT_ASSERT_EQUAL(std::string("map[int]string"), to_string(r.map->type));
  }

  void testMapIndexAssignmentIsAMapTarget() {
    CheckedFile f = check_ok(wrap("\tm := map[string]int{}\n\tm[\"a\"] = 1\n\tm[\"a\"] += 2"));
    const Assign& a = std::get<Assign>(stmt(f, 1).node);
    CPPUNIT_ASSERT(a.lhs[0].kind == TargetKind::MapIndex);
    CPPUNIT_ASSERT_EQUAL(std::string("string"), to_string(a.lhs[0].key->type));
    const OpAssign& o = std::get<OpAssign>(stmt(f, 2).node);
    CPPUNIT_ASSERT(o.lhs.kind == TargetKind::MapIndex);
    CPPUNIT_ASSERT(o.op == BinaryOp::Add);
  }

  // main: x, y; func1 uses y only inside func1.1 (println(y)) -> both literals capture y; x is not
  // captured.
  void testClosureCapturesOuterVariablesThroughNesting() {
    CheckedFile f =
        check_ok(wrap("\tx, y := 1, 2\n\tprintln(x)\n\tgo func() {\n\t\tfunc() "
                      "{\n\t\t\tprintln(y)\n\t\t}()\n\t}()"));
    const Function& f1 = f.function(FuncId{1});
    const Function& f11 = f.function(FuncId{2});
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, f1.captures.size());
    CPPUNIT_ASSERT_EQUAL(std::string("y"), f.symbol(f1.captures[0]).name);
    CPPUNIT_ASSERT(f11.captures == f1.captures);
    CPPUNIT_ASSERT(f.symbol(f1.captures[0]).captured);
    const Assign& a = std::get<Assign>(stmt(f, 0).node);
    CPPUNIT_ASSERT(!f.symbol(a.lhs[0].sym).captured);
  }

  void testDirectCallAndBuiltinResolution() {
    CheckedFile f = check_ok(
        "package main\nimport \"fmt\"\nfunc add(a, b int) int {\n\treturn a + b\n}\nfunc main() "
        "{\n\tfmt.Println(add(1, 2), len(\"ab\"))\n}\n");
    const ExprStmt& es = std::get<ExprStmt>(stmt(f, 0).node);
    const Call& println = std::get<Call>(es.x->node);
    CPPUNIT_ASSERT(println.kind == CallKind::Builtin && println.builtin == Builtin::FmtPrintln);
    const Call& add = std::get<Call>(println.args[0]->node);
    CPPUNIT_ASSERT(add.kind == CallKind::Direct && add.func == FuncId{0});
    CPPUNIT_ASSERT_EQUAL(std::string("int"), to_string(println.args[0]->type));
    // len of a constant string folds to 2.
    CPPUNIT_ASSERT_EQUAL(std::int64_t{2}, std::get<IntLit>(println.args[1]->node).value);
  }

  void testMethodCallOnMutexIsABuiltinWithReceiver() {
    CheckedFile f = check_ok(
        "package main\nimport \"sync\"\nvar mu sync.Mutex\nfunc main() {\n\tmu.Lock()\n\tdefer "
        "mu.Unlock()\n}\n");
    const Call& lock = std::get<Call>(std::get<ExprStmt>(stmt(f, 0).node).x->node);
    CPPUNIT_ASSERT(lock.builtin == Builtin::MutexLock);
    CPPUNIT_ASSERT_EQUAL(std::string("mu"), std::get<Ident>(lock.receiver->node).name);
    CPPUNIT_ASSERT(f.symbol(std::get<Ident>(lock.receiver->node).sym).kind == SymbolKind::Global);
    const Call& unlock = std::get<Call>(std::get<Defer>(stmt(f, 1).node).call->node);
    CPPUNIT_ASSERT(unlock.builtin == Builtin::MutexUnlock);
  }

  void testConstantsFoldIntoLiterals() {
    CheckedFile f =
        check_ok("package main\nconst n = 3\nfunc main() {\n\tx := n*2 + 1\n\tprintln(x)\n}\n");
    const Assign& a = std::get<Assign>(stmt(f, 0).node);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{7}, std::get<IntLit>(a.rhs[0]->node).value);
    CPPUNIT_ASSERT_EQUAL(std::string("int"), to_string(a.rhs[0]->type));
    CPPUNIT_ASSERT(f.ast.globals.empty());  // constants leave no statement
  }

  void testDurationArithmeticTypesAsDuration() {
    CheckedFile f = check_ok(wrap("\ttime.Sleep(10 * time.Millisecond)", "import \"time\"\n"));
    const Call& sleep = std::get<Call>(std::get<ExprStmt>(stmt(f, 0).node).x->node);
    CPPUNIT_ASSERT(sleep.builtin == Builtin::TimeSleep);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{10000000}, std::get<IntLit>(sleep.args[0]->node).value);
    CPPUNIT_ASSERT_EQUAL(std::string("time.Duration"), to_string(sleep.args[0]->type));
  }

  void testVarWithValueBecomesDeclaringAssign() {
    CheckedFile f = check_ok(
        "package main\nvar m = map[int]bool{1: true}\nvar n int\nfunc main() {\n\tprintln(m[1], "
        "n)\n}\n");
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, f.ast.globals.size());
    const Assign& a = std::get<Assign>(f.ast.globals[0]->node);
    CPPUNIT_ASSERT(a.lhs[0].declares);
    CPPUNIT_ASSERT(f.symbol(a.lhs[0].sym).kind == SymbolKind::Global);
    const VarDecl& d = std::get<VarDecl>(f.ast.globals[1]->node);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, d.syms.size());
    CPPUNIT_ASSERT(d.values.empty());
  }

  void testNilTakesTheTypeItIsComparedWith() {
    CheckedFile f = check_ok(wrap("\tvar m map[string]int\n\tif m == nil {\n\t}"));
    const If& i = std::get<If>(stmt(f, 1).node);
    const Binary& b = std::get<Binary>(i.cond->node);
    CPPUNIT_ASSERT(std::holds_alternative<NilLit>(b.y->node));
    CPPUNIT_ASSERT_EQUAL(std::string("map[string]int"), to_string(b.y->type));
  }

  void testBreakPointsAtItsLoop() {
    CheckedFile f =
        check_ok(wrap("\tfor {\n\t\tswitch {\n\t\tcase true:\n\t\t\tbreak\n\t\t}\n\t\tbreak\n\t}"));
    const Stmt& loop = stmt(f, 0);
    const For& fo = std::get<For>(loop.node);
    const Switch& sw = std::get<Switch>(fo.body.stmts[0]->node);
    CPPUNIT_ASSERT(std::get<Break>(sw.clauses[0].body[0]->node).target == fo.body.stmts[0].get());
    CPPUNIT_ASSERT(std::get<Break>(fo.body.stmts[1]->node).target == &loop);
  }

  void testMultiValueCallIsAssignCall() {
    CheckedFile f = check_ok(
        "package main\nfunc two() (int, string) {\n\treturn 1, \"a\"\n}\nfunc main() {\n\tn, s := "
        "two()\n\tprintln(n, s)\n}\n");
    const AssignCall& a = std::get<AssignCall>(f.function(f.main).body.stmts[0]->node);
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, a.lhs.size());
    CPPUNIT_ASSERT_EQUAL(std::string("(int, string)"), to_string(a.call->type));
  }

  void testChannelReceiveForms() {
    CheckedFile f =
        check_ok(wrap("\tch := make(chan int, 1)\n\tch <- 1\n\tv, ok := <-ch\n\tfor x := range ch "
                      "{\n\t\tprintln(x, v, ok)\n\t}"));
    CPPUNIT_ASSERT(std::holds_alternative<Send>(stmt(f, 1).node));
    CPPUNIT_ASSERT(std::get<CommaOk>(stmt(f, 2).node).kind == CommaOkKind::Recv);
    CPPUNIT_ASSERT(std::holds_alternative<RangeChan>(stmt(f, 3).node));
  }

  void testUnusedVariableAndImportWording() {
    CPPUNIT_ASSERT_EQUAL(std::string("c.go:2:8: \"fmt\" imported and not used\n"
                                     "c.go:5:2: declared and not used: x\n"),
                         errors(wrap("\tx := 1", "import \"fmt\"\n")));
  }

  void testAssignmentTypeMismatchWording() {
    CPPUNIT_ASSERT_EQUAL(
        std::string(
            "c.go:6:6: cannot use s (variable of type string) as int value in assignment\n"),
        errors(wrap("\tvar n int\n\ts := \"a\"\n\tn = s\n\tprintln(n)")));
  }

  void testRedeclarationHasNote() {
    CPPUNIT_ASSERT_EQUAL(std::string("c.go:5:6: x redeclared in this block\n"
                                     "c.go:4:6: note: other declaration of x\n"),
                         errors(wrap("\tvar x int\n\tvar x string\n\tprintln(x)")));
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(CheckerTest);
