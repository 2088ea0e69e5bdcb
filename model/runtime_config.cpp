// Parsing and naming of runtime versions and grains.
#include "model/runtime_config.h"

#include <stdexcept>

namespace mapcheck::model {

std::optional<RuntimeVersion> parse_runtime(std::string_view s) {
  if (s == "go1.19") return RuntimeVersion::go1_19;
  if (s == "go1.20") return RuntimeVersion::go1_20;
  if (s == "go1.21") return RuntimeVersion::go1_21;
  if (s == "go1.22") return RuntimeVersion::go1_22;
  if (s == "go1.23" || s == "hmap") return RuntimeVersion::go1_23;
  return std::nullopt;
}

std::string_view runtime_name(RuntimeVersion v) {
  switch (v) {
    case RuntimeVersion::go1_19:
      return "go1.19";
    case RuntimeVersion::go1_20:
      return "go1.20";
    case RuntimeVersion::go1_21:
      return "go1.21";
    case RuntimeVersion::go1_22:
      return "go1.22";
    case RuntimeVersion::go1_23:
      return "go1.23";
  }
  throw std::logic_error("runtime_name: bad RuntimeVersion");
}

std::string_view runtime_summary(RuntimeVersion v) {
  switch (v) {
    case RuntimeVersion::go1_19:
    case RuntimeVersion::go1_20:
      return "classic hmap; mapclear zeroes the bucket array in place without marking "
             "tophashes emptyRest (iterators over dropped old buckets keep going)";
    case RuntimeVersion::go1_21:
    case RuntimeVersion::go1_22:
      return "classic hmap; mapclear marks every tophash emptyRest first (issue 59411)";
    case RuntimeVersion::go1_23:
      return "classic hmap (alias hmap), same map logic as go1.22";
  }
  throw std::logic_error("runtime_summary: bad RuntimeVersion");
}

std::optional<Grain> parse_grain(std::string_view s) {
  if (s == "op") return Grain::op;
  if (s == "phase") return Grain::phase;
  if (s == "access") return Grain::access;
  return std::nullopt;
}

std::string_view grain_name(Grain g) {
  switch (g) {
    case Grain::op:
      return "op";
    case Grain::phase:
      return "phase";
    case Grain::access:
      return "access";
  }
  throw std::logic_error("grain_name: bad Grain");
}

}  // namespace mapcheck::model
