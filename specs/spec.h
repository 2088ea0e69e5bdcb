// Spec: one loaded spec file (source, directives, checked AST) and load_spec, the single
// entry point that parses, checks and reads directives, collecting every diagnostic.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "specs/checker.h"
#include "specs/diagnostic.h"
#include "specs/directives.h"

namespace mapcheck::specs {

/** A spec that loaded without any diagnostic. `lines[i]` is source line i+1 (no newline),
 *  for trace rendering. Move-only (the AST owns its nodes). */
struct Spec {
  std::string path;
  std::string source;
  std::vector<std::string> lines;
  Directives directives;
  CheckedFile file;
};

/** Parses, checks and reads the directives of `source` (named `path` in diagnostics).
 *  Returns the Spec, or every diagnostic found (syntax errors stop parsing; otherwise
 *  checker and directive diagnostics are all collected), sorted by position. */
std::variant<Spec, std::vector<Diagnostic>> load_spec(std::string path, std::string source);

/** Reads the file at `path`, then load_spec. An unreadable file is one diagnostic at
 *  `path` ("cannot read file: ..."). */
std::variant<Spec, std::vector<Diagnostic>> load_spec_file(const std::string& path);

}  // namespace mapcheck::specs
