// Identity value types of a recorded trace: goroutines, steps, maps and buckets.
// Plain numbers wrapped in tiny structs (<=>, std::hash, fmt formatters); no model types.
#pragma once

#include <compare>
#include <cstdint>
#include <functional>

#include <fmt/format.h>

namespace mapcheck::traces {

/** A goroutine as the trace names it: g1 is main, later goroutines are numbered in the
 *  order their `go` statements ran (the model's numbering, copied verbatim). */
struct GoroutineId {
  std::uint32_t v = 0;
  auto operator<=>(const GoroutineId&) const = default;
};

/** 1-based position of a step in the interleaving; step k is `Trace::steps[k - 1]`. */
struct StepIndex {
  std::uint32_t v = 0;
  auto operator<=>(const StepIndex&) const = default;
};

/** A map of the spec, numbered in creation order (m0 is the first `make`/literal). */
struct MapId {
  std::uint32_t v = 0;
  auto operator<=>(const MapId&) const = default;
};

/** Index of a bucket in its array; in [0, 1<<B) for `buckets`, [0, 1<<(B-1)) for `oldbuckets`. */
struct BucketIndex {
  std::uint32_t v = 0;
  auto operator<=>(const BucketIndex&) const = default;
};

}  // namespace mapcheck::traces

template <>
struct std::hash<mapcheck::traces::GoroutineId> {
  std::size_t operator()(mapcheck::traces::GoroutineId id) const noexcept { return id.v; }
};
template <>
struct std::hash<mapcheck::traces::StepIndex> {
  std::size_t operator()(mapcheck::traces::StepIndex id) const noexcept { return id.v; }
};
template <>
struct std::hash<mapcheck::traces::MapId> {
  std::size_t operator()(mapcheck::traces::MapId id) const noexcept { return id.v; }
};
template <>
struct std::hash<mapcheck::traces::BucketIndex> {
  std::size_t operator()(mapcheck::traces::BucketIndex id) const noexcept { return id.v; }
};

/** Formats as `g2`, as Go's tracebacks and the text report name goroutines. */
template <>
struct fmt::formatter<mapcheck::traces::GoroutineId> : fmt::formatter<std::uint32_t> {
  auto format(mapcheck::traces::GoroutineId id, fmt::format_context& ctx) const {
    return fmt::format_to(ctx.out(), "g{}", id.v);
  }
};
/** Formats as `#7`. */
template <>
struct fmt::formatter<mapcheck::traces::StepIndex> : fmt::formatter<std::uint32_t> {
  auto format(mapcheck::traces::StepIndex id, fmt::format_context& ctx) const {
    return fmt::format_to(ctx.out(), "#{}", id.v);
  }
};
/** Formats as `m0`. */
template <>
struct fmt::formatter<mapcheck::traces::MapId> : fmt::formatter<std::uint32_t> {
  auto format(mapcheck::traces::MapId id, fmt::format_context& ctx) const {
    return fmt::format_to(ctx.out(), "m{}", id.v);
  }
};
/** Formats as `b3`. */
template <>
struct fmt::formatter<mapcheck::traces::BucketIndex> : fmt::formatter<std::uint32_t> {
  auto format(mapcheck::traces::BucketIndex id, fmt::format_context& ctx) const {
    return fmt::format_to(ctx.out(), "b{}", id.v);
  }
};
