// Independence and ample-set choice (see reduction.h for why this reduction is sound).
#include "explorer/reduction.h"

#include <algorithm>
#include <array>
#include <bit>

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

/** True if an actor whose future is `future` (nullptr: unknown) may conflict with `step`. */
bool conflicts(const Footprint* future, const Footprint& step) {
  return future == nullptr ? !step.accesses.empty() : conflict(*future, step);
}

bool test(const std::uint64_t* set, std::size_t i) {
  return (set[i / 64] >> (i % 64)) & 1;
}

void insert(std::uint64_t* set, std::size_t i) {
  set[i / 64] |= std::uint64_t{1} << (i % 64);
}

}  // namespace

void EnabledConflicts::compute(std::span<const Successor> succ) {
  n_ = 0;
  too_many_ = false;
  for (std::size_t i = 0; i < succ.size(); ++i)
    if (i == 0 || succ[i].step.actor != succ[i - 1].step.actor) {
      if (n_ == kMax) {
        too_many_ = true;
        return;
      }
      start_[n_++] = i;
    }
  start_[n_] = succ.size();
  // Only the first n_ entries of adjacent_ and masks_ are written and read (no zeroing of the
  // rest: this runs per state).
  std::fill_n(adjacent_.begin(), n_, 0);
  for (std::size_t x = 0; x < n_; ++x) {
    masks_[x] = ObjectMask{};
    for (std::size_t i = start_[x]; i < start_[x + 1]; ++i)
      masks_[x].add(succ[i].footprint);
  }
  // Some step of x conflicts with some step of q iff an object one of x's steps writes is
  // accessed by one of q's or the other way round: what the masks of all their steps tell.
  auto steps_conflict = [&](std::size_t x, std::size_t q) {
    if (!masks_[x].wide && !masks_[q].wide) return masks_[x].meets(masks_[q]);
    for (std::size_t i = start_[x]; i < start_[x + 1]; ++i)
      for (std::size_t j = start_[q]; j < start_[q + 1]; ++j)
        if (conflict(succ[i].footprint, succ[j].footprint)) return true;
    return false;
  };
  for (std::size_t x = 0; x < n_; ++x)
    for (std::size_t q = x + 1; q < n_; ++q)
      if (steps_conflict(x, q)) {
        adjacent_[x] |= std::uint64_t{1} << q;
        adjacent_[q] |= std::uint64_t{1} << x;
      }
  visible_ = 0;
  for (std::size_t x = 0; x < n_; ++x)
    for (std::size_t i = start_[x]; i < start_[x + 1]; ++i)
      if (succ[i].footprint.visible) visible_ |= std::uint64_t{1} << x;
}

template <class Settles>
bool EnabledConflicts::impossible_unless(const Settles& settles) const {
  if (too_many_) return false;
  if (n_ < 2) return true;
  const std::uint64_t all = n_ == kMax ? ~std::uint64_t{0} : (std::uint64_t{1} << n_) - 1;
  // Every closure holds its seed's component: each component must be all or hold a visible,
  // or be settled otherwise.
  for (std::uint64_t left = all; left != 0;) {
    std::uint64_t reach = std::uint64_t{1} << std::countr_zero(left);
    for (std::uint64_t grown = reach; grown != 0;) {
      std::uint64_t next = reach;
      for (std::uint64_t b = grown; b != 0; b &= b - 1)
        next |= adjacent_[static_cast<std::size_t>(std::countr_zero(b))];
      grown = next & ~reach;
      reach = next;
    }
    if (reach != all && (reach & visible_) == 0 && !settles(reach)) return false;
    left &= ~reach;
  }
  return true;
}

bool EnabledConflicts::impossible() const {
  return impossible_unless([](std::uint64_t) { return false; });
}

bool EnabledConflicts::impossible(const std::function<bool(std::size_t)>& eligible) const {
  // A closure is usable only if every step of every actor in it is eligible, and it holds its
  // seed's whole component: a component with an ineligible step cannot be in a usable one.
  return impossible_unless([&](std::uint64_t component) {
    for (std::uint64_t b = component; b != 0; b &= b - 1) {
      const auto x = static_cast<std::size_t>(std::countr_zero(b));
      for (std::size_t i = start_[x]; i < start_[x + 1]; ++i)
        if (!eligible(i)) return true;
    }
    return false;
  });
}

bool persistent_set_impossible(std::span<const Successor> succ) {
  EnabledConflicts c;
  c.compute(succ);
  return c.impossible();
}

bool persistent_set_impossible(std::span<const Successor> succ,
                               const std::function<bool(std::size_t)>& eligible) {
  EnabledConflicts c;
  c.compute(succ);
  return c.impossible(eligible);
}

std::optional<std::vector<ActorId>> persistent_actors(
    std::span<const Successor> succ, const std::optional<std::vector<ActorFuture>>& futures,
    const std::function<bool(std::size_t)>& eligible) {
  PersistentSetFinder finder;
  if (!finder.choose(succ, futures ? &*futures : nullptr, eligible)) return std::nullopt;
  return finder.actors();
}

const std::uint64_t* PersistentSetFinder::row(std::span<const Successor> succ, std::size_t x) {
  std::uint64_t* r = conflicts_.data() + x * words_;
  Live& a = live_[x];
  if (a.row_done) return r;
  a.row_done = true;
  std::fill(r, r + words_, 0);
  // What x's steps access, together: a future conflicts with one of them iff it meets their
  // union (ObjectMask), and an unknown future iff one of them accesses anything.
  ObjectMask steps;
  for (std::size_t i = a.first; i < a.last; ++i)
    steps.add(succ[i].footprint);
  const bool accesses = steps.wide || steps.reads != 0 || steps.writes != 0;
  for (std::size_t q = 0; q < live_.size(); ++q) {
    if (q == x) continue;  // already in every closure x is in
    Live& b = live_[q];
    if (b.future == nullptr) {
      if (accesses) insert(r, q);
      continue;
    }
    if (!b.future_masked) {
      b.future_mask = ObjectMask{};
      b.future_mask.add(*b.future);
      b.future_masked = true;
    }
    if (!steps.wide && !b.future_mask.wide) {
      if (steps.meets(b.future_mask)) insert(r, q);
      continue;
    }
    for (std::size_t i = a.first; i < a.last; ++i)
      if (conflicts(b.future, succ[i].footprint)) {
        insert(r, q);
        break;
      }
  }
  return r;
}

bool PersistentSetFinder::usable(std::span<const Successor> succ, std::size_t x,
                                 const std::function<bool(std::size_t)>& eligible) {
  Live& a = live_[x];
  if (a.usable < 0) {
    a.usable = 1;
    for (std::size_t i = a.first; i < a.last && a.usable == 1; ++i)
      if (succ[i].footprint.visible || !eligible(i)) a.usable = 0;
  }
  return a.usable == 1;
}

// The same choice as the map-and-set formulation in reduction.h, in another order: a closure
// is built from the per-actor conflict rows alone (which actors join does not depend on the
// order they are visited in), and the checks that only reject it (blocked actor, not proper,
// not smaller than the best, visible or ineligible steps) run cheapest first.
bool PersistentSetFinder::choose(std::span<const Successor> succ,
                                 const std::vector<ActorFuture>* futures,
                                 const std::function<bool(std::size_t)>& eligible) {
  chosen_.clear();
  live_.clear();
  for (std::size_t i = 0; i < succ.size(); ++i) {
    if (live_.empty() || live_.back().actor != succ[i].step.actor)
      live_.push_back(Live{succ[i].step.actor, i, i + 1});
    else
      live_.back().last = i + 1;
  }
  enabled_ = live_.size();
  if (enabled_ < 2) return false;
  if (futures != nullptr)
    for (const ActorFuture& f : *futures) {
      const auto end = live_.begin() + static_cast<std::ptrdiff_t>(enabled_);
      auto it = std::lower_bound(live_.begin(), end, f.actor,
                                 [](const Live& l, ActorId a) { return l.actor < a; });
      if (it == end || it->actor != f.actor)
        it = std::find_if(end, live_.end(), [&](const Live& l) { return l.actor == f.actor; });
      if (it == live_.end()) {
        live_.push_back(Live{f.actor, 0, 0, &f.footprint});
      } else {
        it->future = &f.footprint;  // a later entry for the same actor wins
      }
    }
  words_ = (live_.size() + 63) / 64;
  conflicts_.resize(enabled_ * words_);
  if (words_ == 1) return choose_one_word(succ, eligible);
  closure_.resize(words_);
  best_.resize(words_);
  bool found = false;
  std::size_t best_steps = 0;
  for (std::size_t seed = 0; seed < enabled_; ++seed) {
    std::fill(closure_.begin(), closure_.end(), 0);
    insert(closure_.data(), seed);
    work_.assign(1, seed);
    std::size_t steps = 0;
    std::size_t outside = enabled_ - 1;  // enabled actors not in the closure
    // Stops as soon as the closure holds a blocked actor (what would enable it is not known)
    // or every enabled actor (not proper): either way it cannot win.
    bool rejected = false;
    while (!work_.empty() && !rejected) {
      const std::size_t x = work_.back();
      work_.pop_back();
      steps += live_[x].last - live_[x].first;
      const std::uint64_t* r = row(succ, x);
      for (std::size_t w = 0; w < words_ && !rejected; ++w) {
        std::uint64_t fresh = r[w] & ~closure_[w];
        closure_[w] |= fresh;
        for (; fresh != 0 && !rejected; fresh &= fresh - 1) {
          const std::size_t q = w * 64 + static_cast<std::size_t>(std::countr_zero(fresh));
          rejected = q >= enabled_ || --outside == 0;
          work_.push_back(q);
        }
      }
    }
    if (rejected || (found && steps >= best_steps)) continue;
    bool ok = true;
    for (std::size_t x = 0; x < enabled_ && ok; ++x)
      ok = !test(closure_.data(), x) || usable(succ, x, eligible);
    if (!ok) continue;
    best_ = closure_;
    best_steps = steps;
    found = true;
  }
  if (!found) return false;
  for (std::size_t x = 0; x < enabled_; ++x)
    if (test(best_.data(), x)) chosen_.push_back(live_[x].actor);
  return true;
}

// choose's loop for at most 64 live actors (almost every state): sets are single words, a
// closure grows by whole rows at once, and no work list is kept. Same closures, same checks.
bool PersistentSetFinder::choose_one_word(std::span<const Successor> succ,
                                          const std::function<bool(std::size_t)>& eligible) {
  const std::uint64_t enabled =
      enabled_ == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << enabled_) - 1;
  bool found = false;
  std::uint64_t best = 0;
  std::size_t best_steps = 0;
  for (std::size_t seed = 0; seed < enabled_; ++seed) {
    std::uint64_t closure = std::uint64_t{1} << seed;
    std::uint64_t todo = closure;  // members whose row is not merged yet
    std::size_t steps = 0;
    // Stops as soon as the closure holds a blocked actor or every enabled one (see choose).
    bool rejected = false;
    while (todo != 0 && !rejected) {
      const auto x = static_cast<std::size_t>(std::countr_zero(todo));
      todo &= todo - 1;
      steps += live_[x].last - live_[x].first;
      const std::uint64_t fresh = *row(succ, x) & ~closure;
      closure |= fresh;
      todo |= fresh;
      rejected = (closure & ~enabled) != 0 || closure == enabled;
    }
    if (rejected || (found && steps >= best_steps)) continue;
    bool ok = true;
    for (std::uint64_t b = closure; b != 0 && ok; b &= b - 1)
      ok = usable(succ, static_cast<std::size_t>(std::countr_zero(b)), eligible);
    if (!ok) continue;
    best = closure;
    best_steps = steps;
    found = true;
  }
  if (!found) return false;
  for (std::uint64_t b = best; b != 0; b &= b - 1)
    chosen_.push_back(live_[static_cast<std::size_t>(std::countr_zero(b))].actor);
  return true;
}

}  // namespace mapcheck::explorer
