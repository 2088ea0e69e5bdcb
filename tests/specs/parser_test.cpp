// Parser: the shapes of the unchecked AST, function numbering, and Go's syntax-error wording.
#include <cppunit/extensions/HelperMacros.h>

#include <string>

#include "specs/expr_printer.h"
#include "specs/parser.h"

using namespace mapcheck::specs;

namespace {
ParseResult parse_ok(const std::string& src) {
  ParseResult r = parse("p.go", src);
  if (!r.diagnostics.empty()) CPPUNIT_FAIL(format_diagnostics(r.diagnostics));
  return r;
}
/** The body of main when `body` is wrapped in `package main; func main() {...}`. */
std::string wrap(const std::string& body) {
  return "package main\n\nfunc main() {\n" + body + "\n}\n";
}
std::string first_error(const std::string& src) {
  ParseResult r = parse("p.go", src);
  if (r.diagnostics.empty()) return "";
  return format_diagnostic(r.diagnostics[0]);
}
}  // namespace

class ParserTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(ParserTest);
  CPPUNIT_TEST(testImportsAndDeclarationsInOrder);
  CPPUNIT_TEST(testBinaryPrecedence);
  CPPUNIT_TEST(testFuncLiteralsNumberedLikeGo);
  CPPUNIT_TEST(testGroupedParamsShareType);
  CPPUNIT_TEST(testRangeAndThreeClauseFor);
  CPPUNIT_TEST(testCommaOkIsAnAssignBeforeChecking);
  CPPUNIT_TEST(testIncrementBecomesOpAssign);
  CPPUNIT_TEST(testMakeTakesATypeArgument);
  CPPUNIT_TEST(testSelectCases);
  CPPUNIT_TEST(testSwitchClauses);
  CPPUNIT_TEST(testMissingExpressionWording);
  CPPUNIT_TEST(testMissingBraceAfterIfWording);
  CPPUNIT_TEST(testPackageMustBeFirst);
  CPPUNIT_TEST(testGotoIsUnsupportedButParsingContinues);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testImportsAndDeclarationsInOrder() {
    ParseResult r = parse_ok(
        "package main\n\nimport (\n\t\"fmt\"\n\t\"sync\"\n)\n\nvar mu sync.Mutex\nvar m = "
        "map[string]int{\"a\": 1}\n\nfunc main() {\n\tfmt.Println(m)\n}\n");
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, r.file.imports.size());
    CPPUNIT_ASSERT_EQUAL(std::string("sync"), r.file.imports[1].path);
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, r.file.globals.size());
    const VarDecl& mu = std::get<VarDecl>(r.file.globals[0]->node);
    CPPUNIT_ASSERT_EQUAL(std::string("sync.Mutex"), mu.type->text);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, r.file.funcs.size());
    CPPUNIT_ASSERT_EQUAL(std::string("main"), r.file.funcs[0].name);
  }

  void testBinaryPrecedence() {
    ParseResult r = parse_ok(wrap("\tx := 1 + 2*3 == 7 && !false"));
    const Assign& a = std::get<Assign>(r.file.funcs[0].body.stmts[0]->node);
    const Expr& e = *a.rhs[0];
    CPPUNIT_ASSERT_EQUAL(std::string("1 + 2 * 3 == 7 && !false"), expr_string(e));
    const Binary& top = std::get<Binary>(e.node);
    CPPUNIT_ASSERT(top.op == BinaryOp::LogAnd);
    const Binary& eq = std::get<Binary>(top.x->node);
    CPPUNIT_ASSERT(eq.op == BinaryOp::Eq);
    CPPUNIT_ASSERT(std::get<Binary>(eq.x->node).op == BinaryOp::Add);
  }

  // main { go func() { func() {}() }() ; f := func() {} }  ->  main, main.func1,
  // main.func1.1, main.func2 in `func` keyword order.
  void testFuncLiteralsNumberedLikeGo() {
    ParseResult r =
        parse_ok(wrap("\tgo func() {\n\t\tfunc() {}()\n\t}()\n\tf := func() {}\n\tf()"));
    CPPUNIT_ASSERT_EQUAL(std::size_t{4}, r.file.funcs.size());
    CPPUNIT_ASSERT_EQUAL(std::string("main.func1"), r.file.funcs[1].name);
    CPPUNIT_ASSERT_EQUAL(std::string("main.func1.1"), r.file.funcs[2].name);
    CPPUNIT_ASSERT_EQUAL(std::string("main.func2"), r.file.funcs[3].name);
    CPPUNIT_ASSERT(r.file.funcs[2].parent == FuncId{1});
    CPPUNIT_ASSERT(r.file.funcs[1].is_literal);
  }

  void testGroupedParamsShareType() {
    ParseResult r = parse_ok(
        "package main\nfunc f(a, b int, s string) (n int, ok bool) {\n\treturn\n}\nfunc main() "
        "{}\n");
    const Function& f = r.file.funcs[0];
    CPPUNIT_ASSERT_EQUAL(std::size_t{3}, f.params.size());
    CPPUNIT_ASSERT_EQUAL(std::string("a"), f.params[0].name);
    CPPUNIT_ASSERT_EQUAL(std::string("int"), f.params[0].type->text);
    CPPUNIT_ASSERT_EQUAL(std::string("int"), f.params[1].type->text);
    CPPUNIT_ASSERT_EQUAL(std::string("string"), f.params[2].type->text);
    CPPUNIT_ASSERT_EQUAL(std::string("ok"), f.results[1].name);
  }

  void testRangeAndThreeClauseFor() {
    ParseResult r = parse_ok(
        wrap("\tfor k, v := range m {\n\t}\n\tfor i := 0; i < 3; i++ {\n\t}\n\tfor {\n\t}"));
    const auto& stmts = r.file.funcs[0].body.stmts;
    const Range& rg = std::get<Range>(stmts[0]->node);
    CPPUNIT_ASSERT(rg.define);
    CPPUNIT_ASSERT_EQUAL(std::string("v"), expr_string(*rg.value_expr));
    const For& f = std::get<For>(stmts[1]->node);
    CPPUNIT_ASSERT(f.init && f.cond && f.post);
    const For& forever = std::get<For>(stmts[2]->node);
    CPPUNIT_ASSERT(!forever.init && !forever.cond && !forever.post);
  }

  void testCommaOkIsAnAssignBeforeChecking() {
    ParseResult r = parse_ok(wrap("\tv, ok := m[k]"));
    const Assign& a = std::get<Assign>(r.file.funcs[0].body.stmts[0]->node);
    CPPUNIT_ASSERT(a.define);
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, a.lhs_exprs.size());
    CPPUNIT_ASSERT(std::holds_alternative<Index>(a.rhs[0]->node));
  }

  void testIncrementBecomesOpAssign() {
    ParseResult r = parse_ok(wrap("\tm[k]++"));
    const OpAssign& a = std::get<OpAssign>(r.file.funcs[0].body.stmts[0]->node);
    CPPUNIT_ASSERT(a.incdec);
    CPPUNIT_ASSERT(a.op == BinaryOp::Add);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{1}, std::get<IntLit>(a.rhs->node).value);
  }

  void testMakeTakesATypeArgument() {
    ParseResult r = parse_ok(wrap("\tch := make(chan<- int, 2)"));
    const Assign& a = std::get<Assign>(r.file.funcs[0].body.stmts[0]->node);
    const Make& mk = std::get<Make>(a.rhs[0]->node);
    CPPUNIT_ASSERT(mk.type->kind == TypeExprKind::Chan);
    CPPUNIT_ASSERT(mk.type->dir == ChanDir::SendOnly);
    CPPUNIT_ASSERT_EQUAL(std::string("chan<- int"), mk.type->text);
    CPPUNIT_ASSERT(mk.size);
  }

  void testSelectCases() {
    ParseResult r =
        parse_ok(wrap("\tselect {\n\tcase v, ok := <-a:\n\tcase b <- 1:\n\tdefault:\n\t}"));
    const Select& s = std::get<Select>(r.file.funcs[0].body.stmts[0]->node);
    CPPUNIT_ASSERT_EQUAL(std::size_t{3}, s.cases.size());
    CPPUNIT_ASSERT(std::holds_alternative<Assign>(s.cases[0].comm->node));
    CPPUNIT_ASSERT(std::holds_alternative<Send>(s.cases[1].comm->node));
    CPPUNIT_ASSERT(!s.cases[2].comm);
  }

  void testSwitchClauses() {
    ParseResult r =
        parse_ok(wrap("\tswitch x := 1; x {\n\tcase 1, 2:\n\t\tprintln()\n\tdefault:\n\t}"));
    const Switch& s = std::get<Switch>(r.file.funcs[0].body.stmts[0]->node);
    CPPUNIT_ASSERT(s.init && s.tag);
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, s.clauses[0].values.size());
    CPPUNIT_ASSERT(s.clauses[1].is_default);
  }

  void testMissingExpressionWording() {
    CPPUNIT_ASSERT_EQUAL(std::string("p.go:5:1: syntax error: unexpected }, expected expression\n"),
                         first_error(wrap("\tx :=")));
  }

  void testMissingBraceAfterIfWording() {
    CPPUNIT_ASSERT_EQUAL(
        std::string("p.go:4:10: syntax error: unexpected newline, expected { after if clause\n"),
        first_error(wrap("\tif x > 1\n\t{\n\t}")));
  }

  void testPackageMustBeFirst() {
    CPPUNIT_ASSERT_EQUAL(std::string("p.go:1:1: syntax error: package statement must be first\n"),
                         first_error("func main() {}\n"));
  }

  void testGotoIsUnsupportedButParsingContinues() {
    ParseResult r = parse("p.go", wrap("\tgoto end\n\tx := 1 +"));
    CPPUNIT_ASSERT_EQUAL(std::string("p.go:4:2: unsupported: goto\n"
                                     "p.go:6:1: syntax error: unexpected }, expected expression\n"),
                         format_diagnostics(r.diagnostics));
    CPPUNIT_ASSERT(!r.syntax_ok);
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ParserTest);
