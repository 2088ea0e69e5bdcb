// go_format: Go's fmt rules for Print/Println/Printf as the interpreter prints spec values.
// Expected strings are what Go 1.22 prints for the same calls.
#include <cppunit/extensions/HelperMacros.h>

#include <map>
#include <string>
#include <vector>

#include "model/go_format.h"

using namespace mapcheck::model;

namespace {

/** Two maps: m0 = map[int]int{3:30, 1:10, 2:20}, m1 = map[string]bool{"b":true, "a":false}. */
std::vector<std::pair<Key, Value>> entries(MapId m) {
  if (m.v == 0)
    return {{Value::of_int(1), Value::of_int(10)},
            {Value::of_int(2), Value::of_int(20)},
            {Value::of_int(3), Value::of_int(30)}};
  return {{Value::of_string("a"), Value::of_bool(false)},
          {Value::of_string("b"), Value::of_bool(true)}};
}

std::string sprint(FmtKind k, std::vector<GoValue> args) {
  return go_sprint(k, args, entries);
}

std::string go_printf(std::string format, std::vector<GoValue> args) {
  args.insert(args.begin(), GoValue::of_string(std::move(format)));
  return go_sprint(FmtKind::printf, args, entries);
}

GoValue i(std::int64_t v) {
  return GoValue::of_int(v);
}
GoValue s(std::string v) {
  return GoValue::of_string(std::move(v));
}
GoValue b(bool v) {
  return GoValue::of_bool(v);
}

}  // namespace

class GoFormatTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(GoFormatTest);
  CPPUNIT_TEST(testPrintlnSeparatesEveryOperandBySpace);
  CPPUNIT_TEST(testPrintAddsSpaceOnlyBetweenNonStrings);
  CPPUNIT_TEST(testMapsPrintSortedByKey);
  CPPUNIT_TEST(testNilValuesPrint);
  CPPUNIT_TEST(testPrintfVerbs);
  CPPUNIT_TEST(testPrintfWidthAndFlags);
  CPPUNIT_TEST(testPrintfErrorForms);
  CPPUNIT_TEST(testQuoteEscapes);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testPrintlnSeparatesEveryOperandBySpace() {
    CPPUNIT_ASSERT_EQUAL(std::string("a 1 true b\n"),
                         sprint(FmtKind::println, {s("a"), i(1), b(true), s("b")}));
    CPPUNIT_ASSERT_EQUAL(std::string("\n"), sprint(FmtKind::println, {}));
  }

  void testPrintAddsSpaceOnlyBetweenNonStrings() {
    // fmt.Print("a", 1, 2, "b", "c", true): a space only where neither neighbour is a
    // string: a|1 no, 1|2 yes, 2|b no, b|c no, c|true no.
    CPPUNIT_ASSERT_EQUAL(std::string("a1 2bctrue"),
                         sprint(FmtKind::print, {s("a"), i(1), i(2), s("b"), s("c"), b(true)}));
  }

  void testMapsPrintSortedByKey() {
    CPPUNIT_ASSERT_EQUAL(std::string("map[1:10 2:20 3:30]\n"),
                         sprint(FmtKind::println, {MapRef{MapId{0}}}));
    CPPUNIT_ASSERT_EQUAL(std::string("map[a:false b:true]"), go_printf("%v", {MapRef{MapId{1}}}));
    CPPUNIT_ASSERT_EQUAL(std::string("map[1:a 2:14 3:1e]"), go_printf("%x", {MapRef{MapId{0}}}));
  }

  void testNilValuesPrint() {
    CPPUNIT_ASSERT_EQUAL(std::string("map[] <nil> {}\n"),
                         sprint(FmtKind::println, {MapRef{}, NilValue{}, UnitValue{}}));
    CPPUNIT_ASSERT_EQUAL(std::string("assignment to entry in nil map\n"),
                         sprint(FmtKind::println, {ErrorValue{"assignment to entry in nil map"}}));
  }

  void testPrintfVerbs() {
    CPPUNIT_ASSERT_EQUAL(std::string("42 hi \"hi\" true ff FF -ff 52 101010 A 'A' %"),
                         go_printf("%d %s %q %t %x %X %x %o %b %c %q %%",
                                   {i(42), s("hi"), s("hi"), b(true), i(255), i(255), i(-255),
                                    i(42), i(42), i(65), i(65)}));
    CPPUNIT_ASSERT_EQUAL(std::string("6869"), go_printf("%x", {s("hi")}));
    CPPUNIT_ASSERT_EQUAL(std::string("int string bool"),
                         go_printf("%T %T %T", {i(1), s(""), b(false)}));
    CPPUNIT_ASSERT_EQUAL(std::string("-9223372036854775808"),
                         go_printf("%d", {i(std::numeric_limits<std::int64_t>::min())}));
  }

  void testPrintfWidthAndFlags() {
    CPPUNIT_ASSERT_EQUAL(
        std::string("[   42][42   ][00042][-0042][+42][  hi][hi  ][ab]"),
        go_printf("[%5d][%-5d][%05d][%05d][%+d][%4s][%-4s][%.2s]",
                  {i(42), i(42), i(42), i(-42), i(42), s("hi"), s("hi"), s("abc")}));
    CPPUNIT_ASSERT_EQUAL(std::string("[  7]"), go_printf("[%*d]", {i(3), i(7)}));
    CPPUNIT_ASSERT_EQUAL(std::string("0xff"), go_printf("%#x", {i(255)}));
  }

  void testPrintfErrorForms() {
    CPPUNIT_ASSERT_EQUAL(std::string("%!d(string=hi)"), go_printf("%d", {s("hi")}));
    CPPUNIT_ASSERT_EQUAL(std::string("1 %!d(MISSING)"), go_printf("%d %d", {i(1)}));
    CPPUNIT_ASSERT_EQUAL(std::string("1%!(EXTRA int=2, string=x)"),
                         go_printf("%d", {i(1), i(2), s("x")}));
    CPPUNIT_ASSERT_EQUAL(std::string("%!s(int=3)"), go_printf("%s", {i(3)}));
    CPPUNIT_ASSERT_EQUAL(std::string("%!d(<nil>)"), go_printf("%d", {NilValue{}}));
    CPPUNIT_ASSERT_EQUAL(std::string("%!(NOVERB)"), go_printf("%", {}));
  }

  void testQuoteEscapes() {
    CPPUNIT_ASSERT_EQUAL(std::string("\"a\\\"b\\\\c\\n\\t\\x01\""), go_quote("a\"b\\c\n\t\x01"));
    CPPUNIT_ASSERT_EQUAL(std::string("\"h\xc3\xa9\""), go_quote("h\xc3\xa9"));
    CPPUNIT_ASSERT_EQUAL(std::string("\"\\xff\""), go_quote("\xff"));
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(GoFormatTest);
