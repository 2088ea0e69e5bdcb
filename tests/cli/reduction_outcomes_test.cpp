// The partial-order reduction loses nothing on real specs: for every spec of the library, at
// its own options and at the access grain, the search with reduction (WorldSystem's
// footprints and futures) finds exactly the outcomes the unreduced search finds, and never
// stores more states.
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
      explorer::SearchOptions reduced = plain;
      reduced.reduction = explorer::Reduction::ample;
      const auto full = explorer::Explorer(*ls.system, plain).run();
      if (!full.complete()) continue;
      const auto red = explorer::Explorer(*ls.system, reduced).run();
      CPPUNIT_ASSERT_MESSAGE(spec.string() + ": reduced search incomplete", red.complete());
      CPPUNIT_ASSERT_MESSAGE(spec.string() + ": outcomes differ",
                             outcomes_of(full) == outcomes_of(red));
      CPPUNIT_ASSERT_MESSAGE(spec.string() + ": reduction stored more states",
                             red.stats.states <= full.stats.states);
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
};

CPPUNIT_TEST_SUITE_REGISTRATION(ReductionOutcomesTest);
