// Short words for map snapshots (see snapshot_text.h).
#include "traces/snapshot_text.h"

#include <fmt/format.h>

namespace mapcheck::traces {

std::string cell_text(const MapCell& cell) {
  switch (cell.tophash) {
    case 0:
      return "";
    case 1:
      return "_";
    case 2:
      return "evX";
    case 3:
      return "evY";
    case 4:
      return "ev_";
    default:
      return fmt::format("{}:{}", cell.key, cell.elem);
  }
}

std::vector<std::string> visible_cells(const std::vector<MapCell>& cells) {
  std::size_t end = cells.size();
  while (end > 0 && cells[end - 1].tophash == 0)
    --end;
  std::vector<std::string> out;
  for (std::size_t i = 0; i < end; ++i) {
    std::string t = cell_text(cells[i]);
    out.push_back(t.empty() ? "_" : std::move(t));
  }
  return out;
}

std::string hmap_flags_text(std::uint8_t flags) {
  static constexpr const char* kNames[] = {"iterator", "oldIterator", "hashWriting",
                                           "sameSizeGrow"};
  std::string out;
  for (unsigned bit = 0; bit < 8; ++bit) {
    if ((flags & (1u << bit)) == 0) continue;
    if (!out.empty()) out += '|';
    out += bit < 4 ? std::string(kNames[bit]) : fmt::format("{:#04x}", 1u << bit);
  }
  return out;
}

std::string snapshot_header(const MapSnapshot& map) {
  std::string out =
      fmt::format("B={} count={} flags={}", map.B, map.count, map.flags.empty() ? "-" : map.flags);
  if (map.growing) out += fmt::format(" growing nevacuate={}", map.nevacuate);
  return out;
}

}  // namespace mapcheck::traces
