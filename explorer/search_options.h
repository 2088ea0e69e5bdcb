// SearchOptions: how the explorer searches (order, reduction, bounds, threads). A plain
// struct passed to the Explorer; the library reads no global settings.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "explorer/outcome.h"

namespace mapcheck::explorer {

/** The order in which states are expanded. */
enum class Order : std::uint8_t {
  /** Depth first: small frontier. After each step it tries the same actor first, so the path
   *  found first switches actors only where it must (but is not the shortest). */
  dfs,
  /** Breadth first: every first-found path is a shortest one (under a preemption bound, a path
   *  is traded for one with fewer preemptions, so that no path exceeds the bound). Parallel
   *  with threads > 1. */
  bfs,
  /** Fewest preemptions first (a 0-1 bfs over state and last actor, after CHESS's iterative
   *  context bounding): each outcome's path has as few preemptions as any path to it. States
   *  are counted with their last actor, so there are more of them (and Bound::depth may be
   *  reported for a state that was fully expanded under another last actor). One thread. */
  fewest_preemptions,
};

/** Partial-order reduction. */
enum class Reduction : std::uint8_t {
  none,   ///< expand every enabled step
  ample,  ///< expand only a persistent subset of the actors when one exists (see reduction.h)
};

/** A bound that can cut a search short. A search that hit none is complete. */
enum class Bound : std::uint8_t {
  depth,        ///< a state reached no shallower than max_depth had enabled steps
  preemptions,  ///< a step was skipped because it would exceed max_preemptions
  states,       ///< max_states distinct states were stored
  time,         ///< time_limit elapsed
  memory,       ///< storing more would exceed max_memory
  goals,        ///< every outcome of stop_at was reached (the rest was not searched)
  /** The system held a step back as beyond its own bound (TransitionSystem::held_back): in
   *  mapcheck, a call deeper than the call-depth bound. The explorer only counts it. */
  call_depth,
};

/** How the visited set keeps states. */
enum class Storage : std::uint8_t {
  exact,         ///< every state's bytes (StateStore)
  hash_compact,  ///< a 64-bit fingerprint per state; a collision may hide a state
  collapse,      ///< interned parts (TransitionSystem::components) and a tuple of their ids
};

std::string_view order_name(Order o);
std::string_view reduction_name(Reduction r);
std::string_view bound_name(Bound b);
/** "exact", "hash" or "collapse", as `--store` spells them. */
std::string_view storage_name(Storage s);

/** "dfs" or "bfs" (the names order_name gives); nullopt for anything else. */
std::optional<Order> parse_order(std::string_view s);
/** "none" or "ample"; nullopt for anything else. */
std::optional<Reduction> parse_reduction(std::string_view s);
/** A storage_name; nullopt for anything else. */
std::optional<Storage> parse_storage(std::string_view s);

/** Everything the search can be told. Unset bounds are unbounded. */
struct SearchOptions {
  Order order = Order::dfs;
  Reduction reduction = Reduction::none;
  /** With Reduction::ample, refuse a reduced set whenever a step of it reaches a stored
   *  state, in every order: the strict cycle proviso. Otherwise (the default) dfs accepts a
   *  stored state whose subtree is finished and bfs one not yet expanded (docs/explorer.md,
   *  "The cycle proviso"); bounds that expand a state twice always get the strict rule. The
   *  same outcomes and violations either way; for comparison and tests. */
  bool strict_proviso = false;
  /** Steps from the initial state beyond which nothing is expanded. With Reduction::ample,
   *  the depth is that of the reduced graph's paths, which may be longer than the shortest
   *  execution to the same state (mapcheck's command line never combines the two). */
  std::optional<std::uint32_t> max_depth = std::nullopt;
  /** Context bound: at most this many preemptions per path. A preemption is a step by an actor
   *  other than the one that took the previous step while that one could still move. With
   *  Reduction::ample the preemptions counted are those of the reduced graph's paths, which
   *  may need more than the executions they stand for: such a search can miss what k
   *  preemptions reach (mapcheck's command line never combines the two). */
  std::optional<std::uint32_t> max_preemptions = std::nullopt;
  /** Store at most this many states (the initial state is always stored); the search stops
   *  when a new state would exceed it. */
  std::optional<std::size_t> max_states = std::nullopt;
  /** Stop after this much wall-clock time; the only option that makes a result depend on the
   *  machine (the result then says Bound::time). */
  std::optional<std::chrono::milliseconds> time_limit = std::nullopt;
  /** Threads that expand states (>= 1). Results are identical for every value; only bfs uses
   *  more than one. */
  unsigned threads = 1;
  /** Call SearchObserver::on_progress after every this many expanded states; 0 never. */
  std::size_t progress_every = 0;
  /** Stop (Bound::memory) before the search's own accounted memory (visited set, per-state
   *  records, frontier: capacities, as SearchStats::memory_bytes counts them) would exceed
   *  this many bytes: a new state is not stored if storing it could, counting every table it
   *  could make grow. Not the process's RSS, so the same run stops at the same state on
   *  every machine. */
  std::optional<std::size_t> max_memory = std::nullopt;
  /** How stored states are kept. Every storage gives the same result, except that under
   *  hash_compact a fingerprint collision (reported as a probability) could hide states. */
  Storage storage = Storage::exact;
  /** Stop (Bound::goals) as soon as a terminal state of each of these outcomes has been
   *  processed; empty: never. What was found up to then is what a complete search finds
   *  first, in the same order: the first terminal state of each outcome and its path. */
  std::vector<Outcome> stop_at = {};
};

}  // namespace mapcheck::explorer
