// explorer_bench: runs the Explorer over a SyntheticSystem with each storage and prints a
// table of states, transitions, seconds, states/s, bytes per stored state and peak RSS.
// Not a test: the figures depend on the machine. Usage: explorer_bench --help.
#include <CLI/CLI.hpp>

#include <chrono>
#include <ctime>
#include <iostream>

#include <fmt/format.h>

#include "bench/synthetic_system.h"
#include "explorer/explorer.h"

namespace ex = mapcheck::explorer;

int main(int argc, char** argv) {
  CLI::App app{"explorer_bench: the explorer's speed and memory on a synthetic system"};
  mapcheck::bench::SyntheticShape shape;
  std::vector<std::string> stores{"exact", "hash", "collapse"};
  std::string order = "dfs";
  unsigned threads = 1;
  bool reduce = false;
  app.add_option("--procs", shape.procs, "processes")->capture_default_str();
  app.add_option("--steps", shape.steps, "steps per process")->capture_default_str();
  app.add_option("--local", shape.local, "private bytes per process")->capture_default_str();
  app.add_option("--cells", shape.cells, "shared cells")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--modulo", shape.modulo, "values of a cell")
      ->capture_default_str()
      ->check(CLI::Range(1u, 256u));
  app.add_option("--store", stores, "storages to run: exact, hash, collapse")->delimiter(',');
  app.add_option("--order", order, "dfs or bfs")->capture_default_str();
  app.add_option("--threads", threads, "search threads (bfs)")->capture_default_str();
  app.add_flag("--reduction", reduce, "partial-order reduction on (default off)");
  CLI11_PARSE(app, argc, argv);

  const auto ord = ex::parse_order(order);
  if (!ord || shape.steps > 255) {
    std::cerr << "explorer_bench: bad --order or --steps > 255\n";
    return 2;
  }
  const mapcheck::bench::SyntheticSystem sys(shape);
  fmt::print(
      "synthetic: {} procs x {} steps, {} private bytes, {} cells mod {}; {}{}, {} thread{}\n",
      shape.procs, shape.steps, shape.local, shape.cells, shape.modulo, order,
      reduce ? " + reduction" : "", threads, threads == 1 ? "" : "s");
  fmt::print("{:<9} {:>11} {:>12} {:>8} {:>8} {:>11} {:>11} {:>10} {:>9}\n", "store", "states",
             "transitions", "seconds", "cpu s", "states/s", "bytes/state", "peak RSS", "collision");
  for (const std::string& name : stores) {
    const auto storage = ex::parse_storage(name);
    if (!storage) {
      std::cerr << "explorer_bench: unknown store " << name << "\n";
      return 2;
    }
    ex::Explorer explorer(
        sys, ex::SearchOptions{.order = *ord,
                               .reduction = reduce ? ex::Reduction::ample : ex::Reduction::none,
                               .threads = threads,
                               .storage = *storage});
    const auto start = std::chrono::steady_clock::now();
    const std::clock_t cpu_start = std::clock();
    const ex::SearchResult r = explorer.run();
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    // CPU time too: on a shared machine it says more about the code than the wall clock.
    const double cpu = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
    const auto& s = r.stats;
    fmt::print("{:<9} {:>11} {:>12} {:>8.2f} {:>8.2f} {:>11.0f} {:>11.1f} {:>8.0f}MB {:>9}\n", name,
               s.states, s.edges, secs, cpu, secs > 0 ? static_cast<double>(s.states) / secs : 0.0,
               s.bytes_per_state(), static_cast<double>(s.peak_rss_bytes) / 1e6,
               s.collision_probability ? fmt::format("{:.1e}", *s.collision_probability) : "-");
  }
  return 0;
}
