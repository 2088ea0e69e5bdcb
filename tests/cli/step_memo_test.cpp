// StepMemo and WorldSystem's use of it: a key finds exactly what was stored under it; and a
// search with the memo finds what one without it finds, on every library and bench spec,
// while taking many successors, map and sync steps, from the memo.
#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "cli/loaded_spec.h"
#include "cli/step_memo.h"
#include "explorer/explorer.h"
#include "tests/explorer/search_compare.h"
#include "tests/library_specs.h"

namespace fs = std::filesystem;
using namespace mapcheck;

namespace {

std::span<const std::byte> bytes(const std::string& s) {
  return {reinterpret_cast<const std::byte*>(s.data()), s.size()};
}

std::string text(std::span<const std::byte> b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

std::unique_ptr<cli::LoadedSpec> load(const fs::path& spec) {
  auto loaded = cli::load_and_lower(spec.string(), {});
  CPPUNIT_ASSERT_MESSAGE(spec.string(),
                         std::holds_alternative<std::unique_ptr<cli::LoadedSpec>>(loaded));
  return std::move(std::get<std::unique_ptr<cli::LoadedSpec>>(loaded));
}

/** `spec` searched with `o` (up to 20,000 states), with the step memo on or off; `hits` gets
 *  the successors taken from the memo. */
explorer::SearchResult search(const fs::path& spec, explorer::SearchOptions o, bool memo,
                              std::uint64_t& hits) {
  auto ls = load(spec);
  ls->system->set_step_memo(memo);
  o.max_states = 20000;
  explorer::SearchResult r = explorer::Explorer(*ls->system, o).run();
  hits = ls->system->step_memo_hits();
  return r;
}

}  // namespace

class StepMemoTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(StepMemoTest);
  CPPUNIT_TEST(testFindsWhatWasAddedUnderTheSameKey);
  CPPUNIT_TEST(testKeepsEveryKeyAcrossGrowth);
  CPPUNIT_TEST(testStartsOverAtItsBound);
  CPPUNIT_TEST(testEverySpecSearchesAsWithoutTheMemo);
  CPPUNIT_TEST(testWritersTakeMostMapStepsFromTheMemo);
  CPPUNIT_TEST(testWaitGroupStepsComeFromTheMemoToo);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testFindsWhatWasAddedUnderTheSameKey() {
    cli::StepMemo memo;
    const std::string a = "goroutine", b = "map", c = "other map";
    CPPUNIT_ASSERT(memo.find({bytes(a), bytes(b)}) == nullptr);
    const std::string g2 = "goroutine'", m2 = "map'";
    const std::vector<explorer::Access> acc = {{7, true}};
    cli::StepMemo::Result r;
    r.goroutine = bytes(g2);
    r.map = bytes(m2);
    r.accesses = acc;
    r.visible = true;
    memo.add(r);
    const cli::StepMemo::Result* hit = memo.find({bytes(a), bytes(b)});
    CPPUNIT_ASSERT(hit != nullptr);
    CPPUNIT_ASSERT(text(hit->goroutine) == g2);
    CPPUNIT_ASSERT(text(hit->map) == m2);
    CPPUNIT_ASSERT(std::equal(hit->accesses.begin(), hit->accesses.end(), acc.begin(), acc.end()));
    CPPUNIT_ASSERT(hit->visible);
    // The key is the pieces' concatenation; other pieces, another key.
    CPPUNIT_ASSERT(memo.find({bytes(a), bytes(c)}) == nullptr);
    CPPUNIT_ASSERT(memo.find({bytes(b), bytes(a)}) == nullptr);
    CPPUNIT_ASSERT(memo.find({bytes(a + b)}) != nullptr);
    CPPUNIT_ASSERT_EQUAL(std::uint64_t{2}, memo.hits());
    memo.clear();
    CPPUNIT_ASSERT(memo.find({bytes(a), bytes(b)}) == nullptr);
    CPPUNIT_ASSERT_EQUAL(std::size_t{0}, memo.size());
  }

  /* 5,000 keys, each added after its own find, some finds not followed by an add: every kept
     key finds its own result after the table grew, and a key whose add never came finds
     nothing. */
  void testKeepsEveryKeyAcrossGrowth() {
    cli::StepMemo memo;
    for (int i = 0; i < 5000; ++i) {
      const std::string key = "key " + std::to_string(i), value = "value " + std::to_string(i);
      CPPUNIT_ASSERT(memo.find({bytes(key)}) == nullptr);
      if (i % 7 == 3) continue;  // found nothing, stored nothing
      cli::StepMemo::Result r;
      r.goroutine = bytes(value);
      r.map_same = i % 2 == 0;
      memo.add(r);
    }
    for (int i = 0; i < 5000; ++i) {
      const cli::StepMemo::Result* hit = memo.find({bytes("key " + std::to_string(i))});
      if (i % 7 == 3) {
        CPPUNIT_ASSERT(hit == nullptr);
        continue;
      }
      CPPUNIT_ASSERT(hit != nullptr);
      CPPUNIT_ASSERT(text(hit->goroutine) == "value " + std::to_string(i));
      CPPUNIT_ASSERT_EQUAL(i % 2 == 0, hit->map_same);
    }
  }

  /* Results of 64 KiB each: the memo keeps every one until one would take it past kMaxBytes;
     that one is not kept, every earlier key is forgotten, and the memo fills again from
     empty. */
  void testStartsOverAtItsBound() {
    cli::StepMemo memo;
    const auto value = [](int i) { return std::string(64 << 10, static_cast<char>('a' + i % 26)); };
    const std::string first_key = "key 0";
    std::size_t most = 0;
    int i = 0;
    for (; i < 10000 && (i == 0 || memo.size() > 0); ++i) {
      const std::string key = "key " + std::to_string(i), v = value(i);
      CPPUNIT_ASSERT(memo.find({bytes(key)}) == nullptr);
      cli::StepMemo::Result r;
      r.goroutine = bytes(v);
      const std::size_t before = memo.size();
      memo.add(r);
      if (memo.size() == 0) break;  // started over
      CPPUNIT_ASSERT_EQUAL(before + 1, memo.size());
      most = memo.size();
      const cli::StepMemo::Result* hit = memo.find({bytes(first_key)});
      CPPUNIT_ASSERT(hit != nullptr);
      CPPUNIT_ASSERT(text(hit->goroutine) == value(0));
    }
    CPPUNIT_ASSERT_EQUAL(std::size_t{0}, memo.size());
    // As many as fit in kMaxBytes, and no more.
    CPPUNIT_ASSERT(most * (64 << 10) <= cli::StepMemo::kMaxBytes);
    CPPUNIT_ASSERT((most + 2) * (64 << 10) > cli::StepMemo::kMaxBytes);
    CPPUNIT_ASSERT(memo.find({bytes("key " + std::to_string(i - 1))}) == nullptr);
    const std::string again = value(i + 1);
    cli::StepMemo::Result r;
    r.goroutine = bytes(again);
    CPPUNIT_ASSERT(memo.find({bytes(first_key)}) == nullptr);
    memo.add(r);
    const cli::StepMemo::Result* hit = memo.find({bytes(first_key)});
    CPPUNIT_ASSERT(hit != nullptr);
    CPPUNIT_ASSERT(text(hit->goroutine) == again);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, memo.size());
  }

  /* The default search (dfs, reduction: the footprints come from the memo too) and an
     unreduced bfs with a preemption bound (the witness rounds' kind, where only the last
     goroutine's steps are built once the budget is spent) find the same states, edges,
     outcomes and paths with and without the memo. */
  void testEverySpecSearchesAsWithoutTheMemo() {
    std::uint64_t hits = 0;
    for (const fs::path& spec : mapcheck::testing::library_and_bench_spec_files()) {
      explorer::SearchOptions dfs = load(spec)->config.search;
      explorer::SearchOptions bounded = dfs;
      bounded.order = explorer::Order::bfs;
      bounded.reduction = explorer::Reduction::none;
      bounded.max_preemptions = 1;
      for (const explorer::SearchOptions& o : {dfs, bounded}) {
        std::uint64_t off = 0, on = 0;
        const explorer::SearchResult without = search(spec, o, false, off);
        const explorer::SearchResult with = search(spec, o, true, on);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t{0}, off);
        explorer::testing::assert_same_search(without, with, spec.string());
        hits += on;
      }
    }
    CPPUNIT_ASSERT(hits > 100000);
  }

  /* nwriters n3_k1, default search: 31,755 states, 88,877 transitions. Most steps are
     mapassign's micro-steps of three writers on one small map, met again and again. */
  void testWritersTakeMostMapStepsFromTheMemo() {
    auto ls = load(fs::path(MAPCHECK_SOURCE_DIR) / "bench/specs/nwriters/nwriters_n3_k1.go");
    const explorer::SearchResult r = explorer::Explorer(*ls->system, ls->config.search).run();
    const std::uint64_t hits = ls->system->step_memo_hits();
    CPPUNIT_ASSERT_EQUAL(std::size_t{31755}, r.stats.states);
    CPPUNIT_ASSERT_EQUAL(std::size_t{88877}, r.stats.edges);
    CPPUNIT_ASSERT(hits > r.stats.edges / 3);
  }

  /* nwriters n2_k3, default search: 45,988 states, 88,854 transitions. main's wg.Wait is
     enabled in about half of the states, always from the same goroutine part and WaitGroup,
     and each writer's last element store leaves it at wg.Done: with sync steps remembered
     (recall_sync_step) and steps that end at a method that never waits, more than 80,000
     successors come from the memo (83,150 at this writing; under the strict cycle proviso's
     114,257 transitions 94,266, and 61,521 with neither). */
  void testWaitGroupStepsComeFromTheMemoToo() {
    auto ls = load(fs::path(MAPCHECK_SOURCE_DIR) / "bench/specs/nwriters/nwriters_n2_k3.go");
    const explorer::SearchResult r = explorer::Explorer(*ls->system, ls->config.search).run();
    CPPUNIT_ASSERT_EQUAL(std::size_t{45988}, r.stats.states);
    CPPUNIT_ASSERT_EQUAL(std::size_t{88854}, r.stats.edges);
    CPPUNIT_ASSERT(ls->system->step_memo_hits() > 80000);
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(StepMemoTest);
