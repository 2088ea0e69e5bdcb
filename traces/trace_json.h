// The JSON form of a Trace (format documented in docs/trace-format.md, version 1): writing,
// and reading back with errors that say which step and field are wrong. No I/O here.
#pragma once

#include <string>
#include <string_view>
#include <variant>

#include <nlohmann/json.hpp>

#include "traces/trace.h"

namespace mapcheck::traces {

/** The trace as a JSON value. Optional fields (spawned, sync_from, map) are omitted when
 *  absent; every other field is always present, so equal traces give equal values. */
nlohmann::json to_json(const Trace& trace);

/** to_json() printed with 2-space indentation, keys sorted, non-ASCII kept as UTF-8, and a
 *  trailing newline: byte-identical for equal traces. Invalid UTF-8 in a string is replaced
 *  by U+FFFD (so such a string does not round-trip). */
std::string write_json(const Trace& trace);

/** Parses a trace written by write_json (or by hand, following docs/trace-format.md).
 *  On success read_json(write_json(t)) == t. On failure, the error is one line naming the
 *  place and the problem: `step 4: missing field "goroutine"`, `unsupported format_version 7 (this
 * mapcheck reads versions 1 to 2)`, `step 2: sync_from 5 does not name an earlier step`. Unknown
 * fields are errors too (a misspelt field must not silently become a default). */
std::variant<Trace, std::string> read_json(std::string_view text);

}  // namespace mapcheck::traces
