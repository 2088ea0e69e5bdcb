// WorldSystem: decode the state, ask the interpreter, encode the successors.
#include "cli/world_system.h"

#include <stdexcept>

#include "model/encoding.h"

namespace mapcheck::cli {

WorldSystem::WorldSystem(const model::Program& program, model::RuntimeConfig cfg, bool fixed_order)
    : program_(program), cfg_(std::move(cfg)), fixed_order_(fixed_order) {}

namespace {
// True if goroutine g's next step is (the start of) mapiterinit, whose choices are the
// iterator's random r.
bool at_iterinit(const model::World& w, const model::Program& p, model::GoroutineId g) {
  const model::Goroutine* gr = w.find(g);
  if (gr == nullptr || gr->frames.empty()) return false;
  if (gr->call) return gr->call->op == model::MapOp::iterinit;
  const model::Frame& f = gr->frames.back();
  const auto& code = p.function(f.fn).code;
  return f.pc < code.size() && code[f.pc].op == model::Opcode::range_init;
}
}  // namespace

void WorldSystem::enabled_of(const model::World& w, std::vector<model::GoStep>& out) const {
  model::enabled_steps(w, program_, cfg_, out);
  if (!fixed_order_) return;
  std::erase_if(
      out, [&](const model::GoStep& s) { return s.choice != 0 && at_iterinit(w, program_, s.g); });
}

explorer::StateBytes WorldSystem::encode(const model::World& w) {
  explorer::StateBytes out;
  model::Encoder e(out);
  model::encode_world(w, e);
  return out;
}

model::World WorldSystem::decode(explorer::StateView s) const {
  model::Decoder d(s);
  model::World w = model::decode_world(d, program_);
  if (!d.at_end()) throw std::logic_error("WorldSystem: trailing bytes after a world");
  return w;
}

explorer::StateBytes WorldSystem::initial() const {
  return encode(model::initial_world(program_, cfg_));
}

void WorldSystem::enabled(explorer::StateView s, std::vector<explorer::Step>& out) const {
  const model::World w = decode(s);
  std::vector<model::GoStep> steps;
  enabled_of(w, steps);
  out.clear();
  for (const auto& st : steps)
    out.push_back(to_step(st));
}

explorer::StateBytes WorldSystem::apply(explorer::StateView s, const explorer::Step& step) const {
  model::World w = decode(s);
  model::apply_step(w, program_, cfg_, to_go_step(step), nullptr);
  return encode(w);
}

explorer::Footprint WorldSystem::footprint_of(const model::World& w, model::GoStep step) const {
  std::vector<model::ObjectAccess> accesses;
  bool visible = false;
  model::step_footprint(w, program_, cfg_, step, accesses, visible);
  explorer::Footprint fp;
  fp.visible = visible;
  fp.accesses.reserve(accesses.size());
  for (const auto& a : accesses)
    fp.accesses.push_back({a.object, a.write});
  return fp;
}

explorer::Footprint WorldSystem::footprint(explorer::StateView s,
                                           const explorer::Step& step) const {
  return footprint_of(decode(s), to_go_step(step));
}

explorer::Outcome WorldSystem::outcome(explorer::StateView s) const {
  const auto t = model::termination(decode(s));
  if (!t) throw std::logic_error("WorldSystem::outcome: the state is not terminal");
  return to_outcome(*t);
}

// Decodes once, then copies the world for each successor.
void WorldSystem::expand(explorer::StateView s, std::vector<explorer::Successor>& out) const {
  const model::World w = decode(s);
  std::vector<model::GoStep> steps;
  enabled_of(w, steps);
  out.clear();
  out.reserve(steps.size());
  for (const auto& st : steps) {
    model::World next = w;
    explorer::Footprint fp = footprint_of(w, st);
    model::apply_step(next, program_, cfg_, st, nullptr);
    explorer::StateBytes bytes;
    bytes.reserve(s.size() + 16);  // a successor is about as long as its parent
    model::Encoder e(bytes);
    model::encode_world(std::move(next), e);  // canonicalizes `next` in place: no copy
    out.push_back({to_step(st), std::move(fp), std::move(bytes)});
  }
}

explorer::Outcome to_outcome(const model::Termination& t) {
  explorer::Outcome o;
  switch (t.kind) {
    case model::TerminationKind::exit:
      o.kind = explorer::OutcomeKind::exit;
      break;
    case model::TerminationKind::fatal:
      o.kind = explorer::OutcomeKind::fatal;
      break;
    case model::TerminationKind::panic:
      o.kind = explorer::OutcomeKind::panic;
      break;
    case model::TerminationKind::deadlock:
      o.kind = explorer::OutcomeKind::deadlock;
      break;
  }
  if (o.kind == explorer::OutcomeKind::fatal || o.kind == explorer::OutcomeKind::panic)
    o.message = t.message;
  // Output distinguishes exits only, as DESIGN.md's outcomes do: a fatal error is the same
  // outcome whatever was printed before it (the differential check classifies runs so too).
  if (o.kind == explorer::OutcomeKind::exit) {
    o.output = t.output;
    o.leak = t.leak;
  }
  return o;
}

}  // namespace mapcheck::cli
