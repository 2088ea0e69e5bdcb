// Lexer: Go tokens, automatic semicolons, literal decoding, comments kept for directives.
#include <cppunit/extensions/HelperMacros.h>

#include <string>
#include <vector>

#include "specs/lexer.h"

using namespace mapcheck::specs;

namespace {
std::vector<Tok> kinds(const LexResult& r) {
  std::vector<Tok> v;
  for (const Token& t : r.tokens)
    v.push_back(t.kind);
  return v;
}
std::string spelled(const LexResult& r) {
  std::string s;
  for (const Token& t : r.tokens) {
    if (!s.empty()) s += ' ';
    s += t.kind == Tok::Semicolon ? (t.text == ";" ? std::string(";") : "⏎") : t.text;
  }
  return s;
}
}  // namespace

class LexerTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(LexerTest);
  CPPUNIT_TEST(testSemicolonInsertedAfterIdentAndCloser);
  CPPUNIT_TEST(testNoSemicolonAfterOperatorOrOpenBrace);
  CPPUNIT_TEST(testIntLiteralsAllBasesWithUnderscores);
  CPPUNIT_TEST(testInterpretedStringEscapes);
  CPPUNIT_TEST(testRawStringKeepsBackslashesAndNewlines);
  CPPUNIT_TEST(testRuneLiteralIsItsCodePoint);
  CPPUNIT_TEST(testLongestOperatorWins);
  CPPUNIT_TEST(testCommentsAreKeptWithPositions);
  CPPUNIT_TEST(testPositionsAreLineAndByteColumn);
  CPPUNIT_TEST(testUnterminatedStringIsDiagnosed);
  CPPUNIT_TEST(testOverflowingIntIsFlagged);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testSemicolonInsertedAfterIdentAndCloser() {
    LexResult r = lex("a.go", "x := f(1)\nreturn\n}\n");
    CPPUNIT_ASSERT_EQUAL(std::string("x := f ( 1 ) ⏎ return ⏎ } ⏎ "), spelled(r));
    CPPUNIT_ASSERT(r.diagnostics.empty());
  }

  void testNoSemicolonAfterOperatorOrOpenBrace() {
    LexResult r = lex("a.go", "x := 1 +\n2\nif x {\n}");
    CPPUNIT_ASSERT_EQUAL(std::string("x := 1 + 2 ⏎ if x { } ⏎ "), spelled(r));
  }

  void testIntLiteralsAllBasesWithUnderscores() {
    LexResult r = lex("a.go", "1_000 0x_FF 0o17 017 0b1010 0");
    std::vector<std::int64_t> want{1000, 255, 15, 15, 10, 0};
    for (std::size_t i = 0; i < want.size(); ++i) {
      CPPUNIT_ASSERT(r.tokens[i].kind == Tok::Int);
      CPPUNIT_ASSERT_EQUAL(want[i], r.tokens[i].value);
    }
    CPPUNIT_ASSERT(r.diagnostics.empty());
  }

  void testInterpretedStringEscapes() {
    LexResult r = lex("a.go", R"("a\tb\n\x41\u00e9\"\\")");
    CPPUNIT_ASSERT(r.tokens[0].kind == Tok::String);
    CPPUNIT_ASSERT_EQUAL(std::string("a\tb\nA\xc3\xa9\"\\"), r.tokens[0].str);
  }

  void testRawStringKeepsBackslashesAndNewlines() {
    LexResult r = lex("a.go", "`a\\n\nb`");
    CPPUNIT_ASSERT_EQUAL(std::string("a\\n\nb"), r.tokens[0].str);
  }

  void testRuneLiteralIsItsCodePoint() {
    LexResult r = lex("a.go", R"('a' '\n' 'é')");
    CPPUNIT_ASSERT_EQUAL(std::int64_t{97}, r.tokens[0].value);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{10}, r.tokens[1].value);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{0xe9}, r.tokens[2].value);
  }

  void testLongestOperatorWins() {
    LexResult r = lex("a.go", "a &^= b <- c ... :=");
    std::vector<Tok> want{Tok::Ident, Tok::AndNotAssign, Tok::Ident,  Tok::Arrow,
                          Tok::Ident, Tok::Ellipsis,     Tok::Define, Tok::Eof};
    CPPUNIT_ASSERT(want == kinds(r));
  }

  void testCommentsAreKeptWithPositions() {
    LexResult r = lex("a.go", "// expect: always exit\npackage main /* x */\n");
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, r.comments.size());
    CPPUNIT_ASSERT_EQUAL(std::string("// expect: always exit"), r.comments[0].text);
    CPPUNIT_ASSERT_EQUAL(1u, r.comments[0].loc.line);
    CPPUNIT_ASSERT_EQUAL(14u, r.comments[1].loc.col);
  }

  void testPositionsAreLineAndByteColumn() {
    LexResult r = lex("a.go", "package main\n\tx := 1");
    const Token& x = r.tokens[3];
    CPPUNIT_ASSERT_EQUAL(std::string("x"), x.text);
    CPPUNIT_ASSERT_EQUAL(2u, x.loc.line);
    CPPUNIT_ASSERT_EQUAL(2u, x.loc.col);
  }

  void testUnterminatedStringIsDiagnosed() {
    LexResult r = lex("a.go", "x := \"abc\n");
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, r.diagnostics.size());
    CPPUNIT_ASSERT_EQUAL(std::string("a.go:1:6: string literal not terminated\n"),
                         format_diagnostic(r.diagnostics[0]));
  }

  void testOverflowingIntIsFlagged() {
    LexResult r = lex("a.go", "9223372036854775807 9223372036854775808");
    CPPUNIT_ASSERT(!r.tokens[0].overflow);
    CPPUNIT_ASSERT(r.tokens[1].overflow);
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(LexerTest);
