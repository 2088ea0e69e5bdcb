// Explorer: the search loop (run), the per-state step (process) and the parallel expansion
// of a batch of states. See explorer.h for the guarantees.
#include "explorer/explorer.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <deque>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>

#include <sys/resource.h>

#include "explorer/block_vector.h"
#include "explorer/collapse_store.h"
#include "explorer/fingerprint_store.h"
#include "explorer/reduction.h"
#include "explorer/state_store.h"
#include "explorer/worker_pool.h"

namespace mapcheck::explorer {

const OutcomeRecord* SearchResult::find(const Outcome& o) const {
  auto it =
      std::lower_bound(outcomes.begin(), outcomes.end(), o,
                       [](const OutcomeRecord& r, const Outcome& x) { return r.outcome < x; });
  return it != outcomes.end() && it->outcome == o ? &*it : nullptr;
}

namespace {

/** Under bfs with threads > 1, up to this many states are expanded together, in parallel,
 *  while the search thread stores the batch before (Search::run_parallel_bfs). Small enough
 *  that a batch's successors are still in cache when they are stored; large enough that
 *  waking the workers costs little beside it. */
constexpr std::size_t kBfsBatch = 512;

/** A worker takes this many consecutive states of a batch at a time. */
constexpr std::size_t kChunk = 32;

/** What the search keeps per stored state (16 bytes). What only bounds need (preemptions,
 *  flags) lives in side tables that stay empty without bounds. */
struct Node {
  /** The state from which this one was first reached; parent < own id (s0 has none). */
  StateId parent;
  /** The step taken from `parent`. Its actor is the state's last actor (none for s0): part of
   *  the search key with a preemption bound or under Order::fewest_preemptions, so a cheaper
   *  parent found later never changes it; otherwise the step of the first path, never
   *  replaced. */
  Step step;
  /** Fewest steps from s0 over the paths seen so far. */
  std::uint32_t depth = 0;
};
static_assert(sizeof(Node) == 16);

/** Node flags, in a side table kept only under a depth or preemption bound. */
enum NodeFlag : std::uint8_t {
  /** Terminal, violating or with only held-back steps: never expanded again. */
  kLeaf = 1,
  /** Last expanded at max_depth with steps left (and not since from a shallower depth). */
  kCut = 2,
};

/** How the cycle proviso treats a successor the store already holds (docs/explorer.md, "The
 *  cycle proviso"). Each rule makes every cycle of the reduced graph hold a fully expanded
 *  state; the later ones refuse fewer sets. */
enum class Proviso : std::uint8_t {
  /** Refuse it: the rule for any order, and the only one where bounds expand a state twice. */
  refuse_stored,
  /** Accept it if not yet expanded: along an accepted step the target is expanded later, so
   *  no cycle is made of accepted steps alone. Any order of expansion; used by bfs. */
  accept_unexpanded,
  /** Accept it if its dfs subtree is finished (expanded and off the path): the subtree's
   *  reduced steps all reached states expanded before it finished, so a cycle of accepted
   *  steps would pass through a state expanded after itself. A stored state still queued is
   *  refused: two siblings may otherwise close a cycle between them. dfs only. */
  accept_finished,
};

/** Proviso marks by StateId, kept only under a proviso that reads them. */
enum ProvisoMark : std::uint8_t {
  kExpanded = 1,
  /** On the dfs path: expanded, with its subtree not yet finished. */
  kOnPath = 2,
};

/** A state waiting to be expanded. */
struct Entry {
  StateId id;
  /** The state's preemptions when it was queued: if the state has been reached with fewer
   *  since (and queued again), this entry is stale and skipped. */
  std::uint32_t cost = 0;
  /** The search key, under Storage::hash_compact only (the store keeps no bytes). */
  StateBytes key;
};

/** The system's view of one state, computed off the search thread. Reused from state to
 *  state, so that its vectors keep their capacity. */
struct Expansion {
  std::optional<std::string> violation;
  std::optional<Outcome> outcome;  ///< set iff terminal
  /** Each successor's state is its search key (make_key) once expanded. */
  std::vector<Successor> successors;
  /** Under the exact store, StateStore::hash of each successor's key: hashed by the worker
   *  that expanded the state, not on the search thread. */
  std::vector<std::uint64_t> hashes;
  /** Under Reduction::ample: a persistent set may exist (conflicts.impossible() says
   *  otherwise), so futures were asked for, or are to be (futures_of); they are meaningful
   *  iff has_futures. */
  bool reducible = false;
  /** Under Reduction::ample, the conflicts between the successors' steps, asked again once
   *  the store tells which successors are eligible. */
  EnabledConflicts conflicts;
  std::vector<ActorFuture> futures;
  bool has_futures = false;
  /** On one thread, futures are asked for by process, and only if a set could still exist
   *  once the store has answered the proviso (conflicts.impossible(eligible)): the state's
   *  bytes then, valid until process returns. */
  std::optional<StateView> futures_of;
  /** Enabled steps the system did not build, as the preemption bound forbids them
   *  (TransitionSystem::expand_without_preempting). */
  std::size_t left_out = 0;
  /** Steps the system holds back as beyond its own bound (TransitionSystem::held_back). */
  std::size_t held = 0;
};

class Search {
 public:
  Search(const TransitionSystem& system, const SearchOptions& options,
         std::span<SearchObserver* const> observers)
      : system_(system),
        options_(options),
        observers_(observers),
        store_(make_store()),
        exact_(dynamic_cast<StateStore*>(store_.get())) {}

  SearchResult run() {
    if (options_.time_limit) deadline_ = std::chrono::steady_clock::now() + *options_.time_limit;
    add_initial();
    if (options_.order == Order::bfs && options_.threads > 1)
      run_parallel_bfs();
    else
      run_one_by_one();
    return finish();
  }

 private:
  /** A batch of states taken from the frontier together and expanded in parallel. */
  struct Batch {
    std::vector<Entry> entries;
    /** The system state of each entry, read on the search thread before the batch is
     *  expanded (the store may rebuild it into scratch), so the workers never read the store
     *  while the search thread adds to it. */
    std::vector<StateView> states;
    std::vector<StateBytes> scratch;
    /** continuing_actor of each entry, read on the search thread as `states` are. */
    std::vector<std::optional<ActorId>> continuing;
    std::vector<Expansion> expanded;
    /** expanded[i] is filled (the time limit may leave a tail unexpanded). */
    std::vector<char> done;
    /** The first state no worker has claimed yet. */
    std::atomic<std::size_t> next{0};

    /** How many leading states were expanded: all of them, unless the time limit struck. */
    std::size_t expanded_prefix() const {
      return static_cast<std::size_t>(std::find(done.begin(), done.end(), 0) - done.begin());
    }
  };

  /** dfs, fewest-preemptions and bfs on one thread: each state is stored as soon as it is
   *  expanded, while its successors are still in cache. */
  void run_one_by_one() {
    Entry entry;
    Expansion expanded;
    StateBytes scratch;
    while (!frontier_.empty() && !stopped_) {
      if (!take_one(entry)) continue;
      if (out_of_time()) {  // put it back where it came from
        if (options_.order == Order::dfs)
          push_back(std::move(entry));
        else
          push_front(std::move(entry));
        bounds_.insert(Bound::time);
        break;
      }
      expand_one(system_state(key_of(entry, scratch)), entry.id, continuing_actor(entry), expanded,
                 true);
      process(entry.id, expanded);
    }
  }

  /** bfs on several threads. The workers expand a batch of states while the search thread
   *  stores the successors of the batch before it: the states of the next batch were queued
   *  before any successor of this one, so a one-by-one bfs expands them next too, and every
   *  decision that reads the store (ids, the cycle proviso) is still taken on the search
   *  thread in one-by-one order. A state a batch holds may be reached with fewer preemptions
   *  while the batch before it is stored: it is then skipped as stale, as in the frontier. */
  void run_parallel_bfs() {
    Batch a, b;  // before the pool: its helpers end before the batches they read go
    WorkerPool pool(options_.threads);
    Batch* cur = &a;
    Batch* next = &b;
    // The job the helpers run on the next batch (it reads `next` when it runs).
    const std::function<void(std::size_t)> expand_next = [&](std::size_t) { expand_batch(*next); };
    for (;;) {
      if (cur->entries.empty()) {
        if (frontier_.empty() || stopped_) break;
        if (!fill(*cur)) continue;
        pool.run([&](std::size_t) { expand_batch(*cur); });
      }
      const std::size_t done = cur->expanded_prefix();
      const bool whole = done == cur->entries.size();
      const bool overlap = whole && fill(*next);
      if (overlap) pool.start(expand_next);
      try {
        for (std::size_t i = 0; i < done && !stopped_; ++i)
          if (!stale(cur->entries[i])) process(cur->entries[i].id, cur->expanded[i]);
        if (overlap) expand_next(0);  // the search thread takes what the helpers left
      } catch (...) {
        if (overlap) pool.wait_quietly();  // they may still read the batch
        throw;
      }
      if (overlap) pool.wait();
      if (!whole) {  // out of time: put the rest back where it came from
        for (std::size_t i = cur->entries.size(); i-- > done;)
          push_front(std::move(cur->entries[i]));
        bounds_.insert(Bound::time);
        break;
      }
      if (stopped_) break;
      cur->entries.clear();
      std::swap(cur, next);
    }
  }

  /** Takes the next entry of the frontier (the back for dfs, the front otherwise); false if
   *  it was stale. */
  bool take_one(Entry& entry) {
    const bool back = options_.order == Order::dfs;
    Entry& e = back ? frontier_.back() : frontier_.front();
    frontier_bytes_ -= e.key.capacity();
    const bool fresh = !stale(e);
    if (fresh) entry = std::move(e);
    back ? frontier_.pop_back() : frontier_.pop_front();
    if (fresh && proviso_ == Proviso::accept_finished) enter_path(entry.id);
    return fresh;
  }

  /** dfs: `id`, just taken from the frontier, goes on the path. The states on it whose
   *  successors were queued above the frontier's height now are finished (every one of those
   *  has been taken) and leave it. */
  void enter_path(StateId id) {
    const std::size_t height = frontier_.size();
    while (!path_.empty() && path_.back().height > height) {
      marks_[path_.back().id.v] &= static_cast<std::uint8_t>(~kOnPath);
      path_.pop_back();
    }
    path_.push_back(PathEntry{id, height});
    marks_[id.v] |= kOnPath;
  }

  /** The cycle proviso's answer for a successor already stored as `id`. */
  bool proviso_accepts(StateId id) const {
    switch (proviso_) {
      case Proviso::refuse_stored:
        return false;
      case Proviso::accept_unexpanded:
        return !(marks_[id.v] & kExpanded);
      case Proviso::accept_finished:
        return (marks_[id.v] & (kExpanded | kOnPath)) == kExpanded;
    }
    return false;
  }

  Proviso choose_proviso() const {
    // Bounds expand a state again (from a cheaper or shallower path), which the weaker rules'
    // arguments exclude; fewest-preemptions is a bfs that may do so too.
    if (options_.reduction == Reduction::none || options_.strict_proviso || tracks_last() ||
        options_.max_depth)
      return Proviso::refuse_stored;
    return options_.order == Order::dfs ? Proviso::accept_finished : Proviso::accept_unexpanded;
  }

  /** Takes up to kBfsBatch fresh entries from the front of the frontier into `batch` and
   *  reads their states; false if it took none. */
  bool fill(Batch& batch) {
    batch.entries.clear();
    Entry entry;
    while (batch.entries.size() < kBfsBatch && !frontier_.empty())
      if (take_one(entry)) batch.entries.push_back(std::move(entry));
    const std::size_t n = batch.entries.size();
    if (batch.scratch.size() < n) batch.scratch.resize(n);
    if (batch.expanded.size() < n) batch.expanded.resize(n);
    batch.states.resize(n);
    batch.continuing.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      batch.states[i] = system_state(key_of(batch.entries[i], batch.scratch[i]));
      batch.continuing[i] = continuing_actor(batch.entries[i]);
    }
    batch.done.assign(n, 0);
    batch.next = 0;
    return n > 0;
  }

  /** One worker's part of expanding `batch`: kChunk consecutive states at a time (neighbours
   *  in a bfs are alike, so the system decodes less of each, and workers seldom share a cache
   *  line). Pure, so any number of workers may run it at once. */
  void expand_batch(Batch& batch) const {
    const std::size_t n = batch.entries.size();
    try {
      for (std::size_t first = batch.next.fetch_add(kChunk); first < n;
           first = batch.next.fetch_add(kChunk)) {
        const std::size_t last = std::min(first + kChunk, n);
        for (std::size_t i = first; i < last; ++i) {
          if (out_of_time()) {
            batch.next = n;
            return;
          }
          expand_one(batch.states[i], batch.entries[i].id, batch.continuing[i], batch.expanded[i]);
          batch.done[i] = 1;
        }
      }
    } catch (...) {
      batch.next = n;  // the other workers stop too; the pool rethrows this
      throw;
    }
  }

  bool fewest() const { return options_.order == Order::fewest_preemptions; }
  /** Preemptions are counted, so the search key holds the last actor. */
  bool tracks_last() const { return options_.max_preemptions.has_value() || fewest(); }
  /** Bytes after the system state in a search key: the last actor, when preemptions count. */
  std::size_t context_bytes() const { return tracks_last() ? 4 : 0; }

  bool hashed() const { return options_.storage == Storage::hash_compact; }
  /** Frontier entries carry their keys: the store keeps none (hash compaction), or would
   *  rebuild each from its pieces (collapse) where a dfs frontier, a path's worth of
   *  siblings, holds few. */
  bool keyed() const {
    return hashed() || (options_.storage == Storage::collapse && options_.order == Order::dfs);
  }
  /** Flags are kept (leaf, cut): only bounds re-expand states. */
  bool flagged() const { return tracks_last() || options_.max_depth.has_value(); }
  /** Proviso marks are kept: the proviso reads them. */
  bool marked() const { return proviso_ != Proviso::refuse_stored; }

  std::unique_ptr<VisitedSet> make_store() const {
    switch (options_.storage) {
      case Storage::exact:
        break;
      case Storage::hash_compact:
        return std::make_unique<FingerprintStore>();
      case Storage::collapse: {
        // The system's parts, then the context suffix as a part of its own.
        const std::size_t ctx = context_bytes();
        const TransitionSystem& sys = system_;
        return std::make_unique<CollapseStore>(
            [&sys, ctx](StateView key, std::vector<StateView>& parts) {
              sys.components(key.first(key.size() - ctx), parts);
              if (ctx > 0) parts.push_back(key.last(ctx));
            });
      }
    }
    return std::make_unique<StateStore>();
  }

  /** The system state of a search key (the key without the context suffix). */
  StateView system_state(StateView key) const { return key.first(key.size() - context_bytes()); }

  /** The search key of `e`, from the entry if keyed() or else the store; may use `scratch`.
   *  Safe on several threads while nothing is stored. */
  StateView key_of(const Entry& e, StateBytes& scratch) const {
    if (keyed()) return e.key;
    return store_->bytes(e.id, scratch);
  }

  /** Appends the context suffix (the last actor, when preemptions count) to a state. The
   *  initial state has no last actor (word 0); the actor is passed by value, which also spares
   *  g++'s -Wmaybe-uninitialized a false alarm on an optional built from nullopt. */
  void make_key(StateBytes& state, std::optional<ActorId> last) const {
    const std::uint32_t word = last.has_value() ? last.value().v + 1 : 0;
    const auto* p = reinterpret_cast<const std::byte*>(&word);
    state.insert(state.end(), p, p + context_bytes());
  }

  std::optional<ActorId> last_of(StateId id) const {
    if (id.v == 0) return std::nullopt;
    return nodes_[id.v].step.actor;
  }
  std::uint32_t preemptions_of(StateId id) const { return tracks_last() ? preemptions_[id.v] : 0; }

  void add_node(const Node& n, std::uint32_t preemptions) {
    nodes_.push_back(n);
    if (tracks_last()) preemptions_.push_back(preemptions);
    if (flagged()) flags_.push_back(0);
    if (marked()) marks_.push_back(0);
  }

  void add_initial() {
    StateBytes key = system_.initial();
    make_key(key, std::nullopt);
    store_->find_or_add(key);
    add_node(Node{}, 0);
    for (SearchObserver* o : observers_)
      o->on_state(StateId{0}, system_state(key));
    push_back(Entry{StateId{0}, 0, keyed() ? std::move(key) : StateBytes{}});
    stats_.states = 1;
  }

  void push_back(Entry&& e) {
    frontier_bytes_ += e.key.capacity();
    frontier_.push_back(std::move(e));
  }
  void push_front(Entry&& e) {
    frontier_bytes_ += e.key.capacity();
    frontier_.push_front(std::move(e));
  }

  /** Queued before its state was reached with fewer preemptions (and queued again). */
  bool stale(const Entry& e) const { return e.cost != preemptions_of(e.id); }

  /** The actor a state's entry may only continue, if the system is to build its steps alone:
   *  the state's last actor when the preemption budget is spent (any other actor's step
   *  would exceed it) and no reduction needs every successor's footprint. Read on the
   *  search thread: a processed entry is not stale, so its cost is the state's preemptions
   *  then too. */
  std::optional<ActorId> continuing_actor(const Entry& e) const {
    if (options_.reduction != Reduction::none || !options_.max_preemptions ||
        e.cost < *options_.max_preemptions)
      return std::nullopt;
    return last_of(e.id);
  }

  /** Fills `e` for state `s` (stored as `id`): every successor, or with `continuing` the
   *  steps of that actor alone when it has one (continuing_actor). */
  void expand_one(StateView s, StateId id, std::optional<ActorId> continuing, Expansion& e,
                  bool defer_futures = false) const {
    e.violation = system_.violation(s);
    e.outcome.reset();
    e.reducible = false;
    e.has_futures = false;
    e.futures_of.reset();
    e.left_out = 0;
    e.held = 0;
    if (e.violation) return;
    // Footprints serve only the reduction.
    if (options_.reduction == Reduction::ample)
      system_.expand(s, e.successors);
    else if (continuing)
      e.left_out = system_.expand_without_preempting(s, *continuing, e.successors);
    else
      system_.expand_without_footprints(s, e.successors);
    for (std::size_t i = 1; i < e.successors.size(); ++i)
      if (!(e.successors[i - 1].step < e.successors[i].step))
        throw std::logic_error(fmt::format(
            "TransitionSystem::expand: steps {} and {} out of (actor, choice) order in s{}",
            e.successors[i - 1].step, e.successors[i].step, id.v));
    e.held = system_.held_back(s);  // right after expand: the system may have it at hand
    e.hashes.clear();
    for (Successor& x : e.successors) {
      make_key(x.state, x.step.actor);
      if (exact_) e.hashes.push_back(StateStore::hash(x.state));
    }
    if (e.successors.empty()) {
      if (e.held == 0) e.outcome = system_.outcome(s);
      return;
    }
    if (options_.reduction != Reduction::ample) return;
    e.conflicts.compute(e.successors);
    if (!e.conflicts.impossible()) {
      e.reducible = true;
      if (defer_futures)
        e.futures_of = s;
      else
        e.has_futures = system_.futures(s, e.futures);
    }
  }

  bool out_of_time() const { return deadline_ && std::chrono::steady_clock::now() >= *deadline_; }

  /** Records what `id` is and pushes its new successors. */
  void process(StateId id, Expansion& e) {
    ++stats_.expanded;
    if (marked()) marks_[id.v] |= kExpanded;
    if (options_.progress_every && stats_.expanded % options_.progress_every == 0) {
      stats_.memory_bytes = memory_bytes();
      stats_.frontier = frontier_.size();
      for (SearchObserver* o : observers_)
        o->on_progress(stats_);
    }
    if ((e.violation || e.outcome) && flagged()) flags_[id.v] |= kLeaf;
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
      if (added && reached_all_goals()) {
        bounds_.insert(Bound::goals);
        stopped_ = true;
      }
      return;
    }
    if (e.held > 0) {  // steps the system's own bound holds back: counted, never taken
      stats_.steps_bounded += e.held;
      bounds_.insert(Bound::call_depth);
    }
    std::vector<Successor>& succ = e.successors;
    if (succ.empty()) {  // only held-back steps: cut, and the same whenever reached again
      if (flagged()) flags_[id.v] |= kLeaf;
      return;
    }
    const Node node = nodes_[id.v];
    const std::optional<ActorId> last = last_of(id);
    const std::uint32_t node_preemptions = preemptions_of(id);
    const bool cut = options_.max_depth && node.depth >= *options_.max_depth;
    if (options_.max_depth && cut != ((flags_[id.v] & kCut) != 0)) {
      flags_[id.v] ^= kCut;
      cut ? ++cut_states_ : --cut_states_;
    }
    if (cut) {
      stats_.steps_bounded += succ.size() + e.left_out;
      return;
    }
    if (e.left_out > 0) {  // steps the system did not build, as they would preempt `last`
      stats_.steps_bounded += e.left_out;
      bounds_.insert(Bound::preemptions);
    }
    // Preemptions each step would cost, and the search key of each successor (built in the
    // successor's own buffer, which goes back to it afterwards to be reused).
    const bool last_enabled =
        last && std::any_of(succ.begin(), succ.end(),
                            [&](const Successor& s) { return s.step.actor == *last; });
    preemptions_scratch_.assign(succ.size(), node_preemptions);
    if (keys_.size() < succ.size()) keys_.resize(succ.size());
    for (std::size_t i = 0; i < succ.size(); ++i) {
      if (last_enabled && succ[i].step.actor != *last) ++preemptions_scratch_[i];
      keys_[i].swap(succ[i].state);  // made a key by expand_one
    }
    std::span<const std::uint64_t> hashes = e.hashes;
    if (!exact_) store_->near(id);
    for (std::size_t i = 0; i < succ.size(); ++i) {
      if (exact_) {
        exact_->prefetch(hashes[i]);
      } else {
        store_->prefetch(keys_[i]);
      }
    }
    auto allowed = [&](std::size_t i) {
      return !options_.max_preemptions || preemptions_scratch_[i] <= *options_.max_preemptions;
    };
    auto eligible = [&](std::size_t i) {
      if (!allowed(i)) return false;
      const std::optional<StateId> stored =
          find(keys_[i], exact_ ? hashes[i] : 0, succ[i].part_ends);
      return !stored || proviso_accepts(*stored);
    };
    // (Passed on through a one-reference lambda, which std::function holds without allocating.)
    const std::function<bool(std::size_t)> eligible_fn = [&eligible](std::size_t i) {
      return eligible(i);
    };
    // A set holds the component of its seed in the conflicts between enabled steps, and its
    // steps are all invisible and eligible: where no component that leaves an actor out has
    // such steps, no set exists whatever the futures, and they are not asked for.
    if (e.reducible && e.futures_of) {
      e.reducible = !e.conflicts.impossible(eligible_fn);
      if (e.reducible) e.has_futures = system_.futures(*e.futures_of, e.futures);
    }
    const bool reduced =
        e.reducible && persistent_.choose(succ, e.has_futures ? &e.futures : nullptr, eligible_fn);
    if (reduced) ++stats_.reduced;
    const std::vector<ActorId>& ample = persistent_.actors();
    // dfs takes the last actor's steps first, so that the paths it finds switch actors only
    // where they must (a path found first is the one a report shows).
    // (A stable partition by hand: std::stable_partition allocates a buffer per call.)
    const bool last_first = options_.order == Order::dfs && last;
    order_.clear();
    for (std::size_t i = 0; i < succ.size(); ++i)
      if (!last_first || succ[i].step.actor == *last) order_.push_back(i);
    if (last_first)
      for (std::size_t i = 0; i < succ.size(); ++i)
        if (succ[i].step.actor != *last) order_.push_back(i);
    for (std::size_t i : order_) {
      if (stopped_) break;
      if (reduced && !std::binary_search(ample.begin(), ample.end(), succ[i].step.actor)) {
        ++stats_.steps_reduced;
      } else if (!allowed(i)) {
        ++stats_.steps_bounded;
        bounds_.insert(Bound::preemptions);
      } else {
        take(id, node, succ[i].step, keys_[i], exact_ ? hashes[i] : 0, succ[i].part_ends,
             preemptions_scratch_[i]);
      }
    }
    // The buffers go back to the successors, bytes and all: a system may write the next
    // state's successors over them (TransitionSystem::expand) without zero-filling them anew.
    for (std::size_t i = 0; i < succ.size(); ++i)
      keys_[i].swap(succ[i].state);
    push_successors(node_preemptions);
  }

  /** Queues the states `take` collected in pushed_, lowest (actor, choice) to be taken first:
   *  dfs pops the back, bfs the front; fewest-preemptions puts those that cost no preemption
   *  at the front and the others at the back (a 0-1 bfs). */
  void push_successors(std::uint32_t cost) {
    switch (options_.order) {
      case Order::dfs:
        for (auto it = pushed_.rbegin(); it != pushed_.rend(); ++it)
          push_back(std::move(*it));
        break;
      case Order::bfs:
        for (Entry& e : pushed_)
          push_back(std::move(e));
        break;
      case Order::fewest_preemptions:
        for (auto it = pushed_.rbegin(); it != pushed_.rend(); ++it)
          if (it->cost == cost) push_front(std::move(*it));
        for (Entry& e : pushed_)
          if (e.cost != cost) push_back(std::move(e));
        break;
    }
    pushed_.clear();
  }

  /** Takes one step from `from`, storing the target if it is new. */
  void take(StateId from, const Node& node, const Step& step, const StateBytes& key,
            std::uint64_t hash, std::span<const std::uint32_t> part_ends,
            std::uint32_t preemptions) {
    if (options_.max_states && store_->size() >= *options_.max_states &&
        !find(key, hash, part_ends)) {
      bounds_.insert(Bound::states);
      stopped_ = true;
      return;
    }
    if (options_.max_memory && memory_after_add(key) > *options_.max_memory &&
        !find(key, hash, part_ends)) {
      bounds_.insert(Bound::memory);
      stopped_ = true;
      return;
    }
    const auto [to, added] =
        exact_ ? exact_->find_or_add(key, hash) : store_->find_or_add(key, part_ends);
    ++stats_.edges;
    const std::uint32_t depth = node.depth + 1;
    if (added) {
      add_node(Node{from, step, depth}, preemptions);
      stats_.states = store_->size();
      stats_.max_depth = std::max<std::size_t>(stats_.max_depth, depth);
      for (SearchObserver* o : observers_)
        o->on_state(to, system_state(key));
      pushed_.push_back(Entry{to, preemptions_of(to), keyed() ? key : StateBytes{}});
    } else {
      Node& t = nodes_[to.v];
      // A path with fewer preemptions replaces the old one and, under a preemption bound,
      // leaves more to spend: the state is explored again (under fewest-preemptions that only
      // happens before its first expansion). A shallower path under a depth bound leaves more
      // depth: explored again too. Parents stay a tree: a state's preemptions never fall below
      // its parent's, so a cheaper parent is never a descendant.
      const bool cheaper = tracks_last() && preemptions < preemptions_[to.v];
      const bool shallower = options_.max_depth && depth < t.depth;
      if (cheaper) {
        t.parent = from;
        t.step = step;
        preemptions_[to.v] = preemptions;
      }
      if (shallower) t.depth = depth;
      if ((cheaper || shallower) && !(flags_[to.v] & kLeaf))
        pushed_.push_back(Entry{to, preemptions_of(to), keyed() ? key : StateBytes{}});
    }
    for (SearchObserver* o : observers_)
      o->on_edge(from, to, step);
  }

  /** store_->find, with the key's hash when the store is exact (`hash` unused otherwise) and
   *  the successor's part ends (for a store that splits states). */
  std::optional<StateId> find(const StateBytes& key, std::uint64_t hash,
                              std::span<const std::uint32_t> part_ends) const {
    return exact_ ? exact_->find(key, hash) : store_->find(key, part_ends);
  }

  /** What the search accounts for: the store, the per-state records and the frontier. */
  std::size_t memory_bytes() const {
    return store_->memory_bytes() + nodes_.memory_bytes() + preemptions_.memory_bytes() +
           flags_.memory_bytes() + marks_.memory_bytes() + path_.capacity() * sizeof(PathEntry) +
           (frontier_.size() + pushed_.size()) * sizeof(Entry) + frontier_bytes_;
  }

  /** An upper bound on memory_bytes() once `key` is stored as a new state and queued. */
  std::size_t memory_after_add(const StateBytes& key) const {
    return store_->memory_after_add(key) + nodes_.memory_after_push() +
           (tracks_last() ? preemptions_.memory_after_push() : preemptions_.memory_bytes()) +
           (flagged() ? flags_.memory_after_push() : flags_.memory_bytes()) +
           (marked() ? marks_.memory_after_push() : marks_.memory_bytes()) +
           path_.capacity() * sizeof(PathEntry) +
           (frontier_.size() + pushed_.size() + 1) * sizeof(Entry) + frontier_bytes_ +
           (keyed() ? key.size() : 0);
  }

  /** True once every outcome of SearchOptions::stop_at has a record (false without any). */
  bool reached_all_goals() const {
    const auto& goals = options_.stop_at;
    return !goals.empty() && std::all_of(goals.begin(), goals.end(),
                                         [&](const Outcome& o) { return outcomes_.contains(o); });
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
    stats_.store_bytes = store_->memory_bytes();
    stats_.frontier = frontier_.size();
    if (const auto* fp = dynamic_cast<const FingerprintStore*>(store_.get())) {
      const CollisionEstimate c = fp->collision_estimate();
      stats_.collision_probability = c.optimistic;
      stats_.observed_collision_probability = c.observed;
    }
    if (const auto* cs = dynamic_cast<const CollapseStore*>(store_.get())) {
      stats_.parts_stored = cs->parts_stored();
      stats_.parts_referenced = cs->parts_referenced();
    }
    rusage usage{};
    if (getrusage(RUSAGE_SELF, &usage) == 0)
      stats_.peak_rss_bytes = static_cast<std::size_t>(usage.ru_maxrss) * 1024;  // KiB on Linux
    r.stats = stats_;
    return r;
  }

  const TransitionSystem& system_;
  const SearchOptions& options_;
  std::span<SearchObserver* const> observers_;
  std::unique_ptr<VisitedSet> store_;
  /** store_ when it is the exact StateStore (nullptr otherwise): then each successor's key is
   *  hashed once, for its prefetch, its cycle-proviso lookup and its find_or_add. */
  StateStore* exact_;
  /** Indexed by StateId. In blocks: never copied as it grows, at most one block spare. */
  BlockVector<Node> nodes_;
  /** Preemptions on the path through each state's parent (the fewest found, under
   *  fewest_preemptions); by StateId, kept only when tracks_last(). */
  BlockVector<std::uint32_t> preemptions_;
  /** NodeFlag bits by StateId, kept only when flagged(). */
  BlockVector<std::uint8_t> flags_;
  const Proviso proviso_ = choose_proviso();
  /** ProvisoMark bits by StateId, kept only when marked(). */
  BlockVector<std::uint8_t> marks_;
  /** dfs under Proviso::accept_finished: the states whose subtrees are not finished, each
   *  with the frontier's height once it was taken (its successors were queued above it). */
  struct PathEntry {
    StateId id;
    std::size_t height = 0;
  };
  std::vector<PathEntry> path_;
  /** dfs pops the back, bfs the front. */
  std::deque<Entry> frontier_;
  /** Heap bytes of the keys the frontier's entries carry (hash compaction). */
  std::size_t frontier_bytes_ = 0;
  /** Buffers reused across process calls and batches (no allocation per successor). */
  std::vector<StateBytes> keys_;
  std::vector<std::uint32_t> preemptions_scratch_;
  std::vector<std::size_t> order_;
  PersistentSetFinder persistent_;
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
