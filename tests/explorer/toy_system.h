// ToySystem: a tiny TransitionSystem for the explorer's tests, playing the role genmc's
// StubChecker plays: actors run straight-line programs over shared variables and locks,
// small enough that state counts can be worked out by hand.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "explorer/transition_system.h"

namespace mapcheck::explorer::testing {

/** One instruction of a toy actor. `arg` is a variable, a lock, a pc or a choice count. */
struct Instr {
  enum class Op : std::uint8_t {
    local,   ///< reg += 1; private
    read,    ///< reg = var[arg]
    write,   ///< var[arg] = reg + 1
    lock,    ///< acquire lock[arg]; enabled only while it is free
    unlock,  ///< release lock[arg]
    choose,  ///< reg = one of arg choices; private
    jump,    ///< pc = arg; private
    fork,    ///< two choices: 0 goes on to pc + 1, 1 jumps to pc = arg; private
  };
  Op op;
  std::uint8_t arg = 0;
};

inline Instr local() {
  return {Instr::Op::local};
}
inline Instr read(std::uint8_t v) {
  return {Instr::Op::read, v};
}
inline Instr write(std::uint8_t v) {
  return {Instr::Op::write, v};
}
inline Instr lock(std::uint8_t l) {
  return {Instr::Op::lock, l};
}
inline Instr unlock(std::uint8_t l) {
  return {Instr::Op::unlock, l};
}
inline Instr choose(std::uint8_t n) {
  return {Instr::Op::choose, n};
}
inline Instr jump(std::uint8_t pc) {
  return {Instr::Op::jump, pc};
}
inline Instr fork(std::uint8_t pc) {
  return {Instr::Op::fork, pc};
}

/** State bytes: per actor (pc, reg), then the variables, then the lock owners (0 = free,
 *  else actor + 1). Terminal with every actor at its end: exit with output "x0=.. x1=..";
 *  terminal otherwise: deadlock. */
class ToySystem : public TransitionSystem {
 public:
  ToySystem(std::vector<std::vector<Instr>> actors, std::size_t vars, std::size_t locks)
      : actors_(std::move(actors)), vars_(vars), locks_(locks) {}

  /** Report a violation "x<var> == <value>" in every state where it holds. */
  std::optional<std::pair<std::uint8_t, std::uint8_t>> bad;

  /** Answer futures(): each unfinished actor may touch what its instructions from pc on touch
   *  (all of them if the program jumps). */
  bool report_futures = false;

  StateBytes initial() const override {
    return StateBytes(actors_.size() * 2 + vars_ + locks_, std::byte{0});
  }

  void enabled(StateView s, std::vector<Step>& out) const override {
    out.clear();
    for (std::uint32_t a = 0; a < actors_.size(); ++a) {
      const auto pc = u(s, 2 * a);
      if (pc >= actors_[a].size()) continue;
      const Instr& in = actors_[a][pc];
      if (in.op == Instr::Op::lock && u(s, lock_at(in.arg)) != 0) continue;
      const std::uint32_t n = in.op == Instr::Op::choose ? in.arg
                              : in.op == Instr::Op::fork ? 2
                                                         : 1;
      for (std::uint32_t c = 0; c < n; ++c)
        out.push_back(Step{ActorId{a}, c});
    }
  }

  StateBytes apply(StateView s, const Step& step) const override {
    StateBytes t(s.begin(), s.end());
    const std::size_t a = step.actor.v;
    const Instr& in = actors_[a][u(s, 2 * a)];
    auto set = [&](std::size_t i, unsigned v) { t[i] = static_cast<std::byte>(v); };
    set(2 * a, u(s, 2 * a) + 1);
    switch (in.op) {
      case Instr::Op::local:
        set(2 * a + 1, u(s, 2 * a + 1) + 1);
        break;
      case Instr::Op::read:
        set(2 * a + 1, u(s, var_at(in.arg)));
        break;
      case Instr::Op::write:
        set(var_at(in.arg), u(s, 2 * a + 1) + 1);
        break;
      case Instr::Op::lock:
        set(lock_at(in.arg), static_cast<unsigned>(a + 1));
        break;
      case Instr::Op::unlock:
        set(lock_at(in.arg), 0);
        break;
      case Instr::Op::choose:
        set(2 * a + 1, step.choice);
        break;
      case Instr::Op::jump:
        set(2 * a, in.arg);
        break;
      case Instr::Op::fork:
        if (step.choice == 1) set(2 * a, in.arg);
        break;
    }
    return t;
  }

  Footprint footprint(StateView s, const Step& step) const override {
    return instr_footprint(actors_[step.actor.v][u(s, 2 * step.actor.v)]);
  }

  bool futures(StateView s, std::vector<ActorFuture>& out) const override {
    if (!report_futures) return false;
    out.clear();
    for (std::uint32_t a = 0; a < actors_.size(); ++a) {
      const auto& prog = actors_[a];
      std::size_t from = u(s, 2 * a);
      if (from >= prog.size()) continue;
      for (const Instr& in : prog)
        if (in.op == Instr::Op::jump || in.op == Instr::Op::fork) from = 0;
      ActorFuture f{ActorId{a}, {}};
      for (std::size_t pc = from; pc < prog.size(); ++pc)
        for (const Access& x : instr_footprint(prog[pc]).accesses)
          f.footprint.accesses.push_back(x);
      out.push_back(std::move(f));
    }
    return true;
  }

  static Footprint instr_footprint(const Instr& in) {
    switch (in.op) {
      case Instr::Op::read:
        return Footprint{{Access{in.arg, false}}, false};
      case Instr::Op::write:
        return Footprint{{Access{in.arg, true}}, false};
      case Instr::Op::lock:
      case Instr::Op::unlock:
        return Footprint{{Access{100u + in.arg, true}}, false};
      default:
        return Footprint{};
    }
  }

  Outcome outcome(StateView s) const override {
    for (std::size_t a = 0; a < actors_.size(); ++a)
      if (u(s, 2 * a) < actors_[a].size()) return Outcome{OutcomeKind::deadlock, "", "", false};
    std::string out;
    for (std::size_t v = 0; v < vars_; ++v)
      out += fmt::format("{}x{}={}", v ? " " : "", v, u(s, var_at(v)));
    return Outcome{OutcomeKind::exit, "", out, false};
  }

  std::optional<std::string> violation(StateView s) const override {
    if (bad && u(s, var_at(bad->first)) == bad->second)
      return fmt::format("x{} == {}", bad->first, bad->second);
    return std::nullopt;
  }

 private:
  static unsigned u(StateView s, std::size_t i) { return static_cast<unsigned>(s[i]); }
  std::size_t var_at(std::size_t v) const { return actors_.size() * 2 + v; }
  std::size_t lock_at(std::size_t l) const { return actors_.size() * 2 + vars_ + l; }

  std::vector<std::vector<Instr>> actors_;
  std::size_t vars_;
  std::size_t locks_;
};

/** g0: r=x; x=r+1 | g1: r=x; x=r+1 — the lost update: x ends 1 or 2. */
inline ToySystem lost_update() {
  return ToySystem({{read(0), write(0)}, {read(0), write(0)}}, 1, 0);
}

/** Exit outcome of a toy run with one variable. */
inline Outcome toy_exit(unsigned x) {
  return Outcome{OutcomeKind::exit, "", fmt::format("x0={}", x), false};
}

}  // namespace mapcheck::explorer::testing
