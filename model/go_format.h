// Go's fmt formatting for spec values: Print/Println/Printf/Sprint* operand rules, the verbs
// %v %d %s %q %t %x %X %o %b %c %T %%, width/flags, Go's error forms (%!d(string=hi),
// %!d(MISSING), %!(EXTRA ...)), and maps printed as map[k:v ...] sorted by key, as fmt does.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/go_value.h"
#include "model/program.h"

namespace mapcheck::model {

/** The entries of a map, sorted by key (fmt sorts maps: ints numerically, strings bytewise). */
using MapEntriesFn = std::function<std::vector<std::pair<Key, Value>>(MapId)>;

/** fmt.Sprint / Sprintln / Sprintf of `args` (for printf, args[0] is the format string). */
std::string go_sprint(FmtKind kind, std::span<const GoValue> args, const MapEntriesFn& maps);

/** The %v form of one value: 42, hi, true, map[a:1 b:2], <nil>, {}. */
std::string go_format_value(const GoValue& v, const MapEntriesFn& maps);

/** strconv.Quote: Go's double-quoted form with Go escapes. */
std::string go_quote(std::string_view s);

}  // namespace mapcheck::model
