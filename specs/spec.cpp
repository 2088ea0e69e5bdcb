// load_spec: lexing, parsing, directives and checking of one spec file.
#include "specs/spec.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "specs/parser.h"

namespace mapcheck::specs {

namespace {
std::vector<std::string> split_lines(const std::string& s) {
  std::vector<std::string> lines;
  std::string cur;
  for (char c : s) {
    if (c == '\n') {
      if (!cur.empty() && cur.back() == '\r') cur.pop_back();
      lines.push_back(std::move(cur));
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) lines.push_back(std::move(cur));
  return lines;
}

// Sorted by position; an identical (position, message) pair is reported once.
void sort_diagnostics(std::vector<Diagnostic>& ds) {
  std::stable_sort(ds.begin(), ds.end(),
                   [](const Diagnostic& a, const Diagnostic& b) { return a.loc < b.loc; });
  ds.erase(std::unique(ds.begin(), ds.end(),
                       [](const Diagnostic& a, const Diagnostic& b) {
                         return a.loc == b.loc && a.msg == b.msg;
                       }),
           ds.end());
}
}  // namespace

std::variant<Spec, std::vector<Diagnostic>> load_spec(std::string path, std::string source) {
  ParseResult pr = parse(path, source);
  std::vector<Diagnostic> diags = std::move(pr.diagnostics);
  DirectivesResult dr = parse_directives(pr.file.comments, pr.file.package_loc);
  for (Diagnostic& d : dr.diagnostics)
    diags.push_back(std::move(d));
  if (!pr.syntax_ok) {
    sort_diagnostics(diags);
    return diags;
  }
  CheckResult cr = check(std::move(pr.file));
  for (Diagnostic& d : cr.diagnostics)
    diags.push_back(std::move(d));
  if (!diags.empty()) {
    sort_diagnostics(diags);
    return diags;
  }
  Spec spec;
  spec.path = std::move(path);
  spec.lines = split_lines(source);
  spec.source = std::move(source);
  spec.directives = std::move(dr.directives);
  spec.file = std::move(cr.file);
  return spec;
}

std::variant<Spec, std::vector<Diagnostic>> load_spec_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return std::vector<Diagnostic>{
        {Loc{path, 0, 0}, std::string("cannot read file: ") + std::strerror(errno), {}}};
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return load_spec(path, ss.str());
}

}  // namespace mapcheck::specs
