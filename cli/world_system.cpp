// WorldSystem: decode the state, ask the interpreter, encode the successors.
#include "cli/world_system.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <stdexcept>

#include <fmt/format.h>

#include "model/encoding.h"

namespace mapcheck::cli {

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

void WorldSystem::enabled_of(const model::World& w, std::vector<model::GoStep>& out,
                             std::size_t* held) const {
  model::enabled_steps(w, program_, cfg_, out, held);
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

// The model's footprint, plus what the end of the program observes. Main's exit disables
// every other step and reports `leak` from the other goroutines' positions and the sync
// objects they wait on, so a step of another goroutine is made to conflict with it (a read
// of stdout, which every future writes: any goroutine may end the program) if it writes a
// sync object, or leaves the goroutine it moved, or one it started, where it may wait.
// A step that ends the program here is visible: it must not be taken ahead of the steps it
// would cut off.
void WorldSystem::footprint_of(const model::World& w, model::GoStep step, const model::World& next,
                               explorer::Footprint& fp) const {
  thread_local std::vector<model::ObjectAccess> accesses;  // per successor: no allocation
  bool visible = false;
  model::step_footprint(w, program_, cfg_, step, accesses, visible);
  fp.visible = visible || next.term.has_value();
  fp.accesses.clear();  // keeps its capacity: expand overwrites its successors in place
  const std::size_t first_sync = 1 + w.globals.size() + w.cells.size() + w.maps.size();
  bool leak_relevant = false;
  for (const auto& a : accesses) {
    fp.accesses.push_back({a.object, a.write});
    leak_relevant = leak_relevant || (a.write && a.object >= first_sync);
  }
  leak_relevant = leak_relevant || model::may_wait(next, program_, step.g);
  for (const model::Goroutine& g : next.goroutines)
    if (!leak_relevant && w.find(g.id) == nullptr)
      leak_relevant = model::may_wait(next, program_, g.id);
  // Only main (g1) exits, and its own steps always come before its exit.
  if (leak_relevant && step.g != model::GoroutineId{1}) {
    fp.accesses.push_back({0, false});
    // Every future writes stdout, so this step's actor would pull every live actor into any
    // persistent set it joined: no set ever holds it. Saying so lets the explorer see it
    // without futures (persistent_set_impossible), and changes no choice.
    fp.visible = true;
  }
}

explorer::Footprint WorldSystem::footprint(explorer::StateView s,
                                           const explorer::Step& step) const {
  const model::World w = decode(s);
  model::World next = w;
  model::apply_step(next, program_, cfg_, to_go_step(step), nullptr);
  explorer::Footprint fp;
  footprint_of(w, to_go_step(step), next, fp);
  return fp;
}

explorer::Outcome WorldSystem::outcome(explorer::StateView s) const {
  const auto t = model::termination(decode(s));
  if (!t) throw std::logic_error("WorldSystem::outcome: the state is not terminal");
  return to_outcome(*t);
}

namespace {
/** First word of a sync step's memo key (recall_sync_step): no map step's key starts with it
 *  (theirs start with the choice, a small index). */
constexpr std::uint32_t kSyncStepKey = 0xFFFF'FFFFu;
/** The last state this thread expanded, decoded: the explorer asks for a state's futures
 *  right after expanding it, so futures() need not decode it again. Per thread, because
 *  expand runs on several threads at once. */
struct LastExpanded {
  const WorldSystem* system = nullptr;
  explorer::StateBytes state;
  /** Where the explorer held `state` when it asked for the expansion. */
  const std::byte* view = nullptr;
  /** Goroutines of `world` held at the call-depth bound (held_back). */
  std::size_t held = 0;
  model::World world;
};
thread_local LastExpanded last_expanded;
/** The successor being built: assigning the parent to it reuses the vectors (goroutines,
 *  frames, registers, buckets) of the previous successor instead of allocating them anew, and
 *  assigns only what the previous step changed. */
thread_local model::World successor;
/** Where the parts of the state being expanded end (model::decode_world_parts), and those
 *  of the state expanded before it. */
thread_local std::vector<std::size_t> parent_ends, prev_ends;
/** Where each goroutine's frames start in its part, in the state being expanded and in the
 *  one expanded before (decode_world_parts_over). */
thread_local std::vector<std::uint32_t> parent_frames, prev_frames;
/** The parts in which `successor` differs from the world being expanded. */
thread_local model::PartChanges successor_changes;
/** The parts in which the world being expanded differs from the one expanded before. */
thread_local model::PartChanges parent_changes;
/** Where each goroutine of the world being expanded first reaches objects (reach_marks), or
 *  empty until a successor needs them. */
thread_local std::vector<model::ReachCounts> parent_marks;
/** What the step that built `successor` wrote. */
thread_local model::StepTouch touch;
/** This thread's memo of map micro-steps, and the serial of the system it holds them for. */
thread_local StepMemo step_memo;
thread_local std::uint64_t step_memo_owner = 0;

/** Part `p` of state bytes `b` whose parts end at `ends` (part 0: globals and cells). */
template <class End>
std::span<const std::byte> part_of(std::span<const std::byte> b, std::span<const End> ends,
                                   std::size_t p) {
  const std::size_t from = p == 0 ? 0 : ends[p - 1];
  return b.subspan(from, ends[p] - from);
}

/** The bytes of a state's successor by a remembered map or sync step: the parent `s` (parts
 *  ending at `ends`) with part `gp` (the goroutine's) and, unless the step left it as it was,
 *  part `mp` (the map's or sync object's, mp < gp) replaced by the memo's; and where its parts
 *  end. */
void splice_successor(explorer::StateView s, std::span<const std::size_t> ends, std::size_t mp,
                      std::size_t gp, const StepMemo::Result& r, explorer::StateBytes& out,
                      std::vector<std::uint32_t>& out_ends) {
  const std::size_t ms = ends[mp - 1], me = ends[mp], gs = ends[gp - 1], ge = ends[gp];
  const std::size_t map_size = r.map_same ? me - ms : r.map.size();
  out.resize(s.size() - (me - ms) - (ge - gs) + map_size + r.goroutine.size());
  std::byte* at = out.data();
  const auto put = [&](const void* from, std::size_t n) {
    if (n > 0) std::memcpy(at, from, n);
    at += n;
  };
  put(s.data(), r.map_same ? gs : ms);
  if (!r.map_same) {
    put(r.map.data(), r.map.size());
    put(s.data() + me, gs - me);
  }
  put(r.goroutine.data(), r.goroutine.size());
  put(s.data() + ge, s.size() - ge);
  const auto dm = static_cast<std::ptrdiff_t>(map_size) - static_cast<std::ptrdiff_t>(me - ms);
  const auto dg =
      static_cast<std::ptrdiff_t>(r.goroutine.size()) - static_cast<std::ptrdiff_t>(ge - gs);
  out_ends.resize(ends.size());
  for (std::size_t p = 0; p < ends.size(); ++p)
    out_ends[p] = static_cast<std::uint32_t>(static_cast<std::ptrdiff_t>(ends[p]) +
                                             (p >= mp ? dm : 0) + (p >= gp ? dg : 0));
}

/** The successor a remembered step makes from `s`: its parts spliced into the parent's, or
 *  the ended state (whose parts no list gives). */
void remembered_successor(explorer::StateView s, std::span<const std::size_t> ends, std::size_t mp,
                          std::size_t gp, const StepMemo::Result& r, explorer::StateBytes& out,
                          std::vector<std::uint32_t>& out_ends) {
  if (r.ended) {
    out.assign(r.goroutine.begin(), r.goroutine.end());
    out_ends.clear();
  } else {
    splice_successor(s, ends, mp, gp, r, out, out_ends);
  }
}

/** True if `next` (bytes `bytes`, parts ending at `ends`) differs from its parent `s` (parts
 *  ending at `parent`) in parts `mp` and `gp` at most. */
bool only_parts_differ(explorer::StateView s, std::span<const std::size_t> parent,
                       std::span<const std::byte> bytes, std::span<const std::uint32_t> ends,
                       std::size_t mp, std::size_t gp) {
  if (ends.size() != parent.size()) return false;
  const auto same = [&](std::size_t from, std::size_t to) {  // parts [from, to) of both
    const std::size_t a = from == 0 ? 0 : parent[from - 1], b = from == 0 ? 0 : ends[from - 1];
    const std::size_t n = (to == 0 ? 0 : parent[to - 1]) - a;
    return n == (to == 0 ? 0 : ends[to - 1]) - b &&
           std::memcmp(s.data() + a, bytes.data() + b, n) == 0;
  };
  return same(0, mp) && same(mp + 1, gp) && same(gp + 1, parent.size());
}
}  // namespace

// Decodes once (into the per-thread world), then restores each successor from it, and writes
// again only the parts of the successor's bytes the step touched, as the interpreter reports
// them (or, when the step made, dropped or renumbered objects, the parts that differ).
void WorldSystem::expand(explorer::StateView s, std::vector<explorer::Successor>& out) const {
  expand_with(s, out, true, std::nullopt);
}

void WorldSystem::expand_without_footprints(explorer::StateView s,
                                            std::vector<explorer::Successor>& out) const {
  expand_with(s, out, false, std::nullopt);
}

std::size_t WorldSystem::expand_without_preempting(explorer::StateView s, explorer::ActorId actor,
                                                   std::vector<explorer::Successor>& out) const {
  return expand_with(s, out, false, model::GoroutineId{actor.v});
}

std::size_t WorldSystem::expand_with(explorer::StateView s, std::vector<explorer::Successor>& out,
                                     bool footprints,
                                     std::optional<model::GoroutineId> continuing) const {
  // `w` holds the state expanded before (and `successor` its last successor, which differs
  // from it by successor_changes) unless that expansion was another system's or failed.
  const bool have_prev = last_expanded.system == this;
  last_expanded.system = nullptr;  // until `w` holds `s`
  model::World& w = last_expanded.world;
  model::Decoder d(s);
  std::swap(parent_ends, prev_ends);
  std::swap(parent_frames, prev_frames);
  // Reads only the parts in which `s` differs from the state expanded before.
  const std::span<const std::byte> prev_state = last_expanded.state;
  model::decode_world_parts_over(d, w, have_prev ? prev_state : std::span<const std::byte>{},
                                 have_prev ? prev_ends : std::span<const std::size_t>{},
                                 prev_frames, parent_ends, parent_frames, parent_changes);
  if (have_prev)
    model::merge_changes(successor_changes, parent_changes);  // `successor` against `w`
  else
    successor_changes.aligned = false;
  parent_marks.clear();                           // computed by the first successor that needs them
  thread_local std::vector<model::GoStep> steps;  // per state: no allocation
  enabled_of(w, steps, &last_expanded.held);
  // Only `continuing`'s steps, when it has one: the others are not built at all.
  std::size_t left_out = 0;
  if (continuing && std::any_of(steps.begin(), steps.end(),
                                [&](const model::GoStep& st) { return st.g == *continuing; })) {
    const std::size_t all = steps.size();
    std::erase_if(steps, [&](const model::GoStep& st) { return st.g != *continuing; });
    left_out = all - steps.size();
  }
  // `out`'s elements are overwritten in place: their buffers (state bytes, part ends) keep
  // their capacity from one state to the next, so no successor allocates.
  out.resize(steps.size());
  thread_local std::vector<std::size_t> ends;
  if (step_memo_owner != serial_) {
    step_memo = StepMemo{};  // and its hits count from 0
    step_memo_owner = serial_;
  }
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const model::GoStep st = steps[i];
    explorer::Successor& x = out[i];
    x.step = to_step(st);
    // A map or sync step met before (StepMemo): its parts spliced into the parent's.
    std::size_t mp = 0, gp = 0;
    const StepMemo::Result* hit = use_step_memo_ ? recall_step(w, s, st, mp, gp) : nullptr;
    if (hit && !check_successors_) {
      remembered_successor(s, parent_ends, mp, gp, *hit, x.state, x.part_ends);
      if (cut_frames_ && !x.part_ends.empty())  // a remembered step changes gp and mp only
        cut_at_frames(x.state, w.maps.size(), w.syncs.size(), x.part_ends, parent_frames, {}, gp);
      x.footprint.accesses.clear();
      x.footprint.visible = false;
      if (footprints) {
        x.footprint.accesses.assign(hit->accesses.begin(), hit->accesses.end());
        x.footprint.visible = hit->visible;
      }
      continue;
    }
    model::World& next = successor;
    model::restore_world(next, w, successor_changes);
    if (check_successors_ && !(next == w))
      throw std::logic_error("WorldSystem: a restored successor is not its parent");
    model::apply_step(next, program_, cfg_, st, nullptr, &touch);
    if (footprints) {
      footprint_of(w, st, next, x.footprint);
    } else {
      x.footprint.accesses.clear();
      x.footprint.visible = false;
    }
    // Written over the bytes of the successor this buffer held before, with room for one about
    // as long as its parent: growing the buffer zero-fills, rewriting it does not.
    if (x.state.size() < s.size() + 16) x.state.resize(s.size() + 16);
    {
      model::Encoder e(x.state, model::Encoder::Overwrite{});
      if (!model::encode_touched_successor(next, w, s, parent_ends, parent_marks, touch, e,
                                           successor_changes, &ends))
        model::encode_successor_in_place(next, w, s, parent_ends, e, successor_changes,
                                         &ends);  // no second copy
    }
    // Where the parts end, for the collapse store (components() would decode the state).
    x.part_ends.assign(ends.begin(), ends.end());
    if (check_successors_) {
      check_successor(w, st, x.state);
      if (hit) check_remembered(s, st, *hit, mp, gp, x, footprints);
    }
    if (gp != 0 && !hit) remember_step(w, s, st, next, x, footprints, mp, gp);
    // (After the memo: it reads the parts uncut.)
    if (cut_frames_ && !x.part_ends.empty()) {
      // Goroutine parts the step left as the parent's (lined up with them) keep their cuts.
      const bool lined_up = successor_changes.aligned && !successor_changes.relaid &&
                            successor_changes.changed.size() == parent_frames.size();
      cut_at_frames(x.state, next.maps.size(), next.syncs.size(), x.part_ends,
                    lined_up ? std::span<const std::uint32_t>(parent_frames)
                             : std::span<const std::uint32_t>{},
                    successor_changes.changed);
    }
    if (check_successors_) check_part_ends(x.state, x.part_ends);
  }
  if (steps.empty()) successor_changes.aligned = false;  // `successor` is older than `w`
  last_expanded.system = this;
  last_expanded.state.assign(s.begin(), s.end());
  last_expanded.view = s.data();
  return left_out;
}

// The key: the choice, the object counts that number the footprint's objects, the goroutine's,
// the map's and the output's parts (a step that ends the program leaves only output and
// ending), the globals and cells (part 0: what the goroutine reaches through cells fixes its
// numbering, see remember_step), the lengths that delimit them, and the arrays of the map the
// other goroutines' iterators and map calls reference (they keep arrays the map dropped alive,
// so the map's part after the step depends on them; the stepping goroutine's own are in its
// part).
const StepMemo::Result* WorldSystem::recall_step(const model::World& w, explorer::StateView s,
                                                 model::GoStep st, std::size_t& mp,
                                                 std::size_t& gp) const {
  const std::size_t first_g = 1 + w.maps.size() + w.syncs.size();
  if (parent_ends.size() != first_g + w.goroutines.size() + 1) return nullptr;  // ended
  const std::optional<model::MapId> map = model::map_step_target(w, program_, cfg_, st.g);
  const auto g =
      std::lower_bound(w.goroutines.begin(), w.goroutines.end(), st.g,
                       [](const model::Goroutine& x, model::GoroutineId id) { return x.id < id; });
  const std::size_t g_part = first_g + static_cast<std::size_t>(g - w.goroutines.begin());
  if (!map) return recall_sync_step(w, s, st, g_part, mp, gp);
  mp = 1 + map->v;
  gp = g_part;
  thread_local std::vector<model::ArrayId> refs;
  model::arrays_referenced(w, *map, st.g, refs);
  const auto part = [&](std::size_t p) { return part_of<std::size_t>(s, parent_ends, p); };
  const std::size_t out_part = parent_ends.size() - 1;
  const auto cells = part(0);
  const std::uint32_t head[] = {st.choice,
                                static_cast<std::uint32_t>(w.globals.size()),
                                static_cast<std::uint32_t>(w.cells.size()),
                                static_cast<std::uint32_t>(part(gp).size()),
                                static_cast<std::uint32_t>(part(mp).size()),
                                static_cast<std::uint32_t>(part(out_part).size()),
                                static_cast<std::uint32_t>(cells.size())};
  return step_memo.find({std::as_bytes(std::span(head)), part(gp), part(mp), part(out_part), cells,
                         std::as_bytes(std::span(refs))});
}

namespace {
/** atomic.Value's methods: its object holds a value, which may reference objects. */
bool value_op(model::SyncOp op) {
  return op == model::SyncOp::value_load || op == model::SyncOp::value_store ||
         op == model::SyncOp::value_swap || op == model::SyncOp::value_cas;
}
}  // namespace

// A sync method's step (a Mutex's, RWMutex's, WaitGroup's or atomic integer's: their objects
// hold no references) reads and writes the goroutine and the object. After it, every goroutine
// standing at a method of the object is made runnable or waiting as the object now allows
// (Machine::refresh_waiting): the key holds the method, phase and status of each of the other
// goroutines there, so a step remembered without changing them changes none in a state with
// the same key. It holds the map count too: the footprint numbers sync objects after the maps.
const StepMemo::Result* WorldSystem::recall_sync_step(const model::World& w, explorer::StateView s,
                                                      model::GoStep st, std::size_t g_part,
                                                      std::size_t& mp, std::size_t& gp) const {
  const std::optional<model::SyncStand> at = model::sync_stand(w, program_, st.g);
  if (!at || at->status != model::GoStatus::runnable || value_op(at->op)) return nullptr;
  thread_local std::vector<std::uint32_t> others;
  others.clear();
  for (const model::Goroutine& h : w.goroutines) {
    if (h.id == st.g) continue;
    const auto o = model::sync_stand(w, program_, h.id);
    if (o && o->object == at->object)
      others.push_back(static_cast<std::uint32_t>(o->op) << 16 |
                       static_cast<std::uint32_t>(o->phase) << 8 |
                       static_cast<std::uint32_t>(o->status));
  }
  std::sort(others.begin(), others.end());
  mp = 1 + w.maps.size() + at->object.v;
  gp = g_part;
  const auto part = [&](std::size_t p) { return part_of<std::size_t>(s, parent_ends, p); };
  const auto cells = part(0);
  const std::uint32_t head[] = {kSyncStepKey,
                                st.choice,
                                static_cast<std::uint32_t>(w.globals.size()),
                                static_cast<std::uint32_t>(w.cells.size()),
                                static_cast<std::uint32_t>(w.maps.size()),
                                static_cast<std::uint32_t>(part(gp).size()),
                                static_cast<std::uint32_t>(part(mp).size()),
                                static_cast<std::uint32_t>(cells.size()),
                                static_cast<std::uint32_t>(others.size())};
  return step_memo.find({std::as_bytes(std::span(head)), part(gp), part(mp), cells,
                         std::as_bytes(std::span(others))});
}

// Remembered if the step stayed inside the goroutine's part and the map's or sync object's,
// left the goroutine where the key fixes its status and no other goroutine's depends on its
// position, and kept the order in which it reaches objects; or (a map step) ended the program
// from there (an ended state is its output and ending alone).
void WorldSystem::remember_step(const model::World& w, explorer::StateView s, model::GoStep st,
                                const model::World& next, const explorer::Successor& x,
                                bool footprints, std::size_t mp, std::size_t gp) const {
  const model::Goroutine* after = next.find(st.g);
  // Part mp is a map's or (recall_sync_step) a sync object's.
  const bool sync = mp > w.maps.size();
  const model::MapId map{static_cast<std::uint32_t>(mp - 1)};
  const model::SyncId object{static_cast<std::uint32_t>(mp - 1 - w.maps.size())};
  const bool inside = !touch.globals_cells && !touch.structure && !touch.made_object &&
                      std::all_of(touch.goroutines.begin(), touch.goroutines.end(),
                                  [&](model::GoroutineId id) { return id == st.g; }) &&
                      std::all_of(touch.maps.begin(), touch.maps.end(),
                                  [&](model::MapId m) { return !sync && m == map; }) &&
                      std::all_of(touch.syncs.begin(), touch.syncs.end(),
                                  [&](model::SyncId o) { return sync && o == object; });
  StepMemo::Result r;
  r.ended = next.term.has_value();
  const std::span<const std::uint32_t> ends = x.part_ends;
  if (r.ended) {
    if (!inside || sync) return;  // a sync step's key holds no output
    r.goroutine = x.state;
  } else {
    // Where the goroutine may wait, its status follows the objects it waits on, and at a
    // channel operation other goroutines' follow its position. At a sync method it is fixed
    // by the key if the method never waits or (a sync step) waits on the step's object.
    const auto status_in_key = [&] {
      const auto at = model::sync_stand(next, program_, st.g);
      return at && (model::sync_always_ready(at->op, at->phase) || (sync && at->object == object));
    };
    if (!inside || touch.output || after == nullptr ||
        (model::may_wait(next, program_, st.g) && !status_in_key()) ||
        !only_parts_differ(s, parent_ends, x.state, ends, mp, gp))
      return;
    // The key holds no other goroutine: a step that changed which objects the goroutine
    // reaches, or in which order, could renumber objects, or drop one, in another state with
    // this key. It holds the cells (part 0), which the order follows.
    const model::Goroutine& stepped = *w.find(st.g);
    if (!model::same_references(stepped, *after)) {
      thread_local std::vector<std::uint32_t> refs_before, refs_after;
      model::reach_order(w, stepped, refs_before);
      model::reach_order(next, *after, refs_after);
      if (refs_before != refs_after) return;
    }
    r.goroutine = part_of(std::span<const std::byte>(x.state), ends, gp);
    const auto before = part_of<std::size_t>(s, parent_ends, mp);
    const auto now = part_of(std::span<const std::byte>(x.state), ends, mp);
    // memcmp: std::equal compares std::byte one at a time (libstdc++ 12).
    r.map_same =
        before.size() == now.size() && std::memcmp(before.data(), now.data(), now.size()) == 0;
    if (!r.map_same) r.map = now;
  }
  thread_local explorer::Footprint fp;
  if (footprints)
    fp = x.footprint;
  else
    footprint_of(w, st, next, fp);
  r.accesses = fp.accesses;
  r.visible = fp.visible;
  step_memo.add(r);
}

// With check_successors_: the remembered successor must be the one just built.
void WorldSystem::check_remembered(explorer::StateView s, model::GoStep st,
                                   const StepMemo::Result& hit, std::size_t mp, std::size_t gp,
                                   const explorer::Successor& x, bool footprints) const {
  explorer::StateBytes bytes;
  std::vector<std::uint32_t> ends;
  remembered_successor(s, parent_ends, mp, gp, hit, bytes, ends);
  if (bytes != x.state || ends != x.part_ends ||
      (footprints && (!std::equal(hit.accesses.begin(), hit.accesses.end(),
                                  x.footprint.accesses.begin(), x.footprint.accesses.end()) ||
                      hit.visible != x.footprint.visible)))
    throw std::logic_error(
        fmt::format("WorldSystem: the remembered successor by {} of {} differs from the one built",
                    st.g, st.choice));
}

void WorldSystem::check_successor(const model::World& w, model::GoStep step,
                                  const explorer::StateBytes& bytes) const {
  model::World plain = w;
  model::apply_step(plain, program_, cfg_, step, nullptr);
  if (encode(plain) != bytes)
    throw std::logic_error(
        fmt::format("WorldSystem: the successor by {} of {} differs from the "
                    "plain encoding",
                    step.g, step.choice));
}

void WorldSystem::check_part_ends(const explorer::StateBytes& bytes,
                                  const std::vector<std::uint32_t>& part_ends) const {
  if (part_ends.empty()) return;  // none given (an ended successor): components() splits it
  std::vector<explorer::StateView> parts;
  components(bytes, parts);
  std::vector<std::uint32_t> want;
  std::size_t end = 0;
  for (const auto& p : parts)
    want.push_back(static_cast<std::uint32_t>(end += p.size()));
  if (want != part_ends)
    throw std::logic_error("WorldSystem: a successor's part ends are not its components'");
}

namespace {
/** Numbers WorldSystems, so that a per-thread memo knows whose goroutines it holds (an
 *  address may be reused by a later system). */
std::atomic<std::uint64_t> next_serial{1};
/** This thread's memo of futures, and the serial of the system it holds them for. */
thread_local FutureMemo future_memo;
thread_local std::uint64_t future_memo_owner = 0;
}  // namespace

WorldSystem::WorldSystem(const model::Program& program, model::RuntimeConfig cfg, bool fixed_order)
    : program_(program),
      cfg_(std::move(cfg)),
      fixed_order_(fixed_order),
      future_(program),
      serial_(next_serial++) {}

std::uint64_t WorldSystem::step_memo_hits() const {
  return step_memo_owner == serial_ ? step_memo.hits() : 0;
}

// Fills `out` in place: its entries' access vectors keep their capacity from state to state.
// Each goroutine's future comes from the memo when its part and the context (FutureMemo) were
// met before: in a search, nearly always.
std::size_t WorldSystem::held_back(explorer::StateView s) const {
  if (!cfg_.max_call_depth) return 0;
  // The explorer asks right after expanding `s`, with the same view: the address settles it
  // without comparing the bytes.
  const bool cached = last_expanded.system == this && s.size() == last_expanded.state.size() &&
                      (s.data() == last_expanded.view ||
                       std::memcmp(s.data(), last_expanded.state.data(), s.size()) == 0);
  if (cached) return last_expanded.held;
  return model::held_at_call_depth(decode(s), program_, cfg_);
}

bool WorldSystem::futures(explorer::StateView s, std::vector<explorer::ActorFuture>& out) const {
  const bool cached = last_expanded.system == this && s.size() == last_expanded.state.size() &&
                      std::memcmp(s.data(), last_expanded.state.data(), s.size()) == 0;
  thread_local model::World decoded;
  thread_local std::vector<std::size_t> decoded_ends;
  if (!cached) {
    model::Decoder d(s);
    model::decode_world_parts(d, program_, decoded, decoded_ends);
  }
  const model::World& w = cached ? last_expanded.world : decoded;
  const std::vector<std::size_t>& ends = cached ? parent_ends : decoded_ends;
  // Parts (model::encode_world_parts): globals and cells, each map, each sync object, each
  // goroutine, output. The context is the first, the sync objects, and the counts of maps and
  // sync objects (objects are numbered globals, cells, maps, syncs).
  const std::size_t maps = w.maps.size(), syncs = w.syncs.size();
  if (ends.size() != 2 + maps + syncs + w.goroutines.size())
    throw std::logic_error("WorldSystem::futures: parts do not match the world");
  if (future_memo_owner != serial_) {
    future_memo.clear();
    future_memo_owner = serial_;
  }
  const std::uint64_t counts[] = {maps, syncs};
  future_memo.set_context({s.first(ends[0]), s.subspan(ends[maps], ends[maps + syncs] - ends[maps]),
                           std::as_bytes(std::span(counts))});
  thread_local std::vector<model::ObjectAccess> accesses;
  std::size_t n = 0;
  for (std::size_t i = 0; i < w.goroutines.size(); ++i) {
    const model::Goroutine& g = w.goroutines[i];
    if (g.status == model::GoStatus::blocked || g.status == model::GoStatus::done) continue;
    const std::size_t part = 1 + maps + syncs + i;
    const std::vector<explorer::Access>* known =
        future_memo.find(i, s.subspan(ends[part - 1], ends[part] - ends[part - 1]));
    if (known == nullptr) {
      future_.of(w, g.id, accesses);
      std::vector<explorer::Access> fresh;
      fresh.reserve(accesses.size());
      for (const auto& a : accesses)
        fresh.push_back({a.object, a.write});
      known = &future_memo.add(std::move(fresh));
    }
    if (n == out.size()) out.emplace_back();
    explorer::ActorFuture& f = out[n++];
    f.actor = explorer::ActorId{g.id.v};
    f.footprint.visible = false;
    f.footprint.accesses.assign(known->begin(), known->end());
  }
  out.resize(n);
  return true;
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
