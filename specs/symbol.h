// Symbol: what a name declared in a spec denotes (a global, local, parameter, result,
// constant or function), with its type and where it was declared. Ids index CheckedFile.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "specs/ast.h"

namespace mapcheck::specs {

enum class SymbolKind : std::uint8_t {
  Global,  ///< a package-level `var`
  Local,   ///< a variable declared in a function body (incl. range/comma-ok/:= targets)
  Param,   ///< a function parameter
  Result,  ///< a named function result
  Const,   ///< a `const` (folded: uses are replaced by literals, so lowering never sees one)
  Func,    ///< a top-level function
};

/** One declared name. Invariants: `owner` set iff kind is Local, Param or Result; `func`
 *  set iff kind is Func; `captured` only for Local/Param/Result. */
struct Symbol {
  SymbolId id;
  SymbolKind kind = SymbolKind::Local;
  std::string name;
  Type type;
  Loc loc;
  std::optional<FuncId> owner;  ///< the function whose frame holds it
  std::optional<FuncId> func;   ///< Func: the function
  /** True iff some function literal uses it (it is in that literal's Function::captures):
   *  its storage must be shared by reference between frames (and goroutines). */
  bool captured = false;
  /** True iff it is declared by the init statement of a `for` or by a `:=` range: Go 1.22
   *  gives each iteration a fresh copy (observable only when captured). */
  bool per_iteration = false;
  /** Const only: the folded value (an IntLit, StringLit or BoolLit node). */
  std::optional<std::variant<std::int64_t, std::string, bool>> const_value;
};

}  // namespace mapcheck::specs
