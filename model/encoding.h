// Encoder and Decoder: the canonical byte form of model state. Every value type in model/
// writes itself with an Encoder and reads itself back with a Decoder, field by field in a
// fixed order, so equal states encode to equal bytes whatever order they were built in.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mapcheck::model {

/** Appends fields to a byte vector. Integers are LEB128 varints (signed ones zig-zagged),
 *  so small numbers take one byte; strings are length-prefixed.
 *  Writes go through a raw pointer into slack the vector is grown by (geometrically), not
 *  byte by byte through push_back: the vector holds exactly the bytes written only after
 *  flush() or the Encoder's end. The world encoders (world.h) flush before they return.
 *  The vector must not be changed by others while the Encoder writes to it. */
class Encoder {
 public:
  explicit Encoder(std::vector<std::byte>& out)
      : out_(out), p_(out.data() + out.size()), end_(p_) {}
  /** Tag: write from the start of the vector, over the bytes it holds. */
  struct Overwrite {};
  /** Writes `out` from its first byte, its old bytes serving as slack: a buffer reused for
   *  encodings of about one length is then not zero-filled again by each growth. */
  Encoder(std::vector<std::byte>& out, Overwrite)
      : out_(out), p_(out.data()), end_(out.data() + out.size()) {}
  /** Flushes, unless the vector was moved from or changed since (then it is not ours). */
  ~Encoder() {
    if (out_.data() + out_.size() == end_) flush();
  }
  Encoder(const Encoder&) = delete;
  Encoder& operator=(const Encoder&) = delete;

  void u8(std::uint8_t v) {
    if (p_ == end_) [[unlikely]]
      grow(1);
    *p_++ = static_cast<std::byte>(v);
  }
  void boolean(bool v) { u8(v ? 1 : 0); }
  void u64(std::uint64_t v) {
    if (end_ - p_ < max_varint) [[unlikely]]
      grow(max_varint);
    while (v >= 0x80) {
      *p_++ = static_cast<std::byte>(v | 0x80);
      v >>= 7;
    }
    *p_++ = static_cast<std::byte>(v);
  }
  void i64(std::int64_t v) {
    u64((static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63));
  }
  void str(std::string_view s) {
    u64(s.size());
    if (static_cast<std::size_t>(end_ - p_) < s.size()) grow(s.size());
    if (!s.empty()) std::memcpy(p_, s.data(), s.size());
    p_ += s.size();
  }
  /** Appends `bytes` as they are (e.g. a part of an earlier encoding, known to be equal). */
  void raw(std::span<const std::byte> bytes) {
    if (static_cast<std::size_t>(end_ - p_) < bytes.size()) grow(bytes.size());
    if (!bytes.empty()) std::memcpy(p_, bytes.data(), bytes.size());
    p_ += bytes.size();
  }
  /** Bytes in the output so far: the offset the next byte is written at. */
  std::size_t size() const { return static_cast<std::size_t>(p_ - out_.data()); }
  /** Trims the vector to the bytes written so far. Writing may go on after it. */
  void flush() {
    out_.resize(size());
    p_ = end_ = out_.data() + out_.size();
  }

 private:
  static constexpr std::ptrdiff_t max_varint = 10;
  /** Makes room for at least `n` more bytes. */
  void grow(std::size_t n);

  std::vector<std::byte>& out_;
  std::byte* p_;    // next byte to write, inside out_
  std::byte* end_;  // end of out_'s current (partly unwritten) size
};

/** Reads what an Encoder wrote, in the same order. Reading past the end or a malformed
 *  varint is an internal bug and throws std::logic_error. */
class Decoder {
 public:
  explicit Decoder(std::span<const std::byte> in) : in_(in) {}

  std::uint8_t u8() {
    if (pos_ < in_.size()) [[likely]]
      return static_cast<std::uint8_t>(in_[pos_++]);
    return past_end();
  }
  bool boolean() { return u8() != 0; }
  std::uint64_t u64() {
    // Most fields are one-byte varints: read those inline.
    if (pos_ < in_.size() && static_cast<std::uint8_t>(in_[pos_]) < 0x80) [[likely]]
      return static_cast<std::uint8_t>(in_[pos_++]);
    return u64_long();
  }
  std::int64_t i64() {
    const std::uint64_t z = u64();
    return static_cast<std::int64_t>((z >> 1) ^ (~(z & 1) + 1));
  }
  std::string str();
  bool at_end() const { return pos_ == in_.size(); }
  /** Bytes read so far: the offset of the next byte read. */
  std::size_t position() const { return pos_; }
  /** True if the input holds `bytes` at offset `at` (which must be <= the input's size). */
  bool holds_at(std::size_t at, std::span<const std::byte> bytes) const {
    return bytes.size() <= in_.size() - at &&
           (bytes.empty() || std::memcmp(in_.data() + at, bytes.data(), bytes.size()) == 0);
  }
  /** Moves to offset `at` (at most the input's size), e.g. past a part known to be equal. */
  void seek(std::size_t at) {
    if (at > in_.size()) past_end();
    pos_ = at;
  }

 private:
  [[noreturn]] static std::uint8_t past_end();
  std::uint64_t u64_long();

  std::span<const std::byte> in_;
  std::size_t pos_ = 0;
};

}  // namespace mapcheck::model
