// LargeAllocator: an allocator for the search's big tables (hash slots, arena chunks) that
// asks the kernel for transparent huge pages once a block is large enough to fill them.
#pragma once

#include <cstddef>
#include <cstdlib>
#include <new>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace mapcheck::explorer {

/** Blocks of at least this many bytes are 2 MiB-aligned, rounded up to 2 MiB and advised as
 *  huge pages: a probe into a hash table of tens of megabytes then misses the TLB far less,
 *  and filling it takes one page fault per 2 MiB instead of per 4 KiB. Smaller blocks come
 *  from operator new. Only a hint: where the kernel gives no huge pages, nothing changes. */
inline constexpr std::size_t kHugePage = std::size_t{2} << 20;

/** What allocate_large(bytes) really takes. */
inline constexpr std::size_t large_allocation_size(std::size_t bytes) {
  return bytes < kHugePage ? bytes : (bytes + kHugePage - 1) / kHugePage * kHugePage;
}

inline void* allocate_large(std::size_t bytes) {
  if (bytes < kHugePage) return ::operator new(bytes);
  const std::size_t rounded = large_allocation_size(bytes);
  void* p = std::aligned_alloc(kHugePage, rounded);
  if (p == nullptr) throw std::bad_alloc();
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  madvise(p, rounded, MADV_HUGEPAGE);  // advice only: its failure changes nothing
#endif
  return p;
}

inline void free_large(void* p, std::size_t bytes) noexcept {
  if (bytes < kHugePage)
    ::operator delete(p);
  else
    std::free(p);
}

/** A std::allocator for vectors that may grow large (see allocate_large). */
template <typename T>
struct LargeAllocator {
  using value_type = T;
  LargeAllocator() = default;
  template <typename U>
  LargeAllocator(const LargeAllocator<U>&) noexcept {}
  T* allocate(std::size_t n) { return static_cast<T*>(allocate_large(n * sizeof(T))); }
  void deallocate(T* p, std::size_t n) noexcept { free_large(p, n * sizeof(T)); }
  template <typename U>
  bool operator==(const LargeAllocator<U>&) const noexcept {
    return true;
  }
};

}  // namespace mapcheck::explorer
