// Token: one lexical token of a spec (Go's tokens), with its position and, for literals, its
// decoded value. Produced by the Lexer; comments are kept separately for directives.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "specs/diagnostic.h"

namespace mapcheck::specs {

// X(Enumerator, "spelling") — the spelling is how Go's parser names the token in messages.
#define MAPCHECK_SPEC_TOKENS(X)                                                                    \
  X(Eof, "EOF")                                                                                    \
  X(Ident, "name")                                                                                 \
  X(Int, "literal")                                                                                \
  X(Float, "literal")                                                                              \
  X(Imag, "literal")                                                                               \
  X(Char, "literal")                                                                               \
  X(String, "literal")                                                                             \
  X(Break, "break")                                                                                \
  X(Case, "case")                                                                                  \
  X(Chan, "chan")                                                                                  \
  X(Const, "const")                                                                                \
  X(Continue, "continue") X(Default, "default") X(Defer, "defer") X(Else, "else")                  \
      X(Fallthrough, "fallthrough") X(For, "for") X(Func, "func") X(Go, "go") X(Goto, "goto")      \
          X(If, "if") X(Import, "import") X(Interface, "interface") X(Map, "map") X(               \
              Package, "package") X(Range, "range") X(Return, "return") X(Select, "select")        \
              X(Struct, "struct") X(Switch, "switch") X(Type, "type") X(Var, "var") X(Add, "+") X( \
                  Sub, "-") X(Mul, "*") X(Quo, "/") X(Rem, "%") X(And, "&") X(Or, "|") X(Xor, "^") \
                  X(Shl, "<<") X(Shr, ">>") X(AndNot, "&^") X(AddAssign, "+=") X(SubAssign, "-=")  \
                      X(MulAssign, "*=") X(QuoAssign, "/=") X(RemAssign, "%=") X(AndAssign, "&=")  \
                          X(OrAssign, "|=") X(XorAssign, "^=") X(ShlAssign, "<<=")                 \
                              X(ShrAssign, ">>=") X(AndNotAssign, "&^=") X(LogAnd, "&&")           \
                                  X(LogOr, "||") X(Arrow, "<-") X(Inc, "++") X(Dec, "--")          \
                                      X(Eql, "==") X(Lss, "<") X(Gtr, ">") X(Assign, "=")          \
                                          X(Not, "!") X(Tilde, "~") X(Neq, "!=") X(Leq, "<=")      \
                                              X(Geq, ">=") X(Define, ":=") X(Ellipsis, "...")      \
                                                  X(LParen, "(") X(LBrack, "[") X(LBrace, "{")     \
                                                      X(Comma, ",") X(Period, ".") X(RParen, ")")  \
                                                          X(RBrack, "]") X(RBrace, "}")            \
                                                              X(Semicolon, ";") X(Colon, ":")

/** The kind of a token. */
enum class Tok : std::uint8_t {
#define MAPCHECK_X(e, s) e,
  MAPCHECK_SPEC_TOKENS(MAPCHECK_X)
#undef MAPCHECK_X
};

/** Go's spelling of a token kind, e.g. "}" or "name". */
std::string_view tok_spelling(Tok t);

/** One token. `text` is the source text (for an automatically inserted semicolon it is
 *  "newline", as Go's messages say); `str` is the decoded value of a String literal;
 *  `value` is the value of an Int or Char literal. */
struct Token {
  Tok kind = Tok::Eof;
  Loc loc;
  std::string text;
  std::string str;
  std::int64_t value = 0;
  /** Int literal did not fit in 64 bits. */
  bool overflow = false;
};

}  // namespace mapcheck::specs
