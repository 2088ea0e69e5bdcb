// WorldSystem's successor fast path (model::encode_touched_successor, restore_world over the
// parts a step touched) builds exactly the bytes of the plain path: every library and bench
// spec is explored with WorldSystem::set_check_successors on, which rebuilds each successor by
// apply_step on a copy and encode_world, and checks each restored world against its parent.
#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "cli/loaded_spec.h"
#include "explorer/explorer.h"
#include "model/encoding.h"
#include "model/interpreter.h"
#include "model/world.h"
#include "tests/library_specs.h"

namespace fs = std::filesystem;
using namespace mapcheck;

namespace {

/** Explores `spec` under `overrides` and `reduction`, up to `max_states`, checking every
 *  successor; returns the states stored. */
std::size_t explore_checked(const fs::path& spec, const cli::CliOverrides& overrides,
                            explorer::Reduction reduction, std::size_t max_states) {
  auto loaded = cli::load_and_lower(spec.string(), overrides);
  CPPUNIT_ASSERT_MESSAGE(spec.string(),
                         std::holds_alternative<std::unique_ptr<cli::LoadedSpec>>(loaded));
  cli::LoadedSpec& ls = *std::get<std::unique_ptr<cli::LoadedSpec>>(loaded);
  ls.system->set_check_successors(true);
  explorer::SearchOptions o = ls.config.search;
  o.reduction = reduction;
  o.max_states = max_states;
  try {
    return explorer::Explorer(*ls.system, o).run().stats.states;
  } catch (const std::logic_error& e) {
    CPPUNIT_FAIL(spec.string() + ": " + e.what());
  }
  return 0;
}

}  // namespace

class SuccessorCheckTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(SuccessorCheckTest);
  CPPUNIT_TEST(testFastPathTakesAMapMicroStep);
  CPPUNIT_TEST(testEndingStepKeepsTheWorld);
  CPPUNIT_TEST(testEverySpecBuildsTheSameSuccessors);
  CPPUNIT_TEST(testEverySpecAtAccessGrainWithoutReduction);
  CPPUNIT_TEST(testRememberedSuccessorsAreComparedToo);
  CPPUNIT_TEST_SUITE_END();

  struct Loaded {
    std::unique_ptr<cli::LoadedSpec> spec;
  };
  static Loaded load(const std::string& rel) {
    auto loaded = cli::load_and_lower((fs::path(MAPCHECK_SOURCE_DIR) / rel).string(), {});
    CPPUNIT_ASSERT(std::holds_alternative<std::unique_ptr<cli::LoadedSpec>>(loaded));
    return {std::move(std::get<std::unique_ptr<cli::LoadedSpec>>(loaded))};
  }

  /** Runs `steps` of the first enabled step each from the initial world, then returns the
   *  world (canonical) with its bytes and part ends. */
  static model::World walk(const cli::WorldSystem& sys, int steps, std::vector<std::byte>& bytes,
                           std::vector<std::size_t>& ends) {
    model::World w = sys.decode(sys.initial());
    for (int i = 0; i < steps; ++i) {
      std::vector<model::GoStep> en;
      model::enabled_steps(w, sys.program(), sys.config(), en);
      CPPUNIT_ASSERT(!en.empty());
      model::apply_step(w, sys.program(), sys.config(), en.front(), nullptr);
      model::canonicalize(w);
    }
    bytes.clear();
    model::Encoder e(bytes);
    model::encode_world_parts(w, e, ends);
    return w;
  }

 public:
  /* main: m := map[int]int{}; 3 writers started; g2: m[1] = 1 runs mapassign in phases.
     Once g2 is inside mapassign, its next step is a map micro-step: the fast path takes it
     (returns true) and writes the plain bytes. */
  void testFastPathTakesAMapMicroStep() {
    Loaded l = load("bench/specs/nwriters/nwriters_n3_k1.go");
    const cli::WorldSystem& sys = *l.spec->system;
    std::size_t fast = 0;
    for (int depth = 0; depth < 12; ++depth) {
      std::vector<std::byte> bytes;
      std::vector<std::size_t> ends;
      const model::World parent = walk(sys, depth, bytes, ends);
      std::vector<model::GoStep> en;
      model::enabled_steps(parent, sys.program(), sys.config(), en);
      for (const model::GoStep& st : en) {
        model::World next = parent;
        model::StepTouch touch;
        model::apply_step(next, sys.program(), sys.config(), st, nullptr, &touch);
        const std::vector<std::byte> plain = cli::WorldSystem::encode(next);
        std::vector<std::byte> out;
        model::PartChanges changes;
        std::vector<model::ReachCounts> marks;
        model::Encoder e(out);
        if (!model::encode_touched_successor(next, parent, bytes, ends, marks, touch, e, changes))
          continue;
        ++fast;
        CPPUNIT_ASSERT(out == plain);
        model::restore_world(next, parent, changes);
        CPPUNIT_ASSERT(next == parent);
      }
    }
    CPPUNIT_ASSERT(fast >= 12);
  }

  /* g2 and g3 both inside mapassign's hashWriting window: the step that finds hashWriting set
     ends the program (fatal "concurrent map writes"). Its bytes are output and termination
     only, but the world keeps its goroutines, and restoring the touched parts gives the
     parent back. */
  void testEndingStepKeepsTheWorld() {
    Loaded l = load("bench/specs/nwriters/nwriters_n2_k1.go");
    cli::WorldSystem& sys = *l.spec->system;
    sys.set_check_successors(true);
    explorer::SearchOptions o = l.spec->config.search;
    o.reduction = explorer::Reduction::none;
    const auto r = explorer::Explorer(sys, o).run();
    bool fatal = false;
    for (const auto& rec : r.outcomes)
      fatal = fatal || rec.outcome.kind == explorer::OutcomeKind::fatal;
    CPPUNIT_ASSERT(fatal);
    CPPUNIT_ASSERT(r.complete());
  }

  /* With the check on, a successor the step memo (cli/step_memo.h) has is built as well and
     compared with the remembered one: nwriters n3_k1 takes thousands from the memo, so the
     suites above check them. */
  void testRememberedSuccessorsAreComparedToo() {
    Loaded l = load("bench/specs/nwriters/nwriters_n3_k1.go");
    cli::WorldSystem& sys = *l.spec->system;
    sys.set_check_successors(true);
    const auto r = explorer::Explorer(sys, l.spec->config.search).run();
    CPPUNIT_ASSERT(r.complete());
    CPPUNIT_ASSERT(sys.step_memo_hits() > 10000);
  }

  void testEverySpecBuildsTheSameSuccessors() {
    std::size_t states = 0;
    for (const fs::path& spec : mapcheck::testing::library_and_bench_spec_files())
      states += explore_checked(spec, {}, explorer::Reduction::ample, 10000);
    CPPUNIT_ASSERT(states > 10000);
  }

  void testEverySpecAtAccessGrainWithoutReduction() {
    cli::CliOverrides o;
    o.grain = "access";
    for (const fs::path& spec : mapcheck::testing::library_and_bench_spec_files())
      explore_checked(spec, o, explorer::Reduction::none, 5000);
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(SuccessorCheckTest);
