// WorldSystem::components: where a world's bytes split into parts for the collapse store.
// Kept apart from world_system.cpp: the split points come from the model's own encoder.
#include <algorithm>
#include <stdexcept>

#include "cli/world_system.h"

namespace mapcheck::cli {

// One part per component the model reports (model/world.h: encode_world_parts): [globals,
// cells] [each map] [each sync object] [each goroutine] [output, termination]. A step changes
// one goroutine and at most one map or sync object, so every other part of the successor is
// already stored. The state is decoded and re-encoded with the boundaries; the bytes must be
// the state's (the encoding is canonical), and the parts are then views into the state.
void WorldSystem::components(explorer::StateView s, std::vector<explorer::StateView>& parts) const {
  // Per thread: components runs once per stored state, and the buffers keep their capacity.
  thread_local explorer::StateBytes bytes;
  thread_local std::vector<std::size_t> ends;
  model::World w = decode(s);
  bytes.clear();
  model::Encoder e(bytes);
  model::encode_world_parts_in_place(w, e, ends);
  if (!std::equal(bytes.begin(), bytes.end(), s.begin(), s.end()))
    throw std::logic_error("components: a state's re-encoding differs from its bytes");
  std::size_t prev = 0;
  for (std::size_t end : ends) {
    parts.push_back(s.subspan(prev, end - prev));
    prev = end;
  }
}

}  // namespace mapcheck::cli
