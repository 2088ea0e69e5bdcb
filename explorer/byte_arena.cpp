// ByteArena: chunked append-only byte strings.
#include "explorer/byte_arena.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace mapcheck::explorer {

std::size_t ByteArena::next_chunk_size() const {
  // 256, 512, ... 1 MiB, then 1 MiB for good: doubling while small, so that the spare room
  // is at most what is held, and bounded once large.
  return regular_ >= 12 ? kLastChunk : kFirstChunk << regular_;
}

std::size_t ByteArena::table_after_push() const {
  return chunks_.size() < chunks_.capacity() ? chunks_.capacity()
                                             : std::max<std::size_t>(1, 2 * chunks_.capacity());
}

std::uint64_t ByteArena::append(std::span<const std::byte> bytes) {
  const std::size_t n = bytes.size();
  if (chunks_.size() >> (64 - kOffsetBits - kLengthBits))
    throw std::length_error("ByteArena: more than 2^24 chunks");
  if (oversized(n)) {
    chunks_.push_back(std::make_unique_for_overwrite<std::byte[]>(n));
    sizes_.push_back(n);
    allocated_ += n;
    std::memcpy(chunks_.back().get(), bytes.data(), n);
    return (static_cast<std::uint64_t>(chunks_.size() - 1) << (kOffsetBits + kLengthBits)) |
           kLengthMask;
  }
  if (!current_ || used_ + n > sizes_[*current_]) {
    // The rest of the current chunk stays unused: a string never straddles two chunks.
    std::size_t size = next_chunk_size();
    while (size < n)
      size *= 2;  // only while chunks are still small: n < kLastChunk here
    chunks_.push_back(std::make_unique_for_overwrite<std::byte[]>(size));
    sizes_.push_back(size);
    allocated_ += size;
    ++regular_;
    current_ = chunks_.size() - 1;
    used_ = 0;
  }
  if (n > 0) std::memcpy(chunks_[*current_].get() + used_, bytes.data(), n);
  const std::uint64_t ref = (static_cast<std::uint64_t>(*current_) << (kOffsetBits + kLengthBits)) |
                            (static_cast<std::uint64_t>(used_) << kLengthBits) | n;
  used_ += n;
  return ref;
}

std::size_t ByteArena::memory_bytes() const {
  return allocated_ + chunks_.capacity() * sizeof(chunks_[0]) +
         sizes_.capacity() * sizeof(sizes_[0]);
}

std::size_t ByteArena::memory_after_append(std::size_t n) const {
  const bool fits = !oversized(n) && current_ && used_ + n <= sizes_[*current_];
  if (fits) return memory_bytes();
  std::size_t size = n;
  if (!oversized(n)) {
    size = next_chunk_size();
    while (size < n)
      size *= 2;
  }
  const std::size_t table = table_after_push();
  return allocated_ + size + table * (sizeof(chunks_[0]) + sizeof(sizes_[0]));
}

}  // namespace mapcheck::explorer
