// PromelaLikeSystem: a TransitionSystem with SPIN's execution semantics, so that the explorer's
// state counts can be checked against SPIN's on the models in bench/spin/ (SpinCrossCheckTest).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "explorer/transition_system.h"

namespace mapcheck::explorer::testing {

/** What a statement sees: the globals, its process's locals, and its _pid. Every variable is
 *  a Promela byte (arithmetic wraps modulo 256; a bool is a byte holding 0 or 1). */
struct ProcView {
  std::uint8_t* globals;
  std::uint8_t* locals;
  unsigned pid;
};

/** One transition of a proctype's state machine as `pan -d` lists it: executable while
 *  `guard` holds, then `effect` runs and the process moves to `next` (a goto is no statement
 *  of its own: SPIN folds it into the statement before it, so it appears here as `next`). A
 *  d_step is one statement. */
struct Stmt {
  std::function<bool(const ProcView&)> guard;
  std::function<void(ProcView&)> effect;
  std::uint8_t next;
};

/** The state machine of a proctype: statements by pc; pc == size() is the end state, from
 *  which only SPIN's "-end-" transition leaves. */
struct Proctype {
  std::vector<Stmt> stmts;
  std::size_t locals = 0;
};

/** N copies of one `active [N] proctype` with SPIN's semantics (as pan computes them with
 *  -DNOREDUCE -DSAFETY and statement merging on, which these models never trigger because
 *  every statement touches a global):
 *  - a state is (globals, number of live processes, each live process's pc and locals); SPIN
 *    stores the same tuple, so equal states here are equal states there;
 *  - a process at its end state leaves by the "-end-" transition, which is executable only for
 *    the highest-numbered live process (processes die in reverse order of creation): a
 *    finished process with a live higher-numbered one stays in the state vector;
 *  - locals keep their values after their last use (pan's dataflow reset of dead variables
 *    does not fire on these models; the counts say so).
 *  State bytes: the globals, the number of live processes, then per live process pc and
 *  locals. Terminal with no process left: exit, output from `describe`; terminal otherwise:
 *  deadlock (SPIN's "invalid end state"). */
class PromelaLikeSystem : public TransitionSystem {
 public:
  PromelaLikeSystem(Proctype proc, unsigned copies, std::vector<std::uint8_t> globals)
      : proc_(std::move(proc)), copies_(copies), globals_(std::move(globals)) {}

  /** The exit output for the final globals (e.g. "x=1"). */
  std::function<std::string(const std::uint8_t* globals)> describe = [](const std::uint8_t*) {
    return std::string();
  };

  /** A property SPIN checks as an assert: a message if it fails in this state. */
  std::function<std::optional<std::string>(const PromelaLikeSystem&, StateView)> check;

  StateBytes initial() const override {
    StateBytes s;
    for (std::uint8_t g : globals_)
      s.push_back(std::byte{g});
    s.push_back(static_cast<std::byte>(copies_));
    for (unsigned p = 0; p < copies_; ++p)
      s.insert(s.end(), 1 + proc_.locals, std::byte{0});
    return s;
  }

  void enabled(StateView s, std::vector<Step>& out) const override {
    out.clear();
    StateBytes copy(s.begin(), s.end());
    const unsigned live = nr_pr(s);
    for (unsigned p = 0; p < live; ++p) {
      const unsigned pc = pc_of(s, p);
      if (pc == proc_.stmts.size()) {
        if (p + 1 == live) out.push_back(Step{ActorId{p}, 0});
        continue;
      }
      ProcView v = view(copy, p);
      if (proc_.stmts[pc].guard(v)) out.push_back(Step{ActorId{p}, 0});
    }
  }

  StateBytes apply(StateView s, const Step& step) const override {
    StateBytes t(s.begin(), s.end());
    const unsigned p = step.actor.v;
    const unsigned pc = pc_of(s, p);
    if (pc == proc_.stmts.size()) {  // -end-: the last process dies
      t.resize(t.size() - slot());
      t[globals_.size()] = static_cast<std::byte>(p);
      return t;
    }
    ProcView v = view(t, p);
    proc_.stmts[pc].effect(v);
    t[proc_at(p)] = static_cast<std::byte>(proc_.stmts[pc].next);
    return t;
  }

  /** Every statement of these models touches a global, and -end- changes what an outcome
   *  sees: one shared object, written, makes every step dependent (no reduction applies). */
  Footprint footprint(StateView /*s*/, const Step& /*step*/) const override {
    return Footprint{{Access{0, true}}, true};
  }

  Outcome outcome(StateView s) const override {
    if (nr_pr(s) != 0) return Outcome{OutcomeKind::deadlock, "", "", false};
    std::vector<std::uint8_t> g = globals_of(s);
    return Outcome{OutcomeKind::exit, "", describe(g.data()), false};
  }

  std::optional<std::string> violation(StateView s) const override {
    return check ? check(*this, s) : std::nullopt;
  }

  unsigned nr_pr(StateView s) const { return static_cast<unsigned>(s[globals_.size()]); }
  unsigned pc_of(StateView s, unsigned p) const { return static_cast<unsigned>(s[proc_at(p)]); }
  std::vector<std::uint8_t> globals_of(StateView s) const {
    std::vector<std::uint8_t> g;
    for (std::size_t i = 0; i < globals_.size(); ++i)
      g.push_back(static_cast<std::uint8_t>(s[i]));
    return g;
  }

 private:
  std::size_t slot() const { return 1 + proc_.locals; }
  std::size_t proc_at(unsigned p) const { return globals_.size() + 1 + p * slot(); }
  ProcView view(StateBytes& t, unsigned p) const {
    auto* base = reinterpret_cast<std::uint8_t*>(t.data());
    return ProcView{base, base + proc_at(p) + 1, p};
  }

  Proctype proc_;
  unsigned copies_;
  std::vector<std::uint8_t> globals_;
};

}  // namespace mapcheck::explorer::testing
