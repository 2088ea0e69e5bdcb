// Identity value types of the explorer: states, actors and steps.
// Tiny structs with <=>, std::hash and fmt formatters, so no bare ints travel as ids.
#pragma once

#include <compare>
#include <cstdint>
#include <functional>

#include <fmt/format.h>

namespace mapcheck::explorer {

/** Dense id of a stored state, handed out by StateStore in discovery order (0 = initial). */
struct StateId {
  std::uint32_t v = 0;
  auto operator<=>(const StateId&) const = default;
};

/** The process that takes a step (for mapcheck: a goroutine). Used for preemption bounding
 *  and for independence: steps of one actor are never independent of each other. */
struct ActorId {
  std::uint32_t v = 0;
  auto operator<=>(const ActorId&) const = default;
};

/** One transition out of a state: which actor moves, and which of its choices it takes
 *  (a random value, which waiter gets a lock, ...). `choice` is 0 when there is no choice.
 *  Steps are ordered (actor, choice); the explorer relies on that order for determinism. */
struct Step {
  ActorId actor;
  std::uint32_t choice = 0;
  auto operator<=>(const Step&) const = default;
};

}  // namespace mapcheck::explorer

template <>
struct std::hash<mapcheck::explorer::StateId> {
  std::size_t operator()(mapcheck::explorer::StateId id) const noexcept { return id.v; }
};
template <>
struct std::hash<mapcheck::explorer::ActorId> {
  std::size_t operator()(mapcheck::explorer::ActorId id) const noexcept { return id.v; }
};

template <>
struct fmt::formatter<mapcheck::explorer::StateId> {
  constexpr auto parse(fmt::format_parse_context& ctx) { return ctx.begin(); }
  auto format(mapcheck::explorer::StateId id, fmt::format_context& ctx) const {
    return fmt::format_to(ctx.out(), "s{}", id.v);
  }
};
template <>
struct fmt::formatter<mapcheck::explorer::ActorId> {
  constexpr auto parse(fmt::format_parse_context& ctx) { return ctx.begin(); }
  auto format(mapcheck::explorer::ActorId id, fmt::format_context& ctx) const {
    return fmt::format_to(ctx.out(), "a{}", id.v);
  }
};
template <>
struct fmt::formatter<mapcheck::explorer::Step> {
  constexpr auto parse(fmt::format_parse_context& ctx) { return ctx.begin(); }
  auto format(const mapcheck::explorer::Step& s, fmt::format_context& ctx) const {
    return fmt::format_to(ctx.out(), "{}/{}", s.actor.v, s.choice);
  }
};
