// The in-memory file bundle of one trace (see trace_files.h).
#include "traces/trace_files.h"

#include <sstream>

#include <fmt/format.h>

#include "traces/trace_json.h"

namespace mapcheck::traces {

std::string trace_file_stem(const Trace& trace, std::size_t ordinal) {
  std::string spec = spec_file_name(trace);
  if (spec.size() > 3 && spec.ends_with(".go")) spec.resize(spec.size() - 3);
  if (spec.empty()) spec = "trace";
  return fmt::format("{}.{}-{}", spec, verdict_name(trace.verdict), ordinal);
}

std::variant<std::vector<TraceFile>, RenderError> trace_files(const Trace& trace,
                                                              std::string_view stem,
                                                              const TraceFilesOptions& options) {
  const std::string base(stem);
  std::vector<TraceFile> files;
  std::ostringstream text;
  write_text(text, trace, options.text);
  files.push_back({base + ".txt", text.str()});
  files.push_back({base + ".json", write_json(trace)});
  std::ostringstream dot;
  write_dot(dot, trace, options.dot);
  files.push_back({base + ".dot", dot.str()});
  if (options.render) {
    auto image = render_dot(files.back().bytes, *options.render);
    if (auto* error = std::get_if<RenderError>(&image)) return *error;
    files.push_back({base + "." + std::string(image_format_name(*options.render)),
                     std::get<std::string>(image)});
  }
  return files;
}

}  // namespace mapcheck::traces
