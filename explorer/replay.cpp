// replay: apply each step after checking it is among the enabled ones.
#include "explorer/replay.h"

#include <algorithm>
#include <stdexcept>

namespace mapcheck::explorer {

Replay replay(const TransitionSystem& system, std::span<const Step> path) {
  Replay r;
  r.states.push_back(system.initial());
  std::vector<Step> enabled;
  for (std::size_t i = 0; i < path.size(); ++i) {
    system.enabled(r.states.back(), enabled);
    if (std::find(enabled.begin(), enabled.end(), path[i]) == enabled.end()) {
      r.rejected = i;
      return r;
    }
    r.states.push_back(system.apply(r.states.back(), path[i]));
  }
  return r;
}

std::vector<bool> preempting_steps(const TransitionSystem& system, std::span<const Step> path) {
  StateBytes state = system.initial();
  std::vector<Step> enabled;
  std::vector<bool> flags(path.size(), false);
  for (std::size_t i = 0; i < path.size(); ++i) {
    system.enabled(state, enabled);
    if (std::find(enabled.begin(), enabled.end(), path[i]) == enabled.end())
      throw std::invalid_argument(fmt::format("step {} ({}) is not enabled", i, path[i]));
    flags[i] = i > 0 && path[i].actor != path[i - 1].actor &&
               std::any_of(enabled.begin(), enabled.end(),
                           [&](const Step& s) { return s.actor == path[i - 1].actor; });
    state = system.apply(state, path[i]);
  }
  return flags;
}

std::size_t count_preemptions(const TransitionSystem& system, std::span<const Step> path) {
  const std::vector<bool> flags = preempting_steps(system, path);
  return static_cast<std::size_t>(std::count(flags.begin(), flags.end(), true));
}

}  // namespace mapcheck::explorer
