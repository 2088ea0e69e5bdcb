// StepMemo: the results of map micro-steps and sync-method steps met before. A goroutine's
// step inside a map operation reads and writes only its own part of the state and the map's
// part, one at a sync method its own and the object's, so the same two parts (and the same
// choice, object counts, cells and what else the key names) give the same two new parts: a
// search meets few such pairs and takes each step many times.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <vector>

#include "explorer/transition_system.h"

namespace mapcheck::cli {

/** Byte strings (the key, made of the pieces the caller passes) to a step's result, in one
 *  open-addressing table over one byte buffer (this runs for most successors). A large memo
 *  is out of cache, so a lookup is laid out to miss as little as it can: a slot holds its
 *  entry's hash tag, so a probe that finds nothing reads only the table; a slot that matches
 *  leads to the entry's header, key and parts, back to back in the buffer. Bounded: once its
 *  bytes, entries and table would pass kMaxBytes it starts over.
 *  Not thread-safe: one per search thread. */
class StepMemo {
 public:
  /** What the step made: the goroutine's new part and the map's or sync object's (`map`;
   *  `map_same`: the step left that part as it was, and `map` is empty), or with `ended` the
   *  whole state of the program it ended (in `goroutine`); and the step's footprint. */
  struct Result {
    bool ended = false;
    bool map_same = false;
    std::span<const std::byte> goroutine;
    std::span<const std::byte> map;
    std::span<const explorer::Access> accesses;
    bool visible = false;
  };

  /** The result stored under the key made of `pieces`, concatenated, or nullptr. Valid until
   *  the next find, add or clear. */
  const Result* find(std::initializer_list<std::span<const std::byte>> pieces);

  /** Stores `r` (its bytes copied) under the key of the last find, which returned nullptr. */
  void add(const Result& r);

  /** Forgets every result (when it holds kMaxBytes). */
  void clear();

  std::size_t size() const { return entries_.size(); }
  /** Finds that found a result, since construction. */
  std::uint64_t hits() const { return hits_; }

  static constexpr std::size_t kMaxBytes = std::size_t{32} << 20;

 private:
  /** What precedes an entry's key in bytes_; its parts follow the key. */
  struct Header {
    std::uint64_t hash = 0;
    std::uint32_t key_size = 0, goroutine_size = 0, map_size = 0;
    std::uint32_t accesses = 0, accesses_size = 0;
    bool ended = false, map_same = false, visible = false;
  };
  void grow();

  /** Where each entry's header is in bytes_, in the order added (grow rehashes from them). */
  std::vector<std::uint32_t> entries_;
  /** Per slot the high 32 bits of the entry's hash (its tag) above the entry's offset in
   *  bytes_ + 1 (0: empty); the low bits of the hash pick the home slot. A power of two, at
   *  most half full. */
  std::vector<std::uint64_t> slots_;
  /** Headers, keys and parts, back to back; reserved whole at the first add, so that it never
   *  moves and its untouched pages are never written. */
  std::vector<std::byte> bytes_;
  std::vector<explorer::Access> accesses_;
  /** The last find's key (its first key_size_ bytes): kept apart from bytes_, which it joins
   *  only on add, so that a find writes nothing it may not keep. */
  std::vector<std::byte> key_;
  std::size_t key_size_ = 0;
  std::uint64_t hash_ = 0;
  Result found_;
  std::uint64_t hits_ = 0;
};

}  // namespace mapcheck::cli
