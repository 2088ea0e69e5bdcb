// collapse_breakdown: where the bytes per stored state go under --store collapse, for one spec:
// the explorer's own records, then each share of the collapse store. Not a test (figures
// depend on the allocator). Usage: collapse_breakdown SPEC.go
// Then, for a two-level store (a state as a pair of ids of its first k parts and of the rest,
// as a tree store would keep it), how many distinct halves there would be for k = 1, 2, 3.
#include <iostream>
#include <set>
#include <string>

#include <fmt/format.h>

#include "cli/loaded_spec.h"
#include "explorer/collapse_store.h"
#include "explorer/explorer.h"

namespace ex = mapcheck::explorer;

namespace {

/** Stores every state the search stores, in the same order, in a CollapseStore of its own: the
 *  explorer's store is private, and an equal store built the same way has the same shares. */
class Mirror final : public ex::SearchObserver {
 public:
  explicit Mirror(const ex::TransitionSystem& sys)
      : store_([&sys](ex::StateView s, std::vector<ex::StateView>& parts) {
          sys.components(s, parts);
        }) {}
  void on_state(ex::StateId, ex::StateView state) override { store_.find_or_add(state); }
  const ex::CollapseStore& store() const { return store_; }

 private:
  ex::CollapseStore store_;
};

/** Distinct first-k-parts prefixes and rest suffixes of the stored states. */
class Halves final : public ex::SearchObserver {
 public:
  Halves(const ex::TransitionSystem& sys, std::size_t k) : sys_(sys), k_(k) {}
  void on_state(ex::StateId, ex::StateView state) override {
    parts_.clear();
    sys_.components(state, parts_);
    std::size_t cut = 0;
    for (std::size_t i = 0; i < k_ && i < parts_.size(); ++i)
      cut += parts_[i].size();
    const auto* b = reinterpret_cast<const char*>(state.data());
    first_.emplace(b, cut);
    rest_.emplace(b + cut, state.size() - cut);
  }
  std::size_t firsts() const { return first_.size(); }
  std::size_t rests() const { return rest_.size(); }

 private:
  const ex::TransitionSystem& sys_;
  std::size_t k_;
  std::vector<ex::StateView> parts_;
  std::set<std::string> first_, rest_;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: collapse_breakdown SPEC.go\n";
    return 2;
  }
  auto loaded = mapcheck::cli::load_and_lower(argv[1], {});
  if (auto* e = std::get_if<mapcheck::cli::LoadError>(&loaded)) {
    std::cerr << e->text;
    return 2;
  }
  const auto& ls = *std::get<std::unique_ptr<mapcheck::cli::LoadedSpec>>(loaded);
  ex::SearchOptions opts = ls.config.search;
  opts.storage = ex::Storage::collapse;
  ex::Explorer explorer(*ls.system, opts);
  Mirror mirror(*ls.system);
  explorer.add_observer(mirror);
  const ex::SearchStats s = explorer.run().stats;
  const double n = static_cast<double>(s.states);
  auto row = [&](const std::string& what, std::size_t bytes) {
    fmt::print("{:<52} {:>12} {:>8.1f}\n", what, bytes, static_cast<double>(bytes) / n);
  };
  fmt::print("{}: {} states, {} parts for {} references\n", argv[1], s.states, s.parts_stored,
             s.parts_referenced);
  fmt::print("{:<52} {:>12} {:>8}\n", "share", "bytes", "B/state");
  row("explorer (nodes, side tables, queue)", s.memory_bytes - s.store_bytes);
  std::size_t sum = 0;
  for (const auto& [what, bytes] : mirror.store().breakdown()) {
    row("store: " + what, bytes);
    sum += bytes;
  }
  if (sum != s.store_bytes) row("store: unexplained (mirror differs)", s.store_bytes - sum);
  row("total", s.memory_bytes);
  for (std::size_t k = 1; k <= 3; ++k) {
    ex::Explorer again(*ls.system, opts);
    Halves halves(*ls.system, k);
    again.add_observer(halves);
    again.run();
    fmt::print("split after {} part{}: {} distinct first halves, {} distinct rests\n", k,
               k == 1 ? "" : "s", halves.firsts(), halves.rests());
  }
  return 0;
}
