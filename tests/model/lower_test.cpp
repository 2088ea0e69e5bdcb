// Lowering: what the interpreter cannot run is reported at its position, never ignored;
// runtime-dependent builtins are checked against the runtime; the IR of a small function is
// pinned exactly (storage choices: registers, cells for captured variables, globals).
#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/model/interp_driver.h"

using namespace mapcheck;
using mapcheck::testing::compile;
using mapcheck::testing::lower_errors;

namespace {
/** The text of docs/spec-language.md from the heading `from` up to the next `## ` heading. */
std::string spec_language_section(const std::string& from) {
  std::ifstream in(std::string(MAPCHECK_SOURCE_DIR) + "/docs/spec-language.md");
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string doc = ss.str();
  const std::size_t start = doc.find(from);
  if (start == std::string::npos) return "";
  const std::size_t end = doc.find("\n## ", start + from.size());
  return doc.substr(start, end == std::string::npos ? std::string::npos : end - start);
}
}  // namespace

class LowerTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(LowerTest);
  CPPUNIT_TEST(testRuntimeQueriesAreReportedAtTheirPosition);
  CPPUNIT_TEST(testDocsRejectTheRuntimeQueriesWithTheirMessages);
  CPPUNIT_TEST(testClearNeedsGo121);
  CPPUNIT_TEST(testCapturedVariableLivesInCellOthersInRegisters);
  CPPUNIT_TEST(testEntryInitialisesGlobalsThenCallsMain);
  CPPUNIT_TEST(testMapLiteralIsMadeWithItsEntryCountAsHint);
  CPPUNIT_TEST(testMapLiteralEntriesShareTheirTemps);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testRuntimeQueriesAreReportedAtTheirPosition() {
    CPPUNIT_ASSERT_EQUAL(std::string("spec.go:4:7: runtime.NumGoroutine is not supported yet\n"
                                     "spec.go:5:2: runtime.GOMAXPROCS is not supported yet\n"),
                         lower_errors(R"(package main
import "runtime"
func main() {
	n := runtime.NumGoroutine()
	runtime.GOMAXPROCS(n)
}
)"));
  }

  // The spec language document must not promise what lowering rejects: the runtime queries
  // are absent from "Supported" and their exact messages are in the "Rejected" table.
  void testDocsRejectTheRuntimeQueriesWithTheirMessages() {
    const std::string supported = spec_language_section("## Supported");
    const std::string rejected = spec_language_section("## Rejected");
    CPPUNIT_ASSERT(!supported.empty() && !rejected.empty());
    for (const std::string name : {"runtime.GOMAXPROCS", "runtime.NumGoroutine"}) {
      CPPUNIT_ASSERT_MESSAGE(name, supported.find(name) == std::string::npos);
      CPPUNIT_ASSERT_MESSAGE(
          name, rejected.find("`" + name + " is not supported yet`") != std::string::npos);
    }
  }

  void testClearNeedsGo121() {
    const char* src = R"(package main
func main() {
	m := map[int]int{1: 1}
	clear(m)
}
)";
    specs::LowerOptions old;
    old.runtime = model::RuntimeVersion::go1_20;
    CPPUNIT_ASSERT_EQUAL(
        std::string("spec.go:4:2: clear needs runtime go1.21 or later (runtime is go1.20)\n"),
        lower_errors(src, old));
    specs::LowerOptions recent;
    recent.runtime = model::RuntimeVersion::go1_21;
    CPPUNIT_ASSERT_EQUAL(std::string(""), lower_errors(src, recent));
  }

  void testCapturedVariableLivesInCellOthersInRegisters() {
    const model::Program p = compile(R"(package main
func main() {
	a := 1
	b := 2
	f := func() { a = b }
	f()
	println(a)
}
)");
    // a and b are captured: cells (new_cell at their declaration); f is not: a register.
    // Temporaries (r3) are zeroed at the end of each statement.
    CPPUNIT_ASSERT_EQUAL(std::string(R"(func f0 main params=0 captures=0 regs=4 iters=0 results=
  0: r3 = const 1 ; 3:7
  1: r0 = new_cell r3 ; 3:2
  2: r3 = zero int ; 3:2
  3: r3 = const 2 ; 4:7
  4: r1 = new_cell r3 ; 4:2
  5: r3 = zero int ; 4:2
  6: r3 = closure main.func1 r0 r1 ; 5:7
  7: r2 = move r3 ; 5:2
  8: r3 = zero int ; 5:2
  9: r3 = move r2 ; 6:2
  10: call r3 ; 6:2
  11: r3 = zero int ; 6:2
  12: r3 = load_cell r0 ; 7:10
  13: r3 = zero int ; 7:2
  14: ret ; 8:1
func f1 main.func1 params=2 captures=2 regs=3 iters=0 results=
  0: r2 = load_cell r1 ; 5:20
  1: store_cell r0 r2 ; 5:16
  2: r2 = zero int ; 5:16
  3: ret ; 5:22
func f2 main.init+main params=0 captures=0 regs=0 iters=0 results=
  0: call main
  1: ret
)"),
                         model::dump(p));
  }

  void testEntryInitialisesGlobalsThenCallsMain() {
    const model::Program p = compile(R"(package main
var m = map[string]int{"a": 1}
var n int
func main() { n = len(m) }
)");
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, p.globals.size());
    CPPUNIT_ASSERT_EQUAL(std::string("m"), p.globals[0].name);
    CPPUNIT_ASSERT(p.globals[0].type == model::VType::map);
    const model::Function& entry = p.function(p.entry);
    CPPUNIT_ASSERT_EQUAL(std::string("main.init+main"), entry.name);
    CPPUNIT_ASSERT(entry.code.at(entry.code.size() - 2).op == model::Opcode::call);
    CPPUNIT_ASSERT(entry.code.back().op == model::Opcode::ret);
  }

  // The compiler's maplit calls makemap with hint len(entries): 27 entries give B = 3
  // (overLoadFactor(27, 2): 27 > 6.5*4), with no growth in flight. Inserting them into a
  // hint-0 map would instead start a 2 -> 3 grow at the 27th insert and leave it half done.
  void testMapLiteralIsMadeWithItsEntryCountAsHint() {
    std::string entries;
    for (int i = 1; i <= 27; ++i)
      entries += (i > 1 ? ", " : "") + std::to_string(i) + ": " + std::to_string(i);
    const model::Program p = compile("package main\nfunc main() {\n\tm := map[int]int{" + entries +
                                     "}\n\tprintln(len(m))\n}\n");
    const auto main_it = std::find_if(p.functions.begin(), p.functions.end(),
                                      [](const model::Function& f) { return f.name == "main"; });
    CPPUNIT_ASSERT(main_it != p.functions.end());
    const model::Function& main_fn = *main_it;
    const auto make = std::find_if(main_fn.code.begin(), main_fn.code.end(),
                                   [](const auto& in) { return in.op == model::Opcode::make_map; });
    CPPUNIT_ASSERT(make != main_fn.code.end());
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, make->args.size());
    const auto hint = std::find_if(main_fn.code.begin(), make, [&](const auto& in) {
      return in.op == model::Opcode::const_ && in.dst == make->args[0];
    });
    CPPUNIT_ASSERT(hint != make);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{27}, hint->imm.as_int());

    const model::RuntimeConfig cfg = mapcheck::testing::config(model::Grain::phase);
    model::World w = model::initial_world(p, cfg);
    std::vector<model::GoStep> steps;
    model::enabled_steps(w, p, cfg, steps);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, steps.size());
    model::apply_step(w, p, cfg, steps[0], nullptr);  // main runs up to len(m)
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, w.maps.size());
    const model::HMap& h = *w.maps[0];
    CPPUNIT_ASSERT_EQUAL(std::int64_t{27}, h.count);
    CPPUNIT_ASSERT_EQUAL(std::uint8_t{3}, h.B);
    CPPUNIT_ASSERT(!h.growing());
  }

  // Entries are stored one by one, each through the same temps: the frame of a literal of 27
  // entries (values computed) has as many registers as one of 2, and every entry is there.
  void testMapLiteralEntriesShareTheirTemps() {
    const auto main_regs = [&](int n, std::int64_t& sum) {
      std::string entries;
      for (int i = 1; i <= n; ++i)
        entries +=
            (i > 1 ? ", " : "") + std::to_string(i) + ": " + std::to_string(i) + " * (9 + 1)";
      const model::Program p = compile(
          "package main\nimport \"fmt\"\nfunc main() {\n\tm := map[int]int{" + entries +
          "}\n\ts := 0\n\tfor k, v := range m {\n\t\ts += k + v\n\t}\n\tfmt.Println(s)\n}\n");
      const auto main_fn = std::find_if(p.functions.begin(), p.functions.end(),
                                        [](const model::Function& f) { return f.name == "main"; });
      CPPUNIT_ASSERT(main_fn != p.functions.end());
      const model::RuntimeConfig cfg = mapcheck::testing::config(model::Grain::op);
      model::World w = model::initial_world(p, cfg);
      std::vector<model::GoStep> steps;
      for (model::enabled_steps(w, p, cfg, steps); !w.term && !steps.empty();
           model::enabled_steps(w, p, cfg, steps))
        model::apply_step(w, p, cfg, steps[0], nullptr);
      CPPUNIT_ASSERT(w.term.has_value());
      sum = std::stoll(w.output);
      return main_fn->num_regs;
    };
    std::int64_t sum2 = 0, sum27 = 0;
    const std::uint32_t regs2 = main_regs(2, sum2), regs27 = main_regs(27, sum27);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{11 * (1 + 2)}, sum2);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{11 * 27 * 28 / 2}, sum27);
    CPPUNIT_ASSERT_EQUAL(regs2, regs27);
    CPPUNIT_ASSERT(regs27 <= 12);
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(LowerTest);
