// Go-style source text of AST expressions, for diagnostics ("cannot use m[k] (map index
// expression of type int) ...") and trace labels. Printing only; never evaluates.
#pragma once

#include <string>
#include <string_view>

#include "specs/ast.h"

namespace mapcheck::specs {

/** The expression as gofmt would print it (operators spaced, strings quoted with Go escapes).
 *  Works on unchecked and checked trees (builtins print by their Go name). */
std::string expr_string(const Expr& e);

/** The Go spelling of a binary operator: `+`, `&^`, `&&`. */
const char* binary_op_text(BinaryOp op);

/** A Go interpreted string literal for `s`, as strconv.Quote writes it. */
std::string quote_go_string(std::string_view s);

}  // namespace mapcheck::specs
