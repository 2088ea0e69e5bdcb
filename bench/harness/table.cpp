// Markdown tables of benchmark results (see table.h). "n/a" marks a figure that could not be
// measured; "+" after a count marks a search stopped at a bound (a lower bound).
#include "bench/harness/table.h"

#include <fmt/format.h>

#include <optional>
#include <vector>

namespace mapcheck::bench {

namespace {

const std::string kNa = "n/a";

void write_row(std::ostream& out, const std::vector<std::string>& cells) {
  out << "|";
  for (const auto& c : cells)
    out << " " << c << " |";
  out << "\n";
}

void write_header(std::ostream& out, const std::vector<std::string>& columns) {
  write_row(out, columns);
  out << "|";
  // Names and notes (first and last columns) left, figures right.
  for (std::size_t i = 0; i < columns.size(); ++i)
    out << (i == 0 || i + 1 == columns.size() ? "---|" : "---:|");
  out << "\n";
}

std::string seconds_text(double s) {
  return fmt::format("{:.3f}", s);
}

std::string ratio_text(double a, double b) {
  if (b <= 0) return kNa;
  return fmt::format("{:.2f}", a / b);
}

// "12345" or "12345+" when the search stopped at a bound.
std::string count_text(std::uint64_t n, const MapcheckFigures& f) {
  return fmt::format("{}{}", n, f.complete ? "" : "+");
}

// The six figure cells of one mapcheck run.
std::vector<std::string> mapcheck_cells(const MapcheckFigures& f) {
  if (!f.ran) return {kNa, kNa, kNa, kNa, kNa, kNa};
  return {count_text(f.states, f),
          count_text(f.transitions, f),
          seconds_text(f.seconds),
          f.seconds > 0 ? fmt::format("{:.0f}", static_cast<double>(f.states) / f.seconds) : kNa,
          f.bytes_stored && f.states > 0
              ? fmt::format("{:.0f}",
                            static_cast<double>(*f.bytes_stored) / static_cast<double>(f.states))
              : kNa,
          f.peak_kib ? fmt::format("{:.1f}", static_cast<double>(*f.peak_kib) / 1024) : kNa};
}

std::string bound_note(const MapcheckFigures& f, const char* what) {
  if (!f.ran) return fmt::format("{}: {}", what, f.note);
  if (f.complete) return "";
  std::string bounds;
  for (const auto& b : f.bounds_hit)
    bounds += (bounds.empty() ? "" : ", ") + b;
  return fmt::format("{}: stopped at bound ({})", what, bounds);
}

std::string join_notes(std::initializer_list<std::string> notes) {
  std::string s;
  for (const auto& n : notes)
    if (!n.empty()) s += (s.empty() ? "" : "; ") + n;
  return s;
}

std::string go_cell(const std::optional<GoFirstSeen>& g) {
  if (!g) return kNa;
  if (!g->first_run) return fmt::format("not seen in {} runs", g->runs_tried);
  return std::to_string(*g->first_run);
}

void write_mapcheck_table(std::ostream& out, const std::vector<RowResult>& rows) {
  out << "### mapcheck, with and without partial-order reduction\n\n"
      << "Seconds are the wall time of the whole `mapcheck check --traces none` process, the "
         "time to verdict (search and verdicts; no trace, as SPIN's pan writes none), of a run "
         "under a second the fastest of up to three (`--repeats`); \"s with traces\" is the "
         "default `mapcheck check`, whose simplest traces need a witness search after the "
         "search (rounds of unreduced bfs); B/state is bytes "
         "stored per state; peak MB is the maximum resident set size. A `+` marks a search "
         "stopped at a bound (the figures are lower bounds).\n\n";
  write_header(out, mapcheck_columns());
  for (const auto& r : rows) {
    std::vector<std::string> cells = {r.row.name};
    for (auto& c : mapcheck_cells(r.reduced))
      cells.push_back(std::move(c));
    // after states, transitions and s
    cells.insert(cells.begin() + 4, r.traced.ran ? seconds_text(r.traced.seconds) : kNa);
    for (auto& c : mapcheck_cells(r.unreduced))
      cells.push_back(std::move(c));
    cells.push_back(r.reduced.ran && r.unreduced.ran && r.reduced.complete &&
                            r.unreduced.complete && r.reduced.states > 0
                        ? ratio_text(static_cast<double>(r.unreduced.states),
                                     static_cast<double>(r.reduced.states))
                        : kNa);
    cells.push_back(
        join_notes({bound_note(r.reduced, "reduced"), bound_note(r.traced, "with traces"),
                    bound_note(r.unreduced, "unreduced")}));
    write_row(out, cells);
  }
  out << "\n";
}

void write_spin_table(std::ostream& out, const std::vector<RowResult>& rows) {
  out << "### mapcheck against SPIN (same protocol, bench/spin/)\n\n"
      << "SPIN seconds exclude compiling the verifier (shown apart; a search under a second is "
         "the fastest of up to three, as mapcheck's); ratios are mapcheck / "
         "SPIN, below 1 means mapcheck is smaller or faster, and n/a unless both searches "
         "are complete.\n\n";
  write_header(out, spin_columns());
  for (const auto& r : rows) {
    if (!r.row.spin) continue;
    std::string model = r.row.spin->model;
    for (const auto& d : r.row.spin->defines)
      model += " " + d;
    auto spin_cells = [](const SpinFigures& s) -> std::vector<std::string> {
      if (!s.ran) return {kNa, kNa, kNa};
      return {fmt::format("{}{}", s.states, s.complete == "yes" ? "" : "+"),
              seconds_text(s.seconds), seconds_text(s.compile_seconds)};
    };
    auto ratios = [](const MapcheckFigures& m, const SpinFigures& s) -> std::vector<std::string> {
      // A ratio of lower bounds says nothing: both searches must be complete.
      if (!m.ran || !s.ran || !m.complete || s.complete != "yes") return {kNa, kNa};
      return {ratio_text(static_cast<double>(m.states), static_cast<double>(s.states)),
              ratio_text(m.seconds, s.seconds)};
    };
    std::vector<std::string> cells = {r.row.name, "`" + model + "`"};
    for (auto& c : spin_cells(r.spin_reduced))
      cells.push_back(std::move(c));
    for (auto& c : ratios(r.reduced, r.spin_reduced))
      cells.push_back(std::move(c));
    for (auto& c : spin_cells(r.spin_unreduced))
      cells.push_back(std::move(c));
    for (auto& c : ratios(r.unreduced, r.spin_unreduced))
      cells.push_back(std::move(c));
    auto spin_note = [](const SpinFigures& s, const char* what) -> std::string {
      if (!s.ran) return fmt::format("{}: {}", what, s.note);
      if (s.complete != "yes") return fmt::format("{}: SPIN stopped early ({})", what, s.complete);
      return "";
    };
    cells.push_back(join_notes(
        {spin_note(r.spin_reduced, "POR"), spin_note(r.spin_unreduced, "no POR"),
         r.spin_reduced.ran ? fmt::format("SPIN errors={}", r.spin_reduced.errors) : ""}));
    write_row(out, cells);
  }
  out << "\n";
}

void write_go_table(std::ostream& out, const std::vector<RowResult>& rows, std::size_t go_runs) {
  out << "### mapcheck against real Go on a rare outcome\n\n"
      << fmt::format(
             "The rare outcome is the first outcome of mapcheck's set that is not an exit. "
             "mapcheck: the wall time of the smallest search (state bound doubling from 64) "
             "that finds it. Real Go: the index of the first of up to {} runs that showed "
             "it.\n\n",
             go_runs);
  write_header(out, go_columns());
  for (const auto& r : rows) {
    if (!r.rare) continue;
    const auto& g = *r.rare;
    auto config = [&](const char* name) -> std::optional<GoFirstSeen> {
      for (const auto& c : g.go)
        if (c.config == name) return c;
      return std::nullopt;
    };
    const auto p1 = config("GOMAXPROCS=1");
    const auto p2 = config("GOMAXPROCS=2");
    write_row(out, {r.row.name, "`" + g.outcome + "`",
                    g.mapcheck_seconds ? seconds_text(*g.mapcheck_seconds) : kNa,
                    g.mapcheck_states_bound ? std::to_string(*g.mapcheck_states_bound) : kNa,
                    go_cell(p1), p1 ? seconds_text(p1->seconds) : kNa, go_cell(p2),
                    p2 ? seconds_text(p2->seconds) : kNa, g.note});
  }
  out << "\n";
}

void write_threads_table(std::ostream& out, const std::vector<RowResult>& rows, unsigned threads) {
  out << fmt::format("### mapcheck on {} threads\n\n", threads)
      << fmt::format(
             "`mapcheck check --bfs --threads {}`, with reduction: the workers expand states "
             "while one thread stores them, and every count and path is that of a bfs on one "
             "thread (a bfs may store a few states more or fewer than the default dfs). "
             "Speed-up is the one-thread default search's time (first table) over this time; "
             "time mapcheck/SPIN is this time over SPIN's (with its reduction, one core). "
             "SPIN on {} cores is pan built with -DNCORE={}, SPIN's multi-core search, with its "
             "reduction; the last ratio is this time over that one. Ratios are n/a unless both "
             "searches are complete.\n\n",
             threads, threads, threads);
  write_header(out, threads_columns(threads));
  for (const auto& r : rows) {
    if (!r.row.spin) continue;
    const MapcheckFigures& p = r.parallel;
    std::vector<std::string> cells = {r.row.name};
    const auto figures = mapcheck_cells(p);
    // states, transitions, s, states/s, peak MB (bytes per state are the first table's)
    for (std::size_t i : {0, 1, 2, 3, 5})
      cells.push_back(figures[i]);
    const bool both = p.ran && p.complete && r.reduced.ran && r.reduced.complete;
    cells.push_back(both ? ratio_text(r.reduced.seconds, p.seconds) : kNa);
    const bool spin = p.ran && p.complete && r.spin_reduced.ran && r.spin_reduced.complete == "yes";
    cells.push_back(spin ? ratio_text(p.seconds, r.spin_reduced.seconds) : kNa);
    const SpinFigures& sp = r.spin_parallel;
    cells.push_back(sp.ran ? seconds_text(sp.seconds) : kNa);
    const bool spin_n = p.ran && p.complete && sp.ran && sp.complete == "yes";
    cells.push_back(spin_n ? ratio_text(p.seconds, sp.seconds) : kNa);
    const std::string spin_note =
        !sp.ran ? (sp.note.empty() ? "" : fmt::format("SPIN on {} cores: {}", threads, sp.note))
        : sp.complete == "yes"
            ? ""
            : fmt::format("SPIN on {} cores stopped early ({})", threads, sp.complete);
    cells.push_back(join_notes({bound_note(p, "bfs"), spin_note}));
    write_row(out, cells);
  }
  out << "\n";
}

}  // namespace

std::vector<std::string> mapcheck_columns() {
  return {"spec",
          "states",
          "transitions",
          "s",
          "s with traces",
          "states/s",
          "B/state",
          "peak MB",
          "states (no POR)",
          "transitions (no POR)",
          "s (no POR)",
          "states/s (no POR)",
          "B/state (no POR)",
          "peak MB (no POR)",
          "no POR / POR states",
          "note"};
}

std::vector<std::string> spin_columns() {
  return {"spec",
          "SPIN model",
          "SPIN states",
          "SPIN s",
          "SPIN compile s",
          "states mapcheck/SPIN",
          "time mapcheck/SPIN",
          "SPIN states (no POR)",
          "SPIN s (no POR)",
          "SPIN compile s (no POR)",
          "states mapcheck/SPIN (no POR)",
          "time mapcheck/SPIN (no POR)",
          "note"};
}

std::vector<std::string> go_columns() {
  return {"spec",
          "rare outcome",
          "mapcheck s to witness",
          "mapcheck state bound",
          "Go runs until seen (GOMAXPROCS=1)",
          "Go s (GOMAXPROCS=1)",
          "Go runs until seen (GOMAXPROCS=2)",
          "Go s (GOMAXPROCS=2)",
          "note"};
}

std::vector<std::string> threads_columns(unsigned threads) {
  return {"spec",
          "states",
          "transitions",
          "s",
          "states/s",
          "peak MB",
          "speed-up over one thread",
          "time mapcheck/SPIN",
          fmt::format("SPIN s ({} cores)", threads),
          fmt::format("time mapcheck/SPIN ({} cores)", threads),
          "note"};
}

void write_tables(std::ostream& out, const std::vector<RowResult>& rows, std::size_t go_runs,
                  unsigned threads) {
  write_mapcheck_table(out, rows);
  write_spin_table(out, rows);
  write_go_table(out, rows, go_runs);
  if (threads > 1) write_threads_table(out, rows, threads);
}

}  // namespace mapcheck::bench
