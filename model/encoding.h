// Encoder and Decoder: the canonical byte form of model state. Every value type in model/
// writes itself with an Encoder and reads itself back with a Decoder, field by field in a
// fixed order, so equal states encode to equal bytes whatever order they were built in.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mapcheck::model {

/** Appends fields to a byte vector. Integers are LEB128 varints (signed ones zig-zagged),
 *  so small numbers take one byte; strings are length-prefixed. */
class Encoder {
 public:
  explicit Encoder(std::vector<std::byte>& out) : out_(out) {}

  void u8(std::uint8_t v) { out_.push_back(static_cast<std::byte>(v)); }
  void boolean(bool v) { u8(v ? 1 : 0); }
  void u64(std::uint64_t v) {
    while (v >= 0x80) {
      u8(static_cast<std::uint8_t>(v | 0x80));
      v >>= 7;
    }
    u8(static_cast<std::uint8_t>(v));
  }
  void i64(std::int64_t v) {
    u64((static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63));
  }
  void str(std::string_view s) {
    u64(s.size());
    const auto* p = reinterpret_cast<const std::byte*>(s.data());
    out_.insert(out_.end(), p, p + s.size());
  }
  /** Bytes in the output buffer so far: the offset the next byte is written at. */
  std::size_t size() const { return out_.size(); }

 private:
  std::vector<std::byte>& out_;
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

 private:
  [[noreturn]] static std::uint8_t past_end();
  std::uint64_t u64_long();

  std::span<const std::byte> in_;
  std::size_t pos_ = 0;
};

}  // namespace mapcheck::model
