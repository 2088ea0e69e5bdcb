// Directives: `// mapcheck:` options validated and kept raw, `// expect:` lines parsed into
// quantifier and patterns, malformed ones diagnosed at their column.
#include <cppunit/extensions/HelperMacros.h>

#include <string>

#include "specs/directives.h"
#include "specs/parser.h"

using namespace mapcheck::specs;

namespace {
DirectivesResult directives(const std::string& header) {
  ParseResult p = parse("d.go", header + "package main\n\nfunc main() {\n}\n");
  return parse_directives(p.file.comments, p.file.package_loc);
}
}  // namespace

class DirectivesTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(DirectivesTest);
  CPPUNIT_TEST(testOptionsAreTypedAndKeptRaw);
  CPPUNIT_TEST(testHashTableEntries);
  CPPUNIT_TEST(testExpectFatalWithMessage);
  CPPUNIT_TEST(testExitOutputDecodesGoEscapes);
  CPPUNIT_TEST(testOutcomesSet);
  CPPUNIT_TEST(testCanonicalTextRoundTrips);
  CPPUNIT_TEST(testBuildIgnoreIsRecognized);
  CPPUNIT_TEST(testBadValuesAreDiagnosedAtTheirColumn);
  CPPUNIT_TEST(testOptionGivenTwice);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testOptionsAreTypedAndKeptRaw() {
    DirectivesResult r =
        directives("// mapcheck: runtime=go1.22 grain=op order=fixed max-preemptions=2\n");
    CPPUNIT_ASSERT(r.diagnostics.empty());
    const Directives& d = r.directives;
    CPPUNIT_ASSERT_EQUAL(std::string("go1.22"), *d.runtime);
    CPPUNIT_ASSERT(d.grain == Grain::Op);
    CPPUNIT_ASSERT(d.order == Order::Fixed);
    CPPUNIT_ASSERT_EQUAL(std::uint64_t{2}, *d.max_preemptions);
    CPPUNIT_ASSERT_EQUAL(std::size_t{4}, d.options.size());
    CPPUNIT_ASSERT_EQUAL(std::string("grain"), d.options[1].key);
    CPPUNIT_ASSERT_EQUAL(29u, d.options[1].loc.col);
  }

  void testHashTableEntries() {
    DirectivesResult r = directives(
        "// mapcheck: hash=table{1:0x0, 2:0x80, \"a\":0x1} runtime=hmap+writers-check\n");
    CPPUNIT_ASSERT(r.diagnostics.empty());
    const HashSpec& h = *r.directives.hash;
    CPPUNIT_ASSERT(h.kind == HashSpec::Kind::Table);
    CPPUNIT_ASSERT_EQUAL(std::size_t{3}, h.table.size());
    CPPUNIT_ASSERT_EQUAL(std::int64_t{2}, std::get<std::int64_t>(h.table[1].first));
    CPPUNIT_ASSERT_EQUAL(std::uint64_t{0x80}, h.table[1].second);
    CPPUNIT_ASSERT_EQUAL(std::string("a"), std::get<std::string>(h.table[2].first));
    CPPUNIT_ASSERT_EQUAL(std::string("hmap+writers-check"), *r.directives.runtime);
  }

  void testExpectFatalWithMessage() {
    DirectivesResult r =
        directives("// expect: always fatal \"concurrent map iteration and map write\"\n");
    CPPUNIT_ASSERT(r.diagnostics.empty());
    const Expectation& e = r.directives.expectations.at(0);
    CPPUNIT_ASSERT(e.q == Quantifier::Always);
    CPPUNIT_ASSERT(e.patterns[0].kind == OutcomePattern::Kind::Fatal);
    CPPUNIT_ASSERT_EQUAL(std::string("concurrent map iteration and map write"),
                         *e.patterns[0].message_or_output);
    CPPUNIT_ASSERT_EQUAL(1u, e.loc.line);
    CPPUNIT_ASSERT_EQUAL(std::string("always fatal \"concurrent map iteration and map write\""),
                         e.text);
  }

  void testExitOutputDecodesGoEscapes() {
    DirectivesResult r =
        directives("// expect: sometimes exit output \"1\\n2\\t\"\n// expect: never deadlock\n");
    CPPUNIT_ASSERT(r.diagnostics.empty());
    CPPUNIT_ASSERT_EQUAL(std::string("1\n2\t"),
                         *r.directives.expectations[0].patterns[0].message_or_output);
    CPPUNIT_ASSERT(r.directives.expectations[1].q == Quantifier::Never);
    CPPUNIT_ASSERT(r.directives.expectations[1].patterns[0].kind == OutcomePattern::Kind::Deadlock);
  }

  void testOutcomesSet() {
    DirectivesResult r =
        directives("// expect: outcomes { exit; fatal \"concurrent map writes\"; leak }\n");
    CPPUNIT_ASSERT(r.diagnostics.empty());
    const Expectation& e = r.directives.expectations.at(0);
    CPPUNIT_ASSERT(e.q == Quantifier::Outcomes);
    CPPUNIT_ASSERT_EQUAL(std::size_t{3}, e.patterns.size());
    CPPUNIT_ASSERT(e.patterns[2].kind == OutcomePattern::Kind::Leak);
    CPPUNIT_ASSERT(!e.patterns[0].message_or_output);
  }

  void testCanonicalTextRoundTrips() {
    DirectivesResult r = directives("// expect: outcomes {exit output \"a\\n\";panic \"x\"}\n");
    CPPUNIT_ASSERT_EQUAL(std::string("outcomes { exit output \"a\\n\"; panic \"x\" }"),
                         to_string(r.directives.expectations.at(0)));
  }

  void testBuildIgnoreIsRecognized() {
    DirectivesResult r = directives("//go:build ignore\n\n");
    CPPUNIT_ASSERT(r.directives.build_ignore);
  }

  void testBadValuesAreDiagnosedAtTheirColumn() {
    DirectivesResult r = directives("// mapcheck: order=random\n// expect: always exit output 3\n");
    CPPUNIT_ASSERT_EQUAL(
        std::string("d.go:1:20: mapcheck: unknown order random (want all or fixed)\n"
                    "d.go:2:31: expect: want a Go string literal after output, found 3\n"),
        format_diagnostics(r.diagnostics));
    CPPUNIT_ASSERT(r.directives.expectations.empty());
  }

  void testOptionGivenTwice() {
    DirectivesResult r = directives("// mapcheck: grain=op\n// mapcheck: grain=phase\n");
    CPPUNIT_ASSERT_EQUAL(std::string("d.go:2:14: mapcheck: option grain given twice\n"),
                         format_diagnostics(r.diagnostics));
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(DirectivesTest);
