// StateStore: dense ids in discovery order, exact deduplication, growth past the table.
#include <cppunit/extensions/HelperMacros.h>

#include <cstring>
#include <string>

#include "explorer/state_store.h"

using mapcheck::explorer::StateId;
using mapcheck::explorer::StateStore;

namespace {
std::span<const std::byte> as_bytes(const std::string& s) {
  return std::as_bytes(std::span<const char>(s.data(), s.size()));
}
}  // namespace

class StateStoreTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(StateStoreTest);
  CPPUNIT_TEST(testIdsAreDenseInDiscoveryOrder);
  CPPUNIT_TEST(testEqualBytesGetTheSameId);
  CPPUNIT_TEST(testManyStatesSurviveRehash);
  CPPUNIT_TEST(testPrefixIsADifferentState);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testIdsAreDenseInDiscoveryOrder() {
    StateStore store;
    CPPUNIT_ASSERT_EQUAL(0u, store.find_or_add(as_bytes("a")).first.v);
    CPPUNIT_ASSERT_EQUAL(1u, store.find_or_add(as_bytes("b")).first.v);
    CPPUNIT_ASSERT_EQUAL(2u, store.find_or_add(as_bytes("c")).first.v);
    CPPUNIT_ASSERT_EQUAL(std::size_t{3}, store.size());
  }

  void testEqualBytesGetTheSameId() {
    StateStore store;
    auto [a, added_a] = store.find_or_add(as_bytes("world"));
    auto [b, added_b] = store.find_or_add(as_bytes("world"));
    CPPUNIT_ASSERT(added_a);
    CPPUNIT_ASSERT(!added_b);
    CPPUNIT_ASSERT(a == b);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, store.size());
  }

  // 100k states force several rehashes; every one must still be found with its own id.
  void testManyStatesSurviveRehash() {
    StateStore store;
    for (int i = 0; i < 100000; ++i)
      store.find_or_add(as_bytes(std::to_string(i)));
    CPPUNIT_ASSERT_EQUAL(std::size_t{100000}, store.size());
    for (int i = 0; i < 100000; i += 997) {
      auto [id, added] = store.find_or_add(as_bytes(std::to_string(i)));
      CPPUNIT_ASSERT(!added);
      CPPUNIT_ASSERT_EQUAL(static_cast<std::uint32_t>(i), id.v);
      const auto stored = store.bytes(id);
      const std::string expect = std::to_string(i);
      CPPUNIT_ASSERT_EQUAL(expect.size(), stored.size());
      CPPUNIT_ASSERT(std::memcmp(stored.data(), expect.data(), expect.size()) == 0);
    }
  }

  void testPrefixIsADifferentState() {
    StateStore store;
    store.find_or_add(as_bytes("ab"));
    CPPUNIT_ASSERT(store.find_or_add(as_bytes("a")).second);
    CPPUNIT_ASSERT(store.find_or_add(as_bytes("")).second);
    CPPUNIT_ASSERT_EQUAL(std::size_t{3}, store.size());
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(StateStoreTest);
