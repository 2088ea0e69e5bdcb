// random_walk: pick an actor, then a choice, until the system ends or max_steps is reached.
#include "explorer/random_walk.h"

#include <vector>

namespace mapcheck::explorer {

std::span<const Step> steps_of(std::span<const Step> enabled, ActorId actor) {
  std::size_t first = 0;
  while (first < enabled.size() && enabled[first].actor != actor)
    ++first;
  std::size_t count = 0;
  while (first + count < enabled.size() && enabled[first + count].actor == actor)
    ++count;
  return enabled.subspan(first, count);
}

Step pick_uniform(std::span<const Step> enabled, Rng& rng) {
  std::size_t actors = 0;
  for (std::size_t i = 0; i < enabled.size(); ++i)
    if (i == 0 || enabled[i].actor != enabled[i - 1].actor) ++actors;
  std::size_t nth = rng.below(actors);
  std::size_t i = 0;
  for (; nth > 0; ++i)
    if (enabled[i + 1].actor != enabled[i].actor) --nth;
  const std::span<const Step> mine = steps_of(enabled, enabled[i].actor);
  return mine[rng.below(mine.size())];
}

WalkResult random_walk(const TransitionSystem& system, const WalkOptions& options) {
  Rng rng(options.seed);
  return walk(
      system, options.max_steps,
      [&](std::span<const Step> steps) { return pick_uniform(steps, rng); },
      [](const Step*, const StateBytes&) {});
}

}  // namespace mapcheck::explorer
