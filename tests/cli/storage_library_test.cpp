// Every spec of the library explored with each storage (exact, hash compaction, collapse):
// the same states, transitions, outcomes with their terminal counts, and witness paths.
#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <filesystem>

#include "cli/loaded_spec.h"
#include "explorer/explorer.h"

namespace fs = std::filesystem;
namespace ex = mapcheck::explorer;

class StorageLibraryTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(StorageLibraryTest);
  CPPUNIT_TEST(testEveryStorageGivesTheSameSearch);
  CPPUNIT_TEST(testCollapseSplitsWorldsWithMapsIntoParts);
  CPPUNIT_TEST_SUITE_END();

  static std::vector<fs::path> specs() {
    std::vector<fs::path> out;
    for (const auto& e :
         fs::recursive_directory_iterator(fs::path(MAPCHECK_SOURCE_DIR) / "specs/library"))
      if (e.is_regular_file() && e.path().extension() == ".go") out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
  }

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
        const ex::SearchResult r = run(ls, s);
        const std::string what = path.filename().string() + " " + std::string(ex::storage_name(s));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(what, exact.stats.states, r.stats.states);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(what, exact.stats.edges, r.stats.edges);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(what, exact.stats.terminal, r.stats.terminal);
        CPPUNIT_ASSERT_MESSAGE(what, exact.bounds_hit == r.bounds_hit);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(what, exact.outcomes.size(), r.outcomes.size());
        for (std::size_t i = 0; i < exact.outcomes.size(); ++i) {
          CPPUNIT_ASSERT_MESSAGE(what, exact.outcomes[i].outcome == r.outcomes[i].outcome);
          CPPUNIT_ASSERT_EQUAL_MESSAGE(what, exact.outcomes[i].terminal_states,
                                       r.outcomes[i].terminal_states);
          CPPUNIT_ASSERT_MESSAGE(what, exact.outcomes[i].path == r.outcomes[i].path);
        }
        CPPUNIT_ASSERT_EQUAL_MESSAGE(what, exact.violations.size(), r.violations.size());
      }
    }
  }

  // A map is its own part: a world with one map is [prefix] [map] [rest]; nearly every world
  // of this spec has its map (only those before make() are one part).
  void testCollapseSplitsWorldsWithMapsIntoParts() {
    const fs::path spec =
        fs::path(MAPCHECK_SOURCE_DIR) / "specs/library/claims/c1_range_write_always_panics.go";
    auto loaded = mapcheck::cli::load_and_lower(spec.string(), {});
    const auto& ls = *std::get<std::unique_ptr<mapcheck::cli::LoadedSpec>>(loaded);
    const ex::SearchResult r = run(ls, ex::Storage::collapse);
    CPPUNIT_ASSERT(r.stats.parts_referenced > 2 * r.stats.states);
    CPPUNIT_ASSERT(r.stats.parts_stored < r.stats.parts_referenced);
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(StorageLibraryTest);
