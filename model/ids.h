// Identity types of the model: goroutines, maps, heap cells, functions, globals, registers.
// Tiny value structs with <=>, std::hash and fmt formatters (STYLE §3), so no bare int travels as
// an id.
#pragma once

#include <compare>
#include <cstdint>
#include <functional>

#include <fmt/format.h>

namespace mapcheck::model {

/** A goroutine. Main is g1, as in Go; a new goroutine takes the smallest free id, so ids stay
 *  bounded by the number of live goroutines (no ever-growing counter in the state). The price:
 *  a `go` statement and another goroutine's end commute only up to the new goroutine's id
 *  (docs/explorer.md, "The reduction"), which no outcome can observe. */
struct GoroutineId {
  std::uint32_t v = 0;
  auto operator<=>(const GoroutineId&) const = default;
};

/** A map object in World's heap. Numbered canonically by World's encoding. */
struct MapId {
  std::uint32_t v = 0;
  auto operator<=>(const MapId&) const = default;
};

/** A heap cell: a variable captured by a closure (shared by reference). Numbered canonically. */
struct CellId {
  std::uint32_t v = 0;
  auto operator<=>(const CellId&) const = default;
};

/** A function of a Program: index into Program::functions. */
struct FuncId {
  std::uint32_t v = 0;
  auto operator<=>(const FuncId&) const = default;
};

/** A package-level variable: index into Program::globals. */
struct GlobalId {
  std::uint32_t v = 0;
  auto operator<=>(const GlobalId&) const = default;
};

/** A register of a function's frame: index in [0, Function::num_regs). */
struct Reg {
  std::uint32_t v = 0;
  auto operator<=>(const Reg&) const = default;
};

/** A hidden range-loop iterator of a function's frame: index in [0, Function::num_iters). */
struct IterSlot {
  std::uint32_t v = 0;
  auto operator<=>(const IterSlot&) const = default;
};

}  // namespace mapcheck::model

#define MAPCHECK_MODEL_ID_TRAITS(T, prefix)                                       \
  template <>                                                                     \
  struct std::hash<mapcheck::model::T> {                                          \
    std::size_t operator()(mapcheck::model::T id) const noexcept { return id.v; } \
  };                                                                              \
  template <>                                                                     \
  struct fmt::formatter<mapcheck::model::T> : fmt::formatter<std::uint32_t> {     \
    auto format(mapcheck::model::T id, fmt::format_context& ctx) const {          \
      return fmt::format_to(ctx.out(), prefix "{}", id.v);                        \
    }                                                                             \
  };

MAPCHECK_MODEL_ID_TRAITS(GoroutineId, "g")
MAPCHECK_MODEL_ID_TRAITS(MapId, "m")
MAPCHECK_MODEL_ID_TRAITS(CellId, "c")
MAPCHECK_MODEL_ID_TRAITS(FuncId, "f")
MAPCHECK_MODEL_ID_TRAITS(GlobalId, "G")
MAPCHECK_MODEL_ID_TRAITS(Reg, "r")
MAPCHECK_MODEL_ID_TRAITS(IterSlot, "it")

#undef MAPCHECK_MODEL_ID_TRAITS
