// WorldSystem::components: where a world's bytes split into parts for the collapse store.
// Kept apart from world_system.cpp: the split points come from the model's own decoder.
#include "cli/world_system.h"

namespace mapcheck::cli {

// One part per component the model reports (model/world.h: decode_world_parts, the same ends
// as encode_world_parts): [globals, cells] [each map] [each sync object] [each goroutine]
// [output, termination]. A step changes one goroutine and at most one map or sync object, so
// every other part of the successor is already stored. The ends are found by reading the
// state, so the parts are its bytes in order by construction.
void WorldSystem::components(explorer::StateView s, std::vector<explorer::StateView>& parts) const {
  // Per thread: components runs once per stored state; the world and the ends keep their
  // storage from one call to the next.
  thread_local model::World w;
  thread_local std::vector<std::size_t> ends;
  model::Decoder d(s);
  model::decode_world_parts(d, program_, w, ends);
  std::size_t prev = 0;
  for (std::size_t end : ends) {
    parts.push_back(s.subspan(prev, end - prev));
    prev = end;
  }
}

}  // namespace mapcheck::cli
