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
};

CPPUNIT_TEST_SUITE_REGISTRATION(TraceRenderTest);
