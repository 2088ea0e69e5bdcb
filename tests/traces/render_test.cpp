// Rendering through libgvc: every DOT the traces tests produce renders to SVG and PNG in-process;
// errors come back as values with Graphviz's message; format names and extensions.
#include <cppunit/extensions/HelperMacros.h>

#include <fstream>
#include <sstream>
#include <string>
#include <variant>

#include "tests/traces/example_trace.h"
#include "tests/traces/golden.h"
#include "tests/traces/parsed_dot.h"
#include "traces/render.h"
#include "traces/trace_files.h"
#include "traces/trace_json.h"

using mapcheck::traces::ImageFormat;
using mapcheck::traces::render_dot;
using mapcheck::traces::RenderError;
namespace tt = mapcheck::traces::testing;

namespace {

std::string image(const std::string& dot, ImageFormat f) {
  auto r = render_dot(dot, f);
  if (auto* e = std::get_if<RenderError>(&r)) CPPUNIT_FAIL("render failed: " + e->message);
  return std::get<std::string>(r);
}

const std::string kPngMagic("\x89PNG\r\n\x1a\n", 8);

}  // namespace

class TraceRenderTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(TraceRenderTest);
  CPPUNIT_TEST(testEveryGoldenDotParsesAndRendersToSvgAndPng);
  CPPUNIT_TEST(testExampleSvgShowsTheFatalError);
  CPPUNIT_TEST(testRenderTraceGivesAPng);
  CPPUNIT_TEST(testSvgIsTheSameTwice);
  CPPUNIT_TEST(testSyntaxErrorIsReturnedWithGraphvizMessage);
  CPPUNIT_TEST(testFormatNamesAndExtensions);
  CPPUNIT_TEST(testTraceFilesAreTextJsonDotAndImage);
  CPPUNIT_TEST(testTraceFileStemNamesSpecVerdictAndOrdinal);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testEveryGoldenDotParsesAndRendersToSvgAndPng() {
    for (const char* name : {"example.dot", "sync.dot", "writers.dot"}) {
      const std::string dot = tt::read_file(tt::golden_path(name));
      CPPUNIT_ASSERT_MESSAGE(name, !dot.empty());
      CPPUNIT_ASSERT(tt::parse_dot(dot).vertices > 0);
      const std::string svg = image(dot, ImageFormat::svg);
      CPPUNIT_ASSERT_MESSAGE(name, svg.find("<svg") != std::string::npos);
      const std::string png = image(dot, ImageFormat::png);
      CPPUNIT_ASSERT_MESSAGE(name, png.size() > 1000);
      CPPUNIT_ASSERT_MESSAGE(name, png.substr(0, 8) == kPngMagic);
    }
  }

  void testExampleSvgShowsTheFatalError() {
    const std::string svg = image(tt::read_file(tt::golden_path("example.dot")), ImageFormat::svg);
    CPPUNIT_ASSERT(svg.find("fatal error: concurrent map iteration and map write") !=
                   std::string::npos);
    CPPUNIT_ASSERT(svg.find("mapiternext") != std::string::npos);
  }

  void testRenderTraceGivesAPng() {
    auto r = mapcheck::traces::render_trace(tt::example_trace(), ImageFormat::png);
    CPPUNIT_ASSERT(std::holds_alternative<std::string>(r));
    CPPUNIT_ASSERT(std::get<std::string>(r).substr(0, 8) == kPngMagic);
  }

  void testSvgIsTheSameTwice() {
    const std::string dot = tt::read_file(tt::golden_path("sync.dot"));
    CPPUNIT_ASSERT_EQUAL(image(dot, ImageFormat::svg), image(dot, ImageFormat::svg));
  }

  void testSyntaxErrorIsReturnedWithGraphvizMessage() {
    auto r = render_dot("digraph {\n a -> \n}\n", ImageFormat::svg);
    CPPUNIT_ASSERT(std::holds_alternative<RenderError>(r));
    CPPUNIT_ASSERT_EQUAL(
        std::string("Graphviz could not parse the DOT text: syntax error in line 3 near '}'"),
        std::get<RenderError>(r).message);
  }

  void testFormatNamesAndExtensions() {
    using mapcheck::traces::image_format_for_path;
    using mapcheck::traces::parse_image_format;
    CPPUNIT_ASSERT(parse_image_format("svg") == ImageFormat::svg);
    CPPUNIT_ASSERT(parse_image_format("png") == ImageFormat::png);
    CPPUNIT_ASSERT(!parse_image_format("pdf"));
    CPPUNIT_ASSERT(image_format_for_path("out/trace.SVG") == ImageFormat::svg);
    CPPUNIT_ASSERT(image_format_for_path("trace.png") == ImageFormat::png);
    CPPUNIT_ASSERT(!image_format_for_path("trace.dot"));
    CPPUNIT_ASSERT(!image_format_for_path("dir.png/trace"));
  }

  // The bundle --trace-dir writes: the golden text, JSON and DOT, then the picture.
  void testTraceFilesAreTextJsonDotAndImage() {
    mapcheck::traces::TraceFilesOptions o;
    o.render = ImageFormat::svg;
    auto r = mapcheck::traces::trace_files(tt::example_trace(), "claim1.counterexample-1", o);
    CPPUNIT_ASSERT(std::holds_alternative<std::vector<mapcheck::traces::TraceFile>>(r));
    const auto& files = std::get<std::vector<mapcheck::traces::TraceFile>>(r);
    CPPUNIT_ASSERT_EQUAL(std::size_t{4}, files.size());
    CPPUNIT_ASSERT_EQUAL(std::string("claim1.counterexample-1.txt"), files[0].name);
    CPPUNIT_ASSERT_EQUAL(tt::read_file(tt::golden_path("example.txt")), files[0].bytes);
    CPPUNIT_ASSERT_EQUAL(std::string("claim1.counterexample-1.json"), files[1].name);
    CPPUNIT_ASSERT_EQUAL(tt::read_file(tt::golden_path("example.json")), files[1].bytes);
    CPPUNIT_ASSERT_EQUAL(std::string("claim1.counterexample-1.dot"), files[2].name);
    CPPUNIT_ASSERT_EQUAL(tt::read_file(tt::golden_path("example.dot")), files[2].bytes);
    CPPUNIT_ASSERT_EQUAL(std::string("claim1.counterexample-1.svg"), files[3].name);
    CPPUNIT_ASSERT(files[3].bytes.find("<svg") != std::string::npos);
  }

  void testTraceFileStemNamesSpecVerdictAndOrdinal() {
    CPPUNIT_ASSERT_EQUAL(std::string("claim1.counterexample-1"),
                         mapcheck::traces::trace_file_stem(tt::example_trace(), 1));
    CPPUNIT_ASSERT_EQUAL(std::string("sync.witness-3"),
                         mapcheck::traces::trace_file_stem(tt::sync_trace(), 3));
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(TraceRenderTest);
