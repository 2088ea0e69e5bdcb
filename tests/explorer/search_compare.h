// assert_same_search: the CppUnit check that two searches found the same thing.
#pragma once

#include <cppunit/extensions/HelperMacros.h>

#include <string>

#include "explorer/search_result.h"

namespace mapcheck::explorer::testing {

/** Two searches that must agree on everything but the memory figures (a storage, a system
 *  that builds fewer successors): stats, bounds, outcomes with their first states and paths,
 *  violations. */
inline void assert_same_search(const SearchResult& a, const SearchResult& b,
                               const std::string& what) {
  CPPUNIT_ASSERT_EQUAL_MESSAGE(what, a.stats.states, b.stats.states);
  CPPUNIT_ASSERT_EQUAL_MESSAGE(what, a.stats.edges, b.stats.edges);
  CPPUNIT_ASSERT_EQUAL_MESSAGE(what, a.stats.terminal, b.stats.terminal);
  CPPUNIT_ASSERT_EQUAL_MESSAGE(what, a.stats.expanded, b.stats.expanded);
  CPPUNIT_ASSERT_EQUAL_MESSAGE(what, a.stats.max_depth, b.stats.max_depth);
  CPPUNIT_ASSERT_EQUAL_MESSAGE(what, a.stats.steps_reduced, b.stats.steps_reduced);
  CPPUNIT_ASSERT_EQUAL_MESSAGE(what, a.stats.steps_bounded, b.stats.steps_bounded);
  CPPUNIT_ASSERT_MESSAGE(what, a.bounds_hit == b.bounds_hit);
  CPPUNIT_ASSERT_EQUAL_MESSAGE(what, a.outcomes.size(), b.outcomes.size());
  for (std::size_t i = 0; i < a.outcomes.size(); ++i) {
    CPPUNIT_ASSERT_MESSAGE(what, a.outcomes[i].outcome == b.outcomes[i].outcome);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(what, a.outcomes[i].terminal_states,
                                 b.outcomes[i].terminal_states);
    CPPUNIT_ASSERT_MESSAGE(what, a.outcomes[i].first == b.outcomes[i].first);
    CPPUNIT_ASSERT_MESSAGE(what, a.outcomes[i].path == b.outcomes[i].path);
  }
  CPPUNIT_ASSERT_EQUAL_MESSAGE(what, a.violations.size(), b.violations.size());
  for (std::size_t i = 0; i < a.violations.size(); ++i) {
    CPPUNIT_ASSERT_EQUAL_MESSAGE(what, a.violations[i].message, b.violations[i].message);
    CPPUNIT_ASSERT_MESSAGE(what, a.violations[i].path == b.violations[i].path);
  }
}

}  // namespace mapcheck::explorer::testing
