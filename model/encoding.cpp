// Decoder: bounds-checked reads of the canonical encoding.
#include "model/encoding.h"

#include <stdexcept>

namespace mapcheck::model {

std::uint8_t Decoder::u8() {
  if (pos_ >= in_.size()) throw std::logic_error("Decoder: read past the end of a state");
  return static_cast<std::uint8_t>(in_[pos_++]);
}

std::uint64_t Decoder::u64() {
  std::uint64_t v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    const std::uint8_t b = u8();
    v |= static_cast<std::uint64_t>(b & 0x7f) << shift;
    if ((b & 0x80) == 0) return v;
  }
  throw std::logic_error("Decoder: malformed varint");
}

std::string Decoder::str() {
  const std::uint64_t n = u64();
  if (n > in_.size() - pos_) throw std::logic_error("Decoder: string past the end of a state");
  std::string s(reinterpret_cast<const char*>(in_.data() + pos_), n);
  pos_ += n;
  return s;
}

}  // namespace mapcheck::model
