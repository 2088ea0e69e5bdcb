// random_walk: pick an actor, then a choice, until the system ends or max_steps is reached.
#include "explorer/random_walk.h"

#include <vector>

#include "explorer/rng.h"

namespace mapcheck::explorer {

WalkResult random_walk(const TransitionSystem& system, const WalkOptions& options) {
  Rng rng(options.seed);
  WalkResult r;
  r.state = system.initial();
  std::vector<Step> steps;
  std::vector<ActorId> actors;
  for (;;) {
    if ((r.violation = system.violation(r.state))) return r;
    system.enabled(r.state, steps);
    if (steps.empty()) {
      r.outcome = system.outcome(r.state);
      return r;
    }
    if (r.path.size() >= options.max_steps) return r;
    actors.clear();
    for (const Step& s : steps)
      if (actors.empty() || actors.back() != s.actor) actors.push_back(s.actor);
    const ActorId actor = actors[rng.below(actors.size())];
    std::size_t first = 0;
    while (steps[first].actor != actor)
      ++first;
    std::size_t count = 0;
    while (first + count < steps.size() && steps[first + count].actor == actor)
      ++count;
    const Step step = steps[first + rng.below(count)];
    r.state = system.apply(r.state, step);
    r.path.push_back(step);
  }
}

}  // namespace mapcheck::explorer
