// Robustness: damaged specs (every line of every library spec deleted in turn, every spec cut
// off after every line, stray tokens inserted) give diagnostics, never an exception or a crash;
// so does nesting deeper than the parser's limit, which would overflow the stack.
#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "specs/parser.h"
#include "specs/spec.h"
#include "tests/library_specs.h"

using namespace mapcheck::specs;
namespace fs = std::filesystem;

namespace {
std::vector<std::string> library_sources() {
  std::vector<std::string> out;
  for (const fs::path& p : mapcheck::testing::library_spec_files()) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    out.push_back(ss.str());
  }
  return out;
}

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> v;
  std::istringstream in(s);
  std::string l;
  while (std::getline(in, l))
    v.push_back(l + "\n");
  return v;
}

/** Loads `src`; returns an empty string, or what went wrong (an exception escaped). */
std::string load_quietly(const std::string& src) {
  try {
    (void)load_spec("m.go", src);
    return "";
  } catch (const std::exception& e) {
    return e.what();
  }
}
std::string repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i)
    out += s;
  return out;
}

/** `var x = ((...(1)...))` with `n` parentheses: the innermost operand is n + 1 levels deep
 *  (the initialiser itself is one). */
std::string nested_parens(int n) {
  return "package main\n\nvar x = " + repeat("(", n) + "1" + repeat(")", n) +
         "\n\nfunc main() {}\n";
}

/** `n` blocks nested in main's body, the innermost n levels deep. */
std::string nested_blocks(int n) {
  return "package main\n\nfunc main() {\n" + repeat("{", n) + repeat("}", n) + "\n}\n";
}

/** `var x = 1 + 1 + ... + 1` with `n` operators: a left-nested tree n + 1 levels deep. */
std::string long_sum(int n) {
  return "package main\n\nvar x = 1" + repeat(" + 1", n) + "\n\nfunc main() {}\n";
}

/** The one diagnostic of `src` as `line:col: msg`, or what else happened. */
std::string only_diagnostic(const std::string& src) {
  auto r = load_spec("m.go", src);
  if (std::holds_alternative<Spec>(r)) return "loaded";
  const auto& ds = std::get<std::vector<Diagnostic>>(r);
  if (ds.size() != 1) return std::to_string(ds.size()) + " diagnostics";
  return std::to_string(ds[0].loc.line) + ":" + std::to_string(ds[0].loc.col) + ": " + ds[0].msg;
}

const std::string too_deep =
    "nesting too deep: more than 300 levels of nested statements, expressions or types";
}  // namespace

class RobustnessTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(RobustnessTest);
  CPPUNIT_TEST(testDeletingAnyLineNeverThrows);
  CPPUNIT_TEST(testTruncatingAfterAnyLineNeverThrows);
  CPPUNIT_TEST(testInsertingStrayTokensNeverThrows);
  CPPUNIT_TEST(testParenthesesJustPastTheNestingLimitAreADiagnostic);
  CPPUNIT_TEST(testBlocksJustPastTheNestingLimitAreADiagnostic);
  CPPUNIT_TEST(testLongOperatorChainPastTheNestingLimitIsADiagnostic);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testDeletingAnyLineNeverThrows() {
    for (const std::string& src : library_sources()) {
      std::vector<std::string> ls = lines_of(src);
      for (std::size_t i = 0; i < ls.size(); ++i) {
        std::string m;
        for (std::size_t j = 0; j < ls.size(); ++j)
          if (j != i) m += ls[j];
        CPPUNIT_ASSERT_EQUAL_MESSAGE(m, std::string(), load_quietly(m));
      }
    }
  }

  void testTruncatingAfterAnyLineNeverThrows() {
    for (const std::string& src : library_sources()) {
      std::vector<std::string> ls = lines_of(src);
      std::string m;
      for (const std::string& l : ls) {
        m += l;
        CPPUNIT_ASSERT_EQUAL_MESSAGE(m, std::string(), load_quietly(m));
      }
    }
  }

  // A stray token after each line's first tab: `{`, `)`, `:=`, `nil`, `"`, `go`, `range`.
  void testInsertingStrayTokensNeverThrows() {
    const std::vector<std::string> strays{"{", ")", ":=", "nil ", "\"", "go ", "range ", "_ = "};
    for (const std::string& src : library_sources()) {
      std::vector<std::string> ls = lines_of(src);
      for (std::size_t i = 0; i < ls.size(); ++i) {
        for (const std::string& s : strays) {
          std::string m;
          for (std::size_t j = 0; j < ls.size(); ++j) {
            if (j == i) {
              std::size_t at = ls[j].find_first_not_of('\t');
              m += ls[j].substr(0, at == std::string::npos ? 0 : at) + s +
                   ls[j].substr(at == std::string::npos ? 0 : at);
            } else {
              m += ls[j];
            }
          }
          CPPUNIT_ASSERT_EQUAL_MESSAGE(m, std::string(), load_quietly(m));
        }
      }
    }
  }

  // 20,000 nested parentheses crashed the parser (and would crash the checker): at the limit
  // the spec loads, one level more is reported at the operand that is too deep.
  void testParenthesesJustPastTheNestingLimitAreADiagnostic() {
    CPPUNIT_ASSERT_EQUAL(300, kMaxNestingDepth);
    const int at_limit = kMaxNestingDepth - 1;
    CPPUNIT_ASSERT_EQUAL(std::string("loaded"), only_diagnostic(nested_parens(at_limit)));
    CPPUNIT_ASSERT_EQUAL("3:" + std::to_string(9 + at_limit + 1) + ": " + too_deep,
                         only_diagnostic(nested_parens(at_limit + 1)));
    CPPUNIT_ASSERT_EQUAL("3:" + std::to_string(9 + kMaxNestingDepth) + ": " + too_deep,
                         only_diagnostic(nested_parens(20000)));
  }

  // The checker and the lowerer recurse once per nested statement as well.
  void testBlocksJustPastTheNestingLimitAreADiagnostic() {
    CPPUNIT_ASSERT_EQUAL(std::string("loaded"), only_diagnostic(nested_blocks(kMaxNestingDepth)));
    CPPUNIT_ASSERT_EQUAL("4:" + std::to_string(kMaxNestingDepth + 1) + ": " + too_deep,
                         only_diagnostic(nested_blocks(kMaxNestingDepth + 1)));
  }

  // `1 + 1 + ...` needs no recursion to parse, but it is a tree as deep as it is long.
  void testLongOperatorChainPastTheNestingLimitIsADiagnostic() {
    const int at_limit = kMaxNestingDepth - 1;
    CPPUNIT_ASSERT_EQUAL(std::string("loaded"), only_diagnostic(long_sum(at_limit)));
    // The last `1` (column 9 + 4 * operators) is the first operand too deep.
    CPPUNIT_ASSERT_EQUAL("3:" + std::to_string(9 + 4 * (at_limit + 1)) + ": " + too_deep,
                         only_diagnostic(long_sum(at_limit + 1)));
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(RobustnessTest);
