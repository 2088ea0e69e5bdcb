// StepMemo: the results of map micro-steps met before. A goroutine's step inside a map
// operation reads and writes only its own part of the state and the map's part, so the same
// two parts (and the same choice, object counts and array references) give the same two new
// parts: a search meets few such pairs and takes each step many times.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "explorer/transition_system.h"

namespace mapcheck::cli {

/** Byte strings (the key, made of the pieces the caller passes) to a step's result. Bounded:
 *  past kMaxBytes of keys and results it starts over. Not thread-safe: one per search
 *  thread. */
class StepMemo {
 public:
  /** What the step made: the goroutine's new part and the map's (`map_same`: the step left
   *  the map's part as it was, and `map` is empty), or with `ended` the whole state of the
   *  program it ended (in `goroutine`); and the step's footprint. */
  struct Result {
    bool ended = false;
    bool map_same = false;
    std::string goroutine;
    std::string map;
    std::vector<explorer::Access> accesses;
    bool visible = false;
  };

  /** The result stored under the key made of `pieces`, concatenated, or nullptr. Valid until
   *  the next add or clear. */
  const Result* find(std::initializer_list<std::span<const std::byte>> pieces);

  /** Stores `r` under the key of the last find (which returned nullptr). */
  void add(Result r);

  /** Forgets everything (another system's steps are other steps). */
  void clear();

  std::size_t size() const { return entries_.size(); }
  std::uint64_t hits() const { return hits_; }

  static constexpr std::size_t kMaxBytes = std::size_t{32} << 20;

 private:
  struct Entry {
    std::string key;
    Result result;
  };
  /** By the key's XXH3 hash; nodes, so a result stays put as others are added. */
  std::unordered_multimap<std::uint64_t, Entry> entries_;
  /** The last find's key and hash. */
  std::string key_;
  std::uint64_t hash_ = 0;
  /** Bytes of keys and results held. */
  std::size_t bytes_ = 0;
  std::uint64_t hits_ = 0;
};

}  // namespace mapcheck::cli
