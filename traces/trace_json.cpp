// JSON writing and reading of Trace (docs/trace-format.md). The reader walks the document with
// a context string ("step 4: map: bucket 1") so that every error names where it happened.
#include "traces/trace_json.h"

#include <cstdint>
#include <initializer_list>
#include <limits>
#include <string>

#include <fmt/format.h>

namespace mapcheck::traces {

namespace {

using nlohmann::json;

// ---------------------------------------------------------------------------------------------
// Writing

json cells_to_json(const std::vector<MapCell>& cells) {
  json out = json::array();
  for (const MapCell& c : cells)
    out.push_back(json{{"tophash", c.tophash}, {"key", c.key}, {"elem", c.elem}});
  return out;
}

json bucket_to_json(const MapBucket& b) {
  json overflow = json::array();
  for (const auto& ob : b.overflow)
    overflow.push_back(cells_to_json(ob));
  return json{{"index", b.index.v},
              {"cells", cells_to_json(b.cells)},
              {"overflow", std::move(overflow)},
              {"evacuated", b.evacuated}};
}

json buckets_to_json(const std::vector<MapBucket>& buckets) {
  json out = json::array();
  for (const MapBucket& b : buckets)
    out.push_back(bucket_to_json(b));
  return out;
}

json snapshot_to_json(const MapSnapshot& m) {
  return json{{"map", m.map.v},
              {"B", m.B},
              {"count", m.count},
              {"flags", m.flags},
              {"growing", m.growing},
              {"nevacuate", m.nevacuate},
              {"buckets", buckets_to_json(m.buckets)},
              {"oldbuckets", buckets_to_json(m.oldbuckets)}};
}

json step_to_json(const TraceStep& s) {
  json j{{"index", s.index.v},
         {"goroutine", s.goroutine.v},
         {"choice", s.choice},
         {"choice_text", s.choice_text},
         {"line", s.line},
         {"col", s.col},
         {"source", s.source},
         {"function", s.function},
         {"statement", s.statement},
         {"runtime_file", s.runtime_file},
         {"event", s.event},
         {"deciding", s.deciding},
         {"preemption", s.preemption}};
  if (s.spawned) j["spawned"] = s.spawned->v;
  if (s.sync_from) j["sync_from"] = s.sync_from->v;
  if (s.map) j["map"] = snapshot_to_json(*s.map);
  return j;
}

// ---------------------------------------------------------------------------------------------
// Reading: a failure is thrown as ReadError inside this file and returned as a string.

struct ReadError {
  std::string message;
};

[[noreturn]] void fail(const std::string& ctx, const std::string& what) {
  throw ReadError{ctx.empty() ? what : ctx + ": " + what};
}

std::string type_of(const json& j) {
  if (j.is_number_unsigned()) return fmt::format("{}", j.get<std::uint64_t>());
  if (j.is_number_integer()) return fmt::format("{}", j.get<std::int64_t>());
  if (j.is_string()) return j.dump();
  if (j.is_number_float()) return "a fraction";
  return j.type_name();
}

/** An object whose fields are checked against a list of allowed names. */
class Fields {
 public:
  Fields(const json& j, std::string ctx, std::initializer_list<const char*> allowed)
      : j_(j), ctx_(std::move(ctx)) {
    if (!j_.is_object()) fail(ctx_, fmt::format("expected an object, got {}", j_.type_name()));
    for (const auto& [key, value] : j_.items()) {
      bool known = false;
      for (const char* a : allowed)
        known = known || key == a;
      if (!known) fail(ctx_, fmt::format("unknown field \"{}\"", key));
    }
  }

  const std::string& ctx() const { return ctx_; }
  bool has(const char* key) const { return j_.contains(key); }

  const json& required(const char* key) const {
    auto it = j_.find(key);
    if (it == j_.end()) fail(ctx_, fmt::format("missing field \"{}\"", key));
    return *it;
  }

  template <typename UInt>
  UInt uint(const char* key, std::optional<UInt> dflt = std::nullopt) const {
    if (!has(key)) {
      if (dflt) return *dflt;
      required(key);
    }
    const json& v = j_.at(key);
    if (!v.is_number_unsigned() || v.get<std::uint64_t>() > std::numeric_limits<UInt>::max())
      fail(ctx_,
           fmt::format("field \"{}\" must be an integer in [0, {}], got {}", key,
                       static_cast<std::uint64_t>(std::numeric_limits<UInt>::max()), type_of(v)));
    return static_cast<UInt>(v.get<std::uint64_t>());
  }

  std::int64_t int64(const char* key) const {
    const json& v = required(key);
    if (!v.is_number_integer() ||
        (v.is_number_unsigned() &&
         v.get<std::uint64_t>() > std::uint64_t{std::numeric_limits<std::int64_t>::max()}))
      fail(ctx_, fmt::format("field \"{}\" must be an integer, got {}", key, type_of(v)));
    return v.get<std::int64_t>();
  }

  std::string str(const char* key, bool optional) const {
    if (optional && !has(key)) return {};
    const json& v = required(key);
    if (!v.is_string())
      fail(ctx_, fmt::format("field \"{}\" must be a string, got {}", key, type_of(v)));
    return v.get<std::string>();
  }

  bool boolean(const char* key) const {
    if (!has(key)) return false;
    const json& v = j_.at(key);
    if (!v.is_boolean())
      fail(ctx_, fmt::format("field \"{}\" must be true or false, got {}", key, type_of(v)));
    return v.get<bool>();
  }

  const json& array(const char* key, bool optional) const {
    static const json empty = json::array();
    if (optional && !has(key)) return empty;
    const json& v = required(key);
    if (!v.is_array())
      fail(ctx_, fmt::format("field \"{}\" must be an array, got {}", key, type_of(v)));
    return v;
  }

 private:
  const json& j_;
  std::string ctx_;
};

std::vector<MapCell> cells_from_json(const json& arr, const std::string& ctx) {
  if (!arr.is_array()) fail(ctx, fmt::format("expected an array of cells, got {}", type_of(arr)));
  std::vector<MapCell> cells;
  for (std::size_t i = 0; i < arr.size(); ++i) {
    Fields f(arr[i], fmt::format("{}: cell {}", ctx, i), {"tophash", "key", "elem"});
    cells.push_back(MapCell{.tophash = f.uint<std::uint8_t>("tophash"),
                            .key = f.str("key", true),
                            .elem = f.str("elem", true)});
  }
  return cells;
}

std::vector<MapBucket> buckets_from_json(const json& arr, const std::string& ctx,
                                         const char* what) {
  std::vector<MapBucket> out;
  for (std::size_t i = 0; i < arr.size(); ++i) {
    Fields f(arr[i], fmt::format("{}: {} {}", ctx, what, i),
             {"index", "cells", "overflow", "evacuated"});
    MapBucket b;
    b.index = BucketIndex{f.uint<std::uint32_t>("index")};
    b.cells = cells_from_json(f.array("cells", false), f.ctx());
    const json& overflow = f.array("overflow", true);
    for (std::size_t k = 0; k < overflow.size(); ++k)
      b.overflow.push_back(
          cells_from_json(overflow[k], fmt::format("{}: overflow {}", f.ctx(), k)));
    b.evacuated = f.boolean("evacuated");
    out.push_back(std::move(b));
  }
  return out;
}

MapSnapshot snapshot_from_json(const json& j, const std::string& ctx) {
  Fields f(j, ctx, {"map", "B", "count", "flags", "growing", "nevacuate", "buckets", "oldbuckets"});
  MapSnapshot m;
  m.map = MapId{f.uint<std::uint32_t>("map")};
  m.B = f.uint<std::uint8_t>("B");
  m.count = f.int64("count");
  m.flags = f.str("flags", true);
  m.growing = f.boolean("growing");
  m.nevacuate = f.uint<std::uint64_t>("nevacuate", std::uint64_t{0});
  m.buckets = buckets_from_json(f.array("buckets", true), ctx, "bucket");
  m.oldbuckets = buckets_from_json(f.array("oldbuckets", true), ctx, "old bucket");
  return m;
}

TraceStep step_from_json(const json& j, std::size_t position) {
  Fields f(j, fmt::format("step {}", position),
           {"index", "goroutine", "choice", "choice_text", "line", "col", "source", "function",
            "statement", "runtime_file", "event", "spawned", "sync_from", "map", "deciding",
            "preemption"});
  TraceStep s;
  s.index = StepIndex{f.uint<std::uint32_t>("index")};
  if (s.index.v != position)
    fail(f.ctx(), fmt::format("index is {}, expected {}", s.index.v, position));
  s.goroutine = GoroutineId{f.uint<std::uint32_t>("goroutine")};
  s.choice = f.uint<std::uint32_t>("choice", 0u);
  s.choice_text = f.str("choice_text", true);
  s.line = f.uint<std::uint32_t>("line", 0u);
  s.col = f.uint<std::uint32_t>("col", 0u);
  s.source = f.str("source", true);
  s.function = f.str("function", true);
  s.statement = f.str("statement", true);
  s.runtime_file = f.str("runtime_file", true);
  s.event = f.str("event", false);
  if (s.event.empty()) fail(f.ctx(), "field \"event\" must not be empty");
  if (f.has("spawned")) s.spawned = GoroutineId{f.uint<std::uint32_t>("spawned")};
  if (f.has("sync_from")) {
    s.sync_from = StepIndex{f.uint<std::uint32_t>("sync_from")};
    if (s.sync_from->v == 0 || s.sync_from->v >= s.index.v)
      fail(f.ctx(), fmt::format("sync_from {} does not name an earlier step", s.sync_from->v));
  }
  if (f.has("map")) s.map = snapshot_from_json(f.required("map"), f.ctx() + ": map");
  s.deciding = f.boolean("deciding");
  s.preemption = f.boolean("preemption");
  return s;
}

Trace trace_from_json(const json& doc) {
  if (!doc.is_object()) fail("", fmt::format("expected a JSON object, got {}", doc.type_name()));
  // The version decides the rest of the schema, so it is checked before anything else.
  if (!doc.contains("format") || doc["format"] != "mapcheck-trace")
    fail("", "not a mapcheck trace (field \"format\" must be \"mapcheck-trace\")");
  if (!doc.contains("format_version")) fail("", "missing field \"format_version\"");
  const json& version = doc["format_version"];
  if (!version.is_number_integer())
    fail("", fmt::format("field \"format_version\" must be an integer, got {}", type_of(version)));
  const std::int64_t read_version = version.get<std::int64_t>();
  if (read_version < kOldestTraceFormatVersion || read_version > kTraceFormatVersion)
    fail("", fmt::format("unsupported format_version {} (this mapcheck reads versions {} to {})",
                         read_version, kOldestTraceFormatVersion, kTraceFormatVersion));

  Fields f(doc, "",
           {"format", "format_version", "spec_path", "spec_hash", "options", "expectation",
            "verdict", "steps", "outcome", "preemptions", "origin"});
  Trace t;
  t.format_version = static_cast<int>(read_version);
  t.spec_path = f.str("spec_path", false);
  t.spec_hash = f.str("spec_hash", false);
  const json& options = f.array("options", true);
  for (std::size_t i = 0; i < options.size(); ++i) {
    Fields o(options[i], fmt::format("option {}", i + 1), {"name", "value"});
    t.options.emplace_back(o.str("name", false), o.str("value", false));
  }
  t.expectation = f.str("expectation", true);
  const std::string verdict = f.str("verdict", false);
  const auto v = parse_verdict(verdict);
  if (!v)
    fail("", fmt::format("unknown verdict \"{}\" (expected counterexample, witness or outcome)",
                         verdict));
  t.verdict = *v;

  Fields o(f.required("outcome"), "outcome", {"kind", "message", "output", "leak"});
  t.outcome.kind = o.str("kind", false);
  if (t.outcome.kind != "exit" && t.outcome.kind != "fatal" && t.outcome.kind != "panic" &&
      t.outcome.kind != "deadlock")
    fail("outcome", fmt::format("unknown kind \"{}\" (expected exit, fatal, panic or deadlock)",
                                t.outcome.kind));
  t.outcome.message = o.str("message", true);
  t.outcome.output = o.str("output", true);
  t.outcome.leak = o.boolean("leak");

  const json& steps = f.array("steps", false);
  std::uint32_t marked = 0;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    t.steps.push_back(step_from_json(steps[i], i + 1));
    marked += t.steps.back().preemption ? 1 : 0;
  }
  t.preemptions = f.uint<std::uint32_t>("preemptions", marked);
  if (f.has("origin")) {
    if (read_version < 2) fail("", "field \"origin\" needs format_version 2");
    Fields g(f.required("origin"), "origin", {"search", "execution", "seed", "schedule"});
    const std::string search = g.str("search", false);
    if (search == "random") {
      t.origin.search = TraceOrigin::Search::random;
      t.origin.execution = g.uint<std::uint64_t>("execution");
      t.origin.seed = g.uint<std::uint64_t>("seed");
      t.origin.schedule = g.str("schedule", false);
    } else if (search == "first") {
      t.origin.search = TraceOrigin::Search::first;
    } else if (search != "exhaustive") {
      fail("origin",
           fmt::format("unknown search \"{}\" (expected exhaustive, first or random)", search));
    }
  }
  if (auto broken = check_invariants(t)) fail("", *broken);
  return t;
}

}  // namespace

nlohmann::json to_json(const Trace& trace) {
  json options = json::array();
  for (const auto& [name, value] : trace.options)
    options.push_back(json{{"name", name}, {"value", value}});
  json steps = json::array();
  for (const TraceStep& s : trace.steps)
    steps.push_back(step_to_json(s));
  json doc{{"format", "mapcheck-trace"},
           {"format_version", trace.format_version},
           {"spec_path", trace.spec_path},
           {"spec_hash", trace.spec_hash},
           {"options", std::move(options)},
           {"expectation", trace.expectation},
           {"verdict", verdict_name(trace.verdict)},
           {"steps", std::move(steps)},
           {"outcome", json{{"kind", trace.outcome.kind},
                            {"message", trace.outcome.message},
                            {"output", trace.outcome.output},
                            {"leak", trace.outcome.leak}}},
           {"preemptions", trace.preemptions}};
  // Not written for the simplest path, so exhaustive traces keep their bytes.
  if (trace.origin.search == TraceOrigin::Search::random)
    doc["origin"] = json{{"search", "random"},
                         {"execution", trace.origin.execution},
                         {"seed", trace.origin.seed},
                         {"schedule", trace.origin.schedule}};
  else if (trace.origin.search == TraceOrigin::Search::first)
    doc["origin"] = json{{"search", "first"}};
  return doc;
}

std::string write_json(const Trace& trace) {
  return to_json(trace).dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

std::variant<Trace, std::string> read_json(std::string_view text) {
  json doc;
  try {
    doc = json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    // e.what() reads "[json.exception.parse_error.101] parse error at line 3, column 5: ...".
    std::string what = e.what();
    const auto close = what.find("] ");
    if (close != std::string::npos) what = what.substr(close + 2);
    return fmt::format("not valid JSON: {}", what);
  }
  try {
    return trace_from_json(doc);
  } catch (const ReadError& e) {
    return e.message;
  }
}

}  // namespace mapcheck::traces
