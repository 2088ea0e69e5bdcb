// Encoder growth and Decoder: bounds-checked reads of the canonical encoding.
#include "model/encoding.h"

#include <algorithm>
#include <stdexcept>

namespace mapcheck::model {

void Encoder::grow(std::size_t n) {
  const std::size_t used = size();
  // Geometric growth, starting from what the caller reserved: amortized O(1) per byte.
  const std::size_t want = std::max({used + n, 2 * out_.size(), out_.capacity(), std::size_t{64}});
  out_.resize(want);
  p_ = out_.data() + used;
  end_ = out_.data() + out_.size();
}

std::uint8_t Decoder::past_end() {
  throw std::logic_error("Decoder: read past the end of a state");
}

std::uint64_t Decoder::u64_long() {
  std::uint64_t v = 0;
  // Room for the longest varint (ten bytes, as a hash takes): no bounds check per byte.
  if (in_.size() - pos_ >= 10) {
    const std::byte* p = in_.data() + pos_;
    for (int k = 0; k < 10; ++k) {
      const auto b = static_cast<std::uint8_t>(p[k]);
      v |= static_cast<std::uint64_t>(b & 0x7f) << (7 * k);
      if ((b & 0x80) == 0) {
        pos_ += static_cast<std::size_t>(k) + 1;
        return v;
      }
    }
    throw std::logic_error("Decoder: malformed varint");
  }
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
