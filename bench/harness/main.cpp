// mapcheck_bench: measures every benchmark row (family specs of bench/specs/ and the spec
// library) with mapcheck (with and without reduction, and as a bfs on several threads), SPIN
// (bench/spin/) and real Go, and prints the markdown tables of table.h. Progress goes to stderr;
// exit 2 on a usage error.
#include <fmt/chrono.h>
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <chrono>
#include <ctime>
#include <fstream>
#include <iostream>
#include <regex>
#include <sstream>
#include <thread>

#include "bench/harness/measure.h"
#include "bench/harness/table.h"
#include "tests/differential/differential_check.h"
#include "tests/differential/process_run.h"

namespace fs = std::filesystem;
namespace mb = mapcheck::bench;
namespace md = mapcheck::differential;

namespace {

// The rows of --quick: the smallest member of each family (the library is always in).
const char* const kQuickFamilyRows[] = {"nwriters/nwriters_n2_k1", "nwriters/nwriters_n2_k2",
                                        "ranger_growth/ranger_growth_n4",
                                        "ranger_growth/ranger_growth_n8", "rwmutex/rwmutex_r1_w1"};

bool in_quick_set(const mb::BenchRow& r, const fs::path& root) {
  if (r.spec.string().starts_with((root / "specs" / "library").string())) return true;
  for (const char* q : kQuickFamilyRows)
    if (r.name == q) return true;
  return false;
}

// The first line a command prints, or "n/a".
std::string tool_line(std::vector<std::string> argv) {
  std::error_code ec;
  if (!fs::exists(argv.front(), ec)) return "n/a";
  md::ProcessSpec ps;
  ps.argv = std::move(argv);
  ps.env = md::environment_with({});
  ps.timeout = std::chrono::milliseconds(20000);
  const auto end = md::run_process(ps);
  std::string s = end.stdout_text.empty() ? end.stderr_text : end.stdout_text;
  s = s.substr(0, s.find('\n'));
  return s.empty() ? "n/a" : s;
}

std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  for (std::string line; std::getline(in, line);)
    if (line.starts_with("model name"))
      if (auto c = line.find(": "); c != std::string::npos) return line.substr(c + 2);
  return "unknown CPU";
}

std::optional<fs::path> find_on_path(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::istringstream in(path ? path : "");
  for (std::string dir; std::getline(in, dir, ':');) {
    std::error_code ec;
    if (!dir.empty() && fs::exists(fs::path(dir) / name, ec)) return fs::path(dir) / name;
  }
  return std::nullopt;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "mapcheck_bench: mapcheck (with and without reduction), SPIN and real Go, "
      "side by side, as markdown tables on stdout."};
  mb::BenchOptions o;
  o.root = MAPCHECK_SOURCE_DIR;
  std::string filter, out_file, go;
  bool quick = false, dry_run = false, no_go = false, no_spin = false;
  app.add_option("--mapcheck", o.mapcheck, "the mapcheck executable")->required();
  app.add_option("--root", o.root, "the repository (bench/specs, specs/library, bench/spin)");
  app.add_option("--work", o.work_dir, "folder for Go modules, binaries and the Go cache")
      ->required();
  app.add_option("--go", go, "Go 1.23's go (default /usr/lib/go-1.23/bin/go, then PATH)");
  app.add_flag("--quick", quick,
               "a subset: the smallest family members and the library, --time-limit 10, "
               "--go-runs 200 unless given (about a minute)");
  app.add_option("--filter", filter, "only rows whose name matches this regex (ECMAScript)");
  auto* tl = app.add_option("--time-limit", o.time_limit, "seconds per mapcheck run (default 60)")
                 ->check(CLI::PositiveNumber);
  app.add_option("--max-states", o.max_states, "states per mapcheck run (default: no bound)");
  auto* gr = app.add_option("--go-runs", o.go_runs, "real runs per configuration (default 1000)");
  app.add_option("--threads", o.threads,
                 "also run mapcheck --bfs --threads N on the rows with a SPIN model (default 2; "
                 "1 runs none)")
      ->check(CLI::Range(1u, 256u));
  app.add_option("--repeats", o.repeats,
                 "run a mapcheck or SPIN measurement that takes under a second up to N times and "
                 "keep the fastest (default 3; 1 runs each once)")
      ->check(CLI::Range(1u, 100u));
  app.add_flag("--no-go", no_go, "skip the real-Go columns");
  app.add_flag("--no-spin", no_spin, "skip the SPIN columns");
  app.add_flag("--dry-run", dry_run, "measure nothing: print the selected rows as empty tables");
  app.add_option("--out", out_file, "also write the report to this file");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }
  if (quick && tl->count() == 0) o.time_limit = 10;
  if (quick && gr->count() == 0) o.go_runs = 200;
  if (!go.empty()) {
    o.go = go;
  } else if (std::error_code ec; fs::exists("/usr/lib/go-1.23/bin/go", ec)) {
    o.go = "/usr/lib/go-1.23/bin/go";
  } else {
    o.go = find_on_path("go");
  }
  std::regex re;
  try {
    re = std::regex(filter.empty() ? ".*" : filter);
  } catch (const std::regex_error& e) {
    std::cerr << "mapcheck_bench: bad --filter: " << e.what() << "\n";
    return 2;
  }

  std::vector<mb::BenchRow> rows;
  for (auto& r : mb::collect_rows(o.root))
    if ((!quick || in_quick_set(r, o.root)) && std::regex_search(r.name, re))
      rows.push_back(std::move(r));

  std::vector<mb::RowResult> results;
  for (const auto& row : rows) {
    mb::RowResult r{row, {}, {}, {}, {}, std::nullopt, {}, {}, {}};
    if (dry_run) {
      r.reduced.note = r.unreduced.note = r.spin_reduced.note = r.parallel.note =
          r.spin_parallel.note = r.traced.note = "dry run";
      results.push_back(std::move(r));
      continue;
    }
    std::cerr << "bench: " << row.name << "\n" << std::flush;
    r.reduced = mb::measure_mapcheck(o, row.spec, true);
    r.traced = mb::measure_mapcheck(o, row.spec, true, 1, true);
    r.unreduced = mb::measure_mapcheck(o, row.spec, false);
    if (row.spin && !no_spin) {
      r.spin_reduced = mb::measure_spin(o, *row.spin, true);
      r.spin_unreduced = mb::measure_spin(o, *row.spin, false);
    } else if (row.spin) {
      r.spin_reduced.note = r.spin_unreduced.note = "--no-spin";
    }
    if (row.spin && o.threads > 1) {
      r.parallel = mb::measure_mapcheck(o, row.spec, true, o.threads);
      r.spin_parallel = mb::measure_spin(o, *row.spin, true, o.threads);
    }
    if (auto rare = mb::rare_outcome(r.reduced); rare && !no_go)
      r.rare = mb::measure_rare_outcome(o, row, r.reduced.runtime, *rare);
    results.push_back(std::move(r));
  }

  std::ostringstream report;
  std::string command = "mapcheck_bench";
  for (int i = 1; i < argc; ++i)
    command += std::string(" ") + argv[i];
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  report << fmt::format("Measured {:%Y-%m-%d %H:%M} UTC on {} cores ({}); {} row(s).\n",
                        fmt::gmtime(now), std::thread::hardware_concurrency(), cpu_model(),
                        rows.size())
         << fmt::format("mapcheck: {}; SPIN: {}; Go: {}.\n",
                        tool_line({o.mapcheck.string(), "--version"}),
                        no_spin ? "not run"
                                : tool_line({find_on_path("spin").value_or("spin").string(), "-V"}),
                        no_go || !o.go ? "not run" : md::toolchain_version(*o.go))
         << fmt::format(
                "Bounds per mapcheck run: --time-limit {}{}; real Go: up to {} runs "
                "per configuration.\n\n",
                o.time_limit, o.max_states ? fmt::format(", --max-states {}", o.max_states) : "",
                o.go_runs);
  mb::write_tables(report, results, o.go_runs, o.threads);
  std::cout << report.str() << std::flush;
  if (!out_file.empty()) {
    std::ofstream out(out_file, std::ios::trunc);
    out << report.str();
    if (!out) {
      std::cerr << "mapcheck_bench: cannot write " << out_file << "\n";
      return 1;
    }
  }
  return 0;
}
