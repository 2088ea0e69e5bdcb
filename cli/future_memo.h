// FutureMemo: the futures (model::FutureAccess::of) of goroutines met before, keyed by the
// state bytes they are computed from, so that a search computes each distinct one once.
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

/** A goroutine's future is a function of its own encoded part (frames, registers, iterators,
 *  defers, panic, map call) and of the parts it reaches objects through (globals and cells,
 *  sync objects) and the object counts that number them: the context. Equal bytes, equal
 *  future. A search meets few distinct goroutine parts and contexts and many states made of
 *  them. Bounded: past kMaxEntries entries or kMaxContexts contexts it starts over. Not
 *  thread-safe: one per search thread. */
class FutureMemo {
 public:
  /** The futures looked up next are under the context made of `pieces`, concatenated (the
   *  bytes the caller puts in it must determine everything outside the goroutine's part that
   *  the future depends on). Compared in place: nothing is copied unless it changed. */
  void set_context(std::initializer_list<std::span<const std::byte>> pieces);

  /** The future stored for a goroutine whose part is `part`, under the current context, or
   *  nullptr. Valid until the next add or clear. `slot` (the goroutine's index in its
   *  world) only makes the lookup cheap: a slot's part and context as at its previous find,
   *  as most are from one state to the next, are recognised without hashing. */
  const std::vector<explorer::Access>* find(std::size_t slot, std::span<const std::byte> part);

  /** Stores the future of the goroutine of the last find (which returned nullptr) and returns
   *  it, valid as find's. */
  const std::vector<explorer::Access>& add(std::vector<explorer::Access> future);

  /** Forgets everything (another system's goroutines are other goroutines). */
  void clear();

  /** Entries held (for tests). */
  std::size_t size() const { return entries_.size(); }

  static constexpr std::size_t kMaxEntries = std::size_t{1} << 14;
  static constexpr std::size_t kMaxContexts = std::size_t{1} << 10;

 private:
  /** A goroutine part met under a context, and its future. */
  struct Entry {
    std::uint32_t context = 0;
    std::string part;
    std::vector<explorer::Access> future;
  };

  /** Forgets every future (and the slots' pointers to them), keeping the contexts. */
  void clear_entries();

  /** Context bytes to a small number, which seeds the hash of the parts met under it. */
  std::unordered_map<std::string, std::uint32_t> contexts_;
  /** By the hash of (context number, part); nodes, so entries stay put as others are added. */
  std::unordered_multimap<std::uint64_t, Entry> entries_;
  /** The current context's bytes and number (kept to skip the lookup when a state has the
   *  same context as the one before, the common case). */
  std::string context_;
  std::uint32_t context_id_ = 0;
  bool have_context_ = false;
  /** Per goroutine index, the entry of its last find (nullptr: none). Cleared with entries_. */
  std::vector<const Entry*> slots_;
  /** The last find's slot, hash and part. */
  std::size_t slot_ = 0;
  std::uint64_t hash_ = 0;
  std::span<const std::byte> part_;
};

}  // namespace mapcheck::cli
