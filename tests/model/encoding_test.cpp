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
  CPPUNIT_TEST(testVarintsOfEveryLengthReadTheSameAnywhere);
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

  /* A varint of each length 1-10 (2^(7k-1) for k = 1..9, then 2^64-1) reads back the same
     with ten or more bytes after its start (read without a bounds check per byte) and as the
     input's last bytes (read byte by byte); nine or ten bytes without an end byte throw in
     either case. */
  void testVarintsOfEveryLengthReadTheSameAnywhere() {
    std::vector<std::uint64_t> values;
    for (int k = 1; k <= 9; ++k)
      values.push_back(std::uint64_t{1} << (7 * k - 1));
    values.push_back(std::numeric_limits<std::uint64_t>::max());
    for (std::size_t k = 0; k < values.size(); ++k) {
      std::vector<std::byte> alone;
      Encoder(alone).u64(values[k]);
      CPPUNIT_ASSERT_EQUAL(k + 1, alone.size());
      std::vector<std::byte> padded = alone;
      padded.resize(alone.size() + 10, std::byte{0x01});
      Decoder at_end(alone), inside(padded);
      CPPUNIT_ASSERT_EQUAL(values[k], at_end.u64());
      CPPUNIT_ASSERT(at_end.at_end());
      CPPUNIT_ASSERT_EQUAL(values[k], inside.u64());
      CPPUNIT_ASSERT_EQUAL(alone.size(), inside.position());
    }
    for (std::size_t n : {9, 10}) {
      const std::vector<std::byte> unended(n, std::byte{0x80});
      std::vector<std::byte> padded = unended;
      padded.resize(20, std::byte{0x80});
      CPPUNIT_ASSERT_THROW(Decoder(unended).u64(), std::logic_error);
      CPPUNIT_ASSERT_THROW(Decoder(padded).u64(), std::logic_error);
    }
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
