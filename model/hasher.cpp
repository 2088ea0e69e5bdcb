// The hash=mix and hash=table key hashes and tophash.
#include "model/hasher.h"

#include <xxhash.h>

namespace mapcheck::model {

std::uint64_t mix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

std::uint64_t key_hash(const Key& key, std::uint32_t hash0, const HashSpec& spec) {
  if (spec.mode == HashSpec::Mode::table) {
    for (const auto& [k, h] : spec.table)
      if (k == key) return h;
  }
  if (key.kind() == ValueKind::string_) {
    const std::string& s = key.as_string();
    return XXH64(s.data(), s.size(), hash0);
  }
  const auto seed = static_cast<std::uint64_t>(hash0) * 0xd6e8feb86659fd93ULL;
  const std::uint64_t raw = key.kind() == ValueKind::int_ ? static_cast<std::uint64_t>(key.as_int())
                                                          : (key.as_bool() ? 1U : 0U);
  return mix64(raw ^ seed);
}

std::uint8_t top_hash(std::uint64_t hash) {
  auto top = static_cast<std::uint8_t>(hash >> 56);
  if (top < 5) top += 5;
  return top;
}

}  // namespace mapcheck::model
