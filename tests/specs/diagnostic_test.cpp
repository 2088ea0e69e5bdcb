// Diagnostics render as file:line:col: msg, notes after, sorted by position.
#include <cppunit/extensions/HelperMacros.h>

#include "specs/diagnostic.h"

using namespace mapcheck::specs;

class DiagnosticTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(DiagnosticTest);
  CPPUNIT_TEST(testFormatsWithNotes);
  CPPUNIT_TEST(testSortsByPosition);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testFormatsWithNotes() {
    Diagnostic d{
        {"spec.go", 12, 5}, "unsupported type chan<- int", {{{"spec.go", 3, 1}, "declared here"}}};
    CPPUNIT_ASSERT_EQUAL(std::string("spec.go:12:5: unsupported type chan<- int\n"
                                     "spec.go:3:1: note: declared here\n"),
                         format_diagnostic(d));
  }

  void testSortsByPosition() {
    std::vector<Diagnostic> ds{{{"a.go", 9, 1}, "second", {}}, {{"a.go", 2, 7}, "first", {}}};
    CPPUNIT_ASSERT_EQUAL(std::string("a.go:2:7: first\na.go:9:1: second\n"),
                         format_diagnostics(ds));
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(DiagnosticTest);
