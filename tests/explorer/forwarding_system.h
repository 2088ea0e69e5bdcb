// ForwardingSystem: a TransitionSystem that passes every call to another; tests derive from it
// to watch or change one method of a system.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "explorer/transition_system.h"

namespace mapcheck::explorer::testing {

class ForwardingSystem : public TransitionSystem {
 public:
  explicit ForwardingSystem(const TransitionSystem& inner) : inner_(inner) {}

  StateBytes initial() const override { return inner_.initial(); }
  void enabled(StateView s, std::vector<Step>& out) const override { inner_.enabled(s, out); }
  StateBytes apply(StateView s, const Step& st) const override { return inner_.apply(s, st); }
  Footprint footprint(StateView s, const Step& st) const override {
    return inner_.footprint(s, st);
  }
  Outcome outcome(StateView s) const override { return inner_.outcome(s); }
  std::size_t held_back(StateView s) const override { return inner_.held_back(s); }
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
    return inner_.expand_without_preempting(s, a, out);
  }

 protected:
  const TransitionSystem& inner_;
};

}  // namespace mapcheck::explorer::testing
