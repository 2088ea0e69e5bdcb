// load_and_lower: specs (parse, check, directives) -> options -> lowering -> WorldSystem.
#include "cli/loaded_spec.h"

#include "specs/lower.h"

namespace mapcheck::cli {

TraceContext LoadedSpec::trace_context() const {
  return TraceContext{spec.path, spec.source, spec.lines, config.shown};
}

std::variant<std::unique_ptr<LoadedSpec>, LoadError> load_and_lower(const std::string& path,
                                                                    const CliOverrides& overrides) {
  auto loaded = specs::load_spec_file(path);
  if (auto* diags = std::get_if<std::vector<specs::Diagnostic>>(&loaded))
    return LoadError{specs::format_diagnostics(std::move(*diags)), false};
  auto ls = std::make_unique<LoadedSpec>();
  ls->spec = std::move(std::get<specs::Spec>(loaded));

  auto rc = resolve_run_config(ls->spec.directives, overrides, path);
  if (auto* diags = std::get_if<std::vector<specs::Diagnostic>>(&rc))
    return LoadError{specs::format_diagnostics(std::move(*diags)), false};
  if (auto* usage = std::get_if<UsageError>(&rc)) return LoadError{usage->message + "\n", true};
  ls->config = std::move(std::get<RunConfig>(rc));

  specs::LowerOptions lo;
  lo.runtime = ls->config.runtime.version;
  auto lowered = specs::lower(ls->spec.file, ls->spec.source, lo);
  if (!lowered.diagnostics.empty())
    return LoadError{specs::format_diagnostics(std::move(lowered.diagnostics)), false};
  ls->program = std::move(lowered.program);
  ls->system = std::make_unique<WorldSystem>(ls->program, ls->config.runtime,
                                             ls->config.order == IterOrder::fixed);
  ls->system->set_cut_frames(ls->config.search.storage == explorer::Storage::collapse);
  return ls;
}

}  // namespace mapcheck::cli
