// HMapPropertyTest: thousands of seeded random operation sequences (assign, delete, lookup,
// clear, len, range with mutations in the loop body under every iterator choice) run step by
// step at a random grain and checked against a std::map, the Go spec's iteration rules and
// the structural invariants. Randomness comes from a seeded std::mt19937_64 only.
#include <cppunit/extensions/HelperMacros.h>

#include <map>
#include <random>
#include <set>

#include "model/hmap.h"
#include "model/map_call.h"
#include "tests/model/hmap_test_util.h"

using namespace mapcheck::model;
using namespace mapcheck::model::testutil;

namespace {

struct Fail {
  std::string what;
};

/** One random sequence: its configuration, the model map and the reference map. */
class Sequence {
 public:
  explicit Sequence(std::uint64_t seed) : rng_(seed), seed_(seed) {
    cfg_.grain = static_cast<Grain>(rng_() % 3);
    const RuntimeVersion versions[] = {RuntimeVersion::go1_19, RuntimeVersion::go1_20,
                                       RuntimeVersion::go1_21, RuntimeVersion::go1_23};
    cfg_.version = versions[rng_() % 4];
    cfg_.hash.seeds = 1 + static_cast<std::uint32_t>(rng_() % 2);
    strings_ = rng_() % 2 == 0;
    universe_ = 4 + static_cast<int>(rng_() % 56);
    if (rng_() % 3 == 0) {
      // hash=table with heavy collisions: few buckets bits and few tophash values.
      cfg_.hash.mode = HashSpec::Mode::table;
      for (int k = 0; k < universe_; ++k) {
        const std::uint8_t tops[] = {5, 6, 200};
        cfg_.hash.table.emplace_back(
            key(k), placed_hash(rng_() % 4, tops[rng_() % 3]) | ((rng_() % 4) << 8));
      }
    }
    h_ = make_map(strings_ ? ValueKind::string_ : ValueKind::int_,
                  strings_ ? ValueKind::string_ : ValueKind::int_,
                  static_cast<std::int64_t>(rng_() % 20), cfg_);
  }

  void run(int ops) {
    for (int n = 0; n < ops; ++n) {
      random_op(/*in_loop=*/false);
      if (auto err = check_invariants(h_, cfg_)) fail("invariant: " + *err);
      compare();
    }
  }

 private:
  Key key(int k) const { return strings_ ? S("k" + std::to_string(k)) : I(k); }
  Value val(int v) const { return strings_ ? S("v" + std::to_string(v)) : I(v); }

  [[noreturn]] void fail(const std::string& what) const {
    throw Fail{fmt::format("seed {} grain {} {}: {}", seed_, grain_name(cfg_.grain),
                           runtime_name(cfg_.version), what)};
  }

  /** Runs `call` to completion step by step, checking the structure at phase boundaries. */
  MapStepResult drive(HIter* it, MapCall call) {
    for (int steps = 0; steps < 100000; ++steps) {
      const std::uint32_t n = map_choices(h_, call, cfg_);
      StepLabel label;
      const MapStepResult r = map_step(h_, it, call, rng_() % n, cfg_, &label);
      if (label.function.empty() || label.file.substr(0, 8) != "runtime/")
        fail("step without a runtime label");
      if (r.status == MapStatus::fatal) fail(fmt::format("fatal {}", r.fatal_message));
      if (cfg_.grain == Grain::phase)
        if (auto err = check_structure(h_)) fail("mid-operation structure: " + *err);
      if (r.status == MapStatus::done) return r;
    }
    fail("operation does not finish");
  }

  void assign(const Key& k, const Value& v) {
    const MapStepResult r = drive(nullptr, begin_map_call(MapOp::assign, k));
    if (!r.slot) fail("mapassign returned no slot");
    drive(nullptr, begin_map_store(*r.slot, v));
    if (!ref_.contains(k)) ++generation_[k];
    ref_[k] = v;
  }
  void remove(const Key& k) {
    drive(nullptr, begin_map_call(MapOp::del, k));
    if (ref_.erase(k) > 0) ++generation_[k];
  }
  void clear_all() {
    drive(nullptr, begin_map_call(MapOp::clear));
    for (const auto& [k, v] : ref_)
      ++generation_[k];
    ref_.clear();
  }
  void lookup(const Key& k) {
    const bool two = rng_() % 2 == 0;
    const MapStepResult r =
        drive(nullptr, begin_map_call(two ? MapOp::access2 : MapOp::access1, k));
    const auto it = ref_.find(k);
    const Value want = it == ref_.end() ? Value::zero(h_.elem_kind) : it->second;
    if (!r.value || *r.value != want) fail(fmt::format("m[{:q}] wrong", k));
    if (two && r.found != (it != ref_.end())) fail(fmt::format("ok of m[{:q}] wrong", k));
  }
  void compare() {
    if (map_len(h_) != static_cast<std::int64_t>(ref_.size())) fail("len differs");
    const auto entries = map_entries(h_);
    if (entries != std::vector<std::pair<Key, Value>>(ref_.begin(), ref_.end()))
      fail("contents differ");
  }

  void random_op(bool in_loop) {
    const int dice = static_cast<int>(rng_() % 100);
    const Key k = key(static_cast<int>(rng_() % universe_));
    if (dice < 40) {
      assign(k, val(static_cast<int>(rng_() % 1000)));
    } else if (dice < 60) {
      remove(k);
    } else if (dice < 80) {
      lookup(k);
    } else if (dice < 83) {
      // clear inside a loop body only where the runtime stops the iteration (Go 1.21+).
      if (!in_loop || clear_marks_empty_rest(cfg_.version)) clear_all();
    } else if (!in_loop) {
      range_all_choices();
    }
  }

  /** range over the map under every iterator choice (sampled when there are many), each on
   *  a copy with the same body; then continue the sequence with one of them. */
  void range_all_choices() {
    const std::uint32_t n = map_choices(h_, begin_map_call(MapOp::iterinit), cfg_);
    const std::uint32_t stride = n > 32 ? n / 32 : 1;
    const std::uint64_t body_seed = rng_();
    const std::uint32_t keep = static_cast<std::uint32_t>(rng_() % n);
    Sequence saved = *this;
    Sequence kept = *this;
    for (std::uint32_t c = 0; c < n; c += stride) {
      *this = saved;
      rng_.seed(body_seed);
      range_once(c);
      if (auto err = check_invariants(h_, cfg_)) fail("after range: " + *err);
      compare();
      if (c <= keep) kept = *this;
    }
    *this = kept;
  }

  /** One range loop with choice c, checking the spec's rules at every produced entry. */
  void range_once(std::uint32_t c) {
    const std::map<Key, Value> at_start = ref_;
    std::set<Key> deleted_during;
    std::map<Key, std::set<std::uint64_t>> produced;  // key -> generations produced
    std::map<Key, int> produced_count;
    HIter it;
    MapCall call = begin_map_call(MapOp::iterinit);
    // The first step carries the iterator choice.
    MapStepResult r;
    bool first = true;
    for (;;) {
      for (int steps = 0;; ++steps) {
        if (steps > 100000) fail("mapiternext does not finish");
        const std::uint32_t n = map_choices(h_, call, cfg_);
        const std::uint32_t choice = first && n > 1 ? c % n : 0;
        if (n > 1) first = false;
        r = map_step(h_, &it, call, choice, cfg_, nullptr);
        if (r.status == MapStatus::fatal) fail(fmt::format("fatal {}", r.fatal_message));
        if (r.status == MapStatus::done) break;
      }
      if (!r.found) break;
      const Key& k = *r.it_key;
      const auto cur = ref_.find(k);
      if (cur == ref_.end()) fail(fmt::format("range produced {:q}, absent now", k));
      if (cur->second != *r.it_elem) fail(fmt::format("range produced a stale value for {:q}", k));
      if (!produced[k].insert(generation_[k]).second)
        fail(fmt::format("range produced {:q} twice without a delete and re-insert", k));
      ++produced_count[k];
      if (produced_count[k] > 1000) fail("range does not terminate");
      // The loop body: up to two mutations.
      const int body_ops = static_cast<int>(rng_() % 3);
      for (int b = 0; b < body_ops; ++b) {
        const auto snapshot = ref_;
        random_op(/*in_loop=*/true);
        for (const auto& [key, v] : snapshot)
          if (!ref_.contains(key)) deleted_during.insert(key);
      }
      call = begin_map_call(MapOp::iternext);
    }
    for (const auto& [k, v] : at_start)
      if (!deleted_during.contains(k) && produced_count[k] != 1)
        fail(fmt::format("{:q} present throughout was produced {} times", k, produced_count[k]));
  }

  std::mt19937_64 rng_;
  std::uint64_t seed_;
  RuntimeConfig cfg_;
  bool strings_ = false;
  int universe_ = 8;
  HMap h_;
  std::map<Key, Value> ref_;
  std::map<Key, std::uint64_t> generation_;
};

}  // namespace

class HMapPropertyTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(HMapPropertyTest);
  CPPUNIT_TEST(testRandomSequencesMatchReferenceAndSpec);
  CPPUNIT_TEST_SUITE_END();

 public:
  /* 2000 sequences of 40 operations; every range loop runs under (up to 32 sampled) start
   * choices with the same mutating body. */
  void testRandomSequencesMatchReferenceAndSpec() {
    for (std::uint64_t seed = 1; seed <= 2000; ++seed) {
      try {
        Sequence(seed).run(40);
      } catch (const Fail& f) {
        CPPUNIT_FAIL(f.what);
      }
    }
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(HMapPropertyTest);
