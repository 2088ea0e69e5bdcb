// MapStepLabelTest: every micro-step names its runtime function, file and statement; fast
// variants are chosen by key kind as the compiler does; runtime names and grains parse; and
// the map model's sources draw no randomness and read no clock.
#include <cppunit/extensions/HelperMacros.h>

#include <fstream>
#include <set>
#include <sstream>

#include "model/map_call.h"
#include "model/runtime_config.h"

using namespace mapcheck::model;

class MapStepLabelTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(MapStepLabelTest);
  CPPUNIT_TEST(testEveryStepNamesItsRuntimeFunction);
  CPPUNIT_TEST(testFastVariantFollowsKeyKind);
  CPPUNIT_TEST(testRuntimeAndGrainNamesParse);
  CPPUNIT_TEST(testModelSourcesUseNoRandomnessOrClock);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testEveryStepNamesItsRuntimeFunction() {
    const std::set<std::string_view> known = {
        "mapaccess1_fast64", "mapaccess1_faststr", "mapaccess2_fast64",     "mapaccess2_faststr",
        "mapassign_fast64",  "mapassign_faststr",  "mapdelete_fast64",      "mapdelete_faststr",
        "growWork_fast64",   "growWork_faststr",   "evacuate_fast64",       "evacuate_faststr",
        "mapclear",          "hashGrow",           "advanceEvacuationMark", "mapiterinit",
        "mapiternext",       "mapaccessK"};
    for (int pc = 0; pc < static_cast<int>(MapPc::finished); ++pc)
      for (ValueKind k : {ValueKind::int_, ValueKind::string_})
        for (MapOp op : {MapOp::access1, MapOp::access2, MapOp::assign}) {
          const StepLabel l = map_step_label(static_cast<MapPc>(pc), op, k);
          CPPUNIT_ASSERT_MESSAGE(std::string(map_pc_name(static_cast<MapPc>(pc))),
                                 known.contains(l.function));
          CPPUNIT_ASSERT(!l.statement.empty());
          CPPUNIT_ASSERT_EQUAL(std::string_view("runtime/"), l.file.substr(0, 8));
          CPPUNIT_ASSERT(l.go_line >= 0);
        }
  }

  void testFastVariantFollowsKeyKind() {
    StepLabel l = map_step_label(MapPc::delete_toggle, MapOp::del, ValueKind::string_);
    CPPUNIT_ASSERT_EQUAL(std::string_view("mapdelete_faststr"), l.function);
    CPPUNIT_ASSERT_EQUAL(std::string_view("runtime/map_faststr.go"), l.file);
    CPPUNIT_ASSERT_EQUAL(317, l.go_line);
    l = map_step_label(MapPc::access_check, MapOp::access1, ValueKind::int_);
    CPPUNIT_ASSERT_EQUAL(
        std::string("mapaccess1_fast64: if h.flags&hashWriting != 0 { fatal(\"concurrent map "
                    "read and map write\") } (runtime/map_fast64.go:21)"),
        fmt::format("{}", l));
    l = map_step_label(MapPc::clear_mark_buckets, MapOp::clear, ValueKind::int_);
    CPPUNIT_ASSERT_EQUAL(std::string_view("runtime/map.go"), l.file);
  }

  void testRuntimeAndGrainNamesParse() {
    CPPUNIT_ASSERT(parse_runtime("hmap") == RuntimeVersion::go1_23);
    CPPUNIT_ASSERT(parse_runtime("go1.19") == RuntimeVersion::go1_19);
    CPPUNIT_ASSERT(!parse_runtime("go1.24"));
    CPPUNIT_ASSERT_EQUAL(std::string_view("go1.21"), runtime_name(RuntimeVersion::go1_21));
    CPPUNIT_ASSERT(parse_grain("access") == Grain::access);
    CPPUNIT_ASSERT(!parse_grain("word"));
    CPPUNIT_ASSERT_EQUAL(std::string_view("phase"), grain_name(Grain::phase));
    CPPUNIT_ASSERT(!clear_marks_empty_rest(RuntimeVersion::go1_20));
    CPPUNIT_ASSERT(clear_marks_empty_rest(RuntimeVersion::go1_21));
  }

  void testModelSourcesUseNoRandomnessOrClock() {
    for (const char* file : {"model/map_call.cpp", "model/map_access.cpp", "model/map_assign.cpp",
                             "model/map_delete.cpp", "model/map_clear.cpp", "model/map_grow.cpp",
                             "model/map_iter.cpp", "model/map_step_context.h", "model/hmap.cpp",
                             "model/hasher.cpp", "model/hiter.cpp", "model/value.cpp"}) {
      std::ifstream in(std::string(MAPCHECK_SOURCE_DIR) + "/" + file);
      CPPUNIT_ASSERT_MESSAGE(file, in.good());
      std::stringstream ss;
      ss << in.rdbuf();
      const std::string src = ss.str();
      for (const char* bad : {"std::rand", "srand", "random_device", "<random>", "<chrono>",
                              "std::time", "time(nullptr)", "clock()"})
        CPPUNIT_ASSERT_MESSAGE(std::string(file) + " uses " + bad,
                               src.find(bad) == std::string::npos);
    }
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(MapStepLabelTest);
