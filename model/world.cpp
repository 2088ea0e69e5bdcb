// World: object allocation, garbage collection with canonical renumbering, and the
// canonical byte encoding.
#include "model/world.h"

#include "model/hiter.h"
#include "model/map_call.h"

#include <algorithm>
#include <stdexcept>

namespace mapcheck::model {

const Goroutine* World::find(GoroutineId g) const {
  for (const Goroutine& x : goroutines)
    if (x.id == g) return &x;
  return nullptr;
}

Goroutine* World::find(GoroutineId g) {
  for (Goroutine& x : goroutines)
    if (x.id == g) return &x;
  return nullptr;
}

CellId World::new_cell(GoValue v) {
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (!cells[i]) {
      cells[i] = std::move(v);
      return CellId{static_cast<std::uint32_t>(i)};
    }
  }
  cells.push_back(std::move(v));
  return CellId{static_cast<std::uint32_t>(cells.size() - 1)};
}

MapId World::new_map(HMap h) {
  for (std::size_t i = 0; i < maps.size(); ++i) {
    if (!maps[i]) {
      maps[i] = std::move(h);
      return MapId{static_cast<std::uint32_t>(i)};
    }
  }
  maps.push_back(std::move(h));
  return MapId{static_cast<std::uint32_t>(maps.size() - 1)};
}

SyncId World::new_sync(SyncObject o) {
  for (std::size_t i = 0; i < syncs.size(); ++i) {
    if (!syncs[i]) {
      syncs[i] = std::move(o);
      return SyncId{static_cast<std::uint32_t>(i)};
    }
  }
  syncs.push_back(std::move(o));
  return SyncId{static_cast<std::uint32_t>(syncs.size() - 1)};
}

namespace {

constexpr std::uint32_t unnumbered = 0xFFFFFFFFu;

/** Calls v.map / v.cell / v.sync for each object reference `x` holds itself (not following
 *  cells or sync objects into their contents), in the order the canonical numbering visits
 *  them. */
template <class V>
void for_each_ref(const GoValue& x, V& v) {
  if (x.is_basic()) return;
  if (const auto* s = std::get_if<SyncRef>(&x.v)) {
    if (s->id) v.sync(*s->id);
  } else if (const auto* m = std::get_if<MapRef>(&x.v)) {
    if (m->id) v.map(*m->id);
  } else if (const auto* f = std::get_if<FuncRef>(&x.v)) {
    for (CellId c : f->captures)
      v.cell(c);
  } else if (const auto* c = std::get_if<CellRef>(&x.v)) {
    v.cell(c->id);
  }
}

/** As above, for the references a goroutine holds: frames bottom-up (registers, iterators,
 *  deferred calls), the panic in flight, the map of the call in progress. */
template <class V>
void for_each_ref(const Goroutine& g, V& v) {
  for (const Frame& f : g.frames) {
    for (const GoValue& x : f.regs)
      for_each_ref(x, v);
    for (const auto& it : f.iters)
      if (it) v.map(it->map);
    for (const DeferredCall& d : f.defers)
      for (const GoValue& x : d.args)
        for_each_ref(x, v);
  }
  if (g.panic) for_each_ref(*g.panic, v);
  if (g.call || g.store) v.map(g.call_map);
}

/** The canonical numbering: old id -> new id, in order of first reach from the roots. */
struct Numbering {
  std::vector<std::uint32_t> cell;
  std::vector<std::uint32_t> map;
  std::vector<std::uint32_t> sync;
  std::vector<CellId> cell_order;  // new id -> old id
  std::vector<MapId> map_order;
  std::vector<SyncId> sync_order;

  /** Numbers the objects of `w`, reusing this Numbering's storage (it runs once per
   *  successor: allocating six vectors each time showed in profiles). With `marks`, records
   *  the objects numbered after the globals and after each goroutine. */
  void number(const World& w, std::vector<ReachCounts>* marks = nullptr) {
    cell.assign(w.cells.size(), unnumbered);
    map.assign(w.maps.size(), unnumbered);
    sync.assign(w.syncs.size(), unnumbered);
    cell_order.clear();
    map_order.clear();
    sync_order.clear();
    const auto mark = [&] {
      if (marks)
        marks->push_back({static_cast<std::uint32_t>(cell_order.size()),
                          static_cast<std::uint32_t>(map_order.size()),
                          static_cast<std::uint32_t>(sync_order.size())});
    };
    Visitor v{*this, w};
    for (const GoValue& x : w.globals)
      for_each_ref(x, v);
    mark();
    for (const Goroutine& g : w.goroutines) {
      for_each_ref(g, v);
      mark();
    }
  }

  /** for_each_ref's visitor: numbers what it reaches. */
  struct Visitor {
    Numbering& n;
    const World& w;
    void map(MapId m) { n.visit_map(m); }
    void cell(CellId c) { n.visit_cell(w, c); }
    void sync(SyncId s) { n.visit_sync(w, s); }
  };

  void visit_map(MapId m) {
    if (m.v >= map.size()) throw std::logic_error("dangling map reference");
    if (map[m.v] != unnumbered) return;
    map[m.v] = static_cast<std::uint32_t>(map_order.size());
    map_order.push_back(m);
  }

  void visit_cell(const World& w, CellId c) {
    if (c.v >= cell.size() || !w.cells[c.v]) throw std::logic_error("dangling cell reference");
    if (cell[c.v] != unnumbered) return;
    cell[c.v] = static_cast<std::uint32_t>(cell_order.size());
    cell_order.push_back(c);
    visit(w, *w.cells[c.v]);
  }

  void visit_sync(const World& w, SyncId s) {
    if (s.v >= sync.size() || !w.syncs[s.v]) throw std::logic_error("dangling sync reference");
    if (sync[s.v] != unnumbered) return;
    sync[s.v] = static_cast<std::uint32_t>(sync_order.size());
    sync_order.push_back(s);
    for (const GoValue* x : w.syncs[s.v]->values())
      visit(w, *x);
  }

  void visit(const World& w, const GoValue& v) {
    Visitor vis{*this, w};
    for_each_ref(v, vis);
  }

  /** True if every object is reached and already has its canonical id. */
  bool is_identity(const World& w) const {
    const auto same = [](const auto& order, std::size_t size) {
      if (order.size() != size) return false;
      for (std::size_t i = 0; i < order.size(); ++i)
        if (order[i].v != i) return false;
      return true;
    };
    return same(cell_order, w.cells.size()) && same(map_order, w.maps.size()) &&
           same(sync_order, w.syncs.size());
  }

  CellId new_cell(CellId c) const { return CellId{cell.at(c.v)}; }
  MapId new_map(MapId m) const { return MapId{map.at(m.v)}; }
  SyncId new_sync(SyncId s) const { return SyncId{sync.at(s.v)}; }
};

void renumber(GoValue& v, const Numbering& n) {
  if (auto* s = std::get_if<SyncRef>(&v.v)) {
    if (s->id) s->id = n.new_sync(*s->id);
  } else if (auto* m = std::get_if<MapRef>(&v.v)) {
    if (m->id) m->id = n.new_map(*m->id);
  } else if (auto* f = std::get_if<FuncRef>(&v.v)) {
    for (CellId& c : f->captures)
      c = n.new_cell(c);
  } else if (auto* c = std::get_if<CellRef>(&v.v)) {
    c->id = n.new_cell(c->id);
  }
}

enum class Tag : std::uint8_t { basic, map, func, cell, nil, error, unit, sync };

/** Writes `v` of a canonical world: its ids are already the canonical ones. */
void encode_value(const GoValue& v, Encoder& e) {
  if (v.is_basic()) {
    e.u8(static_cast<std::uint8_t>(Tag::basic));
    v.basic().encode(e);
  } else if (const auto* m = std::get_if<MapRef>(&v.v)) {
    e.u8(static_cast<std::uint8_t>(Tag::map));
    e.boolean(m->id.has_value());
    if (m->id) e.u64(m->id->v);
  } else if (const auto* f = std::get_if<FuncRef>(&v.v)) {
    e.u8(static_cast<std::uint8_t>(Tag::func));
    e.boolean(f->fn.has_value());
    if (f->fn) e.u64(f->fn->v);
    e.u64(f->captures.size());
    for (CellId c : f->captures)
      e.u64(c.v);
  } else if (const auto* c = std::get_if<CellRef>(&v.v)) {
    e.u8(static_cast<std::uint8_t>(Tag::cell));
    e.u64(c->id.v);
  } else if (const auto* s = std::get_if<SyncRef>(&v.v)) {
    e.u8(static_cast<std::uint8_t>(Tag::sync));
    e.boolean(s->id.has_value());
    if (s->id) e.u64(s->id->v);
  } else if (std::holds_alternative<NilValue>(v.v)) {
    e.u8(static_cast<std::uint8_t>(Tag::nil));
  } else if (const auto* er = std::get_if<ErrorValue>(&v.v)) {
    e.u8(static_cast<std::uint8_t>(Tag::error));
    e.str(er->message);
  } else {
    e.u8(static_cast<std::uint8_t>(Tag::unit));
  }
}

std::uint32_t u32(Decoder& d) {
  return static_cast<std::uint32_t>(d.u64());
}

/** An optional id as encode_value writes it: whether it is there, then the id. */
template <class Id>
void decode_optional_id(Decoder& d, std::optional<Id>& id) {
  id.reset();
  if (d.boolean()) id = Id{u32(d)};
}

/** decode_value, its tag already read. */
GoValue decode_value_tagged(Decoder& d, Tag tag) {
  switch (tag) {
    case Tag::basic:
      return Value::decode(d);
    case Tag::map: {
      MapRef m;
      decode_optional_id(d, m.id);
      return m;
    }
    case Tag::func: {
      FuncRef f;
      decode_optional_id(d, f.fn);
      const std::uint64_t n = d.u64();
      for (std::uint64_t i = 0; i < n; ++i)
        f.captures.push_back(CellId{u32(d)});
      return f;
    }
    case Tag::cell:
      return CellRef{CellId{u32(d)}};
    case Tag::nil:
      return NilValue{};
    case Tag::error:
      return ErrorValue{d.str()};
    case Tag::unit:
      return UnitValue{};
    case Tag::sync: {
      SyncRef s;
      decode_optional_id(d, s.id);
      return s;
    }
  }
  throw std::logic_error("bad value tag in world encoding");
}

GoValue decode_value(Decoder& d) {
  return decode_value_tagged(d, static_cast<Tag>(d.u8()));
}

/** The alternative T of `v`, made if `v` holds another: decoding over a register that held
 *  the same kind of value (nearly always) assigns its fields, with no variant move. */
template <class T>
T& alternative(GoValue& v) {
  T* x = std::get_if<T>(&v.v);
  return x != nullptr ? *x : v.v.emplace<T>();
}

/** As `v = decode_value(d)`, each kind read in place over a value of the same kind
 *  (registers and globals keep their kind from state to state nearly always). */
void decode_value_into(Decoder& d, GoValue& v) {
  const auto tag = static_cast<Tag>(d.u8());
  switch (tag) {
    case Tag::basic:
      Value::decode_into(d, alternative<Value>(v));
      return;
    case Tag::map:
      decode_optional_id(d, alternative<MapRef>(v).id);
      return;
    case Tag::cell:
      alternative<CellRef>(v).id = CellId{u32(d)};
      return;
    case Tag::sync:
      decode_optional_id(d, alternative<SyncRef>(v).id);
      return;
    case Tag::func: {
      FuncRef& f = alternative<FuncRef>(v);
      decode_optional_id(d, f.fn);
      f.captures.resize(d.u64());
      for (CellId& c : f.captures)
        c = CellId{u32(d)};
      return;
    }
    default:
      v = decode_value_tagged(d, tag);
  }
}

/** Drops bucket arrays no longer referenced by their map, an iterator or a call in flight.
 *  With `dropped`, sets dropped[i] for each map i that lost an array. */
void collect_map_arrays(World& w, std::uint8_t* dropped = nullptr) {
  // The common case: every map holds just its buckets (and oldbuckets), which stay.
  const bool only_own = std::all_of(w.maps.begin(), w.maps.end(), [](const auto& h) {
    return h->arrays.size() <= std::size_t{h->buckets.has_value()} + h->oldbuckets.has_value();
  });
  if (only_own) return;
  std::vector<ArrayId> live;
  for (std::size_t i = 0; i < w.maps.size(); ++i) {
    arrays_referenced(w, MapId{static_cast<std::uint32_t>(i)}, std::nullopt, live);
    const std::size_t before = w.maps[i]->arrays.size();
    collect_arrays(*w.maps[i], live);
    if (dropped && w.maps[i]->arrays.size() != before) dropped[i] = 1;
  }
}

void encode_canonical(const World& w, Encoder& e, std::vector<std::size_t>* ends);
/** A previous state's bytes and part ends, whose decoding the world being decoded into
 *  holds. */
struct PrevParts {
  std::span<const std::byte> bytes;
  std::span<const std::size_t> ends;
  /** Per part, where a goroutine's frames start in it (decode_world_parts_over), or empty. */
  std::span<const std::uint32_t> frames;
};

void decode_canonical(Decoder& d, World& w, std::vector<std::size_t>* ends,
                      const PrevParts* prev = nullptr, PartChanges* changes = nullptr,
                      std::vector<std::uint32_t>* frames = nullptr);
void decode_goroutine_head(Decoder& d, Goroutine& g);

}  // namespace

void arrays_referenced(const World& w, MapId m, std::optional<GoroutineId> skip,
                       std::vector<ArrayId>& out) {
  out.clear();
  for (const Goroutine& g : w.goroutines) {
    if (skip && g.id == *skip) continue;
    for (const Frame& f : g.frames)
      for (const auto& it : f.iters)
        if (it && it->map == m) referenced_arrays(it->it, out);
    if (g.call && g.call_map == m) referenced_arrays(*g.call, out);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
}

void reach_order(const World& w, const Goroutine& g, std::vector<std::uint32_t>& out) {
  out.clear();
  struct Visitor {
    const World& w;
    std::vector<std::uint32_t>& out;
    bool first(std::uint32_t kind, std::uint32_t id) {
      const std::uint32_t x = kind << 30 | id;
      // A goroutine reaches few objects: a linear search beats a set.
      if (std::find(out.begin(), out.end(), x) != out.end()) return false;
      out.push_back(x);
      return true;
    }
    void cell(CellId c) {
      if (first(0, c.v) && c.v < w.cells.size() && w.cells[c.v]) for_each_ref(*w.cells[c.v], *this);
    }
    void map(MapId m) { first(1, m.v); }
    void sync(SyncId s) { first(2, s.v); }
  } v{w, out};
  for_each_ref(g, v);
}

bool same_references(const Goroutine& a, const Goroutine& b) {
  const auto same_values = [](const std::vector<GoValue>& x, const std::vector<GoValue>& y) {
    if (x.size() != y.size()) return false;
    for (std::size_t i = 0; i < x.size(); ++i)
      if (!(x[i].is_basic() && y[i].is_basic()) && !(x[i] == y[i])) return false;
    return true;
  };
  // The map of a call comes last in the numbering's walk: where the goroutine's frames
  // reference it too, it adds nothing.
  const auto call_map_repeats = [](const Goroutine& g) {
    for (const Frame& f : g.frames) {
      for (const auto& it : f.iters)
        if (it && it->map == g.call_map) return true;
      for (const GoValue& x : f.regs)
        if (const auto* m = std::get_if<MapRef>(&x.v); m && m->id == g.call_map) return true;
    }
    return false;
  };
  const bool a_call = a.call || a.store, b_call = b.call || b.store;
  if (a_call && b_call ? a.call_map != b.call_map
                       : (a_call && !call_map_repeats(a)) || (b_call && !call_map_repeats(b)))
    return false;
  if (a.frames.size() != b.frames.size() || a.panic.has_value() != b.panic.has_value() ||
      (a.panic && !same_values({*a.panic}, {*b.panic})) || a.panic_type != b.panic_type)
    return false;
  for (std::size_t f = 0; f < a.frames.size(); ++f) {
    const Frame& x = a.frames[f];
    const Frame& y = b.frames[f];
    if (!same_values(x.regs, y.regs) || x.iters.size() != y.iters.size() ||
        x.defers.size() != y.defers.size())
      return false;
    for (std::size_t i = 0; i < x.iters.size(); ++i)
      if (x.iters[i].has_value() != y.iters[i].has_value() ||
          (x.iters[i] && x.iters[i]->map != y.iters[i]->map))
        return false;
    for (std::size_t d = 0; d < x.defers.size(); ++d)
      if (!same_values(x.defers[d].args, y.defers[d].args)) return false;
  }
  return true;
}

void canonicalize(World& w) {
  if (w.term) {
    // An ended world matters only through its outcome, a function of `term` and `output`
    // (termination(w) returns w.term; decode_world rebuilds term.output from output). So
    // every world that ended the same way is one state: e.g. all "concurrent map writes"
    // endings, whatever the other goroutines were doing. Traces replay the path and never
    // read what is dropped here.
    w.globals.clear();
    w.cells.clear();
    w.maps.clear();
    w.syncs.clear();
    w.goroutines.clear();
    return;
  }
  thread_local Numbering n;
  n.number(w);
  if (n.is_identity(w)) {  // the common case: a step that made and dropped no object
    collect_map_arrays(w);
    return;
  }
  std::vector<std::optional<GoValue>> cells;
  cells.reserve(n.cell_order.size());
  for (CellId c : n.cell_order)
    cells.push_back(std::move(w.cells[c.v]));
  std::vector<std::optional<HMap>> maps;
  maps.reserve(n.map_order.size());
  for (MapId m : n.map_order)
    maps.push_back(std::move(w.maps[m.v]));
  std::vector<std::optional<SyncObject>> syncs;
  syncs.reserve(n.sync_order.size());
  for (SyncId s : n.sync_order)
    syncs.push_back(std::move(w.syncs[s.v]));
  w.cells = std::move(cells);
  w.maps = std::move(maps);
  w.syncs = std::move(syncs);
  for (auto& c : w.cells)
    renumber(*c, n);
  for (auto& s : w.syncs)
    for (GoValue* x : s->values())
      renumber(*x, n);
  for (GoValue& v : w.globals)
    renumber(v, n);
  for (Goroutine& g : w.goroutines) {
    for (Frame& f : g.frames) {
      for (GoValue& v : f.regs)
        renumber(v, n);
      for (auto& it : f.iters)
        if (it) it->map = n.new_map(it->map);
      for (DeferredCall& dc : f.defers)
        for (GoValue& v : dc.args)
          renumber(v, n);
    }
    if (g.panic) renumber(*g.panic, n);
    if (g.call || g.store) g.call_map = n.new_map(g.call_map);
  }
  collect_map_arrays(w);
}

void encode_world(const World& w, Encoder& e) {
  World c = w;
  encode_world_in_place(c, e);
}

void encode_world_in_place(World& w, Encoder& e) {
  canonicalize(w);
  encode_canonical(w, e, nullptr);
  e.flush();
}

void encode_world_parts(const World& w, Encoder& e, std::vector<std::size_t>& ends) {
  World c = w;
  encode_world_parts_in_place(c, e, ends);
}

void encode_world_parts_in_place(World& w, Encoder& e, std::vector<std::size_t>& ends) {
  ends.clear();
  canonicalize(w);
  encode_canonical(w, e, &ends);
  e.flush();
}

namespace {

/** Writes a canonical world: objects are numbered in order of first reach and none is free,
 *  so ids are written as they are. Appends the component ends to `ends` unless null. */
void encode_globals_and_cells(const World& w, Encoder& e) {
  e.u64(w.globals.size());
  for (const GoValue& v : w.globals)
    encode_value(v, e);
  e.u64(w.cells.size());
  for (const auto& c : w.cells)
    encode_value(c.value(), e);
}

void encode_sync(const SyncObject& s, Encoder& e) {
  s.encode(e, [&](const GoValue& x) { encode_value(x, e); });
}

void encode_goroutine(const Goroutine& g, Encoder& e);
void encode_output_and_term(const World& w, Encoder& e);

void encode_canonical(const World& w, Encoder& e, std::vector<std::size_t>* ends) {
  const auto end = [&] {
    if (ends) ends->push_back(e.size());
  };
  encode_globals_and_cells(w, e);
  end();
  e.u64(w.maps.size());
  for (const auto& m : w.maps) {
    m.value().encode(e);
    end();
  }
  e.u64(w.syncs.size());
  for (const auto& s : w.syncs) {
    encode_sync(s.value(), e);
    end();
  }
  e.u64(w.goroutines.size());
  for (const Goroutine& g : w.goroutines) {
    encode_goroutine(g, e);
    end();
  }
  encode_output_and_term(w, e);
  end();
}

void encode_goroutine(const Goroutine& g, Encoder& e) {
  {
    e.u64(g.id.v);
    e.u8(static_cast<std::uint8_t>(g.status));
    e.u8(static_cast<std::uint8_t>(g.sync_phase));
    e.boolean(g.panic.has_value());
    if (g.panic) {
      encode_value(*g.panic, e);
      e.str(g.panic_type);
    }
    e.boolean(g.call.has_value());
    if (g.call) g.call->encode(e);
    e.boolean(g.store.has_value());
    if (g.store) g.store->encode(e);
    if (g.call || g.store) e.u64(g.call_map.v);
    e.u64(g.frames.size());
    for (const Frame& f : g.frames) {
      e.u64(f.fn.v);
      e.u64(f.pc);
      e.u8(static_cast<std::uint8_t>(f.unwind));
      e.boolean(f.is_defer);
      e.u64(f.regs.size());
      for (const GoValue& v : f.regs)
        encode_value(v, e);
      e.u64(f.iters.size());
      for (const auto& it : f.iters) {
        e.boolean(it.has_value());
        if (!it) continue;
        e.u64(it->map.v);
        e.boolean(it->pending);
        it->it.encode(e);
      }
      e.u64(f.defers.size());
      for (const DeferredCall& dc : f.defers) {
        e.u64(dc.fn.v);
        e.u64(dc.args.size());
        for (const GoValue& v : dc.args)
          encode_value(v, e);
      }
    }
  }
}

void encode_output_and_term(const World& w, Encoder& e) {
  e.str(w.output);
  e.boolean(w.term.has_value());
  if (w.term) {
    e.u8(static_cast<std::uint8_t>(w.term->kind));
    e.str(w.term->message);
    e.boolean(w.term->leak);
  }
}

/** to = from, element by element where the sizes agree, skipping equal elements. */
template <class T>
void assign_differing(std::vector<T>& to, const std::vector<T>& from) {
  if (to.size() != from.size()) {
    to = from;
    return;
  }
  for (std::size_t i = 0; i < to.size(); ++i)
    if (!(to[i] == from[i])) to[i] = from[i];
}

}  // namespace

namespace {

constexpr std::size_t write_anew = static_cast<std::size_t>(-1);

/** Writes canonical `w` part by part: part p is copied from the parent's part source(p) (its
 *  bytes `parent_bytes`, part ends `parent_ends`), or written anew if that is write_anew. A
 *  part copied must carry the same list counts as the one it stands for (see below). */
template <class Source>
void write_parts(const World& w, std::span<const std::byte> parent_bytes,
                 std::span<const std::size_t> parent_ends, const Source& source, Encoder& e,
                 std::vector<std::size_t>* ends) {
  std::size_t part = 0;
  // A list's count goes with the part after it: a part copied from the parent holds the
  // counts written since the last part (they are equal); a part written anew writes them.
  std::uint64_t counts[3];
  std::size_t pending = 0;
  const auto emit = [&](const auto& write) {
    const std::size_t from_part = source(part);
    if (from_part != write_anew) {
      const std::size_t from = from_part == 0 ? 0 : parent_ends[from_part - 1];
      e.raw(parent_bytes.subspan(from, parent_ends[from_part] - from));
    } else {
      for (std::size_t i = 0; i < pending; ++i)
        e.u64(counts[i]);
      write();
    }
    if (ends) ends->push_back(e.size());
    pending = 0;
    ++part;
  };
  emit([&] { encode_globals_and_cells(w, e); });
  counts[pending++] = w.maps.size();
  for (std::size_t i = 0; i < w.maps.size(); ++i)
    emit([&] { w.maps[i]->encode(e); });
  counts[pending++] = w.syncs.size();
  for (std::size_t i = 0; i < w.syncs.size(); ++i)
    emit([&] { encode_sync(*w.syncs[i], e); });
  counts[pending++] = w.goroutines.size();
  for (std::size_t i = 0; i < w.goroutines.size(); ++i)
    emit([&] { encode_goroutine(w.goroutines[i], e); });
  emit([&] { encode_output_and_term(w, e); });
  e.flush();
}

/** write_parts for `w` laid out as its parent: the parts not marked in `changed` are copied. */
void write_changed_parts(const World& w, std::span<const std::byte> parent_bytes,
                         std::span<const std::size_t> parent_ends,
                         const std::vector<std::uint8_t>& changed, Encoder& e,
                         std::vector<std::size_t>* ends) {
  write_parts(
      w, parent_bytes, parent_ends, [&](std::size_t p) { return changed[p] ? write_anew : p; }, e,
      ends);
}

/** for_each_ref's visitor that checks a part of a successor against the canonical numbering of
 *  its parent: from `next` on, each object reached for the first time must be the next id of
 *  its kind (cells and sync objects are followed into their contents, as Numbering does). */
struct ReachCheck {
  const World& w;
  ReachCounts next;
  bool ok = true;

  void map(MapId m) {
    if (m.v < next.maps) return;
    if (m.v == next.maps && m.v < w.maps.size())
      ++next.maps;
    else
      ok = false;
  }
  void cell(CellId c) {
    if (c.v < next.cells) return;
    if (c.v != next.cells || c.v >= w.cells.size() || !w.cells[c.v]) {
      ok = false;
      return;
    }
    ++next.cells;
    for_each_ref(*w.cells[c.v], *this);
  }
  void sync(SyncId s) {
    if (s.v < next.syncs) return;
    if (s.v != next.syncs || s.v >= w.syncs.size() || !w.syncs[s.v]) {
      ok = false;
      return;
    }
    ++next.syncs;
    for (const GoValue* x : w.syncs[s.v]->values())
      for_each_ref(*x, *this);
  }
};

/** for_each_ref's visitor listing the references, kind in the top bits. */
struct RefList {
  std::vector<std::uint64_t>& out;
  void map(MapId m) { out.push_back((std::uint64_t{1} << 32) | m.v); }
  void cell(CellId c) { out.push_back((std::uint64_t{2} << 32) | c.v); }
  void sync(SyncId s) { out.push_back((std::uint64_t{3} << 32) | s.v); }
};

/** True if `a` and `b` (values or goroutines) list the same references in the same order. */
template <class T>
bool listed_refs_equal(const T& a, const T& b) {
  thread_local std::vector<std::uint64_t> ra, rb;
  ra.clear();
  rb.clear();
  RefList la{ra}, lb{rb};
  for_each_ref(a, la);
  for_each_ref(b, lb);
  return ra == rb;
}

/** True if `a` and `b` hold the same references in the same order (whatever else differs). */
bool same_refs(const GoValue& a, const GoValue& b) {
  return (a.is_basic() && b.is_basic()) || listed_refs_equal(a, b);
}

/** True if the goroutines hold the same references in the same order. */
bool same_refs(const Goroutine& a, const Goroutine& b) {
  // The common case first, without listing: the same frames and registers, where only
  // basic values differ.
  if (a.frames.size() == b.frames.size() && a.panic.has_value() == b.panic.has_value() &&
      (a.call || a.store) == (b.call || b.store) &&
      (!(a.call || a.store) || a.call_map == b.call_map)) {
    bool same = true;
    for (std::size_t i = 0; same && i < a.frames.size(); ++i) {
      const Frame& fa = a.frames[i];
      const Frame& fb = b.frames[i];
      if (fa.regs.size() != fb.regs.size() || fa.iters.size() != fb.iters.size() ||
          fa.defers != fb.defers) {
        same = false;
        break;
      }
      for (std::size_t r = 0; same && r < fa.regs.size(); ++r)
        same = (fa.regs[r].is_basic() && fb.regs[r].is_basic()) || fa.regs[r] == fb.regs[r];
      for (std::size_t k = 0; same && k < fa.iters.size(); ++k)
        same = fa.iters[k].has_value() == fb.iters[k].has_value() &&
               (!fa.iters[k] || fa.iters[k]->map == fb.iters[k]->map);
    }
    if (same && (!a.panic || same_refs(*a.panic, *b.panic))) return true;
  }
  return listed_refs_equal(a, b);
}

/** True if the sync objects hold the same references in the same order. */
bool same_refs(const SyncObject& a, const SyncObject& b) {
  const auto va = a.values();
  const auto vb = b.values();
  if (va.size() != vb.size()) return false;
  for (std::size_t i = 0; i < va.size(); ++i)
    if (!same_refs(*va[i], *vb[i])) return false;
  return true;
}

/** Writes the canonical bytes of ended `w` (canonicalize keeps only output and termination)
 *  without clearing it. */
void encode_ended(const World& w, Encoder& e) {
  for (int list = 0; list < 5; ++list)  // globals, cells, maps, syncs, goroutines: all empty
    e.u64(0);
  encode_output_and_term(w, e);
  e.flush();
}

}  // namespace

void encode_successor_in_place(World& w, const World& parent,
                               std::span<const std::byte> parent_bytes,
                               std::span<const std::size_t> parent_ends, Encoder& e,
                               PartChanges& changes, std::vector<std::size_t>* ends) {
  if (ends) ends->clear();
  canonicalize(w);
  const std::size_t parts = 2 + w.maps.size() + w.syncs.size() + w.goroutines.size();
  // Parts line up with the parent's (and so does every list count a copied part holds)
  // only when the lists have the parent's lengths.
  changes.aligned = !w.term && !parent.term && w.maps.size() == parent.maps.size() &&
                    w.syncs.size() == parent.syncs.size() &&
                    w.goroutines.size() == parent.goroutines.size() && parent_ends.size() == parts;
  if (!changes.aligned) {
    encode_canonical(w, e, w.term ? nullptr : ends);  // an ended world's ends: none
    e.flush();
    return;
  }
  changes.changed.assign(parts, false);
  std::size_t part = 0;
  changes.changed[part++] = !(w.globals == parent.globals && w.cells == parent.cells);
  for (std::size_t i = 0; i < w.maps.size(); ++i)
    changes.changed[part++] = !(*w.maps[i] == *parent.maps[i]);
  for (std::size_t i = 0; i < w.syncs.size(); ++i)
    changes.changed[part++] = !(*w.syncs[i] == *parent.syncs[i]);
  for (std::size_t i = 0; i < w.goroutines.size(); ++i)
    changes.changed[part++] = !(w.goroutines[i] == parent.goroutines[i]);
  changes.changed[part] = w.output != parent.output;  // term is unset in both
  changes.relaid = false;
  write_changed_parts(w, parent_bytes, parent_ends, changes.changed, e, ends);
}

void reach_marks(const World& w, std::vector<ReachCounts>& marks) {
  thread_local Numbering n;
  marks.clear();
  n.number(w, &marks);
}

namespace {

/** The index of goroutine `id` in `gs` (sorted by id), or gs.size(). */
std::size_t index_of(const std::vector<Goroutine>& gs, GoroutineId id) {
  const auto at = std::lower_bound(gs.begin(), gs.end(), id,
                                   [](const Goroutine& a, GoroutineId b) { return a.id < b; });
  return at != gs.end() && at->id == id ? static_cast<std::size_t>(at - gs.begin()) : gs.size();
}

}  // namespace

bool encode_touched_successor(World& w, const World& parent,
                              std::span<const std::byte> parent_bytes,
                              std::span<const std::size_t> parent_ends,
                              std::vector<ReachCounts>& marks, const StepTouch& touch, Encoder& e,
                              PartChanges& changes, std::vector<std::size_t>* ends) {
  if (ends) ends->clear();
  const std::size_t nm = parent.maps.size(), ns = parent.syncs.size();
  const std::size_t ng = parent.goroutines.size();
  const std::size_t parts = 2 + nm + ns + ng;
  const std::size_t first_g = 1 + nm + ns;  // the first goroutine's part
  // No object made (a canonical parent has no free entries, so a new object lengthens its
  // list): the objects' parts line up with the parent's. The goroutines' do unless the step
  // started or ended one (`relaid`).
  const bool relaid = touch.structure;
  if (touch.made_object || parent.term || w.globals.size() != parent.globals.size() ||
      w.cells.size() != parent.cells.size() || w.maps.size() != nm || w.syncs.size() != ns ||
      parent_ends.size() != parts || (!relaid && w.goroutines.size() != ng) ||
      (relaid && (w.term || w.goroutines.empty())))
    return false;
  // `changes` is free to fill: encode_successor_in_place sets it anew when this returns false.
  // Indexed by the parent's parts.
  std::vector<std::uint8_t>& changed = changes.changed;
  changed.assign(parts, false);
  changed[0] = touch.globals_cells;
  for (MapId m : touch.maps)
    if (m.v < nm) changed[1 + m.v] = true;
  for (SyncId s : touch.syncs)
    if (s.v < ns) changed[1 + nm + s.v] = true;
  for (GoroutineId id : touch.goroutines) {
    const std::size_t i = index_of(parent.goroutines, id);
    if (i < ng)
      changed[first_g + i] = true;
    else if (!relaid)
      return false;  // only a goroutine started by the step is not the parent's
  }
  if (relaid)
    for (std::size_t i = 0; i < ng; ++i)
      if (index_of(w.goroutines, parent.goroutines[i].id) == w.goroutines.size())
        changed[first_g + i] = true;  // ended
  changed[parts - 1] = touch.output || w.term.has_value();
  const auto need_marks = [&] {
    if (marks.empty()) reach_marks(parent, marks);
    return marks.size() == 1 + ng;
  };
  if (!w.term) {
    // Untouched parts hold the parent's references; the touched ones must reach objects as
    // the parent's did, or the numbering (and so every id written) would change.
    if (changed[0]) {
      if (!need_marks()) return false;
      ReachCheck check{w, ReachCounts{}};
      for (const GoValue& x : w.globals)
        for_each_ref(x, check);
      if (!check.ok || !(check.next == marks[0])) return false;
      for (std::size_t i = 0; i < w.cells.size(); ++i)
        if (!w.cells[i] || !parent.cells[i] || !same_refs(*w.cells[i], *parent.cells[i]))
          return false;
    }
    for (std::size_t i = 0; i < ns; ++i)
      if (changed[1 + nm + i] && !same_refs(*w.syncs[i], *parent.syncs[i])) return false;
    if (!relaid) {
      for (std::size_t i = 0; i < ng; ++i) {
        if (!changed[first_g + i]) continue;
        // The common case, e.g. a map step: the goroutine holds the references it held.
        if (same_refs(w.goroutines[i], parent.goroutines[i])) continue;
        if (!need_marks()) return false;
        ReachCheck check{w, marks[i]};
        for_each_ref(w.goroutines[i], check);
        if (!check.ok || !(check.next == marks[1 + i])) return false;
      }
    } else {
      // Walk the goroutines as the numbering does: an unchanged one of the parent's, reached
      // with the parent's objects reached before it, first reaches what it did in the parent;
      // any other must first reach objects in id order. In the end all must be reached.
      if (!need_marks()) return false;
      ReachCounts at = marks[0];
      for (const Goroutine& g : w.goroutines) {
        const std::size_t i = index_of(parent.goroutines, g.id);
        if (i < ng && !changed[first_g + i] && at == marks[i]) {
          at = marks[1 + i];
          continue;
        }
        ReachCheck check{w, at};
        for_each_ref(g, check);
        if (!check.ok) return false;
        at = check.next;
      }
      if (!(at == marks[ng])) return false;
    }
  }
  changes.aligned = true;
  changes.relaid = relaid;
  if (w.term) {
    encode_ended(w, e);
    return true;
  }
  // The numbering is the parent's, the identity: canonicalize would only collect arrays.
  // A map step often only reads (h.flags, a bucket): comparing the one map touched is cheaper
  // than writing and restoring it.
  for (std::size_t i = 0; i < nm; ++i)
    if (changed[1 + i]) changed[1 + i] = !(*w.maps[i] == *parent.maps[i]);
  collect_map_arrays(w, changed.data() + 1);
  if (!relaid) {
    write_changed_parts(w, parent_bytes, parent_ends, changed, e, ends);
    return true;
  }
  // The first goroutine's part carries the goroutine count, which changed: written anew.
  const std::size_t nwg = w.goroutines.size();
  write_parts(
      w, parent_bytes, parent_ends,
      [&](std::size_t p) {
        if (p < first_g) return changed[p] ? write_anew : p;
        if (p == first_g + nwg) return changed[parts - 1] ? write_anew : parts - 1;
        if (p == first_g) return write_anew;
        const std::size_t i = index_of(parent.goroutines, w.goroutines[p - first_g].id);
        // (The parent's first goroutine part carries the count too: never copied here.)
        return i > 0 && i < ng && !changed[first_g + i] ? first_g + i : write_anew;
      },
      e, ends);
  return true;
}

namespace {

/** to = from for a map changed by a step or two: the header as it is, the buckets chain by
 *  chain where they differ (a step writes one bucket; copying all showed in profiles). */
void restore_map(HMap& to, const HMap& from) {
  if (to.arrays.size() != from.arrays.size()) {
    to = from;
    return;
  }
  for (std::size_t i = 0; i < to.arrays.size(); ++i) {
    to.arrays[i].id = from.arrays[i].id;
    assign_differing(to.arrays[i].buckets, from.arrays[i].buckets);
  }
  // Every other field of HMap (the restore check of SuccessorCheckTest compares whole worlds).
  to.key_kind = from.key_kind;
  to.elem_kind = from.elem_kind;
  to.count = from.count;
  to.flags = from.flags;
  to.B = from.B;
  to.noverflow = from.noverflow;
  to.hash0 = from.hash0;
  to.buckets = from.buckets;
  to.oldbuckets = from.oldbuckets;
  to.nevacuate = from.nevacuate;
  to.next_array = from.next_array;
}

void restore_goroutine(Goroutine& to, const Goroutine& from);

/** gs = parent for goroutines a step started or ended (matched by id): `changed` marks, per
 *  parent goroutine, one that differs or is gone. */
void restore_goroutines(std::vector<Goroutine>& gs, const std::vector<Goroutine>& parent,
                        const std::uint8_t* changed) {
  thread_local std::vector<Goroutine> out;
  out.clear();
  std::size_t j = 0;
  for (std::size_t i = 0; i < parent.size(); ++i) {
    while (j < gs.size() && gs[j].id < parent[i].id)
      ++j;  // started by the step: dropped
    if (j < gs.size() && gs[j].id == parent[i].id) {
      out.push_back(std::move(gs[j++]));
      if (changed[i]) restore_goroutine(out.back(), parent[i]);
    } else {
      out.push_back(parent[i]);  // ended by the step
    }
  }
  gs.swap(out);
}

/** to = from for a goroutine changed by a step: frame by frame, register by register where
 *  they differ (a step moves the top frame's pc and writes a register or two). */
void restore_goroutine(Goroutine& to, const Goroutine& from) {
  if (to.frames.size() != from.frames.size()) {
    to = from;
    return;
  }
  for (std::size_t i = 0; i < to.frames.size(); ++i) {
    Frame& t = to.frames[i];
    const Frame& f = from.frames[i];
    t.fn = f.fn;
    t.pc = f.pc;
    assign_differing(t.regs, f.regs);
    assign_differing(t.iters, f.iters);
    assign_differing(t.defers, f.defers);
    t.unwind = f.unwind;
    t.is_defer = f.is_defer;
  }
  // Every other field of Goroutine.
  to.id = from.id;
  to.status = from.status;
  if (to.panic != from.panic) to.panic = from.panic;
  if (to.panic_type != from.panic_type) to.panic_type = from.panic_type;
  if (to.call != from.call) to.call = from.call;
  to.store = from.store;
  to.call_map = from.call_map;
  to.sync_phase = from.sync_phase;
}

}  // namespace

void restore_world(World& w, const World& parent, const PartChanges& changes) {
  const std::size_t parts = 2 + parent.maps.size() + parent.syncs.size() + parent.goroutines.size();
  if (!changes.aligned || changes.changed.size() != parts || w.maps.size() != parent.maps.size() ||
      w.syncs.size() != parent.syncs.size() ||
      (!changes.relaid && w.goroutines.size() != parent.goroutines.size())) {
    assign_world(w, parent);
    return;
  }
  std::size_t part = 0;
  if (changes.changed[part++]) {
    w.globals = parent.globals;
    w.cells = parent.cells;
  }
  for (std::size_t i = 0; i < w.maps.size(); ++i) {
    if (!changes.changed[part++]) continue;
    if (w.maps[i] && parent.maps[i])
      restore_map(*w.maps[i], *parent.maps[i]);
    else
      w.maps[i] = parent.maps[i];
  }
  for (std::size_t i = 0; i < w.syncs.size(); ++i)
    if (changes.changed[part++]) w.syncs[i] = parent.syncs[i];
  if (changes.relaid) {
    restore_goroutines(w.goroutines, parent.goroutines, changes.changed.data() + part);
    part += parent.goroutines.size();
  } else {
    for (std::size_t i = 0; i < w.goroutines.size(); ++i)
      if (changes.changed[part++]) restore_goroutine(w.goroutines[i], parent.goroutines[i]);
  }
  if (changes.changed[part]) w.output = parent.output;
  w.term = parent.term;
}

void assign_world(World& to, const World& from) {
  assign_differing(to.globals, from.globals);
  assign_differing(to.cells, from.cells);
  assign_differing(to.maps, from.maps);
  assign_differing(to.syncs, from.syncs);
  assign_differing(to.goroutines, from.goroutines);
  if (to.output != from.output) to.output = from.output;
  to.term = from.term;
}

void decode_world_parts_over(Decoder& d, World& w, std::span<const std::byte> prev,
                             std::span<const std::size_t> prev_ends,
                             std::span<const std::uint32_t> prev_frames,
                             std::vector<std::size_t>& ends, std::vector<std::uint32_t>& frames,
                             PartChanges& changes) {
  ends.clear();
  frames.clear();
  const PrevParts parts{
      prev, prev_ends,
      prev_frames.size() == prev_ends.size() ? prev_frames : std::span<const std::uint32_t>{}};
  decode_canonical(d, w, &ends, prev_ends.empty() ? nullptr : &parts, &changes, &frames);
}

std::uint32_t goroutine_frames_at(std::span<const std::byte> part, std::size_t index,
                                  std::size_t maps, std::size_t syncs) {
  thread_local Goroutine scratch;  // keeps the storage of its call from one use to the next
  Decoder d(part);
  // The first goroutine's part begins with the goroutine count, and with the count of each
  // list before it that is empty (a list's count goes with the part after it).
  const std::size_t counts = index > 0 ? 0 : 1 + (maps == 0 ? 1 : 0) + (syncs == 0 ? 1 : 0);
  for (std::size_t i = 0; i < counts; ++i)
    d.u64();
  decode_goroutine_head(d, scratch);
  return static_cast<std::uint32_t>(d.position());
}

void merge_changes(PartChanges& a_z, const PartChanges& b_z) {
  a_z.aligned = a_z.aligned && b_z.aligned && a_z.changed.size() == b_z.changed.size();
  if (!a_z.aligned) return;
  a_z.relaid = a_z.relaid || b_z.relaid;
  for (std::size_t i = 0; i < a_z.changed.size(); ++i)
    if (b_z.changed[i]) a_z.changed[i] = true;
}

World decode_world(Decoder& d, const Program& p) {
  World w;
  decode_world_into(d, p, w);
  return w;
}

void decode_world_into(Decoder& d, const Program& /*p*/, World& w) {
  decode_canonical(d, w, nullptr);
}

void decode_world_parts(Decoder& d, const Program& /*p*/, World& w,
                        std::vector<std::size_t>& ends) {
  ends.clear();
  decode_canonical(d, w, &ends);
}

namespace {

// A goroutine's fields before its frames, as encode_goroutine writes them.
void decode_goroutine_head(Decoder& d, Goroutine& g) {
  g.id = GoroutineId{u32(d)};
  g.status = static_cast<GoStatus>(d.u8());
  g.sync_phase = static_cast<SyncPhase>(d.u8());
  g.panic.reset();
  g.panic_type.clear();
  if (d.boolean()) {
    g.panic = decode_value(d);
    g.panic_type = d.str();
  }
  if (d.boolean()) {
    if (!g.call) g.call.emplace();
    MapCall::decode_into(d, *g.call);
  } else {
    g.call.reset();
  }
  g.store.reset();
  if (d.boolean()) g.store = SlotRef::decode(d);
  g.call_map = (g.call || g.store) ? MapId{u32(d)} : MapId{};
}

// Every field is assigned (optionals reset when absent), so `w` may hold any world before.
// The ends pushed mirror encode_canonical's.
void decode_canonical(Decoder& d, World& w, std::vector<std::size_t>* ends, const PrevParts* prev,
                      PartChanges* changes, std::vector<std::uint32_t>* frames) {
  // Parts line up with prev's while every list read so far has prev's length (`w` holds
  // prev's world, so its lengths are prev's until resized).
  bool aligned = prev != nullptr && !w.term &&
                 prev->ends.size() == 2 + w.maps.size() + w.syncs.size() + w.goroutines.size();
  if (changes) {
    changes->changed.clear();
    changes->relaid = false;
  }
  std::size_t part = 0, part_start = 0;
  // True, and the decoder moved past the part, if the part starting at part_start (list
  // counts included) has prev's bytes: then `w` holds it already.
  const auto reuse = [&] {
    if (!aligned) return false;
    const std::size_t from = part == 0 ? 0 : prev->ends[part - 1];
    const auto bytes = prev->bytes.subspan(from, prev->ends[part] - from);
    if (!d.holds_at(part_start, bytes)) return false;
    d.seek(part_start + bytes.size());
    return true;
  };
  // Where the part's goroutine frames start in it, if it has any (0 otherwise).
  std::uint32_t frames_at = 0;
  const auto end = [&](bool read) {
    if (ends) ends->push_back(d.position());
    if (changes) changes->changed.push_back(read);
    if (frames) frames->push_back(frames_at);
    frames_at = 0;
    part_start = d.position();
    ++part;
  };
  const auto list = [&](auto& v) {
    const std::uint64_t n = d.u64();
    aligned = aligned && n == v.size();
    v.resize(n);
  };
  if (reuse()) {
    end(false);
  } else {
    w.globals.resize(d.u64());
    for (GoValue& v : w.globals)
      decode_value_into(d, v);
    w.cells.resize(d.u64());
    for (auto& c : w.cells) {
      if (!c) c.emplace();
      decode_value_into(d, *c);
    }
    end(true);
  }
  list(w.maps);
  for (auto& m : w.maps) {
    if (reuse()) {
      end(false);
      continue;
    }
    if (!m) m.emplace();
    HMap::decode_into(d, *m);  // reuses the bucket storage of the world decoded before
    end(true);
  }
  list(w.syncs);
  for (auto& s : w.syncs) {
    if (reuse()) {
      end(false);
      continue;
    }
    s = SyncObject::decode(d, [&] { return decode_value(d); });
    end(true);
  }
  list(w.goroutines);
  for (Goroutine& g : w.goroutines) {
    if (reuse()) {
      if (!prev->frames.empty()) frames_at = prev->frames[part];
      end(false);
      continue;
    }
    decode_goroutine_head(d, g);
    frames_at = static_cast<std::uint32_t>(d.position() - part_start);
    // `g` holds prev's goroutine of this index (aligned): if the frames' bytes, which end the
    // part, are prev's, so are its frames.
    if (aligned && !prev->frames.empty()) {
      const std::size_t prev_start = part == 0 ? 0 : prev->ends[part - 1];
      const auto prev_frames = prev->bytes.subspan(
          prev_start + prev->frames[part], prev->ends[part] - prev_start - prev->frames[part]);
      if (d.holds_at(d.position(), prev_frames)) {
        d.seek(d.position() + prev_frames.size());
        end(true);
        continue;
      }
    }
    g.frames.resize(d.u64());
    for (Frame& f : g.frames) {
      f.fn = FuncId{u32(d)};
      f.pc = u32(d);
      f.unwind = static_cast<Unwind>(d.u8());
      f.is_defer = d.boolean();
      f.regs.resize(d.u64());
      for (GoValue& v : f.regs)
        decode_value_into(d, v);
      f.iters.resize(d.u64());
      for (auto& it : f.iters) {
        if (!d.boolean()) {
          it.reset();
          continue;
        }
        if (!it) it.emplace();
        it->map = MapId{u32(d)};
        it->pending = d.boolean();
        HIter::decode_into(d, it->it);
      }
      f.defers.resize(d.u64());
      for (DeferredCall& dc : f.defers) {
        dc.fn = FuncId{u32(d)};
        dc.args.resize(d.u64());
        for (GoValue& v : dc.args)
          decode_value_into(d, v);
      }
    }
    end(true);
  }
  if (reuse()) {
    end(false);
  } else {
    w.output = d.str();
    w.term.reset();
    if (d.boolean()) {
      Termination t;
      t.kind = static_cast<TerminationKind>(d.u8());
      t.message = d.str();
      t.leak = d.boolean();
      t.output = w.output;
      w.term = std::move(t);
    }
    end(true);
  }
  if (changes) changes->aligned = aligned;
  if (!d.at_end()) throw std::logic_error("trailing bytes after world encoding");
}

}  // namespace

}  // namespace mapcheck::model
