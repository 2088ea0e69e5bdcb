// The differential check of one spec: mapcheck's prediction, an offline `go build`, many real
// runs in parallel, classification and comparison.
#include "tests/differential/differential_check.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <set>
#include <sstream>
#include <system_error>
#include <thread>

#include "tests/differential/process_run.h"

namespace mapcheck::differential {

namespace fs = std::filesystem;

namespace {

std::string first_line(const std::string& s) {
  return s.substr(0, s.find('\n'));
}

std::optional<std::string> read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

bool write_text(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << text;
  return static_cast<bool>(out);
}

// The environment of `go` commands: offline, local toolchain only, caches under the work dir.
std::vector<std::string> go_tool_env(const DifferentialOptions& o) {
  const fs::path work = fs::absolute(o.work_dir);
  return environment_with({"GOTOOLCHAIN=local", "GOPROXY=off", "GOFLAGS=-mod=mod", "GO111MODULE=on",
                           "CGO_ENABLED=0", "GOENV=off", "GOCACHE=" + (work / "gocache").string(),
                           "GOPATH=" + (work / "gopath").string()},
                          {"GOROOT", "GOOS", "GOARCH", "GOEXPERIMENT", "GODEBUG", "GOWORK"});
}

std::string display_name(const DifferentialOptions& o, const fs::path& spec) {
  if (!o.display_root.empty()) {
    std::error_code ec;
    const fs::path rel = fs::relative(fs::absolute(spec), fs::absolute(o.display_root), ec);
    if (!ec && !rel.empty() && *rel.begin() != "..") return rel.generic_string();
  }
  return spec.generic_string();
}

// A directory name unique per spec path: folders joined with '_'.
std::string module_dir_name(const std::string& display) {
  std::string s = display;
  std::replace(s.begin(), s.end(), '/', '_');
  if (s.ends_with(".go")) s.resize(s.size() - 3);
  return s;
}

SpecResult stop(SpecResult r, SpecStatus s, std::string note) {
  r.status = s;
  r.note = std::move(note);
  return r;
}

// Runs the binary options.runs times per config on options.jobs threads; aggregates in task
// order so that sample stderr texts are the same whatever the threads did.
void run_all(const DifferentialOptions& o, const fs::path& binary, SpecResult& r) {
  const std::size_t n = o.runs * o.configs.size();
  std::vector<std::vector<std::string>> envs;
  // GOTRACEBACK=system: a crash's stderr shows the runtime frames (what a mismatch report
  // needs); it changes no exit status and no first line.
  for (const auto& c : o.configs) {
    std::vector<std::string> env = c.env;
    env.push_back("GOTRACEBACK=system");
    envs.push_back(environment_with(env, {"GOMAXPROCS", "GOGC", "GODEBUG", "GOTRACEBACK"}));
  }
  std::vector<std::pair<GoOutcome, std::string>> ends(n);
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i = next++; i < n; i = next++) {
      ProcessSpec ps;
      ps.argv = {binary.string()};
      ps.env = envs[i / o.runs];
      ps.timeout = o.run_timeout;
      RunEnd end = run_process(ps);
      ends[i] = {classify_run(end), std::move(end.stderr_text)};
    }
  };
  std::vector<std::jthread> threads;
  for (unsigned t = 0; t < std::max(1U, o.jobs); ++t)
    threads.emplace_back(worker);
  threads.clear();  // joins
  for (std::size_t i = 0; i < n; ++i) {
    auto [it, fresh] = r.observed.try_emplace(ends[i].first);
    if (fresh) {
      it->second.counts.assign(o.configs.size(), 0);
      it->second.sample_stderr = std::move(ends[i].second);
    }
    ++it->second.counts[i / o.runs];
  }
}

}  // namespace

std::string toolchain_version(const fs::path& go) {
  ProcessSpec ps;
  ps.argv = {go.string(), "env", "GOVERSION"};
  ps.env = environment_with({"GOTOOLCHAIN=local", "GOENV=off"}, {"GOROOT"});
  ps.timeout = std::chrono::milliseconds(60000);
  const RunEnd end = run_process(ps);
  if (end.exit_status != 0) return "";
  return first_line(end.stdout_text);
}

std::optional<fs::path> find_toolchain(const DifferentialOptions& o, const std::string& version) {
  if (!version.starts_with("go1.")) return std::nullopt;
  const fs::path versioned = o.toolchains / ("go-" + version.substr(2)) / "bin" / "go";
  std::error_code ec;
  if (fs::exists(versioned, ec)) return versioned;
  if (o.go) {
    const std::string v = toolchain_version(*o.go);
    if (v == version || v.starts_with(version + ".")) return o.go;
  }
  return std::nullopt;
}

std::string buildable_source(const std::string& spec_source) {
  std::istringstream in(spec_source);
  std::string out, line;
  while (std::getline(in, line)) {
    if (line == "//go:build ignore" || line == "// +build ignore") continue;
    out += line + "\n";
  }
  return out;
}

std::string go_mod_text(const std::string& version) {
  return fmt::format("module spec\n\ngo {}\n",
                     version.starts_with("go") ? version.substr(2) : version);
}

std::variant<fs::path, std::string> build_spec(const DifferentialOptions& o, const fs::path& spec,
                                               const std::string& display,
                                               const std::string& version, const fs::path& go) {
  const fs::path mod = fs::absolute(o.work_dir) / "modules" / module_dir_name(display);
  std::error_code ec;
  fs::remove_all(mod, ec);
  fs::create_directories(mod, ec);
  const auto source = read_text(spec);
  if (!source) return "cannot read " + spec.string();
  if (ec || !write_text(mod / "go.mod", go_mod_text(version)) ||
      !write_text(mod / "main.go", buildable_source(*source)))
    return "cannot write the module in " + mod.string();
  ProcessSpec build;
  build.argv = {go.string(), "build", "-o", "prog", "."};
  build.env = go_tool_env(o);
  build.cwd = mod;
  build.timeout = o.tool_timeout;
  const RunEnd built = run_process(build);
  if (built.exit_status != 0)
    return "the spec does not build with " + toolchain_version(go) + ": " +
           (built.timed_out ? std::string("go build timed out") : built.stderr_text);
  return mod / "prog";
}

SpecResult check_spec(const DifferentialOptions& o, const fs::path& spec) {
  SpecResult r;
  r.spec = display_name(o, spec);
  r.runs = o.runs;

  // 1. mapcheck's prediction.
  ProcessSpec mc;
  mc.argv = {o.mapcheck.string(), "check", "--json", "--quiet", spec.string()};
  mc.env = environment_with({});
  mc.timeout = o.tool_timeout;
  const RunEnd mc_end = run_process(mc);
  if (mc_end.exit_status == 2)
    return stop(r, SpecStatus::skipped,
                "mapcheck cannot run it yet (exit 2): " + first_line(mc_end.stderr_text));
  if (mc_end.timed_out) return stop(r, SpecStatus::error, "mapcheck check timed out");
  const int mc_status = mc_end.exit_status.value_or(-1);
  if (mc_status != 0 && mc_status != 1 && mc_status != 3)
    return stop(r, SpecStatus::error,
                fmt::format("mapcheck check failed (exit {}): {}", mc_status,
                            first_line(mc_end.stderr_text)));
  auto parsed = parse_prediction(mc_end.stdout_text);
  if (auto* e = std::get_if<PredictionError>(&parsed))
    return stop(r, SpecStatus::error, e->message);
  r.prediction = std::get<MapcheckPrediction>(std::move(parsed));

  // 2. The real toolchain for the modelled runtime.
  const auto version = go_version_for_runtime(r.prediction.runtime);
  if (!version)
    return stop(r, SpecStatus::skipped,
                fmt::format("runtime {} has no real Go to compare with", r.prediction.runtime));
  const auto go = find_toolchain(o, *version);
  if (!go)
    return stop(
        r, SpecStatus::skipped,
        fmt::format("no {} toolchain installed (./setup.sh --with-go installs it)", *version));
  r.go_version = toolchain_version(*go);

  // 3. An offline build in a throwaway module.
  auto built = build_spec(o, spec, r.spec, *version, *go);
  if (auto* why = std::get_if<std::string>(&built))
    return stop(r, SpecStatus::error, std::move(*why));

  // 4. Real runs, then the comparison.
  r.configs = o.configs;
  run_all(o, std::get<fs::path>(built), r);
  r.status = compare_status(r);
  return r;
}

std::vector<fs::path> collect_specs(const std::vector<fs::path>& paths) {
  std::set<fs::path> found;
  for (const auto& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      for (const auto& e : fs::recursive_directory_iterator(p, ec))
        if (e.is_regular_file() && e.path().extension() == ".go") found.insert(e.path());
    } else {
      found.insert(p);
    }
  }
  return {found.begin(), found.end()};
}

}  // namespace mapcheck::differential
