// SearchStats: the figures a search reports. All of them except memory_bytes and
// peak_rss_bytes are exact and identical on every machine and thread count, so tests and
// golden files may pin them.
#pragma once

#include <cstddef>
#include <optional>
#include <tuple>

#include <fmt/format.h>

namespace mapcheck::explorer {

/** Counters of one search. */
struct SearchStats {
  /** Distinct search states stored (with a preemption bound or under fewest-preemptions, a
   *  state is the system state plus the actor that moved last). */
  std::size_t states = 0;
  /** Transitions taken, including those that reach an already stored state. */
  std::size_t edges = 0;
  /** States expanded (popped from the frontier and given successors or found terminal). */
  std::size_t expanded = 0;
  /** Expanded states with no enabled step and none held back (TransitionSystem::held_back). */
  std::size_t terminal = 0;
  /** Expanded states for which the reduction took fewer steps than were enabled. */
  std::size_t reduced = 0;
  /** Enabled steps not taken: left out by the reduction. */
  std::size_t steps_reduced = 0;
  /** Enabled steps not taken: cut by the depth or preemption bound, or held back by the
   *  system's own (call-depth) bound. */
  std::size_t steps_bounded = 0;
  /** Largest depth (steps from the initial state) of a stored state. */
  std::size_t max_depth = 0;
  /** States waiting to be expanded (non-zero at the end only if a bound stopped the search). */
  std::size_t frontier = 0;
  /** Bytes held by the visited set and the per-state records; depends on the allocator. */
  std::size_t memory_bytes = 0;
  /** Bytes of the visited set alone (part of memory_bytes). */
  std::size_t store_bytes = 0;
  /** Under Storage::hash_compact: n(n-1)/2 / 2^64 for n states, the probability that a
   *  fingerprint collision hid a state (TLC's optimistic estimate); unset otherwise. */
  std::optional<double> collision_probability;
  /** Under Storage::hash_compact: 1 / the least distance between two sorted fingerprints
   *  (TLC's estimate from the actual fingerprints); unset otherwise. */
  std::optional<double> observed_collision_probability;
  /** Under Storage::collapse: distinct parts stored, and parts of all stored states (parts
   *  longer than 64 bytes count as their pieces, see CollapseStore). */
  std::size_t parts_stored = 0;
  std::size_t parts_referenced = 0;
  /** The process's peak resident set (getrusage ru_maxrss) at the end: machine-dependent,
   *  and not compared by ==, so that equal searches compare equal. */
  std::size_t peak_rss_bytes = 0;

  /** memory_bytes per stored state. */
  double bytes_per_state() const {
    return states ? static_cast<double>(memory_bytes) / static_cast<double>(states) : 0.0;
  }
  bool operator==(const SearchStats& o) const {
    auto tied = [](const SearchStats& s) {
      return std::tie(s.states, s.edges, s.expanded, s.terminal, s.reduced, s.steps_reduced,
                      s.steps_bounded, s.max_depth, s.frontier, s.memory_bytes, s.store_bytes,
                      s.collision_probability, s.observed_collision_probability, s.parts_stored,
                      s.parts_referenced);
    };
    return tied(*this) == tied(o);
  }
};

}  // namespace mapcheck::explorer

/** `states 13 edges 20 terminal 3`: the form of golden .counts files (no memory figure). */
template <>
struct fmt::formatter<mapcheck::explorer::SearchStats> {
  constexpr auto parse(fmt::format_parse_context& ctx) { return ctx.begin(); }
  auto format(const mapcheck::explorer::SearchStats& s, fmt::format_context& ctx) const {
    return fmt::format_to(ctx.out(), "states {} edges {} terminal {}", s.states, s.edges,
                          s.terminal);
  }
};
