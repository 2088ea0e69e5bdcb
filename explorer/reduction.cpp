// Independence and ample-set choice (see reduction.h for why this reduction is sound).
#include "explorer/reduction.h"

#include <algorithm>
#include <map>
#include <set>

namespace mapcheck::explorer {

bool conflict(const Footprint& a, const Footprint& b) {
  for (const Access& x : a.accesses)
    for (const Access& y : b.accesses)
      if (x.object == y.object && (x.write || y.write)) return true;
  return false;
}

bool is_private(const Footprint& f) {
  return f.accesses.empty() && !f.visible;
}

std::optional<ActorId> ample_actor(std::span<const Successor> succ,
                                   const std::function<bool(std::size_t)>& eligible) {
  if (succ.empty() || succ.front().step.actor == succ.back().step.actor) return std::nullopt;
  std::size_t begin = 0;
  while (begin < succ.size()) {
    const ActorId actor = succ[begin].step.actor;
    std::size_t end = begin;
    bool ok = true;
    for (; end < succ.size() && succ[end].step.actor == actor; ++end)
      ok = ok && is_private(succ[end].footprint) && eligible(end);
    if (ok) return actor;
    begin = end;
  }
  return std::nullopt;
}

namespace {

/** Index range [first, last) of each enabled actor's steps in `succ`. */
std::map<ActorId, std::pair<std::size_t, std::size_t>> steps_by_actor(
    std::span<const Successor> succ) {
  std::map<ActorId, std::pair<std::size_t, std::size_t>> r;
  for (std::size_t i = 0; i < succ.size(); ++i) {
    auto [it, added] = r.try_emplace(succ[i].step.actor, i, i + 1);
    if (!added) it->second.second = i + 1;
  }
  return r;
}

}  // namespace

std::optional<std::vector<ActorId>> persistent_actors(
    std::span<const Successor> succ, const std::optional<std::vector<ActorFuture>>& futures,
    const std::function<bool(std::size_t)>& eligible) {
  const auto steps = steps_by_actor(succ);
  if (steps.size() < 2) return std::nullopt;
  // Every actor that may still move, with its future when known (nullptr: unknown).
  std::map<ActorId, const Footprint*> live;
  for (const auto& [a, range] : steps)
    live[a] = nullptr;
  if (futures)
    for (const ActorFuture& f : *futures)
      live[f.actor] = &f.footprint;
  auto conflicts = [](const Footprint* future, const Footprint& step) {
    return future == nullptr ? !step.accesses.empty() : conflict(*future, step);
  };

  std::optional<std::set<ActorId>> best;
  std::size_t best_steps = 0;
  for (const auto& [seed, seed_range] : steps) {
    std::set<ActorId> t{seed};
    std::vector<ActorId> work{seed};
    std::size_t n = 0;
    bool usable = true;
    while (usable && !work.empty()) {
      const ActorId x = work.back();
      work.pop_back();
      const auto it = steps.find(x);
      if (it == steps.end()) {
        usable = false;  // a blocked actor: what would enable it is not known
        break;
      }
      for (std::size_t i = it->second.first; usable && i < it->second.second; ++i) {
        ++n;
        usable = !succ[i].footprint.visible && eligible(i);
        for (const auto& [q, future] : live)
          if (usable && !t.contains(q) && conflicts(future, succ[i].footprint)) {
            t.insert(q);
            work.push_back(q);
          }
      }
    }
    if (!usable || (best && n >= best_steps)) continue;
    // Every enabled actor in T, but some enabled actor outside: a proper subset of the steps.
    if (std::all_of(steps.begin(), steps.end(), [&](const auto& e) { return t.contains(e.first); }))
      continue;
    best = std::move(t);
    best_steps = n;
  }
  if (!best) return std::nullopt;
  return std::vector<ActorId>(best->begin(), best->end());
}

}  // namespace mapcheck::explorer
