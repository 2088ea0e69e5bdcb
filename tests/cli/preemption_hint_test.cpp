// WorldSystem::expand_without_preempting: a preemption-bounded search that asks WorldSystem for
// the last goroutine's successors alone, once a state's budget is spent, finds exactly what it
// finds when every successor is built (the witness search's rounds and --max-preemptions
// runs), on every library spec and the smaller bench specs.
#include <cppunit/extensions/HelperMacros.h>

#include <filesystem>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/loaded_spec.h"
#include "explorer/explorer.h"
#include "explorer/simplest_path.h"
#include "tests/explorer/hint_probe.h"
#include "tests/explorer/search_compare.h"
#include "tests/library_specs.h"

namespace fs = std::filesystem;
using namespace mapcheck;
using explorer::testing::assert_same_search;
using explorer::testing::HintProbe;

namespace {

std::unique_ptr<cli::LoadedSpec> load(const fs::path& spec) {
  auto loaded = cli::load_and_lower(spec.string(), {});
  CPPUNIT_ASSERT_MESSAGE(spec.string(),
                         std::holds_alternative<std::unique_ptr<cli::LoadedSpec>>(loaded));
  return std::move(std::get<std::unique_ptr<cli::LoadedSpec>>(loaded));
}

/** The library's specs and the bench specs that take well under a second. */
std::vector<fs::path> checked_specs() {
  std::vector<fs::path> out = mapcheck::testing::library_spec_files();
  const fs::path bench = fs::path(MAPCHECK_SOURCE_DIR) / "bench/specs";
  for (const char* rel : {"nwriters/nwriters_n2_k2.go", "nwriters/nwriters_n3_k1.go",
                          "ranger_growth/ranger_growth_n4.go", "ranger_growth/ranger_growth_n13.go",
                          "rwmutex/rwmutex_r2_w2.go"})
    out.push_back(bench / rel);
  return out;
}

}  // namespace

class PreemptionHintTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(PreemptionHintTest);
  CPPUNIT_TEST(testBoundedSearchesAreTheSame);
  CPPUNIT_TEST(testWitnessesAreTheSame);
  CPPUNIT_TEST_SUITE_END();

 public:
  /* Bounds 0..2, dfs and bfs (and bfs on two threads), unreduced: the same search either way,
   * and most bounded steps are never built (the hint left out more than 10,000 of them). */
  void testBoundedSearchesAreTheSame() {
    std::size_t left_out = 0;
    for (const fs::path& spec : checked_specs()) {
      const auto ls = load(spec);
      for (std::uint32_t bound : {0u, 1u, 2u})
        for (auto [order, threads] :
             {std::pair{explorer::Order::dfs, 1u}, std::pair{explorer::Order::bfs, 1u},
              std::pair{explorer::Order::bfs, 2u}}) {
          explorer::SearchOptions o = ls->config.search;
          o.order = order;
          o.threads = threads;
          o.reduction = explorer::Reduction::none;
          o.max_preemptions = bound;
          const HintProbe hinted(*ls->system, false), all(*ls->system, true);
          const explorer::SearchResult h = explorer::Explorer(hinted, o).run();
          const explorer::SearchResult a = explorer::Explorer(all, o).run();
          assert_same_search(a, h,
                             fmt::format("{} bound {} {} threads {}", spec.filename().string(),
                                         bound, explorer::order_name(order), threads));
          left_out += hinted.left_out;
        }
    }
    CPPUNIT_ASSERT(left_out > 10000);
  }

  /* The witness search (SimplestPathFinder, bfs rounds with 0, 1, 2, ... preemptions) gives
   * every outcome of the full search the same path either way. */
  void testWitnessesAreTheSame() {
    for (const fs::path& spec : checked_specs()) {
      const auto ls = load(spec);
      const explorer::SearchResult full = explorer::Explorer(*ls->system, ls->config.search).run();
      const HintProbe hinted(*ls->system, false), all(*ls->system, true);
      explorer::SimplestPathFinder fh(hinted, ls->config.search), fa(all, ls->config.search);
      for (const auto& rec : full.outcomes) {
        const auto ph = fh.find(rec.outcome), pa = fa.find(rec.outcome);
        const std::string what = fmt::format("{}: {}", spec.filename().string(), rec.outcome);
        CPPUNIT_ASSERT_MESSAGE(what, ph.has_value() == pa.has_value());
        if (!ph) continue;
        CPPUNIT_ASSERT_MESSAGE(what, ph->path == pa->path);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(what, pa->preemptions, ph->preemptions);
      }
    }
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PreemptionHintTest);
