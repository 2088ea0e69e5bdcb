// Rng: the one source of randomness in mapcheck, a SplitMix64 generator seeded explicitly.
// Its sequence is fixed by the seed alone, on every machine and standard library.
#pragma once

#include <cstdint>
#include <stdexcept>

namespace mapcheck::explorer {

/** SplitMix64 (Steele, Lea, Flood 2014). Not for cryptography; for reproducible walks. */
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}

  /** The next 64 random bits. */
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }

  /** Uniform in [0, n), without modulo bias (rejection sampling). n must be > 0. */
  std::uint64_t below(std::uint64_t n) {
    if (n == 0) throw std::logic_error("Rng::below(0)");
    const std::uint64_t limit = -n % n;  // 2^64 mod n: values below it are rejected
    for (;;) {
      const std::uint64_t x = next();
      if (x >= limit) return x % n;
    }
  }

 private:
  std::uint64_t state_;
};

}  // namespace mapcheck::explorer
