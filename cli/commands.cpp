// run, replay, render, runtimes.
#include "cli/commands.h"

#include <charconv>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "cli/loaded_spec.h"
#include "cli/trace_builder.h"
#include "explorer/random_walk.h"
#include "explorer/replay.h"
#include "model/interpreter.h"
#include "traces/dot.h"
#include "traces/render.h"
#include "traces/text.h"
#include "traces/trace_json.h"

namespace mapcheck::cli {

namespace {

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return std::nullopt;
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

// How `go run` reports the end of a program on stderr, and its exit status.
int report_like_go(const explorer::Outcome& o, std::ostream& err) {
  switch (o.kind) {
    case explorer::OutcomeKind::exit:
      return 0;
    case explorer::OutcomeKind::fatal:
      err << "fatal error: " << o.message << "\n";
      return 2;
    case explorer::OutcomeKind::panic:
      err << "panic: " << o.message << "\n";
      return 2;
    case explorer::OutcomeKind::deadlock:
      err << "fatal error: all goroutines are asleep - deadlock!\n";
      return 2;
  }
  return 2;
}

}  // namespace

int run_run(const std::string& spec, std::uint64_t seed, const CliOverrides& overrides,
            std::ostream& out, std::ostream& err) {
  auto loaded = load_and_lower(spec, overrides);
  if (auto* e = std::get_if<LoadError>(&loaded)) {
    err << e->text;
    return 2;
  }
  const LoadedSpec& ls = *std::get<std::unique_ptr<LoadedSpec>>(loaded);
  explorer::WalkOptions wo;
  wo.seed = seed;
  const explorer::WalkResult walk = explorer::random_walk(*ls.system, wo);
  const model::World end = ls.system->decode(walk.state);
  const auto term = model::termination(end);
  out << (term ? term->output : end.output) << std::flush;
  if (walk.held) {
    err << fmt::format(
        "mapcheck run: stopped after {} steps at the call-depth bound ({} frames per goroutine, "
        "--max-call-depth): every goroutine left would call deeper or is blocked\n",
        walk.path.size(), ls.config.runtime.max_call_depth.value_or(0));
    return 3;
  }
  if (!walk.outcome) {
    err << fmt::format("mapcheck run: stopped after {} steps without the program ending\n",
                       walk.path.size());
    return 3;
  }
  return report_like_go(*walk.outcome, err);
}

int run_replay(const std::string& spec, const std::string& trace_path, std::ostream& out,
               std::ostream& err) {
  const auto text = read_file(trace_path);
  if (!text) {
    err << fmt::format("mapcheck replay: cannot read {}\n", trace_path);
    return 2;
  }
  auto parsed = traces::read_json(*text);
  if (auto* msg = std::get_if<std::string>(&parsed)) {
    err << fmt::format("{}: {}\n", trace_path, *msg);
    return 2;
  }
  const traces::Trace& recorded = std::get<traces::Trace>(parsed);

  // The trace's runtime options override the spec's directives: the run must be the same.
  CliOverrides o;
  for (const auto& [k, v] : recorded.options) {
    if (k == "runtime") o.runtime = v;
    if (k == "grain") o.grain = v;
    if (k == "order") o.order = v;
    if (k == "hash") o.hash = v;
    // Shown only when not the default; the bound decides where a goroutine stops.
    if (k == "max-call-depth") {
      std::uint64_t n = 0;  // 0 (a usage error) if it is not a number
      std::from_chars(v.data(), v.data() + v.size(), n);
      o.max_call_depth = n;
    }
  }
  auto loaded = load_and_lower(spec, o);
  if (auto* e = std::get_if<LoadError>(&loaded)) {
    err << e->text;
    return 2;
  }
  const LoadedSpec& ls = *std::get<std::unique_ptr<LoadedSpec>>(loaded);
  if (traces::spec_hash(ls.spec.source) != recorded.spec_hash)
    err << fmt::format("mapcheck replay: note: {} has changed since the trace was recorded\n",
                       spec);

  explorer::Path path;
  for (const auto& s : recorded.steps)
    path.push_back(explorer::Step{explorer::ActorId{s.goroutine.v}, s.choice});
  const explorer::Replay r = explorer::replay(*ls.system, path);
  if (r.rejected) {
    const auto& s = recorded.steps[*r.rejected];
    err << fmt::format(
        "{}: step {} (g{} at {}:{}: {}) is not enabled when replayed on {}; the trace no longer "
        "fits the spec\n",
        trace_path, *r.rejected + 1, s.goroutine.v, traces::spec_file_name(recorded), s.line,
        s.source, spec);
    return 1;
  }
  traces::Trace again =
      build_trace(*ls.system, ls.trace_context(), path, recorded.verdict, recorded.expectation);
  again.origin = recorded.origin;  // the same path, however it was first found
  traces::write_text(out, again);
  if (again.outcome != recorded.outcome) {
    err << fmt::format("{}: replay ended with {} \"{}\", the trace recorded {} \"{}\"\n",
                       trace_path, again.outcome.kind, again.outcome.message, recorded.outcome.kind,
                       recorded.outcome.message);
    return 1;
  }
  out << fmt::format("replayed {} steps: same outcome as recorded ({})\n", path.size(),
                     again.outcome.kind);
  return 0;
}

int run_render(const std::string& trace_path, const std::string& output,
               const std::optional<std::string>& format, std::ostream& err) {
  const auto text = read_file(trace_path);
  if (!text) {
    err << fmt::format("mapcheck render: cannot read {}\n", trace_path);
    return 2;
  }
  auto parsed = traces::read_json(*text);
  if (auto* msg = std::get_if<std::string>(&parsed)) {
    err << fmt::format("{}: {}\n", trace_path, *msg);
    return 2;
  }
  std::ostringstream dot;
  traces::write_dot(dot, std::get<traces::Trace>(parsed));
  const std::string ext = std::filesystem::path(output).extension().string();
  const std::string fmt_name = format ? *format : (ext.empty() ? "" : ext.substr(1));
  std::string bytes;
  if (fmt_name == "dot") {
    bytes = dot.str();
  } else if (auto f = traces::parse_image_format(fmt_name)) {
    auto rendered = traces::render_dot(dot.str(), *f);
    if (auto* e = std::get_if<traces::RenderError>(&rendered)) {
      err << fmt::format("mapcheck render: {}\n", e->message);
      return 2;
    }
    bytes = std::get<std::string>(rendered);
  } else {
    err << fmt::format(
        "mapcheck render: cannot tell the format of {} (use .dot, .svg or .png, or --format)\n",
        output);
    return 2;
  }
  std::ofstream f(output, std::ios::binary);
  f << bytes;
  if (!f) {
    err << fmt::format("mapcheck render: cannot write {}\n", output);
    return 2;
  }
  return 0;
}

int run_runtimes(std::ostream& out) {
  using model::RuntimeVersion;
  for (RuntimeVersion v : {RuntimeVersion::go1_19, RuntimeVersion::go1_20, RuntimeVersion::go1_21,
                           RuntimeVersion::go1_22, RuntimeVersion::go1_23}) {
    std::string name(model::runtime_name(v));
    if (v == RuntimeVersion::go1_23) name += " (hmap, default)";
    out << fmt::format("{:<22} {}\n", name, model::runtime_summary(v));
  }
  out << "\nProtocol variants (runtime=go1.23+NAME): none yet.\n";
  return 0;
}

}  // namespace mapcheck::cli
