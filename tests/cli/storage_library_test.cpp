// Every spec of the library explored with each storage (exact, hash compaction, collapse):
// the same states, transitions, outcomes with their terminal counts, and witness paths. Also
// the command-line values --store and --max-memory take.
#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <filesystem>

#include "cli/loaded_spec.h"
#include "cli/run_config.h"
#include "explorer/collapse_store.h"
#include "explorer/explorer.h"
#include "model/world.h"
#include "tests/explorer/search_compare.h"
#include "tests/library_specs.h"

namespace fs = std::filesystem;
namespace ex = mapcheck::explorer;

class StorageLibraryTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(StorageLibraryTest);
  CPPUNIT_TEST(testEveryStorageGivesTheSameSearch);
  CPPUNIT_TEST(testCollapseSplitsWorldsWithMapsIntoParts);
  CPPUNIT_TEST(testEachGoroutineIsAPartOfItsOwn);
  CPPUNIT_TEST(testCutFramesSplitsEachGoroutineWhereItsFramesStart);
  CPPUNIT_TEST(testMemorySizesParseWithSuffixes);
  CPPUNIT_TEST(testStoreAndMaxMemoryReachTheSearchOptions);
  CPPUNIT_TEST(testBadStoreOrSizeIsAUsageError);
  CPPUNIT_TEST_SUITE_END();

  static std::vector<fs::path> specs() { return mapcheck::testing::library_spec_files(); }

  static ex::SearchResult run(const mapcheck::cli::LoadedSpec& ls, ex::Storage s) {
    ex::SearchOptions o = ls.config.search;
    o.storage = s;
    return ex::Explorer(*ls.system, o).run();
  }

 public:
  void testEveryStorageGivesTheSameSearch() {
    const auto all = specs();
    CPPUNIT_ASSERT(all.size() >= 20);
    for (const auto& path : all) {
      auto loaded = mapcheck::cli::load_and_lower(path.string(), {});
      CPPUNIT_ASSERT_MESSAGE(
          path.string(),
          std::holds_alternative<std::unique_ptr<mapcheck::cli::LoadedSpec>>(loaded));
      const auto& ls = *std::get<std::unique_ptr<mapcheck::cli::LoadedSpec>>(loaded);
      const ex::SearchResult exact = run(ls, ex::Storage::exact);
      for (ex::Storage s : {ex::Storage::hash_compact, ex::Storage::collapse}) {
        // As `--store collapse` loads it: goroutine parts cut where their frames start.
        ls.system->set_cut_frames(s == ex::Storage::collapse);
        const ex::SearchResult r = run(ls, s);
        const std::string what = path.filename().string() + " " + std::string(ex::storage_name(s));
        mapcheck::explorer::testing::assert_same_search(exact, r, what);
      }
    }
  }

  // A map is its own part, and so is each goroutine: nearly every world of this spec has its
  // map and a goroutine, so more than two parts (only ended worlds have two).
  void testCollapseSplitsWorldsWithMapsIntoParts() {
    const fs::path spec =
        fs::path(MAPCHECK_SOURCE_DIR) / "specs/library/claims/c1_range_write_always_panics.go";
    auto loaded = mapcheck::cli::load_and_lower(spec.string(), {});
    const auto& ls = *std::get<std::unique_ptr<mapcheck::cli::LoadedSpec>>(loaded);
    const ex::SearchResult r = run(ls, ex::Storage::collapse);
    CPPUNIT_ASSERT(r.stats.parts_referenced > 2 * r.stats.states);
    CPPUNIT_ASSERT(r.stats.parts_stored < r.stats.parts_referenced);
  }

  // The first 300 states (breadth first) of a spec with three goroutines: each world splits
  // into [globals, cells] + one part per map, sync object and goroutine + [output]; the parts
  // are the state's bytes, and encoding the world reports the same ends as reading it.
  void testEachGoroutineIsAPartOfItsOwn() {
    const fs::path spec =
        fs::path(MAPCHECK_SOURCE_DIR) / "specs/library/patterns/waitgroup_fanout_writers.go";
    auto loaded = mapcheck::cli::load_and_lower(spec.string(), {});
    const auto& ls = *std::get<std::unique_ptr<mapcheck::cli::LoadedSpec>>(loaded);
    std::vector<ex::StateBytes> queue{ls.system->initial()};
    std::size_t most_goroutines = 0;
    std::vector<ex::Successor> next;
    for (std::size_t i = 0; i < queue.size() && i < 300; ++i) {
      const ex::StateBytes& s = queue[i];
      std::vector<ex::StateView> parts;
      ls.system->components(s, parts);
      mapcheck::model::Decoder d(s);
      const mapcheck::model::World w = mapcheck::model::decode_world(d, ls.program);
      most_goroutines = std::max(most_goroutines, w.goroutines.size());
      if (!w.term) {
        CPPUNIT_ASSERT_EQUAL(2 + w.maps.size() + w.syncs.size() + w.goroutines.size(),
                             parts.size());
        if (w.goroutines.size() >= 2) CPPUNIT_ASSERT(parts.size() > w.goroutines.size());
      }
      ex::StateBytes joined;
      std::vector<std::size_t> part_ends;
      for (const ex::StateView p : parts) {
        joined.insert(joined.end(), p.begin(), p.end());
        part_ends.push_back(joined.size());
      }
      CPPUNIT_ASSERT(joined == s);
      ex::StateBytes encoded;
      mapcheck::model::Encoder e(encoded);
      std::vector<std::size_t> ends;
      mapcheck::model::encode_world_parts(w, e, ends);
      CPPUNIT_ASSERT(encoded == s);
      CPPUNIT_ASSERT(ends == part_ends);
      ls.system->expand(s, next);
      for (ex::Successor& n : next)
        queue.push_back(std::move(n.state));
    }
    CPPUNIT_ASSERT(most_goroutines >= 3);
  }

  // With --store collapse, a goroutine longer than a piece is two parts: its head (status,
  // map call) and its frames, cut where decoding finds the frames; a successor's part ends,
  // written by the encoder or spliced from the step memo, are the same cuts. The first 300
  // states (breadth first) of a spec whose main goroutine ranges over a map another writes.
  void testCutFramesSplitsEachGoroutineWhereItsFramesStart() {
    const fs::path spec =
        fs::path(MAPCHECK_SOURCE_DIR) / "specs/library/runtime/range_write_with_growth.go";
    mapcheck::cli::CliOverrides cli;
    cli.store = "collapse";
    auto loaded = mapcheck::cli::load_and_lower(spec.string(), cli);
    const auto& ls = *std::get<std::unique_ptr<mapcheck::cli::LoadedSpec>>(loaded);
    std::vector<ex::StateBytes> queue{ls.system->initial()};
    std::vector<ex::Successor> next;
    std::size_t cut = 0, given = 0;
    for (std::size_t i = 0; i < queue.size() && i < 300; ++i) {
      const ex::StateBytes& s = queue[i];
      std::vector<ex::StateView> parts;
      ls.system->components(s, parts);
      mapcheck::model::World w;
      std::vector<std::size_t> ends;
      std::vector<std::uint32_t> frames;
      mapcheck::model::PartChanges changes;
      mapcheck::model::Decoder d(s);
      mapcheck::model::decode_world_parts_over(d, w, {}, {}, {}, ends, frames, changes);
      std::vector<std::uint32_t> want;
      const std::size_t first_g = 1 + w.maps.size() + w.syncs.size();
      for (std::size_t p = 0; p < ends.size(); ++p) {
        const std::size_t size = ends[p] - (p == 0 ? 0 : ends[p - 1]);
        if (!w.term && p >= first_g && p + 1 < ends.size() &&
            size > ex::CollapseStore::kDefaultChunk) {
          want.push_back(static_cast<std::uint32_t>((p == 0 ? 0 : ends[p - 1]) + frames[p]));
          ++cut;
        }
        want.push_back(static_cast<std::uint32_t>(ends[p]));
      }
      std::vector<std::uint32_t> got;
      std::size_t at = 0;
      for (const ex::StateView p : parts) {
        CPPUNIT_ASSERT(p.data() == s.data() + at);
        got.push_back(static_cast<std::uint32_t>(at += p.size()));
      }
      CPPUNIT_ASSERT(got == want);
      ls.system->expand(s, next);
      for (ex::Successor& n : next) {
        if (!n.part_ends.empty()) {
          std::vector<ex::StateView> theirs;
          ls.system->components(n.state, theirs);
          CPPUNIT_ASSERT_EQUAL(theirs.size(), n.part_ends.size());
          std::uint32_t end = 0;
          for (std::size_t p = 0; p < theirs.size(); ++p)
            CPPUNIT_ASSERT_EQUAL(end += static_cast<std::uint32_t>(theirs[p].size()),
                                 n.part_ends[p]);
          ++given;
        }
        queue.push_back(std::move(n.state));
      }
    }
    CPPUNIT_ASSERT(cut > 200);  // most states hold the ranging goroutine, longer than a piece
    CPPUNIT_ASSERT(given > 300);
  }

  void testMemorySizesParseWithSuffixes() {
    using mapcheck::cli::parse_memory_size;
    CPPUNIT_ASSERT_EQUAL(std::size_t{1000}, *parse_memory_size("1000"));
    CPPUNIT_ASSERT_EQUAL(std::size_t{64} << 10, *parse_memory_size("64K"));
    CPPUNIT_ASSERT_EQUAL(std::size_t{512} << 20, *parse_memory_size("512M"));
    CPPUNIT_ASSERT_EQUAL(std::size_t{2} << 30, *parse_memory_size("2G"));
    CPPUNIT_ASSERT_EQUAL(std::size_t{2} << 30, *parse_memory_size("2g"));
    for (const char* bad : {"", "0", "G", "2T", "1.5G", "-1M", "2GB", " 2G", "99999999999999999G"})
      CPPUNIT_ASSERT_MESSAGE(bad, !parse_memory_size(bad).has_value());
  }

  void testStoreAndMaxMemoryReachTheSearchOptions() {
    mapcheck::cli::CliOverrides cli;
    cli.store = "collapse";
    cli.max_memory = "64K";
    auto r = mapcheck::cli::resolve_run_config({}, cli, "x.go");
    const auto& rc = std::get<mapcheck::cli::RunConfig>(r);
    CPPUNIT_ASSERT(rc.search.storage == ex::Storage::collapse);
    CPPUNIT_ASSERT_EQUAL(std::size_t{64} << 10, *rc.search.max_memory);
    CPPUNIT_ASSERT(rc.shown.back() == (std::pair<std::string, std::string>{"max-memory", "64K"}));
    // Defaults show nothing, so that default reports stay as they were.
    const auto plain_r =
        mapcheck::cli::resolve_run_config({}, mapcheck::cli::CliOverrides{}, "x.go");
    const auto& plain = std::get<mapcheck::cli::RunConfig>(plain_r);
    CPPUNIT_ASSERT(plain.search.storage == ex::Storage::exact);
    CPPUNIT_ASSERT(!plain.search.max_memory);
    CPPUNIT_ASSERT_EQUAL(std::size_t{4}, plain.shown.size());
  }

  void testBadStoreOrSizeIsAUsageError() {
    mapcheck::cli::CliOverrides cli;
    cli.store = "compact";
    auto r = mapcheck::cli::resolve_run_config({}, cli, "x.go");
    CPPUNIT_ASSERT_EQUAL(
        std::string("--store: unknown store compact (want exact, hash or collapse)"),
        std::get<mapcheck::cli::UsageError>(r).message);
    cli.store.reset();
    cli.max_memory = "12Q";
    r = mapcheck::cli::resolve_run_config({}, cli, "x.go");
    CPPUNIT_ASSERT_EQUAL(std::string("--max-memory: bad size 12Q (want e.g. 512M, 2G, 64K)"),
                         std::get<mapcheck::cli::UsageError>(r).message);
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(StorageLibraryTest);
