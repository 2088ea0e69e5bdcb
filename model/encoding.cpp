// Decoder: bounds-checked reads of the canonical encoding.
#include "model/encoding.h"

#include <stdexcept>

namespace mapcheck::model {

std::uint8_t Decoder::past_end() {
  throw std::logic_error("Decoder: read past the end of a state");
}

std::uint64_t Decoder::u64_long() {
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
