// PctScheduler and pct_walk: priorities in two bands (initial, lowered), change points by step.
#include "explorer/pct.h"

#include <algorithm>
#include <stdexcept>
#include <unordered_set>

#include <xxhash.h>

namespace mapcheck::explorer {

PctScheduler::PctScheduler(std::uint64_t seed, std::uint32_t depth, std::uint32_t length)
    : rng_(seed), depth_(depth) {
  if (depth == 0 || length == 0) throw std::logic_error("PctScheduler: depth and length >= 1");
  for (std::uint32_t i = 1; i < depth; ++i)
    change_points_.push_back(1 + static_cast<std::uint32_t>(rng_.below(length)));
}

void PctScheduler::remove(ActorId actor) {
  std::erase(high_, actor);
  std::erase_if(low_, [&](const auto& e) { return e.second == actor; });
}

void PctScheduler::lower(ActorId actor, std::int64_t value) {
  remove(actor);
  auto at = std::find_if(low_.begin(), low_.end(), [&](const auto& e) { return e.first < value; });
  low_.insert(at, {value, actor});
}

Step PctScheduler::pick(std::span<const Step> enabled) {
  auto known = [&](ActorId a) {
    return std::find(high_.begin(), high_.end(), a) != high_.end() ||
           std::find_if(low_.begin(), low_.end(), [&](const auto& e) { return e.second == a; }) !=
               low_.end();
  };
  // New actors, in actor order, each at a uniformly random place among the initial priorities.
  for (std::size_t i = 0; i < enabled.size(); ++i)
    if ((i == 0 || enabled[i].actor != enabled[i - 1].actor) && !known(enabled[i].actor))
      high_.insert(high_.begin() + static_cast<std::ptrdiff_t>(rng_.below(high_.size() + 1)),
                   enabled[i].actor);
  std::span<const Step> mine;
  for (ActorId a : high_)
    if (mine.empty()) mine = steps_of(enabled, a);
  for (const auto& e : low_)
    if (mine.empty()) mine = steps_of(enabled, e.second);
  if (mine.empty()) throw std::logic_error("PctScheduler::pick: no enabled actor");
  const Step step = mine[rng_.below(mine.size())];
  ++steps_;
  for (std::uint32_t i = 0; i < change_points_.size(); ++i)
    if (change_points_[i] == steps_) lower(step.actor, static_cast<std::int64_t>(depth_) - (i + 1));
  return step;
}

void PctScheduler::demote(ActorId actor) {
  lower(actor, --next_demotion_);
}

WalkResult pct_walk(const TransitionSystem& system, const PctWalkOptions& options) {
  PctScheduler pct(options.seed, options.depth, options.length);
  // Hashes of the states of this execution: a step back to one of them made no progress. Only
  // membership is asked, never iteration order, so the unordered set keeps results fixed.
  std::unordered_set<std::uint64_t> seen;
  return walk(
      system, options.max_steps, [&](std::span<const Step> steps) { return pct.pick(steps); },
      [&](const Step* step, const StateBytes& state) {
        if (!seen.insert(XXH3_64bits(state.data(), state.size())).second && step)
          pct.demote(step->actor);
      });
}

}  // namespace mapcheck::explorer
