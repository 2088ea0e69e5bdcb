// StepLabel: names the Go runtime function and statement a model step mirrors, e.g.
// `mapassign_fast64: h.flags ^= hashWriting` (runtime/map_fast64.go:103). Labels point at
// static strings (model/map_steps.def), so copying one is cheap and it never dangles.
#pragma once

#include <string_view>

#include <fmt/format.h>

namespace mapcheck::model {

/** Where a step comes from in the Go runtime. All views refer to static strings. */
struct StepLabel {
  /** Runtime function, e.g. "mapassign_fast64", "evacuate_faststr", "mapiternext". */
  std::string_view function;
  /** The Go statement mirrored, e.g. "h.flags ^= hashWriting". */
  std::string_view statement;
  /** Source file under GOROOT/src, e.g. "runtime/map_fast64.go". */
  std::string_view file;
  /** Line of the statement in the Go 1.22 source (0 when the step mirrors no single line). */
  int go_line = 0;

  bool operator==(const StepLabel&) const = default;
};

}  // namespace mapcheck::model

/** Formats as `mapassign_fast64: h.flags ^= hashWriting (runtime/map_fast64.go:103)`. */
template <>
struct fmt::formatter<mapcheck::model::StepLabel> {
  constexpr auto parse(fmt::format_parse_context& ctx) { return ctx.begin(); }
  auto format(const mapcheck::model::StepLabel& l, fmt::format_context& ctx) const {
    if (l.go_line > 0)
      return fmt::format_to(ctx.out(), "{}: {} ({}:{})", l.function, l.statement, l.file,
                            l.go_line);
    return fmt::format_to(ctx.out(), "{}: {} ({})", l.function, l.statement, l.file);
  }
};
