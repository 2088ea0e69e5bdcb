// replay: apply each step after checking it is among the enabled ones.
#include "explorer/replay.h"

#include <algorithm>

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

}  // namespace mapcheck::explorer
