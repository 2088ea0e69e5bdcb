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
 *  open-addressing table over one byte buffer: a lookup is a hash, a probe and a compare, with
 *  no node to chase (this runs for most successors). Bounded: once its keys, parts, entries
 *  and table would pass kMaxBytes it starts over.
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
  /** Where an entry's key, parts and accesses are in bytes_ and accesses_. */
  struct Entry {
    std::uint64_t hash = 0;
    std::uint32_t key = 0, key_size = 0;
    std::uint32_t goroutine = 0, goroutine_size = 0;
    std::uint32_t map = 0, map_size = 0;
    std::uint32_t accesses = 0, accesses_size = 0;
    bool ended = false, map_same = false, visible = false;
  };
  void grow();

  std::vector<Entry> entries_;
  /** Entry index + 1 per slot (0: empty), a power of two at most half full. */
  std::vector<std::uint32_t> slots_;
  std::vector<std::byte> bytes_;
  std::vector<explorer::Access> accesses_;
  /** bytes_ up to here is kept; the last find's key follows, until add keeps it. */
  std::size_t kept_ = 0;
  std::uint64_t hash_ = 0;
  Result found_;
  std::uint64_t hits_ = 0;
};

}  // namespace mapcheck::cli
