// The benchmark report: markdown tables over the same rows, measured in one run — mapcheck
// with and without reduction, mapcheck against SPIN, mapcheck against real Go on the rows
// with a rare outcome, and mapcheck's bfs on several threads. Free functions over RowResult;
// no measuring here.
#pragma once
#include <ostream>
#include <string>
#include <vector>

#include "bench/harness/bench_row.h"

namespace mapcheck::bench {

/** The header cells of the three tables, in order (the smoke test asserts them). */
std::vector<std::string> mapcheck_columns();
std::vector<std::string> spin_columns();
std::vector<std::string> go_columns();
std::vector<std::string> threads_columns(unsigned threads);

/** Writes the tables (with a legend line each) for `rows`, in the given order. Rows without a
 *  SPIN model are left out of the SPIN and threads tables, rows without a rare outcome out of
 *  the real-Go table; the threads table (of `threads` threads) only if threads > 1.
 *  Deterministic for equal inputs. */
void write_tables(std::ostream& out, const std::vector<RowResult>& rows, std::size_t go_runs,
                  unsigned threads = 1);

}  // namespace mapcheck::bench
