// Test helpers for the interpreter: compile spec text (parse, check, lower) to a Program, and
// a tiny exhaustive explorer (DFS over enabled_steps/apply_step, visited set of canonical
// encodings) that collects every outcome as a readable string.
#pragma once

#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "model/interpreter.h"
#include "specs/checker.h"
#include "specs/lower.h"
#include "specs/parser.h"

namespace mapcheck::testing {

/** parse + check + lower; throws std::runtime_error with the formatted diagnostics. */
inline model::Program compile(std::string_view source, specs::LowerOptions opt = {}) {
  specs::ParseResult pr = specs::parse("spec.go", source);
  if (!pr.syntax_ok || !pr.diagnostics.empty())
    throw std::runtime_error(specs::format_diagnostics(pr.diagnostics));
  specs::CheckResult cr = specs::check(std::move(pr.file));
  if (!cr.diagnostics.empty()) throw std::runtime_error(specs::format_diagnostics(cr.diagnostics));
  specs::LowerResult lr = specs::lower(cr.file, source, opt);
  if (!lr.diagnostics.empty()) throw std::runtime_error(specs::format_diagnostics(lr.diagnostics));
  return std::move(lr.program);
}

/** The diagnostics of lowering `source` (which must parse and check), formatted. */
inline std::string lower_errors(std::string_view source, specs::LowerOptions opt = {}) {
  specs::ParseResult pr = specs::parse("spec.go", source);
  specs::CheckResult cr = specs::check(std::move(pr.file));
  if (!cr.diagnostics.empty())
    throw std::runtime_error("check failed: " + specs::format_diagnostics(cr.diagnostics));
  return specs::format_diagnostics(specs::lower(cr.file, source, opt).diagnostics);
}

inline std::string escape(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '\n')
      out += "\\n";
    else if (c == '"')
      out += "\\\"";
    else
      out += c;
  }
  return out + "\"";
}

/** `exit "out"`, `exit leak "out"`, `fatal "msg" "out"`, `panic "msg" "out"`,
 *  `deadlock "out"`. */
inline std::string describe(const model::Termination& t) {
  std::string s(model::termination_kind_name(t.kind));
  if (t.leak) s += " leak";
  if (!t.message.empty()) s += " " + escape(t.message);
  return s + " " + escape(t.output);
}

struct Exploration {
  std::set<std::string> outcomes;
  std::size_t states = 0;
};

/** Every outcome of `p` under `cfg`, by exhaustive DFS with state caching. */
inline Exploration explore_all(const model::Program& p, const model::RuntimeConfig& cfg,
                               std::size_t limit = 500000) {
  Exploration ex;
  std::set<std::vector<std::byte>> seen;
  std::vector<model::World> stack{model::initial_world(p, cfg)};
  std::vector<model::GoStep> steps;
  while (!stack.empty()) {
    model::World w = std::move(stack.back());
    stack.pop_back();
    model::canonicalize(w);
    std::vector<std::byte> bytes;
    model::Encoder e(bytes);
    model::encode_world(w, e);
    if (!seen.insert(std::move(bytes)).second) continue;
    if (++ex.states > limit) throw std::runtime_error("state limit exceeded");
    model::enabled_steps(w, p, cfg, steps);
    if (steps.empty()) {
      auto t = model::termination(w);
      if (!t) throw std::logic_error("no step enabled but not terminated");
      ex.outcomes.insert(describe(*t));
      continue;
    }
    for (const model::GoStep& s : steps) {
      model::World next = w;
      model::apply_step(next, p, cfg, s, nullptr);
      stack.push_back(std::move(next));
    }
  }
  return ex;
}

inline model::RuntimeConfig config(model::Grain g,
                                   model::RuntimeVersion v = model::RuntimeVersion::go1_23) {
  model::RuntimeConfig c;
  c.grain = g;
  c.version = v;
  return c;
}

}  // namespace mapcheck::testing
