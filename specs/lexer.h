// Lexer: turns spec source into Go tokens, with automatic semicolon insertion as the Go spec
// defines it, decoded literals, and comments collected for directives. Never prints.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "specs/ast.h"
#include "specs/diagnostic.h"
#include "specs/token.h"

namespace mapcheck::specs {

/** The whole token stream of one file. Invariant: `tokens` ends with exactly one Eof. */
struct LexResult {
  std::vector<Token> tokens;
  std::vector<Comment> comments;
  std::vector<Diagnostic> diagnostics;
};

/** Tokenizes `source` (named `path` in locations). Errors (bad characters, unterminated
 *  literals, bad escapes) become diagnostics; lexing continues after them. */
LexResult lex(std::string_view path, std::string_view source);

}  // namespace mapcheck::specs
