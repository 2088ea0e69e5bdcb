// Encoder/Decoder: round trips at the edges of the varint and zig-zag encodings.
#include <cppunit/extensions/HelperMacros.h>

#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "model/encoding.h"

using mapcheck::model::Decoder;
using mapcheck::model::Encoder;

class EncodingTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(EncodingTest);
  CPPUNIT_TEST(testRoundTripsExtremes);
  CPPUNIT_TEST(testSmallNumbersTakeOneByte);
  CPPUNIT_TEST(testReadingPastTheEndThrows);
  CPPUNIT_TEST(testAppendsAfterExistingBytesAcrossGrowth);
  CPPUNIT_TEST(testOverwriteStartsAtTheFirstByteAndTrims);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testRoundTripsExtremes() {
    std::vector<std::byte> buf;
    Encoder e(buf);
    const std::int64_t ints[] = {0,
                                 -1,
                                 1,
                                 63,
                                 -64,
                                 64,
                                 std::numeric_limits<std::int64_t>::min(),
                                 std::numeric_limits<std::int64_t>::max()};
    for (auto v : ints)
      e.i64(v);
    e.u64(std::numeric_limits<std::uint64_t>::max());
    e.str("concurrent map writes");
    e.str("");
    e.boolean(true);
    e.flush();
    Decoder d(buf);
    for (auto v : ints)
      CPPUNIT_ASSERT_EQUAL(v, d.i64());
    CPPUNIT_ASSERT_EQUAL(std::numeric_limits<std::uint64_t>::max(), d.u64());
    CPPUNIT_ASSERT_EQUAL(std::string("concurrent map writes"), d.str());
    CPPUNIT_ASSERT_EQUAL(std::string(), d.str());
    CPPUNIT_ASSERT(d.boolean());
    CPPUNIT_ASSERT(d.at_end());
  }

  void testSmallNumbersTakeOneByte() {
    std::vector<std::byte> buf;
    Encoder e(buf);
    e.i64(-64);
    e.i64(63);
    e.u64(127);
    e.flush();
    CPPUNIT_ASSERT_EQUAL(std::size_t{3}, buf.size());
    e.u64(128);
    e.flush();
    CPPUNIT_ASSERT_EQUAL(std::size_t{5}, buf.size());
  }

  void testReadingPastTheEndThrows() {
    std::vector<std::byte> buf;
    Encoder(buf).str("abc");
    buf.pop_back();
    Decoder d(buf);
    CPPUNIT_ASSERT_THROW(d.str(), std::logic_error);
  }

  // The Encoder writes into slack it grows geometrically: bytes already in the vector stay,
  // every byte written survives each growth, and flush() trims to exactly what was written.
  void testAppendsAfterExistingBytesAcrossGrowth() {
    std::vector<std::byte> buf{std::byte{7}};
    {
      Encoder e(buf);
      for (std::uint64_t i = 0; i < 1000; ++i)
        e.u64(i * 1000);
      e.str(std::string(300, 'x'));
      const std::size_t written = e.size();
      e.flush();
      CPPUNIT_ASSERT_EQUAL(written, buf.size());
      e.u8(9);
    }
    CPPUNIT_ASSERT_EQUAL(std::byte{7}, buf.front());
    CPPUNIT_ASSERT_EQUAL(std::byte{9}, buf.back());
    Decoder d(buf);
    CPPUNIT_ASSERT_EQUAL(std::uint8_t{7}, d.u8());
    for (std::uint64_t i = 0; i < 1000; ++i)
      CPPUNIT_ASSERT_EQUAL(i * 1000, d.u64());
    CPPUNIT_ASSERT_EQUAL(std::string(300, 'x'), d.str());
    CPPUNIT_ASSERT_EQUAL(std::uint8_t{9}, d.u8());
    CPPUNIT_ASSERT(d.at_end());
  }

  // Shorter than the old bytes: the vector ends where the writing did. Longer: it grows.
  void testOverwriteStartsAtTheFirstByteAndTrims() {
    std::vector<std::byte> buf(50, std::byte{0xee});
    {
      Encoder e(buf, Encoder::Overwrite{});
      e.u8(1);
      e.str("ab");
    }
    CPPUNIT_ASSERT((
        buf == std::vector<std::byte>{std::byte{1}, std::byte{2}, std::byte{'a'}, std::byte{'b'}}));
    {
      Encoder e(buf, Encoder::Overwrite{});
      e.str(std::string(100, 'y'));
    }
    Decoder d(buf);
    CPPUNIT_ASSERT_EQUAL(std::string(100, 'y'), d.str());
    CPPUNIT_ASSERT(d.at_end());
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(EncodingTest);
