// Measuring one benchmark row (see measure.h): child processes through the differential
// library's run_process, mapcheck's JSON through nlohmann/json, real Go's outcomes through
// its classify_run and predicts.
#include "bench/harness/measure.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <system_error>
#include <variant>

#include "tests/differential/differential_check.h"
#include "tests/differential/go_outcome.h"
#include "tests/differential/process_run.h"

namespace mapcheck::bench {

namespace fs = std::filesystem;
namespace md = mapcheck::differential;

namespace {

constexpr const char* kTimeBinary = "/usr/bin/time";

std::string first_line(const std::string& s) {
  return s.substr(0, s.find('\n'));
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The kill timeout of a bounded tool run: the bound, plus slack for parsing, traces and a
// machine shared by several builds.
std::chrono::milliseconds tool_timeout(const BenchOptions& o) {
  return std::chrono::milliseconds(static_cast<long>((o.time_limit * 3 + 60) * 1000));
}

struct TimedRun {
  md::RunEnd end;
  double seconds = 0;
};

// Runs argv under /usr/bin/time (when present) so that the peak RSS is on stderr.
TimedRun run_timed(std::vector<std::string> argv, std::chrono::milliseconds timeout) {
  std::error_code ec;
  if (fs::exists(kTimeBinary, ec)) argv.insert(argv.begin(), {kTimeBinary, "-f", rusage_format()});
  md::ProcessSpec ps;
  ps.argv = std::move(argv);
  ps.env = md::environment_with({});
  ps.timeout = timeout;
  const auto t0 = std::chrono::steady_clock::now();
  TimedRun r{md::run_process(ps), 0};
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

// `traces` false: `--traces none`, the verdicts only.
std::vector<std::string> mapcheck_argv(const BenchOptions& o, const fs::path& spec, bool reduction,
                                       std::uint64_t max_states, unsigned threads, bool traces) {
  std::vector<std::string> argv = {o.mapcheck.string(), "check", "--json", "--time-limit",
                                   fmt::format("{}", o.time_limit)};
  if (!traces) argv.insert(argv.end(), {"--traces", "none"});
  if (max_states != 0) {
    argv.push_back("--max-states");
    argv.push_back(std::to_string(max_states));
  }
  if (!reduction) argv.push_back("--no-reduction");
  if (threads > 1) {
    argv.insert(argv.end(), {"--bfs", "--threads", std::to_string(threads)});
  }
  argv.push_back(spec.string());
  return argv;
}

// Fills f from a finished mapcheck run; f.ran stays false (with a note) if it did not answer.
void read_mapcheck_run(const TimedRun& run, MapcheckFigures& f) {
  f.seconds = run.seconds;
  if (run.end.timed_out) {
    f.note = "killed (no answer within the kill timeout)";
    return;
  }
  f.status = run.end.exit_status.value_or(-1);
  if (f.status != 0 && f.status != 1 && f.status != 3) {
    f.note = fmt::format("exit {}: {}", f.status, first_line(run.end.stderr_text));
    return;
  }
  auto parsed = md::parse_prediction(run.end.stdout_text);
  if (auto* e = std::get_if<md::PredictionError>(&parsed)) {
    f.note = e->message;
    return;
  }
  auto& p = std::get<md::MapcheckPrediction>(parsed);
  f.states = p.states;
  f.complete = p.complete;
  f.runtime = p.runtime;
  f.outcomes = std::move(p.outcomes);
  try {
    const auto j = nlohmann::json::parse(run.end.stdout_text);
    const auto& search = j.at("specs").at(0).at("search");
    f.transitions = search.at("transitions").get<std::uint64_t>();
    for (const auto& b : search.at("bounds_hit"))
      f.bounds_hit.push_back(b.get<std::string>());
  } catch (const nlohmann::json::exception& e) {
    f.note = std::string("JSON without search figures: ") + e.what();
    return;
  }
  if (auto t = parse_timing_line(run.end.stderr_text)) f.bytes_stored = t->bytes_stored;
  if (auto u = parse_rusage(run.end.stderr_text)) f.peak_kib = u->peak_kib;
  f.ran = true;
}

// Names compared with digit runs as numbers, so that ranger_growth_n8 sorts before _n12.
bool natural_less(const std::string& a, const std::string& b) {
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    const bool da = std::isdigit(static_cast<unsigned char>(a[i])) != 0;
    const bool db = std::isdigit(static_cast<unsigned char>(b[j])) != 0;
    if (da && db) {
      std::size_t ei = i, ej = j;
      while (ei < a.size() && std::isdigit(static_cast<unsigned char>(a[ei])))
        ++ei;
      while (ej < b.size() && std::isdigit(static_cast<unsigned char>(b[ej])))
        ++ej;
      const auto na = std::stoull(a.substr(i, ei - i)), nb = std::stoull(b.substr(j, ej - j));
      if (na != nb) return na < nb;
      i = ei;
      j = ej;
    } else {
      if (a[i] != b[j]) return a[i] < b[j];
      ++i;
      ++j;
    }
  }
  return a.size() - i < b.size() - j;
}

}  // namespace

std::optional<TimingLine> parse_timing_line(const std::string& stderr_text) {
  static const std::regex re(
      R"(: (\d+) states in ([0-9.]+) s \([0-9.]+ states/s\), (\d+) bytes stored)");
  std::optional<TimingLine> last;
  std::istringstream in(stderr_text);
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (std::regex_search(line, m, re))
      last = TimingLine{std::stoull(m[1]), std::stod(m[2]), std::stoull(m[3])};
  }
  return last;
}

const char* rusage_format() {
  return "mapcheck-bench-rusage seconds=%e peak_kib=%M";
}

std::optional<ResourceUsage> parse_rusage(const std::string& stderr_text) {
  static const std::regex re(R"(^mapcheck-bench-rusage seconds=([0-9.]+) peak_kib=(\d+)$)");
  std::optional<ResourceUsage> last;
  std::istringstream in(stderr_text);
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (std::regex_match(line, m, re)) last = ResourceUsage{std::stod(m[1]), std::stoull(m[2])};
  }
  return last;
}

std::optional<SpinFigures> parse_spin_line(const std::string& stdout_text) {
  std::optional<SpinFigures> last;
  std::istringstream in(stdout_text);
  for (std::string line; std::getline(in, line);) {
    std::map<std::string, std::string> kv;
    std::istringstream words(line);
    for (std::string w; words >> w;)
      if (auto eq = w.find('='); eq != std::string::npos) kv[w.substr(0, eq)] = w.substr(eq + 1);
    const char* keys[] = {"states",    "transitions", "seconds",
                          "memory_mb", "errors",      "compile_seconds"};
    if (!std::all_of(std::begin(keys), std::end(keys), [&](const char* k) { return kv.count(k); }))
      continue;
    SpinFigures f;
    if (kv.count("complete")) f.complete = kv["complete"];
    if (kv["states"] == "-") {
      f.note = "SPIN stopped before it printed figures (complete=" + f.complete + ")";
      last = f;
      continue;
    }
    try {
      f.states = std::stoull(kv["states"]);
      f.transitions = std::stoull(kv["transitions"]);
      f.seconds = std::stod(kv["seconds"]);
      f.memory_mb = std::stod(kv["memory_mb"]);
      f.errors = std::stoull(kv["errors"]);
      f.compile_seconds = std::stod(kv["compile_seconds"]);
      f.ran = true;
      last = f;
    } catch (const std::exception&) {
      // a malformed figure: not the line we want
    }
  }
  return last;
}

std::optional<SpinModel> parse_bench_directive(const std::string& spec_source) {
  static const std::regex re(R"(^//\s*bench:\s*spin=(\S+)((\s+\S+)*)\s*$)");
  std::istringstream in(spec_source);
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("package ")) break;
    std::smatch m;
    if (!std::regex_match(line, m, re)) continue;
    SpinModel s{m[1], {}};
    std::istringstream words(m[2].str());
    for (std::string w; words >> w;)
      s.defines.push_back(w);
    return s;
  }
  return std::nullopt;
}

namespace {

// One run of run-spin.sh (measure_spin keeps the fastest of a few).
SpinFigures measure_spin_once(const BenchOptions& o, const SpinModel& model, bool reduction,
                              unsigned cores) {
  SpinFigures f;
  const fs::path dir = o.root / "bench" / "spin";
  std::error_code ec;
  if (!fs::exists(dir / "run-spin.sh", ec)) {
    f.note = "no bench/spin/run-spin.sh";
    return f;
  }
  if (!fs::exists(dir / model.model, ec)) {
    f.note = "no bench/spin/" + model.model;
    return f;
  }
  std::vector<std::string> argv = {"/bin/bash", (dir / "run-spin.sh").string(),
                                   (dir / model.model).string()};
  if (!reduction) argv.push_back("--no-reduction");
  if (cores > 1) argv.push_back(fmt::format("--cores={}", cores));
  argv.insert(argv.end(), model.defines.begin(), model.defines.end());
  argv.push_back(fmt::format("--time-limit={}", static_cast<long>(std::ceil(o.time_limit))));
  md::ProcessSpec ps;
  ps.argv = std::move(argv);
  ps.env = md::environment_with({});
  ps.timeout = tool_timeout(o);
  const md::RunEnd end = md::run_process(ps);
  if (end.timed_out) {
    f.note = "killed (no answer within the kill timeout)";
    return f;
  }
  if (auto parsed = parse_spin_line(end.stdout_text)) return *parsed;
  std::string why = first_line(end.stderr_text.empty() ? end.stdout_text : end.stderr_text);
  if (why.size() > 100) why = why.substr(0, 100) + "...";
  f.note = fmt::format("run-spin.sh exit {}: {}", end.exit_status.value_or(-1), why);
  return f;
}

}  // namespace

MapcheckFigures measure_mapcheck(const BenchOptions& o, const fs::path& spec, bool reduction,
                                 unsigned threads, bool traces) {
  return fastest_of(o.repeats, o.repeat_below, [&] {
    MapcheckFigures f;
    read_mapcheck_run(run_timed(mapcheck_argv(o, spec, reduction, o.max_states, threads, traces),
                                tool_timeout(o)),
                      f);
    return f;
  });
}

SpinFigures measure_spin(const BenchOptions& o, const SpinModel& model, bool reduction,
                         unsigned cores) {
  return fastest_of(o.repeats, o.repeat_below,
                    [&] { return measure_spin_once(o, model, reduction, cores); });
}

std::optional<md::PredictedOutcome> rare_outcome(const MapcheckFigures& f) {
  if (!f.ran || f.outcomes.size() < 2) return std::nullopt;
  for (const auto& p : f.outcomes)
    if (p.kind != "exit" && !p.leak) return p;
  return std::nullopt;
}

RareOutcomeFigures measure_rare_outcome(const BenchOptions& o, const BenchRow& row,
                                        const std::string& runtime,
                                        const md::PredictedOutcome& outcome) {
  RareOutcomeFigures r;
  r.outcome = outcome.text;

  // mapcheck: the smallest power-of-two state bound (from 64) whose search finds it. The
  // search order is deterministic, so a larger bound finds it too.
  for (std::uint64_t bound = 64;; bound *= 2) {
    MapcheckFigures f;
    // With its witness: showing it reachable is showing how.
    read_mapcheck_run(run_timed(mapcheck_argv(o, row.spec, true, bound, 1, true), tool_timeout(o)),
                      f);
    if (!f.ran) break;
    const bool found = std::any_of(f.outcomes.begin(), f.outcomes.end(),
                                   [&](const auto& p) { return p.text == outcome.text; });
    if (found) {
      r.mapcheck_seconds = f.seconds;
      r.mapcheck_states_bound = bound;
      break;
    }
    if (f.complete ||
        std::find(f.bounds_hit.begin(), f.bounds_hit.end(), "states") == f.bounds_hit.end())
      break;  // the search ended (or hit another bound) without it
  }

  // Real Go: build once, then run until the outcome first appears, per configuration.
  const auto version = md::go_version_for_runtime(runtime);
  if (!version) {
    r.note = "runtime " + runtime + " has no real Go";
    return r;
  }
  md::DifferentialOptions d;
  d.go = o.go;
  d.work_dir = o.work_dir;
  const auto go = md::find_toolchain(d, *version);
  if (!go) {
    r.note = "no " + *version + " toolchain";
    return r;
  }
  auto built = md::build_spec(d, row.spec, row.name, *version, *go);
  if (auto* why = std::get_if<std::string>(&built)) {
    r.note = first_line(*why);
    return r;
  }
  for (const char* procs : {"GOMAXPROCS=1", "GOMAXPROCS=2"}) {
    GoFirstSeen g{procs, std::nullopt, 0, 0};
    md::ProcessSpec ps;
    ps.argv = {std::get<fs::path>(built).string()};
    ps.env = md::environment_with({procs}, {"GOGC", "GODEBUG", "GOTRACEBACK"});
    const auto t0 = std::chrono::steady_clock::now();
    while (g.runs_tried < o.go_runs) {
      ++g.runs_tried;
      if (md::predicts(outcome, md::classify_run(md::run_process(ps)))) {
        g.first_run = g.runs_tried;
        break;
      }
    }
    g.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    r.go.push_back(g);
  }
  return r;
}

std::vector<BenchRow> collect_rows(const fs::path& root) {
  std::vector<BenchRow> rows;
  for (const fs::path& base : {root / "bench" / "specs", root / "specs" / "library"}) {
    std::error_code ec;
    if (!fs::is_directory(base, ec)) continue;
    std::vector<BenchRow> part;
    for (const auto& spec : md::collect_specs({base})) {
      fs::path rel = fs::relative(spec, base, ec);
      rel.replace_extension();
      part.push_back(BenchRow{rel.generic_string(), spec, parse_bench_directive(read_text(spec))});
    }
    std::sort(part.begin(), part.end(),
              [](const BenchRow& a, const BenchRow& b) { return natural_less(a.name, b.name); });
    rows.insert(rows.end(), part.begin(), part.end());
  }
  return rows;
}

}  // namespace mapcheck::bench
