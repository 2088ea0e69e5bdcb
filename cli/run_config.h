// RunConfig: the options one check runs with, resolved from the spec's `// mapcheck:`
// directives and the command line (the command line wins), with the text the report shows.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "explorer/search_options.h"
#include "model/runtime_config.h"
#include "specs/diagnostic.h"
#include "specs/directives.h"

namespace mapcheck::cli {

/** Options given on the command line; unset ones fall back to the directives, then defaults.
 *  Values are the user's text, validated by resolve_run_config. */
struct CliOverrides {
  std::optional<std::string> runtime, grain, order, hash;
  std::optional<std::uint64_t> max_preemptions, max_depth, max_states;
  /** `--max-call-depth N`: frames per goroutine (model::RuntimeConfig::max_call_depth). */
  std::optional<std::uint64_t> max_call_depth;
  std::optional<double> time_limit_seconds;
  std::optional<unsigned> threads;
  std::optional<explorer::Order> search_order;
  bool no_reduction = false;
  /** `--store exact|hash|collapse` and `--max-memory 512M` (command line only: the directive
   *  parser rejects keys it does not know). */
  std::optional<std::string> store, max_memory;
};

/** Frames a goroutine may hold when neither the command line nor the spec says: deep enough
 *  for any recursion a spec means to finish, shallow enough that a search stopped at it
 *  stays small (each state holds every frame). Go's own limit is 1 GB of stack. */
inline constexpr std::uint32_t kDefaultMaxCallDepth = 1000;

/** Whether the iterator's random start is explored (all) or fixed at r = 0 (fixed). */
enum class IterOrder : std::uint8_t { all, fixed };

/** Everything a check of one spec runs with. */
struct RunConfig {
  model::RuntimeConfig runtime;
  IterOrder order = IterOrder::all;
  explorer::SearchOptions search;
  /** The options as the report and traces list them, in a fixed order:
   *  runtime, grain, order, hash, then search options that are set (max-call-depth only
   *  when it is not kDefaultMaxCallDepth). */
  std::vector<std::pair<std::string, std::string>> shown;
};

/** An error in a command-line value (usage error, exit 2). */
struct UsageError {
  std::string message;
};

/** Resolves the run configuration; a bad directive value is a Diagnostic at its location, a
 *  bad command-line value a UsageError. */
std::variant<RunConfig, std::vector<specs::Diagnostic>, UsageError> resolve_run_config(
    const specs::Directives& directives, const CliOverrides& cli, const std::string& spec_path);

/** Bytes in `512M`, `2G`, `64K` or `1000` (suffixes are powers of 1024); nullopt if it is not
 *  a positive number with an optional K, M or G. */
std::optional<std::size_t> parse_memory_size(const std::string& text);

/** The hash option as written back (`mix`, `table{1:0x0, "a":0x80}`). */
std::string hash_text(const model::HashSpec& h);

}  // namespace mapcheck::cli
