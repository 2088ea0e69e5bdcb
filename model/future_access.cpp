// FutureAccess: per-pc code summaries (a fixpoint over each function's jumps and the call
// graph) and the objects a goroutine can reach now.
#include "model/future_access.h"

#include <algorithm>

namespace mapcheck::model {

namespace {

void add_sorted(std::vector<GlobalId>& to, const std::vector<GlobalId>& from) {
  if (from.empty()) return;
  std::vector<GlobalId> merged;
  merged.reserve(to.size() + from.size());
  std::set_union(to.begin(), to.end(), from.begin(), from.end(), std::back_inserter(merged));
  to = std::move(merged);
}

void add(CodeReach& to, const CodeReach& from) {
  to.cells_read = to.cells_read || from.cells_read;
  to.cells_write = to.cells_write || from.cells_write;
  to.maps_read = to.maps_read || from.maps_read;
  to.maps_write = to.maps_write || from.maps_write;
  to.syncs = to.syncs || from.syncs;
  to.any_call = to.any_call || from.any_call;
  add_sorted(to.globals_read, from.globals_read);
  add_sorted(to.globals_written, from.globals_written);
}

/** What one instruction may touch by itself (callees not included). */
CodeReach own_reach(const Instr& in) {
  CodeReach r;
  switch (in.op) {
    case Opcode::load_cell:
      r.cells_read = true;
      break;
    case Opcode::store_cell:
      r.cells_write = true;
      break;
    case Opcode::load_global:
      r.globals_read.push_back(in.global);
      break;
    case Opcode::store_global:
      r.globals_written.push_back(in.global);
      break;
    case Opcode::len_map:
    case Opcode::map_get:
    case Opcode::map_get2:
    case Opcode::range_next:
    case Opcode::print:   // may print a map
    case Opcode::sprint:  // may format a map
      r.maps_read = true;
      break;
    case Opcode::map_set:
    case Opcode::map_delete:
    case Opcode::map_clear:
    case Opcode::range_init:
      r.maps_write = true;
      break;
    case Opcode::sync_op:
    case Opcode::chan_send:
    case Opcode::chan_recv:
    case Opcode::chan_range:
    case Opcode::chan_close:
    case Opcode::len_chan:
    case Opcode::select_:
      r.syncs = true;
      break;
    case Opcode::call:
    case Opcode::go:
    case Opcode::defer_:
      if (!in.func) r.any_call = true;
      break;
    default:
      break;
  }
  return r;
}

/** Pcs control may reach right after `in` at `pc` (over-approximated: every instruction but
 *  ret and jump may also fall through). */
void successors(const Instr& in, std::uint32_t pc, std::vector<std::uint32_t>& out) {
  out.clear();
  if (in.op == Opcode::ret) return;
  if (in.op != Opcode::jump) out.push_back(pc + 1);
  switch (in.op) {
    case Opcode::jump:
    case Opcode::branch:
    case Opcode::branch_not:
    case Opcode::range_next:
    case Opcode::chan_range:
      out.push_back(in.target);
      break;
    case Opcode::select_:
      if (in.has_default) out.push_back(in.target);
      for (const SelectArm& a : in.arms)
        out.push_back(a.target);
      break;
    default:
      break;
  }
}

/** Cells, maps and sync objects reachable from a goroutine's roots and the globals. */
struct Reach {
  std::vector<bool> cell, map, sync;

  /** Starts over from the globals of `w`, reusing this Reach's storage (it runs per
   *  goroutine per state). */
  void reset(const World& w) {
    cell.assign(w.cells.size(), false);
    map.assign(w.maps.size(), false);
    sync.assign(w.syncs.size(), false);
    for (const GoValue& v : w.globals)
      visit(w, v);
  }

  void visit_map(MapId m) {
    if (m.v < map.size()) map[m.v] = true;
  }

  void visit(const World& w, const GoValue& v) {
    if (const auto* s = std::get_if<SyncRef>(&v.v)) {
      if (!s->id || s->id->v >= sync.size() || sync[s->id->v] || !w.syncs[s->id->v]) return;
      sync[s->id->v] = true;
      for (const GoValue* x : w.syncs[s->id->v]->values())
        visit(w, *x);
    } else if (const auto* m = std::get_if<MapRef>(&v.v)) {
      if (m->id) visit_map(*m->id);
    } else if (const auto* f = std::get_if<FuncRef>(&v.v)) {
      for (CellId c : f->captures)
        visit_cell(w, c);
    } else if (const auto* c = std::get_if<CellRef>(&v.v)) {
      visit_cell(w, c->id);
    }
  }

  void visit_cell(const World& w, CellId c) {
    if (c.v >= cell.size() || cell[c.v] || !w.cells[c.v]) return;
    cell[c.v] = true;
    visit(w, *w.cells[c.v]);
  }
};

}  // namespace

FutureAccess::FutureAccess(const Program& p) : p_(p), from_pc_(p.functions.size()) {
  for (std::size_t f = 0; f < p.functions.size(); ++f)
    from_pc_[f].resize(p.functions[f].code.size() + 1);
  // from(f, pc) = own(pc) + from(callee, 0) + from(every successor): iterate to the least
  // fixpoint over all functions at once (loops and recursion converge: summaries only grow).
  std::vector<std::uint32_t> next;
  for (bool changed = true; changed;) {
    changed = false;
    for (std::size_t f = 0; f < p.functions.size(); ++f) {
      const auto& code = p.functions[f].code;
      for (std::size_t i = code.size(); i-- > 0;) {
        const auto pc = static_cast<std::uint32_t>(i);
        CodeReach r = own_reach(code[i]);
        // A captured named result is read from its cell as part of the returning step.
        if (code[i].op == Opcode::ret &&
            std::any_of(p.functions[f].results.begin(), p.functions[f].results.end(),
                        [](const ResultReg& x) { return x.in_cell; }))
          r.cells_read = true;
        if (code[i].func && (code[i].op == Opcode::call || code[i].op == Opcode::go ||
                             code[i].op == Opcode::defer_))
          add(r, from_pc_.at(code[i].func->v).front());
        successors(code[i], pc, next);
        for (std::uint32_t s : next)
          if (s < from_pc_[f].size()) add(r, from_pc_[f][s]);
        if (!(r == from_pc_[f][i])) {
          from_pc_[f][i] = std::move(r);
          changed = true;
        }
      }
    }
  }
}

const CodeReach& FutureAccess::from(FuncId fn, std::uint32_t pc) const {
  const auto& v = from_pc_.at(fn.v);
  return v.at(std::min<std::size_t>(pc, v.size() - 1));
}

void FutureAccess::of(const World& w, GoroutineId id, std::vector<ObjectAccess>& out) const {
  out.clear();
  const Goroutine* g = w.find(id);
  const std::uint32_t stdout_object = 0;
  out.push_back({stdout_object, true});
  if (g == nullptr) return;
  // The code it may still run: the top frame from its pc on, every frame below it from the
  // instruction after its call (its pc stays on the call until the callee returns), and
  // every deferred call.
  CodeReach code;
  for (std::size_t i = 0; i < g->frames.size(); ++i) {
    const Frame& f = g->frames[i];
    add(code, from(f.fn, i + 1 == g->frames.size() ? f.pc : f.pc + 1));
    for (const DeferredCall& d : f.defers)
      add(code, from(d.fn, 0));
  }
  if (code.any_call)
    for (std::size_t f = 0; f < from_pc_.size(); ++f)
      add(code, from_pc_[f].front());
  const bool map_call = g->call.has_value() || g->store.has_value();

  thread_local Reach reach;
  reach.reset(w);
  for (const Frame& f : g->frames) {
    for (const GoValue& v : f.regs)
      reach.visit(w, v);
    for (const auto& it : f.iters)
      if (it) reach.visit_map(it->map);
    for (const DeferredCall& d : f.defers)
      for (const GoValue& v : d.args)
        reach.visit(w, v);
  }
  if (g->panic) reach.visit(w, *g->panic);
  if (map_call) reach.visit_map(g->call_map);

  // Numbering as step_footprint's: 0 stdout, 1 + global, then cells, maps, sync objects.
  const auto globals = static_cast<std::uint32_t>(w.globals.size());
  const auto cells = static_cast<std::uint32_t>(w.cells.size());
  const auto maps = static_cast<std::uint32_t>(w.maps.size());
  for (GlobalId gl : code.globals_written)
    out.push_back({1 + gl.v, true});
  for (GlobalId gl : code.globals_read)
    if (!std::binary_search(code.globals_written.begin(), code.globals_written.end(), gl))
      out.push_back({1 + gl.v, false});
  if (code.cells_read || code.cells_write)
    for (std::uint32_t c = 0; c < cells; ++c)
      if (reach.cell[c]) out.push_back({1 + globals + c, code.cells_write});
  for (std::uint32_t m = 0; m < maps; ++m) {
    const bool in_call = map_call && g->call_map.v == m;
    if (in_call || ((code.maps_read || code.maps_write) && reach.map[m]))
      out.push_back({1 + globals + cells + m, in_call || code.maps_write});
  }
  if (code.syncs)
    for (std::uint32_t s = 0; s < w.syncs.size(); ++s)
      if (reach.sync[s]) out.push_back({1 + globals + cells + maps + s, true});
  std::sort(out.begin(), out.end());
}

}  // namespace mapcheck::model
