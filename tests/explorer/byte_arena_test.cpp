// ByteArena: strings read back as written across chunk boundaries, views never move, long
// strings get their own chunk, and the memory figures the search's bound relies on are exact.
#include <cppunit/extensions/HelperMacros.h>

#include <cstdint>
#include <vector>

#include "explorer/byte_arena.h"

using mapcheck::explorer::ByteArena;

namespace {
// A deterministic string of `n` bytes that differs with `seed`.
std::vector<std::byte> pattern(std::size_t n, std::uint32_t seed) {
  std::vector<std::byte> out(n);
  std::uint32_t x = seed * 2654435761u + 1;
  for (auto& b : out) {
    x = x * 1103515245u + 12345u;
    b = static_cast<std::byte>(x >> 24);
  }
  return out;
}
bool equal(std::span<const std::byte> a, const std::vector<std::byte>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end());
}
}  // namespace

class ByteArenaTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(ByteArenaTest);
  CPPUNIT_TEST(testStringsReadBackAcrossChunks);
  CPPUNIT_TEST(testViewsStayPutWhileTheArenaGrows);
  CPPUNIT_TEST(testLongStringGetsItsOwnChunkAndSmallOnesContinue);
  CPPUNIT_TEST(testMemoryAfterAppendIsWhatAppendingTakes);
  CPPUNIT_TEST(testLargeArenaHoldsAtMostOneChunkSpare);
  CPPUNIT_TEST_SUITE_END();

 public:
  // Lengths 0..2999 cycle through every chunk size from 256 bytes to 1 MiB: strings that do
  // not fit the rest of a chunk start the next one.
  void testStringsReadBackAcrossChunks() {
    ByteArena arena;
    std::vector<std::uint64_t> refs;
    std::vector<std::vector<std::byte>> strings;
    for (std::uint32_t i = 0; i < 5000; ++i) {
      strings.push_back(pattern((i * 7919u) % 3000, i));
      refs.push_back(arena.append(strings.back()));
    }
    for (std::size_t i = 0; i < refs.size(); ++i) {
      CPPUNIT_ASSERT_EQUAL(strings[i].size(), arena.at(refs[i]).size());
      CPPUNIT_ASSERT(equal(arena.at(refs[i]), strings[i]));
    }
  }

  void testViewsStayPutWhileTheArenaGrows() {
    ByteArena arena;
    const auto first = pattern(100, 1);
    const auto view = arena.at(arena.append(first));
    for (std::uint32_t i = 0; i < 20000; ++i)
      arena.append(pattern(300, i));
    CPPUNIT_ASSERT(equal(view, first));  // still the same bytes at the same address
  }

  // A 3 MiB string (over the 1 MiB chunk) is stored alone; the small strings on either side
  // of it share the chunk they were in.
  void testLongStringGetsItsOwnChunkAndSmallOnesContinue() {
    ByteArena arena;
    const auto a = pattern(10, 1), big = pattern(3 << 20, 2), c = pattern(10, 3);
    const auto ra = arena.append(a);
    const auto before = arena.memory_bytes();
    const auto rb = arena.append(big);
    const auto rc = arena.append(c);
    CPPUNIT_ASSERT(equal(arena.at(ra), a));
    CPPUNIT_ASSERT(equal(arena.at(rb), big));
    CPPUNIT_ASSERT(equal(arena.at(rc), c));
    CPPUNIT_ASSERT(arena.at(rc).data() == arena.at(ra).data() + a.size());
    CPPUNIT_ASSERT(arena.memory_bytes() >= before + big.size());
    CPPUNIT_ASSERT(arena.memory_bytes() < before + big.size() + 1024);
  }

  // The memory bound stops a search before it is passed only if this is exact (or above).
  void testMemoryAfterAppendIsWhatAppendingTakes() {
    ByteArena arena;
    for (std::uint32_t i = 0; i < 3000; ++i) {
      const std::size_t n = i % 97 == 0 ? (std::size_t{1} << 20) + i : (i * 31u) % 700;
      const std::size_t predicted = arena.memory_after_append(n);
      arena.append(pattern(n, i));
      CPPUNIT_ASSERT_EQUAL(predicted, arena.memory_bytes());
    }
  }

  // 100,000 strings of 400 bytes: what is held beyond the bytes is one chunk at most, plus
  // chunk tails too short for the next string and the chunk tables.
  void testLargeArenaHoldsAtMostOneChunkSpare() {
    ByteArena arena;
    const auto s = pattern(400, 9);
    for (int i = 0; i < 100000; ++i)
      arena.append(s);
    const std::size_t held = std::size_t{400} * 100000;
    CPPUNIT_ASSERT(arena.memory_bytes() >= held);
    CPPUNIT_ASSERT(arena.memory_bytes() < held + (std::size_t{1} << 20) + held / 100);
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ByteArenaTest);
