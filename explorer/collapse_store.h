// CollapseStore: component interning (SPIN's -DCOLLAPSE). A state is split into parts; each
// distinct part is stored once per position, and the state is kept as the tuple of its parts'
// ids, so a part shared by many states (a map, an idle goroutine) costs a few bytes each.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <vector>

#include "explorer/state_store.h"
#include "explorer/visited_set.h"

namespace mapcheck::explorer {

/** Splits a state into consecutive parts: views into the state whose concatenation, in order,
 *  is the state (see TransitionSystem::components). */
using Splitter =
    std::function<void(std::span<const std::byte>, std::vector<std::span<const std::byte>>&)>;

/** An exact visited set over interned parts. Part i of every state goes to table i; a state
 *  is stored as the varint-packed ids of its parts in an exact StateStore of tuples, so ids
 *  are dense in discovery order as in StateStore. Reconstructs bytes on demand. */
class CollapseStore final : public VisitedSet {
 public:
  /** Throws std::logic_error from find_or_add/find if `split`'s parts are not the state. */
  explicit CollapseStore(Splitter split);

  std::pair<StateId, bool> find_or_add(std::span<const std::byte> bytes) override;
  /** Not for concurrent use (it reuses the store's scratch buffers). */
  std::optional<StateId> find(std::span<const std::byte> bytes) const override;
  std::span<const std::byte> bytes(StateId id, std::vector<std::byte>& scratch) const override;
  std::size_t size() const override { return tuples_.size(); }
  std::size_t memory_bytes() const override;
  std::size_t memory_after_add(std::span<const std::byte> bytes) const override;

  /** Distinct parts stored, over all positions. */
  std::size_t parts_stored() const;
  /** Parts of all stored states (what they would be without interning). */
  std::size_t parts_referenced() const { return parts_referenced_; }

 private:
  /** Packs the part ids of `bytes` into tuple_; adds new parts iff `add`. False if a part is
   *  not stored (only when !add). */
  bool pack(std::span<const std::byte> bytes, bool add) const;

  Splitter split_;
  /** Table i interns the parts found at position i. Mutable: pack adds through it. */
  mutable std::vector<StateStore> tables_;
  StateStore tuples_;
  std::size_t parts_referenced_ = 0;
  mutable std::vector<std::span<const std::byte>> parts_;
  mutable std::vector<std::byte> tuple_;
};

}  // namespace mapcheck::explorer
