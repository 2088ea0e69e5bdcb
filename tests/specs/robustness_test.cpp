// Robustness: damaged specs (every line of every library spec deleted in turn, every spec cut
// off after every line, stray tokens inserted) give diagnostics, never an exception or a crash.
#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

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
}  // namespace

class RobustnessTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(RobustnessTest);
  CPPUNIT_TEST(testDeletingAnyLineNeverThrows);
  CPPUNIT_TEST(testTruncatingAfterAnyLineNeverThrows);
  CPPUNIT_TEST(testInsertingStrayTokensNeverThrows);
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
};

CPPUNIT_TEST_SUITE_REGISTRATION(RobustnessTest);
