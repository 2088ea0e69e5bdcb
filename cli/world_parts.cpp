// WorldSystem::components: where a world's bytes split into parts for the collapse store.
// Kept apart from world_system.cpp: the split points come from the model's own decoder.
#include "cli/world_system.h"

#include "explorer/collapse_store.h"
#include "model/world.h"

namespace mapcheck::cli {

// One part per component the model reports (model/world.h: decode_world_parts, the same ends
// as encode_world_parts): [globals, cells] [each map] [each sync object] [each goroutine]
// [output, termination]. A step changes one goroutine and at most one map or sync object, so
// every other part of the successor is already stored. The ends are found by reading the
// state, so the parts are its bytes in order by construction.
// With cut_frames_, a goroutine's part longer than one of the collapse store's pieces is two:
// its head (its map call among it) and its frames, which steps change apart; the store would
// otherwise cut it every kDefaultChunk bytes, wherever those fall.
void WorldSystem::components(explorer::StateView s, std::vector<explorer::StateView>& parts) const {
  // Per thread: components runs once per stored state; the world and the ends keep their
  // storage from one call to the next.
  thread_local model::World w;
  thread_local std::vector<std::size_t> ends;
  thread_local std::vector<std::uint32_t> cut;
  model::Decoder d(s);
  model::decode_world_parts(d, program_, w, ends);
  cut.assign(ends.begin(), ends.end());
  if (cut_frames_ && !w.term) cut_at_frames(s, w.maps.size(), w.syncs.size(), cut);
  std::size_t prev = 0;
  for (std::size_t end : cut) {
    parts.push_back(s.subspan(prev, end - prev));
    prev = end;
  }
}

void WorldSystem::cut_at_frames(explorer::StateView s, std::size_t maps, std::size_t syncs,
                                std::vector<std::uint32_t>& ends,
                                std::span<const std::uint32_t> parent_frames,
                                std::span<const std::uint8_t> changed,
                                std::size_t changed_part) const {
  const std::size_t first_g = 1 + maps + syncs;
  const auto is_long = [&](std::size_t p) {
    return ends[p] - ends[p - 1] > explorer::CollapseStore::kDefaultChunk;
  };
  bool any = false;
  for (std::size_t p = first_g; !any && p + 1 < ends.size(); ++p)
    any = is_long(p);
  if (!any) return;  // every goroutine one piece (or none)
  const auto parents = [&](std::size_t p) {
    return p < parent_frames.size() && (changed.empty() ? p != changed_part : !changed[p]);
  };
  thread_local std::vector<std::uint32_t> out;
  out.assign(ends.begin(), ends.begin() + static_cast<std::ptrdiff_t>(first_g));
  for (std::size_t p = first_g; p + 1 < ends.size(); ++p) {
    const std::uint32_t start = ends[p - 1];
    if (!is_long(p)) {  // one piece anyway
      out.push_back(ends[p]);
      continue;
    }
    const std::uint32_t at = parents(p)
                                 ? parent_frames[p]
                                 : model::goroutine_frames_at(s.subspan(start, ends[p] - start),
                                                              p - first_g, maps, syncs);
    out.push_back(start + at);
    out.push_back(ends[p]);
  }
  out.push_back(ends.back());
  ends.swap(out);
}

}  // namespace mapcheck::cli
