// HintProbe: a system that forwards to another, to test what the explorer asks of
// TransitionSystem::expand_without_preempting and what comes of the answer.
#pragma once

#include <atomic>
#include <cstddef>
#include <vector>

#include "tests/explorer/forwarding_system.h"

namespace mapcheck::explorer::testing {

/** Forwards every call to `inner`, counting the calls of expand_without_preempting and the
 *  steps they left out; or, with `ignore_hint`, answers those with every successor and 0, as
 *  a system that ignores the hint may. */
class HintProbe : public ForwardingSystem {
 public:
  HintProbe(const TransitionSystem& inner, bool ignore_hint)
      : ForwardingSystem(inner), ignore_hint_(ignore_hint) {}
  mutable std::atomic<std::size_t> calls{0}, left_out{0};

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
  bool ignore_hint_;
};

}  // namespace mapcheck::explorer::testing
