// WorldSystem::components: where a world's bytes split into parts for the collapse store.
// Kept apart from world_system.cpp: it reads the encoding only through the model's own
// encoders, and a wrong guess costs compactness, never correctness.
#include <algorithm>

#include "cli/world_system.h"

namespace mapcheck::cli {

// The maps are the big parts and the ones many worlds share (a goroutine's step changes one
// map or none), so they are split out: [globals, cells] [map 0] ... [map n-1] [sync objects,
// goroutines, output]. The maps' section is re-encoded with HMap::encode and located in the
// state; where it is not found (no maps), the world is one part. Any split is a correct one:
// the store only needs the parts to be the state's bytes in order.
void WorldSystem::components(explorer::StateView s, std::vector<explorer::StateView>& parts) const {
  const model::World w = decode(s);
  if (w.maps.empty()) {
    parts.push_back(s);
    return;
  }
  explorer::StateBytes section;
  model::Encoder e(section);
  e.u64(w.maps.size());
  const std::size_t count_bytes = section.size();
  std::vector<std::size_t> ends;
  ends.reserve(w.maps.size());
  for (const auto& m : w.maps) {
    if (m) m->encode(e);  // a decoded world is canonical: every map is present
    ends.push_back(section.size());
  }
  const auto at = std::search(s.begin(), s.end(), section.begin(), section.end());
  if (at == s.end()) {
    parts.push_back(s);
    return;
  }
  // The section's count goes with the prefix, so that a map's part is the map alone.
  const auto start = static_cast<std::size_t>(at - s.begin());
  parts.push_back(s.first(start + count_bytes));
  std::size_t prev = count_bytes;
  for (std::size_t end : ends) {
    parts.push_back(s.subspan(start + prev, end - prev));
    prev = end;
  }
  parts.push_back(s.subspan(start + section.size()));
}

}  // namespace mapcheck::cli
