// SyncId and SyncRef: the identity of a sync object or channel in World's heap, and the value
// a register, global or cell holds to reach one (nil for a nil channel).
#pragma once

#include <compare>
#include <cstdint>
#include <functional>
#include <optional>

#include <fmt/format.h>

namespace mapcheck::model {

/** A sync object (Mutex, RWMutex, WaitGroup, atomic) or channel in World::syncs. Numbered
 *  canonically by World's encoding (order of first reach), as maps and cells are. */
struct SyncId {
  std::uint32_t v = 0;
  auto operator<=>(const SyncId&) const = default;
};

/** A reference to a sync object or channel: no id is the nil channel. A sync variable
 *  (`var mu sync.Mutex`) holds the reference to its own object from its declaration on and
 *  is never reassigned (the checker forbids copying sync values). */
struct SyncRef {
  std::optional<SyncId> id;
  auto operator<=>(const SyncRef&) const = default;
};

}  // namespace mapcheck::model

template <>
struct std::hash<mapcheck::model::SyncId> {
  std::size_t operator()(mapcheck::model::SyncId id) const noexcept { return id.v; }
};
template <>
struct fmt::formatter<mapcheck::model::SyncId> : fmt::formatter<std::uint32_t> {
  auto format(mapcheck::model::SyncId id, fmt::format_context& ctx) const {
    return fmt::format_to(ctx.out(), "s{}", id.v);
  }
};
