// SearchStats: the figures a search reports. All of them except memory_bytes are exact and
// identical on every machine and thread count, so tests and golden files may pin them.
#pragma once

#include <cstddef>

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
  /** Expanded states with no enabled step. */
  std::size_t terminal = 0;
  /** Expanded states for which the reduction took fewer steps than were enabled. */
  std::size_t reduced = 0;
  /** Enabled steps not taken: left out by the reduction. */
  std::size_t steps_reduced = 0;
  /** Enabled steps not taken: cut by the depth or preemption bound. */
  std::size_t steps_bounded = 0;
  /** Largest depth (steps from the initial state) of a stored state. */
  std::size_t max_depth = 0;
  /** States waiting to be expanded (non-zero at the end only if a bound stopped the search). */
  std::size_t frontier = 0;
  /** Bytes held by the visited set and the per-state records; depends on the allocator. */
  std::size_t memory_bytes = 0;
  bool operator==(const SearchStats&) const = default;
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
