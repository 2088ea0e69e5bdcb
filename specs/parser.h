// Parser: builds the (unchecked) AST of a spec from its tokens. Go syntax errors are reported
// with Go's wording ("syntax error: unexpected }, expected expression"); parsing stops at the
// first syntax error. Valid Go outside the subset that the parser can skip over (goto,
// labels, method declarations, ...) is reported as "unsupported: ..." and parsing continues.
#pragma once

#include <string_view>
#include <vector>

#include "specs/ast.h"
#include "specs/diagnostic.h"

namespace mapcheck::specs {

/** The deepest nesting parse() accepts: statements inside statements, expression operands
 *  inside expressions (parentheses, operators, calls, selectors, index expressions) and types
 *  inside types each count one level. The checker and the lowerer recurse over the AST, so a
 *  deeper file would overflow their stacks; parse() rejects it instead ("nesting too deep"),
 *  as a syntax error, so no deeper AST ever reaches them. 300: under AddressSanitizer (larger
 *  frames) `mapcheck check` overflowed its 8 MB stack at 700 nested parentheses or blocks and
 *  loaded 500; Go programs seldom nest past a few dozen. */
inline constexpr int kMaxNestingDepth = 300;

/** The parsed file and every diagnostic from lexing and parsing. `file` is complete (fit for
 *  checking) iff `syntax_ok`. */
struct ParseResult {
  File file;
  std::vector<Diagnostic> diagnostics;
  bool syntax_ok = true;
};

/** Lexes and parses `source`, naming it `path` in every location. */
ParseResult parse(std::string_view path, std::string_view source);

}  // namespace mapcheck::specs
