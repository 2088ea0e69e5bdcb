// FutureMemo and WorldSystem::futures: the memoized futures are model::FutureAccess::of's, on
// every state of real specs, whether the state was just expanded or not; and the memo keeps
// futures of different contexts apart.
#include <cppunit/extensions/HelperMacros.h>

#include <filesystem>
#include <string>
#include <vector>

#include "cli/future_memo.h"
#include "cli/loaded_spec.h"
#include "explorer/explorer.h"
#include "model/future_access.h"
#include "tests/library_specs.h"

namespace fs = std::filesystem;
using namespace mapcheck;

namespace {

/** Every state a search stores, in discovery order. */
struct StateCollector : explorer::SearchObserver {
  std::vector<explorer::StateBytes> states;
  void on_state(explorer::StateId, explorer::StateView s) override {
    states.emplace_back(s.begin(), s.end());
  }
};

/** The futures of `s` computed directly, as WorldSystem::futures did before the memo. */
std::vector<explorer::ActorFuture> direct_futures(const cli::WorldSystem& sys,
                                                  const model::FutureAccess& fa,
                                                  explorer::StateView s) {
  const model::World w = sys.decode(s);
  std::vector<explorer::ActorFuture> out;
  std::vector<model::ObjectAccess> acc;
  for (const model::Goroutine& g : w.goroutines) {
    if (g.status == model::GoStatus::blocked || g.status == model::GoStatus::done) continue;
    fa.of(w, g.id, acc);
    explorer::ActorFuture f;
    f.actor = explorer::ActorId{g.id.v};
    for (const auto& a : acc)
      f.footprint.accesses.push_back({a.object, a.write});
    out.push_back(std::move(f));
  }
  return out;
}

bool same(const std::vector<explorer::ActorFuture>& a,
          const std::vector<explorer::ActorFuture>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].actor != b[i].actor || a[i].footprint.accesses != b[i].footprint.accesses ||
        a[i].footprint.visible != b[i].footprint.visible)
      return false;
  return true;
}

std::span<const std::byte> bytes(const std::string& s) {
  return {reinterpret_cast<const std::byte*>(s.data()), s.size()};
}

}  // namespace

class FutureMemoTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(FutureMemoTest);
  CPPUNIT_TEST(testMemoizedFuturesAreFutureAccessOnEveryLibraryState);
  CPPUNIT_TEST(testMemoizedFuturesOnNWriters);
  CPPUNIT_TEST(testContextsKeepFuturesApart);
  CPPUNIT_TEST_SUITE_END();

  /** Checks every state (up to `max_states`) of `spec` three ways: right after expanding it
   *  (the search's path: the world is at hand), cold (decoded from its bytes), and again after
   *  expanding it, now with its goroutines in the memo. Returns how many states. */
  static std::size_t check_spec(const fs::path& spec, std::size_t max_states) {
    auto loaded = cli::load_and_lower(spec.string(), {});
    CPPUNIT_ASSERT_MESSAGE(spec.string(),
                           std::holds_alternative<std::unique_ptr<cli::LoadedSpec>>(loaded));
    const cli::LoadedSpec& ls = *std::get<std::unique_ptr<cli::LoadedSpec>>(loaded);
    const model::FutureAccess fa(ls.program);
    explorer::SearchOptions opts = ls.config.search;
    opts.reduction = explorer::Reduction::none;
    opts.max_states = max_states;
    StateCollector states;
    explorer::Explorer ex(*ls.system, opts);
    ex.add_observer(states);
    ex.run();
    std::vector<explorer::Successor> succ;
    std::vector<explorer::ActorFuture> got;
    for (const explorer::StateBytes& s : states.states) {
      const auto want = direct_futures(*ls.system, fa, s);
      const std::string at =
          spec.filename().string() + " state of " + std::to_string(s.size()) + " bytes";
      ls.system->expand(s, succ);
      CPPUNIT_ASSERT_MESSAGE(at, ls.system->futures(s, got));
      CPPUNIT_ASSERT_MESSAGE(at + " (expanded)", same(want, got));
      const explorer::StateBytes& other = states.states.front();
      if (other != s) ls.system->expand(other, succ);  // `s` is no longer the expanded state
      CPPUNIT_ASSERT(ls.system->futures(s, got));
      CPPUNIT_ASSERT_MESSAGE(at + " (decoded)", same(want, got));
    }
    return states.states.size();
  }

 public:
  void testMemoizedFuturesAreFutureAccessOnEveryLibraryState() {
    std::size_t states = 0;
    for (const fs::path& spec : mapcheck::testing::library_spec_files())
      states += check_spec(spec, 20000);
    CPPUNIT_ASSERT(states > 10000);
  }

  /** The family the memo was made for: three writers, a WaitGroup, thousands of states. */
  void testMemoizedFuturesOnNWriters() {
    const fs::path spec = fs::path(MAPCHECK_SOURCE_DIR) / "bench/specs/nwriters/nwriters_n3_k1.go";
    CPPUNIT_ASSERT_EQUAL(std::size_t{20000}, check_spec(spec, 20000));
  }

  /** One goroutine part under two contexts: two entries; found again by hash from any slot. */
  void testContextsKeepFuturesApart() {
    cli::FutureMemo memo;
    const std::string part = "goroutine g2 at pc 3", a = "wg=1", b = "wg=0";
    const std::vector<explorer::Access> fa{{0, true}, {3, true}}, fb{{0, true}};
    memo.set_context({bytes(a)});
    CPPUNIT_ASSERT(memo.find(0, bytes(part)) == nullptr);
    CPPUNIT_ASSERT(memo.add(fa) == fa);
    CPPUNIT_ASSERT(*memo.find(0, bytes(part)) == fa);
    memo.set_context({bytes(b)});
    CPPUNIT_ASSERT(memo.find(0, bytes(part)) == nullptr);
    CPPUNIT_ASSERT(memo.add(fb) == fb);
    memo.set_context({bytes(a)});
    CPPUNIT_ASSERT(*memo.find(1, bytes(part)) == fa);
    memo.set_context({bytes(b)});
    CPPUNIT_ASSERT(*memo.find(0, bytes(part)) == fb);
    // A context is its pieces' concatenation.
    const std::string wg = "wg", one = "=1";
    memo.set_context({bytes(wg), bytes(one)});
    CPPUNIT_ASSERT(*memo.find(0, bytes(part)) == fa);
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, memo.size());
    memo.clear();
    CPPUNIT_ASSERT_EQUAL(std::size_t{0}, memo.size());
    memo.set_context({bytes(a)});
    CPPUNIT_ASSERT(memo.find(0, bytes(part)) == nullptr);
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(FutureMemoTest);
