// ByteArena: byte strings appended back to back in chunks that are never moved, each named by
// a 64-bit reference. The exact state store keeps its encodings here.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

namespace mapcheck::explorer {

/** An append-only store of byte strings. Chunks double from 256 bytes up to 1 MiB and stay at
 *  that size, so a tiny arena (a collapse store keeps one per part position) holds little, and
 *  a large one neither copies what it holds when it grows (a std::vector doubling copies
 *  everything, with both copies alive at once) nor keeps more than one chunk spare. A string
 *  longer than a chunk gets a chunk of its own. Views returned by `at` stay valid for the
 *  arena's life. */
class ByteArena {
 public:
  /** Copies `bytes` in; returns the reference `at` takes. */
  std::uint64_t append(std::span<const std::byte> bytes);

  /** The string appended under `ref`. */
  std::span<const std::byte> at(std::uint64_t ref) const {
    const std::size_t chunk = ref >> (kOffsetBits + kLengthBits);
    const std::size_t offset = (ref >> kLengthBits) & kOffsetMask;
    std::size_t length = ref & kLengthMask;
    if (length == kLengthMask) length = sizes_[chunk];  // a string alone in its chunk
    return {chunks_[chunk].get() + offset, length};
  }

  /** Bytes held: every chunk allocated, and the chunk tables. */
  std::size_t memory_bytes() const;
  /** memory_bytes() once a string of `n` bytes is appended. */
  std::size_t memory_after_append(std::size_t n) const;

 private:
  // A reference packs (chunk index, offset in the chunk, length). Offsets stay below the
  // largest regular chunk (2^20); a length of kLengthMask means "the whole chunk".
  static constexpr unsigned kOffsetBits = 20;
  static constexpr unsigned kLengthBits = 20;
  static constexpr std::uint64_t kOffsetMask = (std::uint64_t{1} << kOffsetBits) - 1;
  static constexpr std::uint64_t kLengthMask = (std::uint64_t{1} << kLengthBits) - 1;
  static constexpr std::size_t kFirstChunk = 256;
  static constexpr std::size_t kLastChunk = std::size_t{1} << kOffsetBits;

  /** The size of the next regular chunk. */
  std::size_t next_chunk_size() const;
  /** Whether a string of `n` bytes gets a chunk of its own. */
  static bool oversized(std::size_t n) { return n >= kLengthMask || n > kLastChunk; }
  /** The chunk table's capacity after one more chunk. */
  std::size_t table_after_push() const;

  std::vector<std::unique_ptr<std::byte[]>> chunks_;
  /** Bytes allocated in each chunk. */
  std::vector<std::size_t> sizes_;
  /** Bytes used in the last regular chunk (appends go there). */
  std::size_t used_ = 0;
  /** The last regular chunk (appends go there); none before the first append. */
  std::optional<std::size_t> current_;
  /** Sum of sizes_. */
  std::size_t allocated_ = 0;
  /** Regular chunks allocated so far (they set the next one's size). */
  std::size_t regular_ = 0;
};

}  // namespace mapcheck::explorer
