// Independence and ample-set choice (see reduction.h for why this reduction is sound).
#include "explorer/reduction.h"

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

}  // namespace mapcheck::explorer
