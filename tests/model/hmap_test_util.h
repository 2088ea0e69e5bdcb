// Helpers for the map-model suites: build maps, run whole operations sequentially, range over
// a map with a loop body, and step two calls by hand. Test-only; header-only.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/hasher.h"
#include "model/hiter.h"
#include "model/hmap.h"
#include "model/map_call.h"

namespace mapcheck::model::testutil {

inline Value I(std::int64_t v) {
  return Value::of_int(v);
}
inline Value S(std::string v) {
  return Value::of_string(std::move(v));
}

inline RuntimeConfig config(Grain g = Grain::phase, RuntimeVersion v = RuntimeVersion::go1_23) {
  RuntimeConfig cfg;
  cfg.grain = g;
  cfg.version = v;
  return cfg;
}

/** A hash for hash=table placing a key in bucket `bucket` with tophash `top` (>= 5). */
inline std::uint64_t placed_hash(std::uint64_t bucket, std::uint8_t top) {
  return (static_cast<std::uint64_t>(top) << 56) | bucket;
}

inline void put(HMap& h, const Key& k, const Value& v, const RuntimeConfig& cfg) {
  map_assign(h, k, v, cfg);
}

inline std::optional<Value> get(HMap& h, const Key& k, const RuntimeConfig& cfg) {
  const MapStepResult r = run_map_op(h, nullptr, MapOp::access2, k, 0, cfg);
  if (!r.found) return std::nullopt;
  return r.value;
}

inline void del(HMap& h, const Key& k, const RuntimeConfig& cfg) {
  run_map_op(h, nullptr, MapOp::del, k, 0, cfg);
}

inline void clear(HMap& h, const RuntimeConfig& cfg) {
  run_map_op(h, nullptr, MapOp::clear, Key{}, 0, cfg);
}

/** Number of choices of mapiterinit on h (2^B * 8, or 1 for an empty map). */
inline std::uint32_t iter_choices(const HMap& h, const RuntimeConfig& cfg) {
  return map_choices(h, begin_map_call(MapOp::iterinit), cfg);
}

/** `for k, v := range m { body(k, v) }` with iterator choice `choice`, every map operation
 *  run whole (op grain). The body may mutate h. Returns the produced pairs in order; stops
 *  after `limit` iterations (a test bug guard). */
inline std::vector<std::pair<Key, Value>> range_map(
    HMap& h, std::uint32_t choice, const RuntimeConfig& cfg,
    const std::function<void(const Key&, const Value&)>& body = {}, std::size_t limit = 100000) {
  std::vector<std::pair<Key, Value>> out;
  HIter it;
  MapStepResult r = run_map_op(h, &it, MapOp::iterinit, Key{}, choice, cfg);
  while (r.status == MapStatus::done && r.found && out.size() < limit) {
    out.emplace_back(*r.it_key, *r.it_elem);
    if (body) body(*r.it_key, *r.it_elem);
    r = run_map_op(h, &it, MapOp::iternext, Key{}, 0, cfg);
  }
  return out;
}

/** Steps `call` (one map_step) and returns the result; label in *label if given. */
inline MapStepResult step(HMap& h, HIter* it, MapCall& call, const RuntimeConfig& cfg,
                          std::uint32_t choice = 0, StepLabel* label = nullptr) {
  return map_step(h, it, call, choice, cfg, label);
}

/** Steps `call` until its next micro-step is `pc` (it must get there before finishing). */
inline void step_until(HMap& h, HIter* it, MapCall& call, const RuntimeConfig& cfg, MapPc pc) {
  while (call.pc != pc) {
    const MapStepResult r = map_step(h, it, call, 0, cfg, nullptr);
    if (r.status != MapStatus::running)
      throw std::logic_error("step_until: call finished before reaching the pc");
  }
}

}  // namespace mapcheck::model::testutil
