// Names and the report form of outcomes.
#include "explorer/outcome.h"

namespace mapcheck::explorer {

std::string_view outcome_kind_name(OutcomeKind k) {
  switch (k) {
    case OutcomeKind::exit:
      return "exit";
    case OutcomeKind::fatal:
      return "fatal";
    case OutcomeKind::panic:
      return "panic";
    case OutcomeKind::deadlock:
      return "deadlock";
  }
  return "?";
}

std::string quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      default:
        out += c;
    }
  }
  out += '"';
  return out;
}

}  // namespace mapcheck::explorer

auto fmt::formatter<mapcheck::explorer::Outcome>::format(const mapcheck::explorer::Outcome& o,
                                                         fmt::format_context& ctx) const
    -> decltype(ctx.out()) {
  using mapcheck::explorer::OutcomeKind;
  auto out = fmt::format_to(ctx.out(), "{}", mapcheck::explorer::outcome_kind_name(o.kind));
  if (o.kind == OutcomeKind::fatal || o.kind == OutcomeKind::panic)
    out = fmt::format_to(out, " {}", mapcheck::explorer::quote(o.message));
  if (o.kind == OutcomeKind::exit) {
    if (o.leak) out = fmt::format_to(out, " leak");
    out = fmt::format_to(out, " output {}", mapcheck::explorer::quote(o.output));
  }
  return out;
}
