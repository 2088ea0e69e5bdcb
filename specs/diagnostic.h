// Diagnostic: a spec error as data. The parser and checker collect them and never print;
// the CLI renders them as `spec.go:12:5: message` (plus notes) and exits 2.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <vector>

namespace mapcheck::specs {

/** A position in a spec file; line and column count from 1 (columns in bytes, as Go's). */
struct Loc {
  std::string file;
  std::uint32_t line = 0;
  std::uint32_t col = 0;
  auto operator<=>(const Loc&) const = default;
};

/** A secondary remark attached to a diagnostic, pointing at another place. */
struct Note {
  Loc loc;
  std::string msg;
};

/** One error in a spec. `msg` is lower-case without a trailing period, as Go's tools write. */
struct Diagnostic {
  Loc loc;
  std::string msg;
  std::vector<Note> notes;
};

/** `file:line:col: msg`, then one `file:line:col: note: msg` line per note. */
std::string format_diagnostic(const Diagnostic& d);

/** Diagnostics sorted by position (stable for equal positions), each formatted, joined. */
std::string format_diagnostics(std::vector<Diagnostic> ds);

}  // namespace mapcheck::specs
