// Rendering DOT text to SVG or PNG in-process with the Graphviz library (libgvc: parse, "dot"
// layout, render to memory). Failures are values; nothing is printed and no file is written.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "traces/dot.h"
#include "traces/trace.h"

namespace mapcheck::traces {

/** An image format the renderer produces. */
enum class ImageFormat : std::uint8_t {
  svg,  ///< text, starts with an XML declaration and contains `<svg`
  png,  ///< binary, starts with the 8-byte PNG signature; drawn with cairo
};

/** `svg` or `png`: the Graphviz format name, and the file extension without the dot. */
std::string_view image_format_name(ImageFormat f);
/** The inverse of image_format_name (`--render svg|png`); nullopt for anything else. */
std::optional<ImageFormat> parse_image_format(std::string_view name);
/** The format a file name asks for by its extension (`out.svg`, `OUT.PNG`); nullopt if none. */
std::optional<ImageFormat> image_format_for_path(std::string_view path);

/** Why rendering failed, in one line (`Graphviz could not parse the DOT text: syntax error in
 *  line 3 near '}'`, `Graphviz has no "png" renderer (install libgvc6's plugins)`). */
struct RenderError {
  std::string message;
};

/** Lays `dot` out with Graphviz's "dot" engine and renders it; returns the image bytes.
 *  Not thread-safe: libgvc keeps process-wide state (and this renderer keeps one Graphviz
 *  context for the process, see render.cpp), so calls must not overlap. Graphviz's own warnings
 *  are captured, never printed. */
std::variant<std::string, RenderError> render_dot(std::string_view dot, ImageFormat format);

/** write_dot then render_dot: the picture of a trace. */
std::variant<std::string, RenderError> render_trace(const Trace& trace, ImageFormat format,
                                                    const DotOptions& options = {});

}  // namespace mapcheck::traces
