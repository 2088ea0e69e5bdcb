// HintProbe: a system that forwards to another, to test what the explorer asks of
// TransitionSystem::expand_without_preempting and what comes of the answer.
#pragma once

#include <atomic>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "explorer/transition_system.h"

namespace mapcheck::explorer::testing {

/** Forwards every call to `inner`, counting the calls of expand_without_preempting and the
 *  steps they left out; or, with `ignore_hint`, answers those with every successor and 0, as
 *  a system that ignores the hint may. */
class HintProbe : public TransitionSystem {
 public:
  HintProbe(const TransitionSystem& inner, bool ignore_hint)
      : inner_(inner), ignore_hint_(ignore_hint) {}
  mutable std::atomic<std::size_t> calls{0}, left_out{0};

  StateBytes initial() const override { return inner_.initial(); }
  void enabled(StateView s, std::vector<Step>& out) const override { inner_.enabled(s, out); }
  StateBytes apply(StateView s, const Step& st) const override { return inner_.apply(s, st); }
  Footprint footprint(StateView s, const Step& st) const override {
    return inner_.footprint(s, st);
  }
  Outcome outcome(StateView s) const override { return inner_.outcome(s); }
  std::optional<std::string> violation(StateView s) const override { return inner_.violation(s); }
  bool futures(StateView s, std::vector<ActorFuture>& out) const override {
    return inner_.futures(s, out);
  }
  void components(StateView s, std::vector<StateView>& parts) const override {
    inner_.components(s, parts);
  }
  void expand(StateView s, std::vector<Successor>& out) const override { inner_.expand(s, out); }
  void expand_without_footprints(StateView s, std::vector<Successor>& out) const override {
    inner_.expand_without_footprints(s, out);
  }
  std::size_t expand_without_preempting(StateView s, ActorId a,
                                        std::vector<Successor>& out) const override {
    if (ignore_hint_) {
      inner_.expand_without_footprints(s, out);
      return 0;
    }
    ++calls;
    const std::size_t n = inner_.expand_without_preempting(s, a, out);
    left_out += n;
    return n;
  }

 private:
  const TransitionSystem& inner_;
  bool ignore_hint_;
};

}  // namespace mapcheck::explorer::testing
