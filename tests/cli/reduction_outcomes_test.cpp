// The partial-order reduction loses nothing on real specs: for every spec of the library, at
// its own options and at the access grain, the search with reduction (WorldSystem's
// footprints and futures; dfs and bfs, either cycle proviso) finds exactly the outcomes the
// unreduced search finds, and never stores more states.
#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "cli/loaded_spec.h"
#include "explorer/explorer.h"
#include "tests/library_specs.h"

namespace fs = std::filesystem;
using namespace mapcheck;

namespace {

std::vector<fs::path> library_specs() {
  return mapcheck::testing::library_spec_files();
}

std::vector<explorer::Outcome> outcomes_of(const explorer::SearchResult& r) {
  std::vector<explorer::Outcome> out;
  for (const auto& rec : r.outcomes)
    out.push_back(rec.outcome);
  return out;
}

}  // namespace

class ReductionOutcomesTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(ReductionOutcomesTest);
  CPPUNIT_TEST(testLibraryOutcomesAreTheSameWithAndWithoutReduction);
  CPPUNIT_TEST(testLibraryOutcomesAtAccessGrain);
  CPPUNIT_TEST(testReductionCutsWaitGroupFanout);
  CPPUNIT_TEST(testDefaultProvisoStoresFewerThanTheStrictOne);
  CPPUNIT_TEST_SUITE_END();

  /** Checks every library spec under `overrides`; specs whose unreduced search exceeds
   *  `max_states` are skipped (and counted). Returns how many were compared. */
  static std::size_t compare_all(const cli::CliOverrides& overrides, std::size_t max_states) {
    std::size_t compared = 0;
    for (const fs::path& spec : library_specs()) {
      auto loaded = cli::load_and_lower(spec.string(), overrides);
      CPPUNIT_ASSERT_MESSAGE(spec.string(),
                             std::holds_alternative<std::unique_ptr<cli::LoadedSpec>>(loaded));
      const cli::LoadedSpec& ls = *std::get<std::unique_ptr<cli::LoadedSpec>>(loaded);
      explorer::SearchOptions plain = ls.config.search;
      plain.reduction = explorer::Reduction::none;
      plain.max_states = max_states;
      const auto full = explorer::Explorer(*ls.system, plain).run();
      if (!full.complete()) continue;
      for (const explorer::Order order : {explorer::Order::dfs, explorer::Order::bfs})
        for (const bool strict : {false, true}) {
          explorer::SearchOptions reduced = plain;
          reduced.reduction = explorer::Reduction::ample;
          reduced.order = order;
          reduced.strict_proviso = strict;
          const std::string what = spec.string() +
                                   (order == explorer::Order::dfs ? " dfs" : " bfs") +
                                   (strict ? " strict proviso" : "");
          const auto red = explorer::Explorer(*ls.system, reduced).run();
          CPPUNIT_ASSERT_MESSAGE(what + ": reduced search incomplete", red.complete());
          CPPUNIT_ASSERT_MESSAGE(what + ": outcomes differ", outcomes_of(full) == outcomes_of(red));
          CPPUNIT_ASSERT_MESSAGE(what + ": reduction stored more states",
                                 red.stats.states <= full.stats.states);
        }
      ++compared;
    }
    return compared;
  }

 public:
  void testLibraryOutcomesAreTheSameWithAndWithoutReduction() {
    const std::size_t n = compare_all({}, 200000);
    CPPUNIT_ASSERT_EQUAL(library_specs().size(), n);
  }

  void testLibraryOutcomesAtAccessGrain() {
    cli::CliOverrides o;
    o.grain = "access";
    // The finest grain multiplies states; the specs small enough at it still cover most of
    // the library's patterns (maps, sync, channels).
    CPPUNIT_ASSERT(compare_all(o, 50000) >= 15);
  }

  /* main: wg.Add(1); go { defer wg.Done(); m[i] = i } (twice); wg.Wait(); print len(m).
   * The writers' loads of the captured m commute with everything else (no goroutine stores
   * m), so the reduction stores fewer states than the full search. */
  void testReductionCutsWaitGroupFanout() {
    const fs::path spec =
        fs::path(MAPCHECK_SOURCE_DIR) / "specs/library/patterns/waitgroup_fanout_writers.go";
    auto loaded = cli::load_and_lower(spec.string(), {});
    const cli::LoadedSpec& ls = *std::get<std::unique_ptr<cli::LoadedSpec>>(loaded);
    explorer::SearchOptions plain = ls.config.search;
    plain.reduction = explorer::Reduction::none;
    explorer::SearchOptions reduced = plain;
    reduced.reduction = explorer::Reduction::ample;
    const auto full = explorer::Explorer(*ls.system, plain).run();
    const auto red = explorer::Explorer(*ls.system, reduced).run();
    CPPUNIT_ASSERT(outcomes_of(full) == outcomes_of(red));
    CPPUNIT_ASSERT(red.stats.states < full.stats.states);
  }

  /* The figures of docs/explorer.md, "The cycle proviso": states and transitions of the
   * default dfs under the default and the strict proviso. The writers' interleavings join
   * again in states whose dfs subtree is finished, which the strict rule refused. */
  void testDefaultProvisoStoresFewerThanTheStrictOne() {
    struct Row {
      const char* spec;
      std::size_t states, transitions, strict_states, strict_transitions;
    };
    for (const Row& row :
         {Row{"bench/specs/nwriters/nwriters_n2_k3.go", 45988, 88854, 53184, 114257},
          Row{"bench/specs/nwriters/nwriters_n3_k1.go", 31755, 88877, 36507, 111264},
          Row{"specs/library/runtime/concurrent_readers.go", 1704, 2702, 3741, 8276}}) {
      auto loaded = cli::load_and_lower(std::string(MAPCHECK_SOURCE_DIR) + "/" + row.spec, {});
      const cli::LoadedSpec& ls = *std::get<std::unique_ptr<cli::LoadedSpec>>(loaded);
      explorer::SearchOptions o = ls.config.search;
      CPPUNIT_ASSERT(o.reduction == explorer::Reduction::ample);
      const auto relaxed = explorer::Explorer(*ls.system, o).run();
      o.strict_proviso = true;
      const auto strict = explorer::Explorer(*ls.system, o).run();
      CPPUNIT_ASSERT(outcomes_of(relaxed) == outcomes_of(strict));
      CPPUNIT_ASSERT_EQUAL_MESSAGE(row.spec, row.states, relaxed.stats.states);
      CPPUNIT_ASSERT_EQUAL_MESSAGE(row.spec, row.transitions, relaxed.stats.edges);
      CPPUNIT_ASSERT_EQUAL_MESSAGE(row.spec, row.strict_states, strict.stats.states);
      CPPUNIT_ASSERT_EQUAL_MESSAGE(row.spec, row.strict_transitions, strict.stats.edges);
    }
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ReductionOutcomesTest);
