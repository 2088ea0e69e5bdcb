// mapcheck_differential: runs the differential check over spec files and folders, prints one
// line per spec (and the details of every mismatch), writes the markdown report. Exit
// status 0 when every compared spec agrees, 1 on a mismatch or error, 2 on a usage error.
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <thread>

#include "tests/differential/differential_check.h"
#include "tests/differential/process_run.h"
#include "tests/differential/report.h"

namespace fs = std::filesystem;
namespace md = mapcheck::differential;

int main(int argc, char** argv) {
  CLI::App app{
      "mapcheck_differential: every outcome real Go shows on a spec must be in mapcheck's "
      "predicted set."};
  md::DifferentialOptions o;
  std::vector<fs::path> paths;
  std::string go, report;
  double timeout_s = 10;
  o.jobs = std::max(1U, std::thread::hardware_concurrency());
  app.add_option("SPEC", paths, "spec files or folders (searched for .go)")->required();
  app.add_option("--mapcheck", o.mapcheck, "the mapcheck executable")->required();
  app.add_option("--go", go, "a Go toolchain's go (used when its version fits the spec)");
  app.add_option("--toolchains", o.toolchains, "folder holding go-1.NN/bin/go (default /usr/lib)");
  app.add_option("--work", o.work_dir, "folder for throwaway modules and the Go build cache")
      ->required();
  app.add_option("--root", o.display_root, "show spec paths relative to this folder");
  app.add_option("--runs", o.runs,
                 "runs per spec per configuration (env MAPCHECK_DIFFERENTIAL_RUNS overrides)");
  app.add_option("--jobs", o.jobs, "runs at once (default: the number of cores)");
  app.add_option("--timeout", timeout_s, "seconds per real run before it counts as a timeout");
  app.add_option("--report", report, "write the markdown report here");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }
  if (const char* env = std::getenv("MAPCHECK_DIFFERENTIAL_RUNS"); env && *env) {
    try {
      o.runs = std::stoul(env);
    } catch (const std::exception&) {
      std::cerr << "mapcheck_differential: MAPCHECK_DIFFERENTIAL_RUNS is not a number\n";
      return 2;
    }
  }
  if (!go.empty()) o.go = go;
  o.run_timeout = std::chrono::milliseconds(static_cast<long>(timeout_s * 1000));

  const auto specs = md::collect_specs(paths);
  std::cout << fmt::format("differential: {} spec(s), {} runs per configuration, {} jobs\n",
                           specs.size(), o.runs, o.jobs)
            << std::flush;
  std::vector<md::SpecResult> results;
  bool failed = false;
  for (const auto& spec : specs) {
    md::SpecResult r = md::check_spec(o, spec);
    std::cout << md::summary_line(r) << "\n" << md::mismatch_text(r) << std::flush;
    failed |= r.status == md::SpecStatus::mismatch || r.status == md::SpecStatus::error;
    results.push_back(std::move(r));
  }

  std::string version;
  {
    md::ProcessSpec ps;
    ps.argv = {o.mapcheck.string(), "--version"};
    ps.env = md::environment_with({});
    version = md::run_process(ps).stdout_text;
    if (auto nl = version.find('\n'); nl != std::string::npos) version.resize(nl);
  }
  if (!report.empty()) {
    std::ofstream out(report, std::ios::trunc);
    md::write_report_markdown(out, md::ReportHeader{version, o.runs}, results);
    if (!out) {
      std::cerr << "mapcheck_differential: cannot write " << report << "\n";
      return 1;
    }
    std::cout << "differential: report written to " << report << "\n";
  }
  std::size_t bad = 0;
  for (const auto& r : results)
    bad += r.status == md::SpecStatus::mismatch || r.status == md::SpecStatus::error;
  std::cout << fmt::format("differential: {}\n", failed ? fmt::format("FAILED ({} spec(s))", bad)
                                                        : std::string("passed"));
  return failed ? 1 : 0;
}
