// go_format: Go's fmt rules for Print/Println/Printf as the interpreter prints spec values.
// Expected strings are what Go 1.22 and 1.23 print for the same calls.
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

std::pair<ValueKind, ValueKind> kinds(MapId m) {
  if (m.v == 0) return {ValueKind::int_, ValueKind::int_};
  return {ValueKind::string_, ValueKind::bool_};
}

const MapLookup maps{entries, kinds};

/** An operand whose static type is an interface (its value gives the dynamic type). */
FmtArg dyn(GoValue v) {
  return FmtArg{std::move(v), {}};
}

/** An operand of static type `type` (a Go type name, "time.Duration"). */
FmtArg typed(GoValue v, std::string_view type) {
  return FmtArg{std::move(v), type};
}

std::string sprint(FmtKind k, std::vector<GoValue> args) {
  std::vector<FmtArg> as;
  for (GoValue& v : args)
    as.push_back(dyn(std::move(v)));
  return go_sprint(k, as, maps);
}

std::string sprint_typed(FmtKind k, std::vector<FmtArg> args) {
  return go_sprint(k, args, maps);
}

std::string go_printf_typed(std::string format, std::vector<FmtArg> args) {
  args.insert(args.begin(), typed(GoValue::of_string(std::move(format)), "string"));
  return go_sprint(FmtKind::printf, args, maps);
}

std::string go_printf(std::string format, std::vector<GoValue> args) {
  std::vector<FmtArg> as;
  for (GoValue& v : args)
    as.push_back(dyn(std::move(v)));
  return go_printf_typed(std::move(format), std::move(as));
}

FmtArg dur(std::int64_t ns) {
  return typed(GoValue::of_int(ns), "time.Duration");
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
  CPPUNIT_TEST(testTypeVerbNamesGoTypes);
  CPPUNIT_TEST(testPlusVIsPlainV);
  CPPUNIT_TEST(testSharpVIsGoSyntax);
  CPPUNIT_TEST(testUnicodeVerb);
  CPPUNIT_TEST(testDurationStringLikeGo);
  CPPUNIT_TEST(testDurationIsAStringerUnderStringVerbs);
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
    // printArg: nil prints only under %v and %T.
    CPPUNIT_ASSERT_EQUAL(std::string("%!s(<nil>)"), go_printf("%s", {NilValue{}}));
  }

  void testQuoteEscapes() {
    CPPUNIT_ASSERT_EQUAL(std::string("\"a\\\"b\\\\c\\n\\t\\x01\""), go_quote("a\"b\\c\n\t\x01"));
    CPPUNIT_ASSERT_EQUAL(std::string("\"h\xc3\xa9\""), go_quote("h\xc3\xa9"));
    CPPUNIT_ASSERT_EQUAL(std::string("\"\\xff\""), go_quote("\xff"));
  }

  // reflect.TypeOf(arg).String(): the static type when the lowering knows it, else the
  // value's dynamic type (a map's from its hmap's key and element kinds).
  void testTypeVerbNamesGoTypes() {
    CPPUNIT_ASSERT_EQUAL(
        std::string("map[int]int map[string]bool <nil> struct {}"),
        go_printf("%T %T %T %T", {MapRef{MapId{0}}, MapRef{MapId{1}}, NilValue{}, UnitValue{}}));
    CPPUNIT_ASSERT_EQUAL(
        std::string("time.Duration chan int func(int) string map[string]int int"),
        go_printf_typed("%T %T %T %T %T",
                        {dur(1), typed(SyncRef{}, "chan int"), typed(FuncRef{}, "func(int) string"),
                         typed(MapRef{}, "map[string]int"), dyn(i(1))}));
  }

  // doPrintf moves the + of %+v to plusV, which only names struct fields: no signs.
  void testPlusVIsPlainV() {
    CPPUNIT_ASSERT_EQUAL(
        std::string("map[1:10 2:20 3:30] 1 +1 map[+1:+10 +2:+20 +3:+30]"),
        go_printf("%+v %+v %+d %+d", {MapRef{MapId{0}}, i(1), i(1), MapRef{MapId{0}}}));
  }

  // %#v: Go syntax; maps as composite literals with sorted keys, strings quoted.
  void testSharpVIsGoSyntax() {
    CPPUNIT_ASSERT_EQUAL(std::string("map[string]bool{\"a\":false, \"b\":true}"),
                         go_printf("%#v", {MapRef{MapId{1}}}));
    CPPUNIT_ASSERT_EQUAL(std::string("map[int]int{1:10, 2:20, 3:30}"),
                         go_printf("%#v", {MapRef{MapId{0}}}));
    CPPUNIT_ASSERT_EQUAL(std::string("map[string]int(nil)"),
                         go_printf_typed("%#v", {typed(MapRef{}, "map[string]int")}));
    CPPUNIT_ASSERT_EQUAL(
        std::string("1 \"hi\" true <nil> struct {}{}"),
        go_printf("%#v %#v %#v %#v %#v", {i(1), s("hi"), b(true), NilValue{}, UnitValue{}}));
  }

  // fmtUnicode: U+ and at least four upper-case hex digits; %#U adds the quoted rune.
  void testUnicodeVerb() {
    CPPUNIT_ASSERT_EQUAL(std::string("U+1F600 U+0041 U+1F600 '\xf0\x9f\x98\x80' U+000A"),
                         go_printf("%U %U %#U %#U", {i(0x1F600), i(65), i(0x1F600), i(10)}));
    CPPUNIT_ASSERT_EQUAL(std::string("U+FFFFFFFFFFFFFFFF %!U(string=x)"),
                         go_printf("%U %U", {i(-1), s("x")}));
  }

  void testDurationStringLikeGo() {
    const std::vector<std::pair<std::int64_t, std::string>> cases{
        {0, "0s"},
        {1, "1ns"},
        {999, "999ns"},
        {1'500, "1.5\xc2\xb5s"},
        {-1'500, "-1.5\xc2\xb5s"},
        {100'000'000, "100ms"},
        {999'999'999, "999.999999ms"},
        {1'000'000'000, "1s"},
        {1'500'000'000, "1.5s"},
        {120'000'000'000, "2m0s"},
        {3'600'000'000'000, "1h0m0s"},
        {3'661'001'000'000, "1h1m1.001s"},
        {std::numeric_limits<std::int64_t>::min(), "-2562047h47m16.854775808s"},
        {std::numeric_limits<std::int64_t>::max(), "2562047h47m16.854775807s"}};
    for (const auto& [ns, want] : cases)
      CPPUNIT_ASSERT_EQUAL_MESSAGE(std::to_string(ns), want, go_duration_string(ns));
  }

  // handleMethods calls String() under %v %s %q %x %X (and Println); %d and the other
  // integer verbs see the int64; %#v asks for GoString, which Duration lacks: the int. A bad
  // verb's report prints the int too (handleMethods does nothing while erroring), but
  // %!(EXTRA ...) is printed normally.
  void testDurationIsAStringerUnderStringVerbs() {
    CPPUNIT_ASSERT_EQUAL(std::string("1s 1.5s\n"),
                         sprint_typed(FmtKind::println, {dur(1'000'000'000), dur(1'500'000'000)}));
    CPPUNIT_ASSERT_EQUAL(
        std::string("1s|1s|\"1s\"|3173|1000000000|3b9aca00|1000000000|   1s|1s"),
        go_printf_typed("%v|%s|%q|%x|%d|%x|%#v|%5v|%+v",
                        {dur(1'000'000'000), dur(1'000'000'000), dur(1'000'000'000),
                         dur(1'000'000'000), dur(1'000'000'000), dyn(i(1'000'000'000)),
                         dur(1'000'000'000), dur(1'000'000'000), dur(1'000'000'000)}));
    CPPUNIT_ASSERT_EQUAL(std::string("%!t(time.Duration=2000000000)%!(EXTRA time.Duration=1ms)"),
                         go_printf_typed("%t", {dur(2'000'000'000), dur(1'000'000)}));
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(GoFormatTest);
