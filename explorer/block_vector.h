// BlockVector: an append-only array of per-state records kept in blocks that are never moved:
// growing copies nothing, and at most one block is spare (a std::vector doubles: up to half
// its memory is spare, and growing copies everything while both copies are alive).
#pragma once

#include <algorithm>
#include <bit>
#include <cstddef>
#include <memory>
#include <vector>

namespace mapcheck::explorer {

/** A vector of trivially copyable T that only grows at the back. Blocks double from 16
 *  elements up to 4,096 and stay at that size, so a small search holds little and a large one
 *  wastes at most one block. References stay valid across push_back. */
template <typename T>
class BlockVector {
 public:
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  void push_back(const T& v) {
    if (size_ == capacity_) {
      const std::size_t n = block_size(blocks_.size());
      blocks_.push_back(std::make_unique<T[]>(n));
      capacity_ += n;
    }
    (*this)[size_] = v;
    ++size_;
  }

  T& operator[](std::size_t i) {
    const auto [b, off] = locate(i);
    return blocks_[b][off];
  }
  const T& operator[](std::size_t i) const {
    const auto [b, off] = locate(i);
    return blocks_[b][off];
  }

  /** Bytes held: every block allocated, and the table of blocks. */
  std::size_t memory_bytes() const {
    return capacity_ * sizeof(T) + blocks_.capacity() * sizeof(blocks_[0]);
  }
  /** memory_bytes() once one more element is appended. */
  std::size_t memory_after_push() const {
    if (size_ < capacity_) return memory_bytes();
    const std::size_t table = blocks_.size() < blocks_.capacity()
                                  ? blocks_.capacity()
                                  : std::max<std::size_t>(1, 2 * blocks_.capacity());
    return (capacity_ + block_size(blocks_.size())) * sizeof(T) + table * sizeof(blocks_[0]);
  }

 private:
  static constexpr unsigned kFirstShift = 4;  // the first block holds 16
  static constexpr unsigned kDoublings = 8;   // ... the 9th 16 << 8 = 4,096, then no more
  static constexpr std::size_t kLastBlock = std::size_t{1} << (kFirstShift + kDoublings);
  /** Elements in the doubling blocks: 16 * (2^9 - 1). */
  static constexpr std::size_t kDoubled =
      (std::size_t{1} << kFirstShift) * ((std::size_t{1} << (kDoublings + 1)) - 1);

  static std::size_t block_size(std::size_t b) {
    return b <= kDoublings ? std::size_t{1} << (kFirstShift + b) : kLastBlock;
  }
  struct Place {
    std::size_t block;
    std::size_t offset;
  };
  static Place locate(std::size_t i) {
    if (i < kDoubled) {
      // Block b starts at 16 * (2^b - 1).
      const std::size_t b = std::bit_width((i >> kFirstShift) + 1) - 1;
      return {b, i - (((std::size_t{1} << b) - 1) << kFirstShift)};
    }
    const std::size_t j = i - kDoubled;
    return {kDoublings + 1 + j / kLastBlock, j % kLastBlock};
  }

  std::vector<std::unique_ptr<T[]>> blocks_;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

}  // namespace mapcheck::explorer
