// The mapcheck command: parses the command line (CLI11) and dispatches to a subcommand.
// The only code that links every library.
#include <unistd.h>

#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/check_command.h"
#include "cli/commands.h"
#include "cli/version.h"

namespace {

using mapcheck::cli::CliOverrides;

// Options that shape the run (shared by check and run); they override `// mapcheck:` lines.
void add_runtime_options(CLI::App& cmd, CliOverrides& o) {
  cmd.add_option("--runtime", o.runtime, "Go runtime to model: go1.19 … go1.23, hmap (= go1.23)");
  cmd.add_option("--grain", o.grain, "step granularity of map operations: op, phase, access");
  cmd.add_option("--order", o.order, "iterator start: all (every random start) or fixed (r = 0)");
  cmd.add_option("--hash", o.hash, "key hashing: mix, or table{KEY:HASH, ...}");
  cmd.add_option("--max-call-depth", o.max_call_depth,
                 "frames per goroutine (default 1000): a deeper call is not taken, and a "
                 "check reports the bound (call_depth) it hit")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{UINT32_MAX}));
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "mapcheck: a deterministic model checker for Go map protocols.\n"
      "Runs a Go spec on a step-level model of the Go runtime's map, explores every\n"
      "interleaving and random choice, and checks the spec's `// expect:` lines.",
      "mapcheck"};
  app.set_version_flag("--version", std::string("mapcheck ") + mapcheck::cli::kVersion + " (" +
                                        mapcheck::cli::kBuild + ")");
  app.require_subcommand(1);
  app.footer(
      "Exit status: 0 every expectation holds; 1 one is violated; 2 bad spec or command line;\n"
      "3 the search stopped at a bound before it could decide.");

  // check
  mapcheck::cli::CheckArgs check;
  bool bfs = false, dfs = false;
  auto* c = app.add_subcommand("check",
                               "explore every execution of each spec and judge its expectations");
  c->add_option("SPEC", check.specs, "spec files (.go)")->required()->check(CLI::ExistingFile);
  c->add_flag("--json", check.json, "print one JSON document instead of the text report");
  c->add_option("--trace-dir", check.trace_dir,
                "write .txt, .json and .dot traces for every verdict here");
  c->add_option("--traces", check.traces,
                "trace per decided expectation: simplest (default; fewest preemptions, then "
                "fewest steps, from a witness search), first (the path the search found first), "
                "none (verdicts only)")
      ->check(CLI::IsMember({"simplest", "first", "none"}));
  c->add_option("--render", check.render, "with --trace-dir, also render each trace: svg or png")
      ->check(CLI::IsMember({"svg", "png"}));
  add_runtime_options(*c, check.overrides);
  c->add_option("--max-preemptions", check.overrides.max_preemptions, "context bound per path");
  c->add_option("--max-depth", check.overrides.max_depth, "steps per path");
  c->add_option("--max-states", check.overrides.max_states, "stop after storing this many states");
  c->add_option("--time-limit", check.overrides.time_limit_seconds, "stop after this many seconds")
      ->check(CLI::PositiveNumber);
  c->add_option("--store", check.overrides.store,
                "visited set: exact (default), hash (64-bit fingerprints) or collapse (interned "
                "parts)");
  c->add_option("--max-memory", check.overrides.max_memory,
                "stop when the search's memory would exceed this (e.g. 512M, 2G)");
  c->add_option("--threads", check.overrides.threads,
                "threads of a --bfs or --random search and of the witness search (a dfs "
                "runs on one); results identical for any N")
      ->check(CLI::Range(1u, 256u));
  auto* bfs_flag = c->add_flag("--bfs", bfs, "breadth-first search");
  c->add_flag("--dfs", dfs, "depth-first search (default)")->excludes(bfs_flag);
  c->add_flag("--no-reduction", check.overrides.no_reduction, "turn partial-order reduction off");
  c->add_flag("--progress", check.progress, "print a progress line on stderr about once a second");
  bool quiet = false;
  c->add_flag("--quiet", quiet, "no timing figures on stderr");
  c->add_option("--random", check.random.executions,
                "run N seeded random executions instead of exploring every one");
  c->add_option("--seed", check.random.seed, "with --random: seed S (default 1)");
  c->add_option("--schedule", check.random.schedule,
                "with --random: pct (default; priorities with change points) or uniform");
  c->add_option("--pct-depth", check.random.pct_depth,
                "with --schedule pct: bug depth D, D-1 priority change points (default 3)");

  // run
  std::string run_spec;
  std::uint64_t seed = 1;
  CliOverrides run_overrides;
  auto* r = app.add_subcommand("run", "one random execution, printed as `go run` would");
  r->add_option("SPEC", run_spec, "spec file")->required()->check(CLI::ExistingFile);
  r->add_option("--seed", seed, "random seed (same seed, same execution)");
  add_runtime_options(*r, run_overrides);

  // replay
  std::string replay_spec, replay_trace;
  auto* rp = app.add_subcommand("replay", "re-execute a JSON trace step by step on its spec");
  rp->add_option("SPEC", replay_spec, "spec file")->required()->check(CLI::ExistingFile);
  rp->add_option("TRACE", replay_trace, "trace .json")->required()->check(CLI::ExistingFile);

  // render
  std::string render_trace, render_out;
  std::optional<std::string> render_format;
  auto* rd = app.add_subcommand("render", "draw a JSON trace as DOT, SVG or PNG");
  rd->add_option("TRACE", render_trace, "trace .json")->required()->check(CLI::ExistingFile);
  rd->add_option("-o,--output", render_out, "output file (.dot, .svg or .png)")->required();
  rd->add_option("--format", render_format,
                 "dot, svg or png (default: from the output's extension)")
      ->check(CLI::IsMember({"dot", "svg", "png"}));

  // runtimes
  auto* rt = app.add_subcommand("runtimes", "list the modelled Go runtimes and protocol variants");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version exit 0; any other parse error is a usage error: exit 2.
    const int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }

  try {
    if (c->parsed()) {
      if (bfs) check.overrides.search_order = mapcheck::explorer::Order::bfs;
      if (dfs) check.overrides.search_order = mapcheck::explorer::Order::dfs;
      check.timing = !quiet;
      if (!check.progress && isatty(STDERR_FILENO) && !quiet) check.progress = true;
      return mapcheck::cli::run_check(check, std::cout, std::cerr);
    }
    if (r->parsed())
      return mapcheck::cli::run_run(run_spec, seed, run_overrides, std::cout, std::cerr);
    if (rp->parsed())
      return mapcheck::cli::run_replay(replay_spec, replay_trace, std::cout, std::cerr);
    if (rd->parsed())
      return mapcheck::cli::run_render(render_trace, render_out, render_format, std::cerr);
    if (rt->parsed()) return mapcheck::cli::run_runtimes(std::cout);
  } catch (const std::exception& e) {
    // An internal bug: say so plainly rather than crash.
    std::cerr << "mapcheck: internal error: " << e.what() << "\n";
    return 4;
  }
  return 2;
}
