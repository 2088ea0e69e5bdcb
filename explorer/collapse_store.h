// CollapseStore: component interning (SPIN's -DCOLLAPSE). A state is split into parts; each
// distinct part is stored once per position, and the state is kept as the tuple of its parts'
// ids, so a part shared by many states (a map, an idle goroutine) costs a few bytes each.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "explorer/state_store.h"
#include "explorer/visited_set.h"

namespace mapcheck::explorer {

/** Splits a state into consecutive parts: views into the state whose concatenation, in order,
 *  is the state (see TransitionSystem::components). */
using Splitter =
    std::function<void(std::span<const std::byte>, std::vector<std::span<const std::byte>>&)>;

/** An exact visited set over interned parts. Each part is cut into pieces of at most `chunk`
 *  bytes (a part that changes in one place then shares its other pieces); piece j of part i
 *  of every state has a position, and each position a table interning its pieces. A state is
 *  a fixed-width tuple: each position holds its piece's id + 1 (0: the state has no such
 *  piece) in the fewest bits that fit every id of its table so far; tuples lie back to back
 *  in id order (no offsets), and the hash table holds only ids. When a table outgrows
 *  its width or a state has a piece no state had before, every tuple is re-packed. Ids are
 *  dense in discovery order as in StateStore. Reconstructs bytes on demand. */
class CollapseStore final : public VisitedSet {
 public:
  /** Throws std::logic_error from find_or_add/find if `split`'s parts are not the state. */
  explicit CollapseStore(Splitter split, std::size_t chunk = kDefaultChunk);

  /** Piece size by default: of 32, 48, 64, 96 and 128 bytes, 64 gave the fewest bytes per
   *  state over nwriters_n2_k3, n3_k1 and range_write_with_growth taken together. */
  static constexpr std::size_t kDefaultChunk = 64;

  std::pair<StateId, bool> find_or_add(std::span<const std::byte> bytes) override;
  /** Not for concurrent use (it reuses the store's scratch buffers). */
  std::optional<StateId> find(std::span<const std::byte> bytes) const override;
  /** As above, with the split given instead of asked of the Splitter: `part_ends` are where
   *  the Splitter's parts would end (ascending, within `bytes`; empty: ask the Splitter), and
   *  bytes after the last end are one more part (a search key's context suffix). */
  std::pair<StateId, bool> find_or_add(std::span<const std::byte> bytes,
                                       std::span<const std::uint32_t> part_ends) override;
  std::optional<StateId> find(std::span<const std::byte> bytes,
                              std::span<const std::uint32_t> part_ends) const override;
  std::span<const std::byte> bytes(StateId id, std::vector<std::byte>& scratch) const override;
  /** A piece of a state looked up after this, with the bytes of the piece `id` has at its
   *  position, takes `id`'s piece id without a lookup in the position's table. */
  void near(StateId id) const override;
  std::size_t size() const override { return size_; }
  std::size_t memory_bytes() const override;
  std::size_t memory_after_add(std::span<const std::byte> bytes) const override;

  /** Distinct pieces stored, over all positions (a part of at most `chunk` bytes is one). */
  std::size_t parts_stored() const;
  /** Lookups of pieces in their positions' tables so far (a piece taken from the near state
   *  needs none). */
  std::size_t piece_lookups() const { return piece_lookups_; }
  /** Pieces of all stored states (what they would be without interning). */
  std::size_t parts_referenced() const { return parts_referenced_; }
  /** Bytes of one stored tuple: the positions' widths in bits, summed and rounded up. */
  std::size_t tuple_bytes() const { return stride_; }

  /** Where memory_bytes() goes: named shares that sum to it, for accounting (bench/). */
  std::vector<std::pair<std::string, std::size_t>> breakdown() const;

 private:
  using PieceKey = std::pair<std::uint32_t, std::uint32_t>;  ///< (part, piece of the part)
  static constexpr std::uint32_t kNoPosition = ~std::uint32_t{0};

  /** What split does with its memo of recent splits: nothing, store this one (find), or
   *  reuse a stored one if there is one (find_or_add). */
  enum class Memo { none, remember, recall };
  /** Splits `bytes` into parts_, checks that they are its bytes in order, and cuts them into
   *  pieces_ with their keys and positions. */
  void split(std::span<const std::byte> bytes, Memo memo_use,
             std::span<const std::uint32_t> part_ends = {}) const;
  /** Packs ids_ (id + 1 per position, 0 for pieces the state lacks) into tuple_ at the
   *  current widths. */
  void pack() const;
  /** The id of the tuple in tuple_, if stored; else the empty slot where it would go. */
  std::pair<std::optional<StateId>, std::size_t> probe(std::uint64_t hash) const;
  /** Makes position i widths[i] bits wide (no narrower than now; positions past the old
   *  ones are 0 in old tuples), re-packing the arena and re-hashing the slots. */
  void widen(const std::vector<std::uint8_t>& widths);
  /** Rebuilds the slots at `count` slots from the arena (after growth or re-packing). */
  void rehash(std::size_t count);
  std::uint32_t slot_value(std::uint64_t hash, StateId id) const;
  const std::byte* tuple(StateId id) const { return arena_.data() + id.v * stride_; }

  Splitter split_;
  std::size_t chunk_;
  /** position_of_[part][piece]: the position of that piece (positions by first sight). */
  std::vector<std::vector<std::uint32_t>> position_of_;
  /** keys_[position]: the piece it holds; order_: positions by key, the order of the bytes. */
  std::vector<PieceKey> keys_;
  std::vector<std::uint32_t> order_;
  /** Table i interns the pieces found at position i. */
  std::vector<StateStore> tables_;
  /** Bits per position in a tuple; widths_[i] bits hold tables_[i].size() (ids + 1; 0 is
   *  absent), with some to spare once re-packing is costly (see slack_bits). */
  std::vector<std::uint8_t> widths_;
  /** Bit offset of each position in a tuple (positions in index order). */
  std::vector<std::size_t> offsets_;
  std::size_t stride_ = 0;
  std::size_t size_ = 0;
  /** Tuple of state i at [i * stride_, (i+1) * stride_); grows by a quarter. */
  std::vector<std::byte> arena_;
  /** Open addressing, linear probing; 2^slot_bits_ slots. A slot holds id+1 in its low
   *  slot_bits_ bits (ids < 2^slot_bits_ since load < 1) and spare hash bits above as a tag, so
   *  most mismatches are rejected without reading the arena; 0 is empty. */
  std::vector<std::uint32_t> slots_;
  unsigned slot_bits_ = 0;
  std::size_t parts_referenced_ = 0;
  mutable std::size_t piece_lookups_ = 0;
  /** A state recently split, and its parts as (offset, size). */
  struct SplitMemo {
    bool valid = false;
    std::uint64_t hash = 0;
    std::vector<std::byte> bytes;
    std::vector<std::pair<std::size_t, std::size_t>> parts;
  };
  /** Recent splits by hash, one per slot: scratch, like the buffers below (not counted in
   *  memory_bytes). */
  mutable std::array<SplitMemo, 64> memos_;
  /** Set once find has remembered a split: until then find_or_add does not look. */
  mutable bool memos_used_ = false;
  mutable std::vector<std::span<const std::byte>> parts_;
  /** A piece of the state at hand: its bytes, key, position (kNoPosition if new), and its id
   *  + 1 if it is the near state's piece at that position (0: look it up). */
  struct Piece {
    std::span<const std::byte> bytes;
    PieceKey key;
    std::uint32_t pos;
    std::uint32_t near_id = 0;
  };
  mutable std::vector<Piece> pieces_;
  /** Sets near_id of each piece equal to the near state's at its position. */
  void match_near() const;
  /** The state near() named, and (loaded by the first lookup after it) its piece at each
   *  position: id + 1 (0: none) and bytes. Tables never move their bytes, and ids do not
   *  change when positions widen, so both stay valid. */
  mutable std::optional<StateId> near_;
  mutable bool near_loaded_ = false;
  mutable std::vector<std::uint32_t> near_ids_;
  mutable std::vector<std::span<const std::byte>> near_pieces_;
  mutable std::vector<std::uint32_t> ids_;
  mutable std::vector<std::byte> tuple_;
};

}  // namespace mapcheck::explorer
