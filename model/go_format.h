// Go's fmt formatting for spec values: Print/Println/Printf/Sprint* operand rules, the verbs
// %v %+v %#v %d %s %q %t %x %X %o %b %c %U %T %%, width/flags, Go's error forms
// (%!d(string=hi), %!d(MISSING), %!(EXTRA ...)), maps printed as map[k:v ...] sorted by key,
// as fmt does, and time.Duration printed through its String method (1.5s, 2m0s).
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/go_value.h"
#include "model/program.h"

namespace mapcheck::model {

/** What the formatter may ask the world about a map it prints. */
struct MapLookup {
  /** The entries, sorted by key (fmt sorts maps: ints numerically, strings bytewise). */
  std::function<std::vector<std::pair<Key, Value>>(MapId)> entries;
  /** The key and element kinds: the map's type, which %T and %#v print. */
  std::function<std::pair<ValueKind, ValueKind>(MapId)> kinds;
};

/** One operand of a fmt call: its value and Go's name of its static type as reflect spells it
 *  ("map[string]int", "time.Duration", "struct {}", "func(int) string"), or "" when the
 *  static type is an interface: the value's own alternative then is its dynamic type.
 *  SIMPLIFIED: a GoValue carries no type name, so a time.Duration that went through an `any`
 *  prints as an int, and %T of a nil map, a func or a channel in an `any` is approximate. */
struct FmtArg {
  GoValue value;
  std::string_view type;
};

/** fmt.Sprint / Sprintln / Sprintf of `args` (for printf, args[0] is the format string). */
std::string go_sprint(FmtKind kind, std::span<const FmtArg> args, const MapLookup& maps);

/** The %v form of one operand: 42, hi, true, map[a:1 b:2], <nil>, {}, 1.5s. */
std::string go_format_value(const FmtArg& v, const MapLookup& maps);

/** time.Duration.String: "1.5s", "2m0s", "1h0m0s", "100ms", "-1.5µs", "0s". */
std::string go_duration_string(std::int64_t nanoseconds);

/** strconv.Quote: Go's double-quoted form with Go escapes. */
std::string go_quote(std::string_view s);

}  // namespace mapcheck::model
