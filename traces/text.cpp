// Text rendering of a Trace (see text.h): header, numbered steps or goroutine columns, outcome.
#include "traces/text.h"

#include <algorithm>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "traces/snapshot_text.h"

namespace mapcheck::traces {

namespace {

/** `s` in double quotes with \n, \t, \" and \\ escaped, so an output stays on one line. */
std::string quoted(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      default:
        out += c;
    }
  }
  return out + "\"";
}

/** Display width of UTF-8 text, counted in code points. */
std::size_t width_of(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

/** `s` cut to `width` code points (ending in `…` when cut) and padded with spaces to `width`. */
std::string fit(std::string_view s, std::size_t width) {
  if (width_of(s) <= width) return std::string(s) + std::string(width - width_of(s), ' ');
  std::string out;
  std::size_t points = 0;
  for (char c : s) {
    const bool starts = (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    if (starts && points++ == width - 1) break;
    out += c;
  }
  return out + "…";
}

/** `s` broken at spaces into lines of at most `width` code points; lines after the first are
 *  indented by `hang` spaces; a word longer than a line is cut (ending in `…`). */
std::vector<std::string> wrap(std::string_view s, std::size_t width, std::size_t hang) {
  std::vector<std::string> lines;
  std::string line;
  auto room = [&] { return lines.empty() ? width : width - hang; };
  std::size_t pos = 0;
  while (pos <= s.size()) {
    std::size_t end = s.find(' ', pos);
    if (end == std::string_view::npos) end = s.size();
    std::string word(s.substr(pos, end - pos));
    if (!line.empty() && width_of(line) + 1 + width_of(word) > room()) {
      lines.push_back(line);
      line.clear();
    }
    if (width_of(word) > room()) word = fit(word, room());
    if (!line.empty()) line += ' ';
    line += word;
    pos = end + 1;
  }
  lines.push_back(line);
  for (std::size_t k = 1; k < lines.size(); ++k)
    lines[k] = std::string(hang, ' ') + lines[k];
  return lines;
}

/** `claim1.go:10: for k := range m {`, or "" for a step without a spec location. */
std::string location(const Trace& t, const TraceStep& s) {
  if (s.line == 0) return "";
  return fmt::format("{}:{}: {}", spec_file_name(t), s.line, s.source);
}

/** `mapiternext: if ... { fatal(...) } (runtime/map.go)`, or "" for pure spec steps. */
std::string runtime_line(const TraceStep& s, bool with_file = true) {
  if (s.function.empty() && s.statement.empty()) return "";
  std::string out = s.function;
  if (!s.statement.empty()) out += (out.empty() ? "" : ": ") + s.statement;
  if (with_file && !s.runtime_file.empty()) out += fmt::format(" ({})", s.runtime_file);
  return out;
}

/** The events around a step that the reader needs: preemption, spawn, synchronisation. */
std::string annotations(const Trace& t, const TraceStep& s) {
  std::vector<std::string> notes;
  if (s.preemption && s.index.v >= 2)
    notes.push_back(fmt::format("preempts {}", t.steps[s.index.v - 2].goroutine));
  if (s.spawned) notes.push_back(fmt::format("starts {}", *s.spawned));
  if (s.sync_from)
    notes.push_back(fmt::format("after {} {}", *s.sync_from, t.steps[s.sync_from->v - 1].event));
  if (notes.empty()) return "";
  std::string out = "(";
  for (std::size_t i = 0; i < notes.size(); ++i)
    out += (i ? "; " : "") + notes[i];
  return out + ")";
}

/** The snapshot as lines: a header, then one line per bucket and overflow bucket. */
std::vector<std::string> snapshot_lines(const MapSnapshot& m) {
  std::vector<std::string> lines{fmt::format("{} {}", m.map, snapshot_header(m))};
  auto add = [&](const std::string& name, const std::vector<MapCell>& cells, bool evacuated) {
    lines.push_back(fmt::format("  {} [{}]{}", name, fmt::join(visible_cells(cells), " "),
                                evacuated ? " evacuated" : ""));
  };
  for (const MapBucket& b : m.buckets) {
    add(fmt::format("{}", b.index), b.cells, false);
    for (std::size_t k = 0; k < b.overflow.size(); ++k)
      add(fmt::format("{}+{}", b.index, k + 1), b.overflow[k], false);
  }
  for (const MapBucket& b : m.oldbuckets) {
    add(fmt::format("old {}", b.index), b.cells, b.evacuated);
    for (std::size_t k = 0; k < b.overflow.size(); ++k)
      add(fmt::format("old {}+{}", b.index, k + 1), b.overflow[k], false);
  }
  return lines;
}

/** The outcome the way Go reports it: `fatal error: concurrent map writes`, `panic: boom`. */
std::string go_outcome(const TraceOutcome& o) {
  if (o.kind == "fatal") return "fatal error: " + o.message;
  if (o.kind == "panic") return "panic: " + o.message;
  if (o.kind == "deadlock") return "fatal error: all goroutines are asleep - deadlock!";
  return o.leak ? "exit (a goroutine is blocked forever: leak)" : "exit";
}

/** The outcome as a report line: `fatal "MSG"`, `exit output "1\n"`. */
std::string outcome_words(const TraceOutcome& o) {
  std::string out = o.kind;
  if (!o.message.empty()) out += " " + quoted(o.message);
  if (o.leak) out += " leak";
  if (!o.output.empty()) out += " output " + quoted(o.output);
  return out;
}

void write_header(std::ostream& out, const Trace& t) {
  out << verdict_name(t.verdict);
  if (!t.expectation.empty()) out << " for: " << t.expectation;
  out << "\n";
  out << fmt::format("  spec      {} (xxh64 {})\n", t.spec_path, t.spec_hash);
  if (!t.options.empty()) {
    std::vector<std::string> opts;
    for (const auto& [name, value] : t.options)
      opts.push_back(name + "=" + value);
    out << fmt::format("  options   {}\n", fmt::join(opts, " "));
  }
  out << fmt::format("  outcome   {}\n", outcome_words(t.outcome));
  out << fmt::format("  path      {} step{}, {} preemption{}", t.steps.size(),
                     t.steps.size() == 1 ? "" : "s", t.preemptions, t.preemptions == 1 ? "" : "s");
  if (t.origin.search == TraceOrigin::Search::random)
    out << fmt::format(" (random execution #{}, seed {})", t.origin.execution, t.origin.seed);
  else if (t.origin.search == TraceOrigin::Search::first)
    out << " (the path the search found first)";
  else if (t.verdict != Verdict::outcome)
    out << " (fewest preemptions first, then the shortest bfs found)";
  out << "\n\n";
}

void write_footer(std::ostream& out, const Trace& t) {
  out << "\n" << go_outcome(t.outcome);
  const auto deciding =
      std::find_if(t.steps.begin(), t.steps.end(), [](const TraceStep& s) { return s.deciding; });
  if (deciding != t.steps.end()) out << fmt::format("  (decided at {})", deciding->index);
  out << "\n";
  if (!t.outcome.output.empty()) out << "output: " << quoted(t.outcome.output) << "\n";
}

void write_list(std::ostream& out, const Trace& t, const TextOptions& opt) {
  const std::size_t w = fmt::format("{}", t.steps.size()).size();
  for (const TraceStep& s : t.steps) {
    const std::string head =
        fmt::format("{:2} {:>{}} [{}] ", s.deciding ? ">>" : "", s.index.v, w, s.goroutine);
    const std::string indent(head.size(), ' ');
    std::string first = location(t, s);
    if (first.empty()) first = s.event;
    const std::string notes = annotations(t, s);
    if (!notes.empty()) first += "  " + notes;
    out << head << first << "\n";
    if (opt.runtime) {
      const std::string rt = runtime_line(s);
      if (!rt.empty()) out << indent << rt << "\n";
    }
    if (!s.choice_text.empty()) out << indent << "choice: " << s.choice_text << "\n";
    if (opt.snapshots && s.map)
      for (const std::string& line : snapshot_lines(*s.map))
        out << indent << line << "\n";
  }
}

void write_columns(std::ostream& out, const Trace& t, const TextOptions& opt) {
  const std::size_t cw = std::max<std::size_t>(opt.column_width, 16);
  std::set<GoroutineId> gs;
  for (const TraceStep& s : t.steps)
    gs.insert(s.goroutine);
  const std::vector<GoroutineId> lanes(gs.begin(), gs.end());
  const std::size_t w = std::max<std::size_t>(fmt::format("{}", t.steps.size()).size(), 1);

  // One table row per wrapped line of `text`; continuation lines are indented two more.
  auto row = [&](std::string_view margin, std::size_t lane, const std::string& text) {
    const std::size_t indent =
        text.find_first_not_of(' ') == std::string::npos ? 0 : text.find_first_not_of(' ');
    const std::vector<std::string> lines = wrap(text.substr(indent), cw - indent, 2);
    for (std::size_t k = 0; k < lines.size(); ++k) {
      std::string line = fmt::format("{:<{}} |", k == 0 ? margin : "", w + 3);
      for (std::size_t i = 0; i < lanes.size(); ++i)
        line += " " + fit(i == lane ? std::string(indent, ' ') + lines[k] : "", cw) + " |";
      while (!line.empty() && line.back() == ' ')
        line.pop_back();
      out << line << "\n";
    }
  };
  std::string header = fmt::format("{:<{}} |", "", w + 3);
  std::string rule = std::string(w + 4, '-') + "+";
  for (GoroutineId g : lanes) {
    header += " " + fit(fmt::format("{}", g), cw) + " |";
    rule += std::string(cw + 2, '-') + "+";
  }
  while (header.back() == ' ')
    header.pop_back();
  out << header << "\n" << rule << "\n";

  for (const TraceStep& s : t.steps) {
    const std::size_t lane = static_cast<std::size_t>(
        std::find(lanes.begin(), lanes.end(), s.goroutine) - lanes.begin());
    const std::string margin = fmt::format("{:2}{:>{}}", s.deciding ? ">>" : "", s.index.v, w);
    std::string first = s.line ? fmt::format("{}: {}", s.line, s.source) : s.event;
    const std::string notes = annotations(t, s);
    if (!notes.empty()) first += " " + notes;
    row(margin, lane, first);
    if (opt.runtime) {
      const std::string rt = runtime_line(s, false);
      if (!rt.empty()) row("", lane, "  " + rt);
    }
    if (!s.choice_text.empty()) row("", lane, "  choice: " + s.choice_text);
    if (opt.snapshots && s.map)
      for (const std::string& line : snapshot_lines(*s.map))
        row("", lane, "  " + line);
  }
}

}  // namespace

void write_text(std::ostream& out, const Trace& trace, const TextOptions& options) {
  if (auto broken = check_invariants(trace))
    throw std::logic_error("write_text: malformed trace: " + *broken);
  write_header(out, trace);
  if (options.layout == TextOptions::Layout::columns)
    write_columns(out, trace, options);
  else
    write_list(out, trace, options);
  write_footer(out, trace);
}

}  // namespace mapcheck::traces
