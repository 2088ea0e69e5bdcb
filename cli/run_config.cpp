// resolve_run_config: directives first, command line over them, defaults under both.
#include "cli/run_config.h"

#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdint>

#include <fmt/format.h>

#include "specs/ast.h"

namespace mapcheck::cli {

namespace {

// Validates one command-line value with the directive parser, so `--hash table{...}` accepts
// exactly what `// mapcheck: hash=table{...}` does.
std::variant<specs::Directives, UsageError> parse_cli_value(const std::string& key,
                                                            const std::string& value) {
  specs::Comment c{{"command line", 1, 1}, fmt::format("// mapcheck: {}={}", key, value)};
  auto r = specs::parse_directives({c}, specs::Loc{});
  if (!r.diagnostics.empty()) {
    std::string msg = r.diagnostics.front().msg;
    if (msg.rfind("mapcheck: ", 0) == 0) msg = msg.substr(10);
    return UsageError{fmt::format("--{}: {}", key, msg)};
  }
  return std::move(r.directives);
}

model::HashSpec to_model_hash(const specs::HashSpec& h) {
  model::HashSpec m;
  m.mode = h.kind == specs::HashSpec::Kind::Table ? model::HashSpec::Mode::table
                                                  : model::HashSpec::Mode::mix;
  for (const auto& [key, hash] : h.table) {
    model::Key k = std::holds_alternative<std::int64_t>(key)
                       ? model::Value::of_int(std::get<std::int64_t>(key))
                       : model::Value::of_string(std::get<std::string>(key));
    m.table.emplace_back(std::move(k), hash);
  }
  return m;
}

model::Grain to_model_grain(specs::Grain g) {
  switch (g) {
    case specs::Grain::Op:
      return model::Grain::op;
    case specs::Grain::Phase:
      return model::Grain::phase;
    case specs::Grain::Access:
      return model::Grain::access;
  }
  return model::Grain::phase;
}

// --store and --max-memory into `s`; a usage error for a bad value.
std::optional<UsageError> apply_storage_options(const CliOverrides& cli,
                                                explorer::SearchOptions& s) {
  if (cli.store) {
    const auto st = explorer::parse_storage(*cli.store);
    if (!st)
      return UsageError{
          fmt::format("--store: unknown store {} (want exact, hash or collapse)", *cli.store)};
    s.storage = *st;
  }
  if (cli.max_memory) {
    const auto bytes = parse_memory_size(*cli.max_memory);
    if (!bytes)
      return UsageError{
          fmt::format("--max-memory: bad size {} (want e.g. 512M, 2G, 64K)", *cli.max_memory)};
    s.max_memory = *bytes;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::size_t> parse_memory_size(const std::string& text) {
  std::size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits])))
    ++digits;
  if (digits == 0 || digits > 15) return std::nullopt;
  const std::string rest = text.substr(digits);
  unsigned shift = 0;
  if (rest == "K" || rest == "k")
    shift = 10;
  else if (rest == "M" || rest == "m")
    shift = 20;
  else if (rest == "G" || rest == "g")
    shift = 30;
  else if (!rest.empty())
    return std::nullopt;
  const std::size_t n = std::stoull(text.substr(0, digits));
  if (n == 0 || n > (SIZE_MAX >> shift)) return std::nullopt;
  return n << shift;
}

std::string hash_text(const model::HashSpec& h) {
  if (h.mode == model::HashSpec::Mode::mix) return "mix";
  std::string out = "table{";
  for (std::size_t i = 0; i < h.table.size(); ++i) {
    if (i > 0) out += ", ";
    out += fmt::format("{}:{:#x}", model::go_literal(h.table[i].first), h.table[i].second);
  }
  return out + "}";
}

std::variant<RunConfig, std::vector<specs::Diagnostic>, UsageError> resolve_run_config(
    const specs::Directives& directives, const CliOverrides& cli, const std::string& spec_path) {
  // Command-line values override the directives; each is validated as a directive would be.
  specs::Directives d = directives;
  const std::pair<const char*, const std::optional<std::string>*> texts[] = {
      {"runtime", &cli.runtime}, {"grain", &cli.grain}, {"order", &cli.order}, {"hash", &cli.hash}};
  for (const auto& [key, value] : texts) {
    if (!*value) continue;
    auto parsed = parse_cli_value(key, **value);
    if (auto* err = std::get_if<UsageError>(&parsed)) return *err;
    const auto& pd = std::get<specs::Directives>(parsed);
    if (pd.runtime) d.runtime = pd.runtime;
    if (pd.grain) d.grain = pd.grain;
    if (pd.order) d.order = pd.order;
    if (pd.hash) d.hash = pd.hash;
  }

  RunConfig rc;
  std::vector<specs::Diagnostic> diags;
  auto where = [&](const char* key) {
    for (const auto& o : directives.options)
      if (o.key == key) return o.loc;
    return specs::Loc{spec_path, 0, 0};
  };
  const bool runtime_from_cli = cli.runtime.has_value();
  auto report = [&](const char* key, std::string msg) -> std::optional<UsageError> {
    if (runtime_from_cli && std::string(key) == "runtime") return UsageError{msg};
    diags.push_back({where(key), std::move(msg), {}});
    return std::nullopt;
  };

  const std::string runtime = d.runtime.value_or("hmap");
  if (runtime.find('+') != std::string::npos) {
    if (auto e = report("runtime", fmt::format("runtime {}: no protocol variants exist yet "
                                               "(see `mapcheck runtimes`)",
                                               runtime)))
      return *e;
  } else if (auto v = model::parse_runtime(runtime)) {
    rc.runtime.version = *v;
  } else {
    if (auto e = report("runtime", fmt::format("runtime {} is not modelled yet (mapcheck models "
                                               "the classic map: go1.19 … go1.23, hmap)",
                                               runtime)))
      return *e;
  }
  if (d.grain) rc.runtime.grain = to_model_grain(*d.grain);
  if (d.order) rc.order = *d.order == specs::Order::Fixed ? IterOrder::fixed : IterOrder::all;
  if (d.hash) {
    if (d.hash->kind == specs::HashSpec::Kind::All) {
      if (cli.hash) return UsageError{"--hash: all is not supported yet (use mix or table{...})"};
      diags.push_back({where("hash"), "hash all is not supported yet (use mix or table{...})", {}});
    } else {
      rc.runtime.hash = to_model_hash(*d.hash);
    }
  }
  const std::uint64_t depth =
      cli.max_call_depth.value_or(d.max_call_depth.value_or(kDefaultMaxCallDepth));
  if (depth == 0 || depth > UINT32_MAX)  // the directive parser rejects these in a spec
    return UsageError{fmt::format(
        "--max-call-depth: want a positive number of frames per goroutine (at most {}), found {}",
        UINT32_MAX, depth)};
  rc.runtime.max_call_depth = static_cast<std::uint32_t>(depth);
  if (!diags.empty()) return diags;

  // Search options: command line over directives.
  explorer::SearchOptions& s = rc.search;
  s.order = cli.search_order.value_or(explorer::Order::dfs);
  s.reduction = cli.no_reduction ? explorer::Reduction::none : explorer::Reduction::ample;
  auto narrow = [](std::uint64_t v) {
    return static_cast<std::uint32_t>(std::min<std::uint64_t>(v, UINT32_MAX));
  };
  if (auto v = cli.max_preemptions ? cli.max_preemptions : d.max_preemptions)
    s.max_preemptions = narrow(*v);
  if (auto v = cli.max_depth ? cli.max_depth : d.max_depth) s.max_depth = narrow(*v);
  // A search bounded in preemptions or depth is unreduced, so that it explores every execution
  // within the bound. The reduction keeps, for each outcome, some path to it, not the one with
  // the fewest preemptions or steps: it may postpone the running goroutine's rivals to where
  // switching to them costs preemptions the direct path did not (nwriters n2_k3's fatal takes
  // one preemption; reduced, a bound of 2 did not find it), and its path to an ending may be
  // longer than the shortest execution's (read_vs_write's exit, 10 steps from the start,
  // lies deeper in the reduced graph). Bounded partial-order reduction is its own problem
  // (Coons, Musuvathi and McKinley, OOPSLA 2013).
  if (s.max_preemptions || s.max_depth) s.reduction = explorer::Reduction::none;
  if (auto v = cli.max_states ? cli.max_states : d.max_states) s.max_states = *v;
  if (cli.time_limit_seconds)
    s.time_limit = std::chrono::milliseconds(
        static_cast<std::int64_t>(std::llround(*cli.time_limit_seconds * 1000.0)));
  else if (d.time_limit)
    s.time_limit = std::chrono::milliseconds(static_cast<std::int64_t>(*d.time_limit) * 1000);
  if (cli.threads) s.threads = *cli.threads;
  if (auto e = apply_storage_options(cli, s)) return *e;

  rc.shown = {{"runtime", std::string(model::runtime_name(rc.runtime.version))},
              {"grain", std::string(model::grain_name(rc.runtime.grain))},
              {"order", rc.order == IterOrder::all ? "all" : "fixed"},
              {"hash", hash_text(rc.runtime.hash)}};
  if (s.max_preemptions)
    rc.shown.emplace_back("max-preemptions", fmt::format("{}", *s.max_preemptions));
  if (s.max_depth) rc.shown.emplace_back("max-depth", fmt::format("{}", *s.max_depth));
  if (s.max_states) rc.shown.emplace_back("max-states", fmt::format("{}", *s.max_states));
  if (depth != kDefaultMaxCallDepth)
    rc.shown.emplace_back("max-call-depth", fmt::format("{}", depth));
  // Shown only when not the defaults, so that default reports stay as they were.
  if (s.storage != explorer::Storage::exact)
    rc.shown.emplace_back("store", std::string(explorer::storage_name(s.storage)));
  if (cli.max_memory) rc.shown.emplace_back("max-memory", *cli.max_memory);
  return rc;
}

}  // namespace mapcheck::cli
