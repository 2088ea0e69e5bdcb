// Reading mapcheck's JSON report and matching predicted against real outcomes.
#include "tests/differential/mapcheck_prediction.h"

#include <nlohmann/json.hpp>

namespace mapcheck::differential {

std::variant<MapcheckPrediction, PredictionError> parse_prediction(const std::string& json) {
  try {
    const auto doc = nlohmann::json::parse(json);
    const auto& specs = doc.at("specs");
    if (specs.empty()) return PredictionError{"the report lists no spec"};
    const auto& s = specs.at(0);
    if (s.contains("errors"))
      return PredictionError{"mapcheck could not load the spec: " +
                             s.at("errors").get<std::string>()};
    MapcheckPrediction p;
    p.spec = s.at("spec").get<std::string>();
    p.status = s.at("status").get<int>();
    if (s.contains("options") && s.at("options").contains("runtime"))
      p.runtime = s.at("options").at("runtime").get<std::string>();
    p.complete = s.at("search").at("complete").get<bool>();
    p.states = s.at("search").at("states").get<std::size_t>();
    for (const auto& o : s.at("outcomes")) {
      PredictedOutcome po;
      po.kind = o.at("kind").get<std::string>();
      po.message = o.value("message", std::string());
      po.output = o.value("output", std::string());
      po.leak = o.value("leak", false);
      po.text = o.value("text", po.kind);
      po.terminal_states = o.value("terminal_states", std::size_t{0});
      p.outcomes.push_back(std::move(po));
    }
    return p;
  } catch (const nlohmann::json::exception& e) {
    return PredictionError{std::string("malformed mapcheck JSON: ") + e.what()};
  }
}

bool predicts(const PredictedOutcome& p, const GoOutcome& o) {
  switch (o.kind) {
    case GoOutcomeKind::exit:
      return p.kind == "exit" && p.output == o.output;
    case GoOutcomeKind::fatal:
      return p.kind == "fatal" && p.message == o.message;
    case GoOutcomeKind::panic:
      return p.kind == "panic" && p.message == o.message;
    case GoOutcomeKind::deadlock:
      return p.kind == "deadlock";
    case GoOutcomeKind::timeout:
    case GoOutcomeKind::unclassified:
      return false;
  }
  return false;
}

bool predicted(const std::vector<PredictedOutcome>& set, const GoOutcome& o) {
  for (const auto& p : set)
    if (predicts(p, o)) return true;
  return false;
}

std::optional<std::string> go_version_for_runtime(const std::string& runtime) {
  if (runtime.empty() || runtime == "hmap") return "go1.23";
  if (runtime == "swiss") return "go1.24";
  if (!runtime.starts_with("go1.")) return std::nullopt;
  const std::string minor = runtime.substr(4);
  if (minor.empty()) return std::nullopt;
  for (char c : minor)
    if (c < '0' || c > '9') return std::nullopt;  // includes "+VARIANT": no real Go runs it
  return runtime;
}

}  // namespace mapcheck::differential
