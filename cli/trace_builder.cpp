// build_trace: replays a path with step records and map snapshots.
#include "cli/trace_builder.h"

#include <algorithm>
#include <set>
#include <stdexcept>

#include <fmt/format.h>

#include "model/encoding.h"
#include "model/interpreter.h"
#include "traces/snapshot_text.h"

namespace mapcheck::cli {

namespace {

std::vector<traces::MapCell> cells_of(const model::BMap& b) {
  std::vector<traces::MapCell> out;
  for (const model::Cell& c : b.cells) {
    traces::MapCell mc;
    mc.tophash = c.top;
    if (c.top >= model::tophash::min_top_hash) {
      mc.key = model::go_literal(c.key);
      mc.elem = model::go_literal(c.elem);
    }
    out.push_back(std::move(mc));
  }
  return out;
}

bool chain_empty(const model::BucketChain& ch) {
  for (const auto& b : ch.chain)
    for (const auto& c : b.cells)
      if (c.top != model::tophash::empty_rest) return false;
  return true;
}

// Buckets of one array that hold anything (live cells, tombstones or evacuation marks).
std::vector<traces::MapBucket> buckets_of(const model::BucketArray* arr, bool old) {
  std::vector<traces::MapBucket> out;
  if (arr == nullptr) return out;
  for (std::uint32_t i = 0; i < arr->buckets.size(); ++i) {
    const model::BucketChain& ch = arr->buckets[i];
    if (chain_empty(ch)) continue;
    traces::MapBucket mb;
    mb.index = traces::BucketIndex{i};
    mb.cells = cells_of(ch.chain[0]);
    for (std::size_t d = 1; d < ch.chain.size(); ++d)
      mb.overflow.push_back(cells_of(ch.chain[d]));
    const std::uint8_t t0 = ch.chain[0].cells[0].top;
    mb.evacuated = old && model::is_evacuated_mark(t0);
    out.push_back(std::move(mb));
  }
  return out;
}

explorer::StateBytes encode_canonical(const model::World& w) {
  return WorldSystem::encode(w);
}

}  // namespace

traces::MapSnapshot snapshot_map(const model::HMap& h, std::uint32_t map_id) {
  traces::MapSnapshot s;
  s.map = traces::MapId{map_id};
  s.B = h.B;
  s.count = h.count;
  s.flags = traces::hmap_flags_text(h.flags);
  s.growing = h.growing();
  s.nevacuate = h.growing() ? h.nevacuate : 0;
  if (h.buckets) s.buckets = buckets_of(h.array(*h.buckets), false);
  if (h.oldbuckets) s.oldbuckets = buckets_of(h.array(*h.oldbuckets), true);
  return s;
}

traces::Trace build_trace(const WorldSystem& system, const TraceContext& ctx,
                          const explorer::Path& path, traces::Verdict verdict,
                          std::string expectation) {
  const model::Program& p = system.program();
  const model::RuntimeConfig& cfg = system.config();
  traces::Trace t;
  t.spec_path = ctx.spec_path;
  t.spec_hash = traces::spec_hash(ctx.spec_source);
  t.options = ctx.options;
  t.expectation = std::move(expectation);
  t.verdict = verdict;

  model::World w = system.decode(system.initial());
  std::vector<model::GoStep> enabled;
  std::optional<model::GoroutineId> previous;
  // Goroutines started by a `go` step whose first step is still to come: goroutine -> step.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> pending_start;

  for (const explorer::Step& es : path) {
    const model::GoStep step = to_go_step(es);
    model::enabled_steps(w, p, cfg, enabled);
    if (!std::binary_search(enabled.begin(), enabled.end(), step))
      throw std::logic_error(
          fmt::format("build_trace: step {} of the path is not enabled", t.steps.size() + 1));
    const bool previous_could_continue =
        previous && std::any_of(enabled.begin(), enabled.end(),
                                [&](const model::GoStep& s) { return s.g == *previous; });

    std::set<std::uint32_t> before;
    for (const auto& g : w.goroutines)
      before.insert(g.id.v);

    model::StepRecord rec;
    model::apply_step(w, p, cfg, step, &rec);

    traces::TraceStep ts;
    ts.index = traces::StepIndex{static_cast<std::uint32_t>(t.steps.size() + 1)};
    ts.goroutine = traces::GoroutineId{step.g.v};
    ts.choice = step.choice;
    ts.choice_text = rec.choice_text;
    ts.line = rec.loc.line;
    ts.col = rec.loc.col;
    ts.source = rec.source;
    ts.function = std::string(rec.label.function);
    ts.statement = std::string(rec.label.statement);
    ts.runtime_file = std::string(rec.label.file);
    ts.event = std::string(model::step_event_name(rec.event));
    ts.deciding = rec.deciding;
    ts.preemption = previous && *previous != step.g && previous_could_continue;
    if (ts.preemption) ++t.preemptions;
    for (const auto& g : w.goroutines) {
      if (before.count(g.id.v) == 0) {
        ts.spawned = traces::GoroutineId{g.id.v};
        pending_start.emplace_back(g.id.v, ts.index.v);
      }
    }
    auto started = std::find_if(pending_start.begin(), pending_start.end(),
                                [&](const auto& e) { return e.first == step.g.v; });
    if (started != pending_start.end()) {
      ts.sync_from = traces::StepIndex{started->second};
      pending_start.erase(started);
    }
    if (rec.map_changed && rec.map_changed->v < w.maps.size() && w.maps[rec.map_changed->v])
      ts.map = snapshot_map(*w.maps[rec.map_changed->v], rec.map_changed->v);
    t.steps.push_back(std::move(ts));
    previous = step.g;
    // Continue from the canonical world, as the explorer did.
    const auto bytes = encode_canonical(w);
    w = system.decode(bytes);
  }
  const auto term = model::termination(w);
  if (term) {
    const explorer::Outcome o = to_outcome(*term);
    t.outcome.kind = std::string(explorer::outcome_kind_name(o.kind));
    t.outcome.message = o.message;
    t.outcome.output = term->output;
    t.outcome.leak = o.leak;
  }
  return t;
}

}  // namespace mapcheck::cli
