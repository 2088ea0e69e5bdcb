// Names of the spec builtins, generated from the one list in builtin.h.
#include "specs/builtin.h"

#include <stdexcept>

namespace mapcheck::specs {

std::string_view builtin_name(Builtin b) {
  switch (b) {
#define MAPCHECK_X(e, name) \
  case Builtin::e:          \
    return name;
    MAPCHECK_SPEC_BUILTINS(MAPCHECK_X)
#undef MAPCHECK_X
  }
  throw std::logic_error("bad Builtin");
}

bool builtin_is_method(Builtin b) {
  return builtin_name(b).find("(*") != std::string_view::npos;
}

}  // namespace mapcheck::specs
