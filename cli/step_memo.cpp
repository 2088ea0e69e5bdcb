// StepMemo: keys to results by their XXH3 hash, compared whole.
#include "cli/step_memo.h"

#include <xxhash.h>

namespace mapcheck::cli {

const StepMemo::Result* StepMemo::find(std::initializer_list<std::span<const std::byte>> pieces) {
  key_.clear();
  for (const auto& p : pieces)
    key_.append(reinterpret_cast<const char*>(p.data()), p.size());
  hash_ = XXH3_64bits(key_.data(), key_.size());
  for (auto [it, end] = entries_.equal_range(hash_); it != end; ++it)
    if (it->second.key == key_) {
      ++hits_;
      return &it->second.result;
    }
  return nullptr;
}

void StepMemo::add(Result r) {
  const std::size_t bytes = key_.size() + r.goroutine.size() + r.map.size() +
                            r.accesses.size() * sizeof(explorer::Access) + sizeof(Entry);
  if (bytes_ + bytes > kMaxBytes) clear();
  bytes_ += bytes;
  entries_.emplace(hash_, Entry{key_, std::move(r)});
}

void StepMemo::clear() {
  entries_.clear();
  bytes_ = 0;
}

}  // namespace mapcheck::cli
