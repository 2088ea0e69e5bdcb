// Explorer: the search loop (run), the per-state step (process) and the parallel expansion
// of a batch of states. See explorer.h for the guarantees.
#include "explorer/explorer.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <deque>
#include <exception>
#include <map>
#include <set>
#include <stdexcept>
#include <thread>

#include "explorer/reduction.h"
#include "explorer/state_store.h"

namespace mapcheck::explorer {

const OutcomeRecord* SearchResult::find(const Outcome& o) const {
  auto it =
      std::lower_bound(outcomes.begin(), outcomes.end(), o,
                       [](const OutcomeRecord& r, const Outcome& x) { return r.outcome < x; });
  return it != outcomes.end() && it->outcome == o ? &*it : nullptr;
}

namespace {

/** Under bfs, up to this many states are expanded together (in parallel when threads > 1).
 *  Batching never changes a bfs result: the successors of a batch are stored in the order a
 *  one-by-one bfs would store them, and every decision that reads the store (ids, the cycle
 *  proviso) is taken on the search thread in that order. */
constexpr std::size_t kBfsBatch = 8192;

/** A thread is started for every this many states of a batch (up to SearchOptions::threads):
 *  starting one costs about as much as expanding a few dozen states. */
constexpr std::size_t kMinStatesPerThread = 64;

/** What the search keeps per stored state. */
struct Node {
  /** The state from which this one was first reached; parent < own id (s0 has none). */
  StateId parent;
  /** The step taken from `parent`. */
  Step step;
  /** Fewest steps from s0 over the paths seen so far. */
  std::uint32_t depth = 0;
  /** The actor that took the last step (none for s0). Part of the search key only with a
   *  preemption bound or under Order::fewest_preemptions; otherwise that of the first path. */
  std::optional<ActorId> last;
  /** Preemptions on the path through `parent` (the fewest found, under fewest_preemptions). */
  std::uint32_t preemptions = 0;
  /** Terminal or violating: never expanded again. */
  bool leaf = false;
  /** Last expanded at max_depth with steps left (and not since from a shallower depth). */
  bool cut = false;
};

/** A state waiting to be expanded. */
struct Entry {
  StateId id;
  /** The state's preemptions when it was queued: if the state has been reached with fewer
   *  since (and queued again), this entry is stale and skipped. */
  std::uint32_t cost = 0;
};

/** The system's view of one state, computed off the search thread. */
struct Expansion {
  std::optional<std::string> violation;
  std::optional<Outcome> outcome;  ///< set iff terminal
  std::vector<Successor> successors;
  /** Only asked for under Reduction::ample. */
  std::optional<std::vector<ActorFuture>> futures;
};

class Search {
 public:
  Search(const TransitionSystem& system, const SearchOptions& options,
         std::span<SearchObserver* const> observers)
      : system_(system), options_(options), observers_(observers) {}

  SearchResult run() {
    if (options_.time_limit) deadline_ = std::chrono::steady_clock::now() + *options_.time_limit;
    add_initial();
    std::vector<Entry> batch;
    std::vector<Expansion> expanded;
    while (!frontier_.empty() && !stopped_) {
      take_batch(batch);
      const std::size_t done = expand_all(batch, expanded);
      for (std::size_t i = 0; i < done && !stopped_; ++i)
        if (!stale(batch[i])) process(batch[i].id, expanded[i]);  // an earlier one may relax it
      if (done < batch.size()) {  // out of time: put the rest back where it came from
        if (options_.order == Order::dfs)
          frontier_.insert(frontier_.end(), batch.rbegin(), batch.rend() - done);
        else
          frontier_.insert(frontier_.begin(), batch.begin() + done, batch.end());
        bounds_.insert(Bound::time);
        break;
      }
    }
    return finish();
  }

 private:
  bool fewest() const { return options_.order == Order::fewest_preemptions; }
  /** Preemptions are counted, so the search key holds the last actor. */
  bool tracks_last() const { return options_.max_preemptions.has_value() || fewest(); }
  /** Bytes after the system state in a search key: the last actor, when preemptions count. */
  std::size_t context_bytes() const { return tracks_last() ? 4 : 0; }

  /** The system state of stored state `id` (its key without the context suffix). */
  StateView system_state(StateId id) const {
    const StateView key = store_.bytes(id);
    return key.first(key.size() - context_bytes());
  }

  StateBytes make_key(StateBytes state, const std::optional<ActorId>& last) const {
    const std::uint32_t word = last ? last->v + 1 : 0;
    const auto* p = reinterpret_cast<const std::byte*>(&word);
    state.insert(state.end(), p, p + context_bytes());
    return state;
  }

  void add_initial() {
    const StateBytes key = make_key(system_.initial(), std::nullopt);
    store_.find_or_add(key);
    nodes_.push_back(Node{});
    for (SearchObserver* o : observers_)
      o->on_state(StateId{0}, system_state(StateId{0}));
    frontier_.push_back(Entry{StateId{0}, 0});
    stats_.states = 1;
  }

  /** Queued before its state was reached with fewer preemptions (and queued again). */
  bool stale(const Entry& e) const { return e.cost != nodes_[e.id.v].preemptions; }

  /** The next states to expand, skipping stale entries: one for dfs (the back) and
   *  fewest-preemptions (the front), up to kBfsBatch for bfs (the front). */
  void take_batch(std::vector<Entry>& batch) {
    batch.clear();
    const std::size_t want = options_.order == Order::bfs ? kBfsBatch : 1;
    while (batch.size() < want && !frontier_.empty()) {
      const bool back = options_.order == Order::dfs;
      const Entry e = back ? frontier_.back() : frontier_.front();
      back ? frontier_.pop_back() : frontier_.pop_front();
      if (!stale(e)) batch.push_back(e);
    }
  }

  Expansion expand_one(StateId id) const {
    Expansion e;
    const StateView s = system_state(id);
    e.violation = system_.violation(s);
    if (e.violation) return e;
    system_.expand(s, e.successors);
    for (std::size_t i = 1; i < e.successors.size(); ++i)
      if (!(e.successors[i - 1].step < e.successors[i].step))
        throw std::logic_error(fmt::format(
            "TransitionSystem::expand: steps {} and {} out of (actor, choice) order in s{}",
            e.successors[i - 1].step, e.successors[i].step, id.v));
    if (e.successors.empty())
      e.outcome = system_.outcome(s);
    else if (options_.reduction == Reduction::ample)
      e.futures = system_.futures(s);
    return e;
  }

  bool out_of_time() const { return deadline_ && std::chrono::steady_clock::now() >= *deadline_; }

  /** Expands the states of `batch` into `out`; pure, so it may run on several threads. Returns
   *  how many leading states were expanded: all of them, unless the time limit struck. */
  std::size_t expand_all(const std::vector<Entry>& batch, std::vector<Expansion>& out) const {
    out.clear();
    out.resize(batch.size());
    const std::size_t workers =
        std::min<std::size_t>(options_.threads, batch.size() / kMinStatesPerThread);
    if (workers <= 1) {
      for (std::size_t i = 0; i < batch.size(); ++i) {
        if (out_of_time()) return i;
        out[i] = expand_one(batch[i].id);
      }
      return batch.size();
    }
    std::atomic<std::size_t> next{0};
    std::vector<std::exception_ptr> errors(workers);
    std::vector<char> done(batch.size(), 0);
    auto work = [&](std::size_t w) {
      try {
        for (std::size_t i = next++; i < batch.size(); i = next++) {
          if (out_of_time()) {
            next = batch.size();
            break;
          }
          out[i] = expand_one(batch[i].id);
          done[i] = 1;
        }
      } catch (...) {
        errors[w] = std::current_exception();
        next = batch.size();
      }
    };
    {
      std::vector<std::jthread> threads;
      for (std::size_t w = 1; w < workers; ++w)
        threads.emplace_back(work, w);
      work(0);
    }
    for (const auto& e : errors)
      if (e) std::rethrow_exception(e);
    return static_cast<std::size_t>(std::find(done.begin(), done.end(), 0) - done.begin());
  }

  /** Records what `id` is and pushes its new successors. */
  void process(StateId id, Expansion& e) {
    ++stats_.expanded;
    if (options_.progress_every && stats_.expanded % options_.progress_every == 0) {
      stats_.memory_bytes = memory_bytes();
      stats_.frontier = frontier_.size();
      for (SearchObserver* o : observers_)
        o->on_progress(stats_);
    }
    if (e.violation || e.outcome) nodes_[id.v].leaf = true;
    if (e.violation) {
      auto [it, added] = violations_.try_emplace(*e.violation);
      if (added) it->second = ViolationRecord{*e.violation, 0, id, {}};
      ++it->second.states;
      return;
    }
    if (e.outcome) {
      ++stats_.terminal;
      auto [it, added] = outcomes_.try_emplace(*e.outcome);
      if (added) it->second = OutcomeRecord{*e.outcome, 0, id, {}};
      ++it->second.terminal_states;
      for (SearchObserver* o : observers_)
        o->on_terminal(id, *e.outcome);
      return;
    }
    const Node node = nodes_[id.v];
    std::vector<Successor>& succ = e.successors;
    const bool cut = options_.max_depth && node.depth >= *options_.max_depth;
    if (cut != node.cut) {
      nodes_[id.v].cut = cut;
      cut ? ++cut_states_ : --cut_states_;
    }
    if (cut) {
      stats_.steps_bounded += succ.size();
      return;
    }
    // Preemptions each step would cost, and the search key of each successor.
    const bool last_enabled =
        node.last && std::any_of(succ.begin(), succ.end(),
                                 [&](const Successor& s) { return s.step.actor == *node.last; });
    std::vector<std::uint32_t> preemptions(succ.size(), node.preemptions);
    std::vector<StateBytes> keys(succ.size());
    for (std::size_t i = 0; i < succ.size(); ++i) {
      if (last_enabled && succ[i].step.actor != *node.last) ++preemptions[i];
      keys[i] = make_key(std::move(succ[i].state), succ[i].step.actor);
    }
    auto allowed = [&](std::size_t i) {
      return !options_.max_preemptions || preemptions[i] <= *options_.max_preemptions;
    };
    std::optional<std::vector<ActorId>> ample;
    if (options_.reduction == Reduction::ample)
      ample = persistent_actors(succ, e.futures, [&](std::size_t i) {
        return allowed(i) && !store_.find(keys[i]).has_value();
      });
    if (ample) ++stats_.reduced;
    // dfs takes the last actor's steps first, so that the paths it finds switch actors only
    // where they must (a path found first is the one a report shows).
    std::vector<std::size_t> order(succ.size());
    for (std::size_t i = 0; i < order.size(); ++i)
      order[i] = i;
    if (options_.order == Order::dfs && node.last)
      std::stable_partition(order.begin(), order.end(),
                            [&](std::size_t i) { return succ[i].step.actor == *node.last; });
    for (std::size_t i : order) {
      if (stopped_) break;
      if (ample && !std::binary_search(ample->begin(), ample->end(), succ[i].step.actor)) {
        ++stats_.steps_reduced;
      } else if (!allowed(i)) {
        ++stats_.steps_bounded;
        bounds_.insert(Bound::preemptions);
      } else {
        take(id, node, succ[i].step, keys[i], preemptions[i]);
      }
    }
    push_successors(node.preemptions);
  }

  /** Queues the states `take` collected in pushed_, lowest (actor, choice) to be taken first:
   *  dfs pops the back, bfs the front; fewest-preemptions puts those that cost no preemption
   *  at the front and the others at the back (a 0-1 bfs). */
  void push_successors(std::uint32_t cost) {
    switch (options_.order) {
      case Order::dfs:
        frontier_.insert(frontier_.end(), pushed_.rbegin(), pushed_.rend());
        break;
      case Order::bfs:
        frontier_.insert(frontier_.end(), pushed_.begin(), pushed_.end());
        break;
      case Order::fewest_preemptions:
        for (auto it = pushed_.rbegin(); it != pushed_.rend(); ++it)
          if (it->cost == cost) frontier_.push_front(*it);
        for (const Entry& e : pushed_)
          if (e.cost != cost) frontier_.push_back(e);
        break;
    }
    pushed_.clear();
  }

  /** Takes one step from `from`, storing the target if it is new. */
  void take(StateId from, const Node& node, const Step& step, const StateBytes& key,
            std::uint32_t preemptions) {
    if (options_.max_states && store_.size() >= *options_.max_states && !store_.find(key)) {
      bounds_.insert(Bound::states);
      stopped_ = true;
      return;
    }
    const auto [to, added] = store_.find_or_add(key);
    ++stats_.edges;
    const std::uint32_t depth = node.depth + 1;
    if (added) {
      nodes_.push_back(Node{from, step, depth, step.actor, preemptions});
      stats_.states = store_.size();
      stats_.max_depth = std::max<std::size_t>(stats_.max_depth, depth);
      for (SearchObserver* o : observers_)
        o->on_state(to, system_state(to));
      pushed_.push_back(Entry{to, preemptions});
    } else {
      Node& t = nodes_[to.v];
      // A path with fewer preemptions replaces the old one and, under a preemption bound,
      // leaves more to spend: the state is explored again (under fewest-preemptions that only
      // happens before its first expansion). A shallower path under a depth bound leaves more
      // depth: explored again too. Parents stay a tree: a state's preemptions never fall below
      // its parent's, so a cheaper parent is never a descendant.
      const bool cheaper = tracks_last() && preemptions < t.preemptions;
      const bool shallower = options_.max_depth && depth < t.depth;
      if (cheaper) {
        t.parent = from;
        t.step = step;
        t.preemptions = preemptions;
      }
      if (shallower) t.depth = depth;
      if ((cheaper || shallower) && !t.leaf) pushed_.push_back(Entry{to, t.preemptions});
    }
    for (SearchObserver* o : observers_)
      o->on_edge(from, to, step);
  }

  std::size_t memory_bytes() const {
    return store_.memory_bytes() + nodes_.capacity() * sizeof(Node) +
           frontier_.size() * sizeof(Entry);
  }

  Path path_to(StateId id) const {
    Path p;
    for (StateId s = id; s.v != 0; s = nodes_[s.v].parent)
      p.push_back(nodes_[s.v].step);
    std::reverse(p.begin(), p.end());
    return p;
  }

  SearchResult finish() {
    SearchResult r;
    for (auto& [o, rec] : outcomes_) {
      rec.path = path_to(rec.first);
      r.outcomes.push_back(std::move(rec));
    }
    for (auto& [m, rec] : violations_) {
      rec.path = path_to(rec.first);
      r.violations.push_back(std::move(rec));
    }
    if (cut_states_ > 0) bounds_.insert(Bound::depth);
    r.bounds_hit.assign(bounds_.begin(), bounds_.end());
    stats_.memory_bytes = memory_bytes();
    stats_.frontier = frontier_.size();
    r.stats = stats_;
    return r;
  }

  const TransitionSystem& system_;
  const SearchOptions& options_;
  std::span<SearchObserver* const> observers_;
  StateStore store_;
  /** Indexed by StateId. */
  std::vector<Node> nodes_;
  /** dfs pops the back, bfs the front. */
  std::deque<Entry> frontier_;
  /** Successors to push once the current state is done (see process). */
  std::vector<Entry> pushed_;
  std::map<Outcome, OutcomeRecord> outcomes_;
  std::map<std::string, ViolationRecord> violations_;
  std::set<Bound> bounds_;
  /** When the time limit strikes; nullopt without one. */
  std::optional<std::chrono::steady_clock::time_point> deadline_;
  /** States whose `cut` is set: Bound::depth was hit iff this is non-zero at the end. */
  std::size_t cut_states_ = 0;
  SearchStats stats_;
  bool stopped_ = false;
};

}  // namespace

Explorer::Explorer(const TransitionSystem& system, SearchOptions options)
    : system_(system), options_(options) {
  if (options_.threads == 0) throw std::invalid_argument("Explorer: threads must be >= 1");
}

void Explorer::add_observer(SearchObserver& observer) {
  observers_.push_back(&observer);
}

SearchResult Explorer::run() {
  return Search(system_, options_, observers_).run();
}

}  // namespace mapcheck::explorer
