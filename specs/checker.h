// The checker: name resolution and type checking of a parsed File against the spec subset,
// producing a CheckedFile (the AST completed in place; see ast.h for the checked forms).
// It collects every diagnostic it can and never prints.
#pragma once

#include <vector>

#include "specs/ast.h"
#include "specs/diagnostic.h"
#include "specs/symbol.h"

namespace mapcheck::specs {

/** A file that passed checking. Invariants: every Expr has a type other than Nil/Invalid;
 *  every Ident/Target/Function symbol id indexes `symbols`; no Selector, Range or
 *  Unresolved Call remains; `main` is the id of `func main()`. */
struct CheckedFile {
  File ast;
  std::vector<Symbol> symbols;  ///< indexed by SymbolId
  FuncId main;

  const Symbol& symbol(SymbolId id) const { return symbols.at(id.v); }
  const Function& function(FuncId id) const { return ast.funcs.at(id.v); }
};

/** The outcome of checking: the checked file is meaningful only when `diagnostics` is empty. */
struct CheckResult {
  CheckedFile file;
  std::vector<Diagnostic> diagnostics;
};

/** Resolves and type-checks `file` (consumed). Reports Go's own wording where Go would reject
 *  the program ("declared and not used: x", "\"os\" imported and not used", "undefined: x",
 *  "cannot use x (variable of type int) as string value in assignment") and
 *  "unsupported ..." for valid Go outside the subset. */
CheckResult check(File file);

}  // namespace mapcheck::specs
