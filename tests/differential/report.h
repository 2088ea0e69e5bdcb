// Printers for differential results: the markdown report table (REPORT.md) and the plain
// text a failing run prints for each unpredicted outcome. Free functions over SpecResult.
#pragma once
#include <ostream>
#include <string>
#include <vector>

#include "tests/differential/spec_result.h"

namespace mapcheck::differential {

/** What the report says about the run as a whole (the results say the rest). */
struct ReportHeader {
  /** e.g. "mapcheck 0.1.0". */
  std::string mapcheck_version;
  /** Runs per spec per configuration. */
  std::size_t runs = 0;
};

/** Writes the markdown report: a summary, one table row per spec (status, mapcheck's
 *  outcomes, real Go's histogram per configuration, the predicted outcomes no run showed),
 *  then a section per mismatch with counts and a stderr sample. Deterministic for equal
 *  inputs. */
void write_report_markdown(std::ostream& out, const ReportHeader& header,
                           const std::vector<SpecResult>& results);

/** One line for the console: `SPEC: agreed: ...`, `SPEC: skipped: REASON`, `SPEC: MISMATCH: ...`.
 */
std::string summary_line(const SpecResult& r);

/** For a mismatch: the spec, each unpredicted outcome with its counts per configuration and
 *  the first lines of its stderr, and mapcheck's predicted set. Empty unless mismatch. */
std::string mismatch_text(const SpecResult& r);

/** "agreed", "MISMATCH", "skipped" or "error". */
std::string status_word(SpecStatus s);

}  // namespace mapcheck::differential
