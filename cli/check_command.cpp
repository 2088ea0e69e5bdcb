// run_check: load -> explore -> judge -> trace -> report, for each spec on the command line.
#include "cli/check_command.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/loaded_spec.h"
#include "cli/trace_builder.h"
#include "cli/version.h"
#include "explorer/expectation.h"
#include "explorer/explorer.h"
#include "explorer/random_search.h"
#include "explorer/random_verdict.h"
#include "explorer/simplest_path.h"
#include "traces/render.h"
#include "traces/text.h"
#include "traces/trace_files.h"
#include "traces/trace_json.h"

namespace mapcheck::cli {

namespace {

explorer::OutcomePattern to_pattern(const specs::OutcomePattern& p) {
  explorer::OutcomePattern o;
  using K = specs::OutcomePattern::Kind;
  switch (p.kind) {
    case K::Exit:
      o.kind = explorer::PatternKind::exit;
      o.output = p.message_or_output;
      break;
    case K::Leak:
      o.kind = explorer::PatternKind::leak;
      o.output = p.message_or_output;
      break;
    case K::Fatal:
      o.kind = explorer::PatternKind::fatal;
      o.message = p.message_or_output;
      break;
    case K::Panic:
      o.kind = explorer::PatternKind::panic;
      o.message = p.message_or_output;
      break;
    case K::Deadlock:
      o.kind = explorer::PatternKind::deadlock;
      break;
  }
  return o;
}

explorer::Expectation to_expectation(const specs::Expectation& e) {
  explorer::Expectation x;
  switch (e.q) {
    case specs::Quantifier::Always:
      x.quantifier = explorer::Quantifier::always;
      break;
    case specs::Quantifier::Never:
      x.quantifier = explorer::Quantifier::never;
      break;
    case specs::Quantifier::Sometimes:
      x.quantifier = explorer::Quantifier::sometimes;
      break;
    case specs::Quantifier::Outcomes:
      x.quantifier = explorer::Quantifier::outcomes;
      break;
  }
  for (const auto& p : e.patterns)
    x.patterns.push_back(to_pattern(p));
  return x;
}

/** One judged expectation with the trace that shows why (if one outcome decides it). */
struct Judged {
  const specs::Expectation* spec = nullptr;
  explorer::Verdict verdict;
  std::optional<traces::Trace> trace;
  /** Random search only: the execution the trace is. */
  std::optional<std::uint64_t> execution;
};

/** Everything the report says about one spec. */
struct SpecReport {
  std::string path;
  std::vector<std::pair<std::string, std::string>> options;
  explorer::SearchResult result;
  /** Set iff this was a random search (then `result` is empty). */
  std::optional<explorer::RandomSearchResult> random;
  std::vector<Judged> judged;
  int status = 0;
  double seconds = 0;
};

std::string verdict_word(explorer::VerdictStatus s) {
  switch (s) {
    case explorer::VerdictStatus::holds:
      return "HOLDS";
    case explorer::VerdictStatus::violated:
      return "VIOLATED";
    case explorer::VerdictStatus::unknown:
      return "INCOMPLETE";
  }
  return "?";
}

int status_of(explorer::VerdictStatus overall, bool complete) {
  if (overall == explorer::VerdictStatus::violated) return 1;
  if (overall == explorer::VerdictStatus::unknown || !complete) return 3;
  return 0;
}

// 2 (error) beats 1 (violated) beats 3 (incomplete) beats 0.
int combine_status(int a, int b) {
  auto rank = [](int s) { return s == 2 ? 3 : s == 1 ? 2 : s == 3 ? 1 : 0; };
  return rank(a) >= rank(b) ? a : b;
}

// "; hash collision probability 1.2e-09" under hash compaction (a function of the state count,
// so the same on every machine); empty otherwise.
std::string collision_text(const explorer::SearchStats& s) {
  if (!s.collision_probability) return "";
  return fmt::format("; hash collision probability {:.1e}", *s.collision_probability);
}

// ", store hash, 38.1 bytes/state, peak RSS 12 MB, collision probability 1.2e-09 (observed
// 3.4e-12)": for the timing line on stderr (machine-dependent, like it).
std::string storage_text(explorer::Storage storage, const explorer::SearchStats& s) {
  std::string t = fmt::format(", store {}, {:.1f} bytes/state, peak RSS {:.0f} MB",
                              explorer::storage_name(storage), s.bytes_per_state(),
                              static_cast<double>(s.peak_rss_bytes) / 1e6);
  if (s.collision_probability)
    t += fmt::format(", collision probability {:.1e} (observed {:.1e})", *s.collision_probability,
                     s.observed_collision_probability.value_or(0));
  if (storage == explorer::Storage::collapse)
    t += fmt::format(", {} parts for {} references", s.parts_stored, s.parts_referenced);
  return t;
}

std::string bounds_text(const explorer::SearchResult& r) {
  if (r.complete()) return "complete";
  std::string s = "INCOMPLETE (stopped by";
  for (auto b : r.bounds_hit)
    s += fmt::format(" {}", explorer::bound_name(b));
  return s + ")";
}

class ProgressPrinter final : public explorer::SearchObserver {
 public:
  ProgressPrinter(std::ostream& err, std::string name) : err_(err), name_(std::move(name)) {}
  void on_progress(const explorer::SearchStats& s) override {
    const auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::seconds(1)) return;
    last_ = now;
    err_ << fmt::format("{}: {} states, {} transitions, depth {}, frontier {}\n", name_, s.states,
                        s.edges, s.max_depth, s.frontier)
         << std::flush;
  }

 private:
  std::ostream& err_;
  std::string name_;
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

// The trace for outcome `index` of `r`: the simplest path that reaches the same outcome
// (`simplest` keeps its searches from one expectation to the next).
traces::Trace trace_for(const LoadedSpec& ls, const explorer::SearchResult& r, std::size_t index,
                        traces::Verdict kind, const std::string& expectation,
                        explorer::SimplestPathFinder& finder) {
  const explorer::Outcome& target = r.outcomes.at(index).outcome;
  auto simplest = finder.find(target);
  const explorer::Path& path = simplest ? simplest->path : r.outcomes[index].path;
  return build_trace(*ls.system, ls.trace_context(), path, kind, expectation);
}

SpecReport check_one(const LoadedSpec& ls, const CheckArgs& args, TraceChoice traces,
                     std::ostream& err) {
  SpecReport rep;
  rep.path = ls.spec.path;
  rep.options = ls.config.shown;
  explorer::SearchOptions opts = ls.config.search;
  if (args.progress) opts.progress_every = 4096;
  ProgressPrinter progress(err, ls.spec.path);
  explorer::Explorer ex(*ls.system, opts);
  if (args.progress) ex.add_observer(progress);
  const auto start = std::chrono::steady_clock::now();
  rep.result = ex.run();
  rep.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  std::vector<explorer::Verdict> verdicts;
  for (const specs::Expectation& e : ls.spec.directives.expectations)
    verdicts.push_back(explorer::evaluate(to_expectation(e), rep.result));
  // The outcomes whose traces the report shows: the witness search stops once it has them.
  std::vector<explorer::Outcome> targets;
  for (const explorer::Verdict& v : verdicts)
    if (v.outcome) targets.push_back(rep.result.outcomes.at(*v.outcome).outcome);
  explorer::SimplestPathFinder finder(*ls.system, ls.config.search, 8, targets);
  for (std::size_t i = 0; i < verdicts.size(); ++i) {
    const specs::Expectation& e = ls.spec.directives.expectations[i];
    Judged j;
    j.spec = &e;
    j.verdict = verdicts[i];
    if (j.verdict.outcome && traces != TraceChoice::none) {
      const auto kind = j.verdict.status == explorer::VerdictStatus::holds
                            ? traces::Verdict::witness
                            : traces::Verdict::counterexample;
      if (traces == TraceChoice::simplest) {
        j.trace = trace_for(ls, rep.result, *j.verdict.outcome, kind, e.text, finder);
      } else {
        j.trace = build_trace(*ls.system, ls.trace_context(),
                              rep.result.outcomes.at(*j.verdict.outcome).path, kind, e.text);
        j.trace->origin.search = traces::TraceOrigin::Search::first;
      }
    }
    rep.judged.push_back(std::move(j));
  }
  rep.status = status_of(explorer::overall(verdicts), rep.result.complete());
  return rep;
}

// `pct depth D` or `uniform`: the schedule as reports name it.
std::string schedule_text(const explorer::RandomSearchOptions& o) {
  return o.schedule == explorer::Schedule::pct ? fmt::format("pct depth {}", o.pct_depth)
                                               : std::string(explorer::schedule_name(o.schedule));
}

// A random search's trace is the first execution that reached the outcome: its text and JSON
// say which one, and what reproduces it.
traces::TraceOrigin random_origin(const explorer::RandomSearchOptions& o, std::uint64_t execution) {
  traces::TraceOrigin origin;
  origin.search = traces::TraceOrigin::Search::random;
  origin.execution = execution;
  origin.seed = o.seed;
  origin.schedule = schedule_text(o);
  return origin;
}

// The random search's options: --random and companions, the step bound from --max-depth.
explorer::RandomSearchOptions random_options(const RandomArgs& a, const RunConfig& config) {
  explorer::RandomSearchOptions o;
  o.executions = *a.executions;
  o.seed = a.seed.value_or(1);
  o.schedule = explorer::parse_schedule(a.schedule.value_or("pct")).value();
  o.pct_depth = a.pct_depth.value_or(3);
  if (config.search.max_depth) o.max_steps = *config.search.max_depth;
  o.threads = config.search.threads;
  return o;
}

// A usage error in the random-search flags, or nullopt.
std::optional<std::string> random_usage_error(const CheckArgs& args) {
  const RandomArgs& a = args.random;
  if (!a.executions) {
    if (a.seed || a.schedule || a.pct_depth)
      return "--seed, --schedule and --pct-depth need --random N";
    return std::nullopt;
  }
  if (*a.executions == 0) return "--random: N must be at least 1";
  if (a.schedule && !explorer::parse_schedule(*a.schedule))
    return fmt::format("--schedule: unknown schedule {} (want uniform or pct)", *a.schedule);
  if (a.pct_depth && a.schedule.value_or("pct") != "pct") return "--pct-depth needs --schedule pct";
  if (a.pct_depth && *a.pct_depth == 0) return "--pct-depth: D must be at least 1";
  const CliOverrides& o = args.overrides;
  const std::pair<bool, const char*> exhaustive_only[] = {
      {o.search_order.has_value(), "--bfs/--dfs"},
      {o.max_states.has_value(), "--max-states"},
      {o.max_preemptions.has_value(), "--max-preemptions"},
      {o.no_reduction, "--no-reduction"},
      {o.time_limit_seconds.has_value(), "--time-limit"},
      {o.store.has_value(), "--store"},
      {o.max_memory.has_value(), "--max-memory"}};
  for (const auto& [given, name] : exhaustive_only)
    if (given)
      return fmt::format("--random cannot be combined with {} (an exhaustive search option)", name);
  return std::nullopt;
}

SpecReport check_one_random(const LoadedSpec& ls, const CheckArgs& args, TraceChoice traces) {
  SpecReport rep;
  rep.path = ls.spec.path;
  // Bounds of the exhaustive search (from directives) do not apply; max-depth is the step bound.
  for (const auto& kv : ls.config.shown)
    if (kv.first != "max-preemptions" && kv.first != "max-states") rep.options.push_back(kv);
  TraceContext ctx = ls.trace_context();
  ctx.options = rep.options;
  const auto start = std::chrono::steady_clock::now();
  rep.random = explorer::random_search(*ls.system, random_options(args.random, ls.config));
  rep.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  std::vector<explorer::Verdict> verdicts;
  for (const specs::Expectation& e : ls.spec.directives.expectations) {
    Judged j;
    j.spec = &e;
    j.verdict = explorer::evaluate_random(to_expectation(e), *rep.random);
    if (j.verdict.outcome && traces != TraceChoice::none) {
      const auto& rec = rep.random->outcomes.at(*j.verdict.outcome);
      const auto kind = j.verdict.status == explorer::VerdictStatus::holds
                            ? traces::Verdict::witness
                            : traces::Verdict::counterexample;
      j.trace = build_trace(*ls.system, ctx, rec.path, kind, e.text);
      j.trace->origin = random_origin(rep.random->options, rec.first_execution);
      j.execution = rec.first_execution;
    }
    verdicts.push_back(j.verdict);
    rep.judged.push_back(std::move(j));
  }
  // Never complete, so only the verdicts decide: 1 violated, 3 any unknown, else 0.
  rep.status = status_of(explorer::overall(verdicts), true);
  return rep;
}

std::string random_search_text(const explorer::RandomSearchResult& r) {
  const auto& o = r.options;
  const std::string schedule = schedule_text(o);
  return fmt::format(
      "random, {} executions ({}), seed {}; {} distinct outcome{}; {} cut (at {} steps); {} "
      "steps, longest {}",
      o.executions, schedule, o.seed, r.outcomes.size(), r.outcomes.size() == 1 ? "" : "s", r.cut,
      o.max_steps, r.steps, r.longest);
}

void write_random_outcomes(std::ostream& out, const explorer::RandomSearchResult& r) {
  out << fmt::format("outcomes ({}):\n", r.outcomes.size());
  for (std::size_t i = 0; i < r.outcomes.size(); ++i)
    out << fmt::format("  [{}] {}   ({} execution{}, first #{})\n", i + 1, r.outcomes[i].outcome,
                       r.outcomes[i].executions, r.outcomes[i].executions == 1 ? "" : "s",
                       r.outcomes[i].first_execution);
  if (r.violations.empty()) return;
  out << fmt::format("violations ({}):\n", r.violations.size());
  for (std::size_t i = 0; i < r.violations.size(); ++i)
    out << fmt::format("  [{}] {}   ({} execution{}, first #{})\n", i + 1,
                       explorer::quote(r.violations[i].message), r.violations[i].executions,
                       r.violations[i].executions == 1 ? "" : "s", r.violations[i].first_execution);
}

void write_text_report(std::ostream& out, const SpecReport& rep) {
  const auto& r = rep.result;
  out << fmt::format("== {}\n", rep.path);
  std::string opts;
  for (const auto& [k, v] : rep.options)
    opts += fmt::format(" {}={}", k, v);
  out << fmt::format("options:{}\n", opts);
  if (rep.random) {
    out << fmt::format("search: {}\n", random_search_text(*rep.random));
    write_random_outcomes(out, *rep.random);
  } else {
    out << fmt::format("search: {}; {} states, {} transitions, {} terminal, max depth {}{}\n",
                       bounds_text(r), r.stats.states, r.stats.edges, r.stats.terminal,
                       r.stats.max_depth, collision_text(r.stats));
    out << fmt::format("outcomes ({}):\n", r.outcomes.size());
    for (std::size_t i = 0; i < r.outcomes.size(); ++i)
      out << fmt::format("  [{}] {}   ({} terminal state{})\n", i + 1, r.outcomes[i].outcome,
                         r.outcomes[i].terminal_states,
                         r.outcomes[i].terminal_states == 1 ? "" : "s");
  }
  if (rep.judged.empty()) out << "expectations: none\n";
  for (const Judged& j : rep.judged) {
    out << fmt::format("{}:{}: expect: {}\n  {}: {}\n", rep.path, j.spec->loc.line, j.spec->text,
                       verdict_word(j.verdict.status), j.verdict.reason);
    if (j.trace) {
      const std::string how = j.execution ? fmt::format("random execution #{}", *j.execution)
                              : j.trace->origin.search == traces::TraceOrigin::Search::first
                                  ? "the path the search found first"
                                  : "fewest preemptions first, then the shortest bfs found";
      out << fmt::format(
          "  {} ({} steps, {} preemption{}; {}):\n",
          j.trace->verdict == traces::Verdict::witness ? "witness" : "counterexample",
          j.trace->steps.size(), j.trace->preemptions, j.trace->preemptions == 1 ? "" : "s", how);
      std::ostringstream text;
      traces::write_text(text, *j.trace);
      std::istringstream lines(text.str());
      for (std::string line; std::getline(lines, line);)
        out << (line.empty() ? "" : "    ") << line << '\n';
    }
  }
  const char* word = rep.status == 0   ? "ok"
                     : rep.status == 1 ? "VIOLATED"
                     : rep.status == 3 ? "INCOMPLETE"
                                       : "error";
  std::size_t violated = 0;
  for (const Judged& j : rep.judged)
    if (j.verdict.status == explorer::VerdictStatus::violated) ++violated;
  out << fmt::format("result: {} ({} of {} expectations violated)\n\n", word, violated,
                     rep.judged.size());
}

nlohmann::json outcome_json(const explorer::Outcome& o) {
  nlohmann::json j;
  j["kind"] = std::string(explorer::outcome_kind_name(o.kind));
  j["message"] = o.message;
  j["output"] = o.output;
  j["leak"] = o.leak;
  return j;
}

// The "search" object and outcome list of a random search.
void add_random_json(nlohmann::json& j, const explorer::RandomSearchResult& r) {
  const auto& o = r.options;
  nlohmann::json search;
  search["mode"] = "random";
  search["complete"] = false;
  search["executions"] = o.executions;
  search["schedule"] = std::string(explorer::schedule_name(o.schedule));
  if (o.schedule == explorer::Schedule::pct) search["pct_depth"] = o.pct_depth;
  search["seed"] = o.seed;
  search["max_steps"] = o.max_steps;
  search["distinct_outcomes"] = r.outcomes.size();
  search["cut"] = r.cut;
  search["steps"] = r.steps;
  search["longest"] = r.longest;
  j["search"] = search;
  j["outcomes"] = nlohmann::json::array();
  for (const auto& rec : r.outcomes) {
    nlohmann::json x = outcome_json(rec.outcome);
    x["text"] = fmt::format("{}", rec.outcome);
    x["executions"] = rec.executions;
    x["first_execution"] = rec.first_execution;
    j["outcomes"].push_back(x);
  }
  j["violations"] = nlohmann::json::array();
  for (const auto& rec : r.violations)
    j["violations"].push_back({{"message", rec.message},
                               {"executions", rec.executions},
                               {"first_execution", rec.first_execution}});
}

nlohmann::json json_report(const SpecReport& rep) {
  const auto& r = rep.result;
  nlohmann::json j;
  j["spec"] = rep.path;
  nlohmann::json opts = nlohmann::json::object();
  for (const auto& [k, v] : rep.options)
    opts[k] = v;
  j["options"] = opts;
  if (rep.random) {
    add_random_json(j, *rep.random);
  } else {
    nlohmann::json search;
    search["complete"] = r.complete();
    search["bounds_hit"] = nlohmann::json::array();
    for (auto b : r.bounds_hit)
      search["bounds_hit"].push_back(std::string(explorer::bound_name(b)));
    search["states"] = r.stats.states;
    search["transitions"] = r.stats.edges;
    search["terminal"] = r.stats.terminal;
    search["max_depth"] = r.stats.max_depth;
    // What the search did besides storing: states expanded, states where the reduction took
    // fewer steps than were enabled and the steps it left out, steps a bound cut.
    search["expanded"] = r.stats.expanded;
    search["reduced_states"] = r.stats.reduced;
    search["steps_reduced"] = r.stats.steps_reduced;
    search["steps_bounded"] = r.stats.steps_bounded;
    if (r.stats.collision_probability) {
      search["collision_probability"] = *r.stats.collision_probability;
      search["observed_collision_probability"] = r.stats.observed_collision_probability.value_or(0);
    }
    j["search"] = search;
    j["outcomes"] = nlohmann::json::array();
    for (const auto& rec : r.outcomes) {
      nlohmann::json o = outcome_json(rec.outcome);
      o["text"] = fmt::format("{}", rec.outcome);
      o["terminal_states"] = rec.terminal_states;
      j["outcomes"].push_back(o);
    }
  }
  j["expectations"] = nlohmann::json::array();
  for (const Judged& x : rep.judged) {
    nlohmann::json e;
    e["line"] = x.spec->loc.line;
    e["text"] = x.spec->text;
    e["verdict"] = std::string(explorer::verdict_status_name(x.verdict.status));
    e["reason"] = x.verdict.reason;
    if (x.execution) e["execution"] = *x.execution;
    if (x.trace) e["trace"] = traces::to_json(*x.trace);
    j["expectations"].push_back(e);
  }
  j["status"] = rep.status;
  return j;
}

bool write_file(const std::filesystem::path& p, const std::string& bytes, std::ostream& err) {
  std::ofstream f(p, std::ios::binary);
  f << bytes;
  if (!f) {
    err << fmt::format("mapcheck: cannot write {}\n", p.string());
    return false;
  }
  return true;
}

// Writes <dir>/<spec stem>.expect<N>.{txt,json,dot[,svg|png]} for every trace of `rep`.
bool write_traces(const SpecReport& rep, const CheckArgs& args, std::ostream& err) {
  namespace fs = std::filesystem;
  const fs::path dir(*args.trace_dir);
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    err << fmt::format("mapcheck: cannot create {}: {}\n", dir.string(), ec.message());
    return false;
  }
  traces::TraceFilesOptions opts;
  if (args.render) opts.render = traces::parse_image_format(*args.render);
  const std::string stem = fs::path(rep.path).stem().string();
  bool ok = true;
  for (std::size_t i = 0; i < rep.judged.size(); ++i) {
    const auto& t = rep.judged[i].trace;
    if (!t) continue;
    const std::string base = fmt::format("{}.expect{}", stem, i + 1);
    auto files = traces::trace_files(*t, base, opts);
    if (auto* e = std::get_if<traces::RenderError>(&files)) {
      err << fmt::format("mapcheck: rendering {}: {}\n", base, e->message);
      ok = false;
      continue;
    }
    for (const traces::TraceFile& f : std::get<std::vector<traces::TraceFile>>(files)) {
      ok &= write_file(dir / f.name, f.bytes, err);
    }
  }
  return ok;
}

}  // namespace

std::optional<TraceChoice> parse_trace_choice(const std::string& text) {
  if (text == "simplest") return TraceChoice::simplest;
  if (text == "first") return TraceChoice::first;
  if (text == "none") return TraceChoice::none;
  return std::nullopt;
}

int run_check(const CheckArgs& args, std::ostream& out, std::ostream& err) {
  if (args.render && !args.trace_dir) {
    err << "mapcheck check: --render needs --trace-dir (where the pictures go)\n";
    return 2;
  }
  if (args.render && !traces::parse_image_format(*args.render)) {
    err << fmt::format("mapcheck check: --render: unknown format {} (want svg or png)\n",
                       *args.render);
    return 2;
  }
  if (auto e = random_usage_error(args)) {
    err << fmt::format("mapcheck check: {}\n", *e);
    return 2;
  }
  const std::optional<TraceChoice> traces =
      args.traces ? parse_trace_choice(*args.traces) : TraceChoice::simplest;
  if (!traces) {
    err << fmt::format(
        "mapcheck check: --traces: unknown choice {} (want simplest, first or none)\n",
        *args.traces);
    return 2;
  }
  if (*traces == TraceChoice::none && args.trace_dir) {
    err << "mapcheck check: --trace-dir writes traces, and --traces none asks for none\n";
    return 2;
  }
  if (*traces == TraceChoice::simplest && args.traces && args.random.executions) {
    err << "mapcheck check: --traces simplest needs an exhaustive search (a random search's "
           "trace is the first execution that reached the outcome: --traces first)\n";
    return 2;
  }
  int status = 0;
  nlohmann::json doc;
  doc["mapcheck"] = kVersion;
  doc["specs"] = nlohmann::json::array();
  for (const std::string& path : args.specs) {
    auto loaded = load_and_lower(path, args.overrides);
    if (auto* e = std::get_if<LoadError>(&loaded)) {
      err << e->text;
      status = combine_status(status, 2);
      if (args.json) doc["specs"].push_back({{"spec", path}, {"status", 2}, {"errors", e->text}});
      continue;
    }
    const LoadedSpec& ls = *std::get<std::unique_ptr<LoadedSpec>>(loaded);
    const explorer::SearchOptions& search = ls.config.search;
    if (args.timing && !args.random.executions && search.threads > 1 &&
        search.order != explorer::Order::bfs)
      err << fmt::format(
          "{}: note: a {} search runs on one thread; --bfs expands states on all {} (the "
          "witness search uses them either way)\n",
          path, explorer::order_name(search.order), search.threads);
    SpecReport rep = args.random.executions ? check_one_random(ls, args, *traces)
                                            : check_one(ls, args, *traces, err);
    if (args.json)
      doc["specs"].push_back(json_report(rep));
    else
      write_text_report(out, rep);
    if (args.timing && rep.random) {
      err << fmt::format(
          "{}: {} random executions, {} steps in {:.3f} s ({:.0f} steps/s)\n", path,
          rep.random->options.executions, rep.random->steps, rep.seconds,
          rep.seconds > 0 ? static_cast<double>(rep.random->steps) / rep.seconds : 0.0);
    } else if (args.timing) {
      const auto& s = rep.result.stats;
      err << fmt::format("{}: {} states in {:.3f} s ({:.0f} states/s), {} bytes stored{}\n", path,
                         s.states, rep.seconds,
                         rep.seconds > 0 ? static_cast<double>(s.states) / rep.seconds : 0.0,
                         s.memory_bytes, storage_text(ls.config.search.storage, s));
    }
    if (args.trace_dir && !write_traces(rep, args, err)) rep.status = combine_status(rep.status, 2);
    status = combine_status(status, rep.status);
  }
  if (args.json) {
    doc["status"] = status;
    out << doc.dump(2) << '\n';
  }
  return status;
}

}  // namespace mapcheck::cli
