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

std::size_t count_preemptions(const TransitionSystem& system, std::span<const Step> path) {
  StateBytes state = system.initial();
  std::vector<Step> enabled;
  std::size_t n = 0;
  for (std::size_t i = 0; i < path.size(); ++i) {
    system.enabled(state, enabled);
    if (std::find(enabled.begin(), enabled.end(), path[i]) == enabled.end())
      throw std::invalid_argument(fmt::format("step {} ({}) is not enabled", i, path[i]));
    if (i > 0 && path[i].actor != path[i - 1].actor &&
        std::any_of(enabled.begin(), enabled.end(),
                    [&](const Step& s) { return s.actor == path[i - 1].actor; }))
      ++n;
    state = system.apply(state, path[i]);
  }
  return n;
}

}  // namespace mapcheck::explorer
