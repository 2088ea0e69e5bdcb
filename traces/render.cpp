// SVG/PNG rendering through libgvc (see render.h). Every graph is owned by a unique_ptr with
// the matching free function, so every exit path releases it; the context lives for the process.
#include "traces/render.h"

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <memory>
#include <sstream>

namespace mapcheck::traces {

namespace {

/** Routes Graphviz's messages into its error buffer instead of stderr while alive. */
class QuietGraphviz {
 public:
  QuietGraphviz() : previous_(agseterr(AGMAX)) {}
  ~QuietGraphviz() { agseterr(previous_); }
  QuietGraphviz(const QuietGraphviz&) = delete;
  QuietGraphviz& operator=(const QuietGraphviz&) = delete;

  /** The last message Graphviz reported (its trailing newline removed), or `fallback`. */
  static std::string last_error(std::string_view fallback) {
    char* e = aglasterr();
    std::string msg = e ? e : "";
    // aglasterr() hands out a malloc'd copy.
    std::free(e);
    while (!msg.empty() && std::isspace(static_cast<unsigned char>(msg.back())))
      msg.pop_back();
    const auto nl = msg.rfind('\n');
    if (nl != std::string::npos) msg = msg.substr(nl + 1);
    return msg.empty() ? std::string(fallback) : msg;
  }

 private:
  agerrlevel_t previous_;
};

/** The one Graphviz context of the process, created on first use and never freed.
 *  Graphviz 2.42's pango text-layout plugin caches a pointer to the last font name it measured,
 *  and that name lives in the context's font dictionary: freeing a context and creating the next
 *  one makes the plugin read freed memory (AddressSanitizer reports it). One context for the
 *  whole process keeps every cached name alive. It holds no state that affects the output. */
GVC_t* graphviz_context() {
  static GVC_t* const context = gvContext();
  return context;
}
struct GraphClose {
  void operator()(Agraph_t* g) const { agclose(g); }
};

}  // namespace

std::string_view image_format_name(ImageFormat f) {
  switch (f) {
    case ImageFormat::svg:
      return "svg";
    case ImageFormat::png:
      return "png";
  }
  return "?";
}

std::optional<ImageFormat> parse_image_format(std::string_view name) {
  for (ImageFormat f : {ImageFormat::svg, ImageFormat::png})
    if (image_format_name(f) == name) return f;
  return std::nullopt;
}

std::optional<ImageFormat> image_format_for_path(std::string_view path) {
  const auto dot = path.find_last_of("./");
  if (dot == std::string_view::npos || path[dot] != '.') return std::nullopt;
  std::string ext(path.substr(dot + 1));
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return parse_image_format(ext);
}

std::variant<std::string, RenderError> render_dot(std::string_view dot, ImageFormat format) {
  QuietGraphviz quiet;
  GVC_t* const gvc = graphviz_context();
  if (gvc == nullptr) return RenderError{"could not create a Graphviz context"};

  // cgraph's scanner is process-wide: a successful read leaves the text after the closing `}`
  // in its buffer (it is prepended to the next read) and the line counter runs on. Reading an
  // empty graph flushes the buffer; agreadline resets the count; trimming the trailing
  // whitespace leaves nothing behind for the next reader.
  if (Agraph_t* none = agmemread("")) agclose(none);
  agreadline(1);
  std::string text(dot);  // agmemread needs a NUL-terminated string
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.pop_back();
  std::unique_ptr<Agraph_t, GraphClose> graph(agmemread(text.c_str()));
  if (!graph)
    return RenderError{"Graphviz could not parse the DOT text: " +
                       QuietGraphviz::last_error("syntax error")};

  if (gvLayout(gvc, graph.get(), "dot") != 0)
    return RenderError{"Graphviz could not lay the graph out: " +
                       QuietGraphviz::last_error("layout failed")};

  char* data = nullptr;
  unsigned int length = 0;
  const std::string name(image_format_name(format));
  const int rc = gvRenderData(gvc, graph.get(), name.c_str(), &data, &length);
  std::string bytes;
  if (rc == 0 && data != nullptr) bytes.assign(data, length);
  if (data != nullptr) gvFreeRenderData(data);
  gvFreeLayout(gvc, graph.get());
  if (rc != 0)
    return RenderError{"Graphviz has no \"" + name +
                       "\" renderer (install libgvc6's plugins and run `dot -c`): " +
                       QuietGraphviz::last_error("render failed")};
  if (bytes.empty()) return RenderError{"Graphviz rendered an empty " + name + " image"};
  return bytes;
}

std::variant<std::string, RenderError> render_trace(const Trace& trace, ImageFormat format,
                                                    const DotOptions& options) {
  std::ostringstream dot;
  write_dot(dot, trace, options);
  return render_dot(dot.str(), format);
}

}  // namespace mapcheck::traces
