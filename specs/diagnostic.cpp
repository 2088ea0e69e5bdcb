// Rendering of spec diagnostics in the compiler style every editor understands.
#include "specs/diagnostic.h"

#include <algorithm>

#include <fmt/format.h>

namespace mapcheck::specs {

namespace {
std::string where(const Loc& l) {
  if (l.line == 0) return l.file;
  if (l.col == 0) return fmt::format("{}:{}", l.file, l.line);
  return fmt::format("{}:{}:{}", l.file, l.line, l.col);
}
}  // namespace

std::string format_diagnostic(const Diagnostic& d) {
  std::string out = fmt::format("{}: {}\n", where(d.loc), d.msg);
  for (const Note& n : d.notes)
    out += fmt::format("{}: note: {}\n", where(n.loc), n.msg);
  return out;
}

std::string format_diagnostics(std::vector<Diagnostic> ds) {
  std::stable_sort(ds.begin(), ds.end(),
                   [](const Diagnostic& a, const Diagnostic& b) { return a.loc < b.loc; });
  std::string out;
  for (const Diagnostic& d : ds)
    out += format_diagnostic(d);
  return out;
}

}  // namespace mapcheck::specs
