// SyntheticSystem: a parametrised TransitionSystem for the explorer benchmark: N processes,
// each a pc and L private bytes, running P steps; even steps bump a shared cell, odd steps
// change a private byte. Exactly (P+1)^N states: millions from a few parameters.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "explorer/transition_system.h"

namespace mapcheck::bench {

/** The shape of a synthetic system. */
struct SyntheticShape {
  unsigned procs = 6;   ///< processes (actors)
  unsigned steps = 8;   ///< steps per process (P)
  unsigned local = 8;   ///< private bytes per process (L)
  unsigned cells = 2;   ///< shared cells
  unsigned modulo = 3;  ///< a cell's values: 0 .. modulo-1
};

/** State bytes: the cells, then per process its pc and its L private bytes. Process i at pc
 *  p < P: if p is even, cell (i + p) % cells gains i + 1 modulo `modulo` (a shared step); if
 *  p is odd, private byte p % L gains i + 1 (a private step). Additions commute, so a state
 *  is fixed by its pcs: (P+1)^N states. Terminal when every pc is P: exit with the cells. */
class SyntheticSystem final : public explorer::TransitionSystem {
 public:
  explicit SyntheticSystem(SyntheticShape shape) : shape_(shape) {}

  explorer::StateBytes initial() const override {
    return explorer::StateBytes(shape_.cells + shape_.procs * (1 + shape_.local), std::byte{0});
  }

  void enabled(explorer::StateView s, std::vector<explorer::Step>& out) const override {
    out.clear();
    for (unsigned i = 0; i < shape_.procs; ++i)
      if (pc(s, i) < shape_.steps) out.push_back({explorer::ActorId{i}, 0});
  }

  explorer::StateBytes apply(explorer::StateView s, const explorer::Step& step) const override {
    explorer::StateBytes next(s.begin(), s.end());
    apply_in_place(next, step.actor.v);
    return next;
  }

  explorer::Footprint footprint(explorer::StateView s, const explorer::Step& step) const override {
    explorer::Footprint f;
    const unsigned p = pc(s, step.actor.v);
    if (p % 2 == 0) f.accesses.push_back({cell_of(step.actor.v, p), true});
    return f;
  }

  explorer::Outcome outcome(explorer::StateView s) const override {
    explorer::Outcome o;
    for (unsigned c = 0; c < shape_.cells; ++c)
      o.output += std::to_string(static_cast<unsigned>(s[c])) + " ";
    return o;
  }

  /** The cells, then one part per process. */
  void components(explorer::StateView s, std::vector<explorer::StateView>& parts) const override {
    parts.push_back(s.first(shape_.cells));
    for (unsigned i = 0; i < shape_.procs; ++i)
      parts.push_back(s.subspan(proc_offset(i), 1 + shape_.local));
  }

  /** Writes into the successors' existing buffers: no allocation once they have grown. */
  void expand(explorer::StateView s, std::vector<explorer::Successor>& out) const override {
    std::size_t n = 0;
    for (unsigned i = 0; i < shape_.procs; ++i) {
      const unsigned p = pc(s, i);
      if (p >= shape_.steps) continue;
      if (out.size() <= n) out.emplace_back();
      explorer::Successor& x = out[n++];
      x.step = {explorer::ActorId{i}, 0};
      x.footprint.visible = false;
      x.footprint.accesses.clear();
      if (p % 2 == 0) x.footprint.accesses.push_back({cell_of(i, p), true});
      x.state.assign(s.begin(), s.end());
      apply_in_place(x.state, i);
    }
    out.resize(n);
  }

 private:
  std::size_t proc_offset(unsigned i) const { return shape_.cells + i * (1 + shape_.local); }
  unsigned pc(explorer::StateView s, unsigned i) const {
    return static_cast<unsigned>(s[proc_offset(i)]);
  }
  std::uint32_t cell_of(unsigned i, unsigned p) const { return (i + p) % shape_.cells; }

  void apply_in_place(explorer::StateBytes& s, unsigned i) const {
    const std::size_t base = proc_offset(i);
    const unsigned p = static_cast<unsigned>(s[base]);
    if (p % 2 == 0) {
      std::byte& cell = s[cell_of(i, p)];
      cell = static_cast<std::byte>((static_cast<unsigned>(cell) + i + 1) % shape_.modulo);
    } else if (shape_.local > 0) {
      std::byte& priv = s[base + 1 + p % shape_.local];
      priv = static_cast<std::byte>(static_cast<unsigned>(priv) + i + 1);
    }
    s[base] = static_cast<std::byte>(p + 1);
  }

  SyntheticShape shape_;
};

}  // namespace mapcheck::bench
