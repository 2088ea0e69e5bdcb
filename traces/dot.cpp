// DOT output of a Trace (see dot.h). The picture is first built as a Boost.Graph whose vertices
// and edges carry their Graphviz attributes, then printed by boost::write_graphviz through
// property writers. Vertex and edge insertion order is fixed, so the text is deterministic.
#include "traces/dot.h"

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

// Boost.Graph's iterators hold boost::optional values that g++ 12 wrongly reports as (maybe)
// uninitialized once inlined (at -O2, and under the sanitizers); silenced for these headers only.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/graphviz.hpp>
#pragma GCC diagnostic pop
#include <fmt/format.h>

#include "traces/snapshot_text.h"

namespace mapcheck::traces {

namespace {

/** A Graphviz attribute: name and value as DOT text (already quoted or an HTML label <...>). */
using Attr = std::pair<std::string, std::string>;

struct NodeProps {
  std::string id;
  std::vector<Attr> attrs;
};
struct EdgeProps {
  std::vector<Attr> attrs;
};
using Graph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, NodeProps, EdgeProps>;
using Vertex = boost::graph_traits<Graph>::vertex_descriptor;

/** Lane colours (fill, border), cycled by goroutine id: g1 blue, g2 green, g3 amber, ... */
constexpr std::string_view kLaneFill[] = {"#eaf1fb", "#eaf6ec", "#fdf3e1", "#f4ecf8", "#e9f6f6"};
constexpr std::string_view kLaneLine[] = {"#4a74b5", "#4f9a5c", "#c08a2a", "#8a5aa8", "#3f9595"};
constexpr std::string_view kSync = "#1f5fbf";
constexpr std::string_view kPreempt = "#e07b00";
constexpr std::string_view kDeciding = "#c62828";

std::size_t lane_colour(GoroutineId g) {
  return (g.v == 0 ? 0 : g.v - 1) % std::size(kLaneFill);
}

/** `s` as a quoted DOT string. */
std::string dq(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

/** `s` with the characters HTML-like labels reserve escaped. */
std::string html(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        out += c;
    }
  }
  return out;
}

/** `s` broken into lines of at most `width` characters at spaces (a longer word stays whole). */
std::vector<std::string> wrap(std::string_view s, std::size_t width) {
  std::vector<std::string> lines;
  std::string line;
  std::size_t pos = 0;
  while (pos < s.size()) {
    std::size_t end = s.find(' ', pos);
    if (end == std::string_view::npos) end = s.size();
    const std::string_view word = s.substr(pos, end - pos);
    if (!line.empty() && line.size() + 1 + word.size() > width) {
      lines.push_back(line);
      line.clear();
    }
    if (!line.empty()) line += ' ';
    line += word;
    pos = end + 1;
  }
  if (!line.empty() || lines.empty()) lines.push_back(line);
  return lines;
}

/** Wrapped, escaped text with left-aligned line breaks, for a <TD BALIGN="LEFT">. */
std::string html_lines(std::string_view s, std::size_t width) {
  std::string out;
  for (const std::string& line : wrap(s, width))
    out += (out.empty() ? "" : "<BR/>") + html(line);
  return out;
}

std::string attrs_text(const std::vector<Attr>& attrs) {
  std::string out = "[";
  for (std::size_t i = 0; i < attrs.size(); ++i)
    out += fmt::format("{}{}={}", i ? ", " : "", attrs[i].first, attrs[i].second);
  return out + "]";
}

/** The HTML-like label of one step box. */
std::string step_label(const Trace& t, const TraceStep& s, const DotOptions& opt) {
  std::string rows;
  auto row = [&rows](const std::string& cell) {
    rows += "<TR><TD ALIGN=\"LEFT\" BALIGN=\"LEFT\">" + cell + "</TD></TR>";
  };
  std::string head = fmt::format("<B>{}</B>  {}", s.index.v, s.goroutine);
  if (s.line) head += fmt::format("  {}:{}", html(spec_file_name(t)), s.line);
  if (s.preemption && s.index.v >= 2)
    head += fmt::format("  <FONT COLOR=\"{}\">preempts {}</FONT>", kPreempt,
                        t.steps[s.index.v - 2].goroutine);
  row(head);
  const std::string code = s.source.empty() ? s.event : s.source;
  row("<FONT FACE=\"Courier\">" + html_lines(code, opt.wrap) + "</FONT>");
  if (opt.runtime && !s.function.empty()) {
    std::string fn = "<I>" + html(s.function) + "</I>";
    if (!s.runtime_file.empty()) fn += "  " + html(s.runtime_file);
    row("<FONT POINT-SIZE=\"8\" COLOR=\"#555555\">" + fn + "</FONT>");
  }
  if (opt.runtime && !s.statement.empty())
    row("<FONT FACE=\"Courier\" POINT-SIZE=\"8\" COLOR=\"#333333\">" +
        html_lines(s.statement, opt.wrap + 8) + "</FONT>");
  if (!s.choice_text.empty())
    row("<FONT POINT-SIZE=\"8\" COLOR=\"#8a5a00\">choice: " + html(s.choice_text) + "</FONT>");
  return "<<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"1\">" + rows +
         "</TABLE>>";
}

/** The HTML-like table of one map snapshot: a header row, then one row per bucket. */
std::string snapshot_label(const TraceStep& s) {
  const MapSnapshot& m = *s.map;
  struct Row {
    std::string name;
    const std::vector<MapCell>* cells;
    bool old;
  };
  std::vector<Row> rows;
  for (const MapBucket& b : m.buckets) {
    rows.push_back({fmt::format("{}", b.index), &b.cells, false});
    for (std::size_t k = 0; k < b.overflow.size(); ++k)
      rows.push_back({fmt::format("{}+{}", b.index, k + 1), &b.overflow[k], false});
  }
  for (const MapBucket& b : m.oldbuckets) {
    rows.push_back(
        {fmt::format("old {}{}", b.index, b.evacuated ? " (evac)" : ""), &b.cells, true});
    for (std::size_t k = 0; k < b.overflow.size(); ++k)
      rows.push_back({fmt::format("old {}+{}", b.index, k + 1), &b.overflow[k], true});
  }
  std::size_t width = 1;
  for (const Row& r : rows)
    width = std::max(width, r.cells->size());

  std::string flags = html(m.flags.empty() ? "-" : m.flags);
  if (m.flags.find("hashWriting") != std::string::npos)
    flags = fmt::format("<FONT COLOR=\"{}\"><B>{}</B></FONT>", kDeciding, flags);
  std::string head = fmt::format("<B>{}</B> after {}: B={} count={}<BR/>flags={}", m.map, s.index,
                                 m.B, m.count, flags);
  if (m.growing) head += fmt::format("<BR/>growing, nevacuate={}", m.nevacuate);
  std::string out = fmt::format(
      "<<TABLE BORDER=\"0\" CELLBORDER=\"1\" CELLSPACING=\"0\" CELLPADDING=\"3\" "
      "COLOR=\"#8899aa\" BGCOLOR=\"white\"><TR><TD COLSPAN=\"{}\" BGCOLOR=\"#e4e9f0\">{}</TD></TR>",
      width + 1, head);
  for (const Row& r : rows) {
    out +=
        fmt::format("<TR><TD ALIGN=\"LEFT\" BGCOLOR=\"{}\"><FONT POINT-SIZE=\"8\">{}</FONT></TD>",
                    r.old ? "#f1e7d8" : "#eef1f5", html(r.name));
    for (std::size_t i = 0; i < width; ++i) {
      std::string text = i < r.cells->size() ? cell_text((*r.cells)[i]) : "";
      out += fmt::format("<TD><FONT FACE=\"Courier\" POINT-SIZE=\"9\">{}</FONT></TD>",
                         text.empty() ? " " : html(text));
    }
    out += "</TR>";
  }
  return out + "</TABLE>>";
}

/** The outcome as Go reports it, plus the program's output. */
std::string outcome_label(const TraceOutcome& o) {
  std::string text;
  if (o.kind == "fatal")
    text = "fatal error: " + o.message;
  else if (o.kind == "panic")
    text = "panic: " + o.message;
  else if (o.kind == "deadlock")
    text = "fatal error: all goroutines are asleep - deadlock!";
  else
    text = o.leak ? "exit (a goroutine is blocked forever)" : "exit";
  std::string out = "<<B>" + html(text) + "</B>";
  if (!o.output.empty()) {
    std::string shown;
    for (char c : o.output)
      shown += c == '\n' ? std::string("\\n") : std::string(1, c);
    out += "<BR/><FONT POINT-SIZE=\"9\">output: " + html(shown) + "</FONT>";
  }
  return out + ">";
}

/** The graph, the rank groups and the title; everything write_graphviz needs. */
struct Picture {
  Graph g;
  std::vector<std::vector<std::string>> same_rank;
  std::string title;
};

Picture build(const Trace& t, const DotOptions& opt) {
  Picture p;
  Graph& g = p.g;
  auto add_node = [&g](std::string id, std::vector<Attr> attrs) {
    return boost::add_vertex(NodeProps{std::move(id), std::move(attrs)}, g);
  };
  auto add_edge = [&g](Vertex a, Vertex b, std::vector<Attr> attrs) {
    boost::add_edge(a, b, EdgeProps{std::move(attrs)}, g);
  };

  // Lanes: one header per goroutine that took a step or was spawned, in id order.
  std::set<GoroutineId> goroutines;
  std::set<GoroutineId> moved;
  for (const TraceStep& s : t.steps) {
    goroutines.insert(s.goroutine);
    moved.insert(s.goroutine);
    if (s.spawned) goroutines.insert(*s.spawned);
  }
  std::map<GoroutineId, Vertex> header;
  std::vector<std::string> header_ids;
  for (GoroutineId gid : goroutines) {
    const std::size_t c = lane_colour(gid);
    const std::string id = fmt::format("{}", gid);
    header[gid] = add_node(id, {{"label", fmt::format("<<B>{}</B>{}>", id,
                                                      gid.v == 1         ? " (main)"
                                                      : moved.count(gid) ? ""
                                                                         : " (never ran)")},
                                {"shape", "box"},
                                {"style", dq("filled")},
                                {"fillcolor", dq(kLaneLine[c])},
                                {"color", dq(kLaneLine[c])},
                                {"fontcolor", dq("white")},
                                {"group", dq(id)}});
    header_ids.push_back(id);
  }
  if (!header_ids.empty()) p.same_rank.push_back(header_ids);
  // Invisible edges between neighbouring headers on their shared rank fix the lane order
  // left to right by goroutine id (dot otherwise orders lanes to suit the crossing edges).
  for (auto it = header.begin(); it != header.end() && std::next(it) != header.end(); ++it)
    add_edge(it->second, std::next(it)->second, {{"style", "invis"}});

  std::vector<Vertex> step_v;
  for (const TraceStep& s : t.steps) {
    const std::size_t c = lane_colour(s.goroutine);
    std::vector<Attr> attrs{{"label", step_label(t, s, opt)},
                            {"fillcolor", dq(s.deciding ? "#fde4e4" : kLaneFill[c])},
                            {"color", dq(s.deciding ? kDeciding : kLaneLine[c])},
                            {"group", dq(fmt::format("{}", s.goroutine))}};
    if (s.deciding) attrs.emplace_back("penwidth", "2.5");
    step_v.push_back(add_node(fmt::format("s{}", s.index.v), std::move(attrs)));
  }

  // Snapshots sit on their step's rank, to the right of the lanes.
  std::vector<std::pair<Vertex, Vertex>> snapshot_edges;
  if (opt.snapshots)
    for (const TraceStep& s : t.steps)
      if (s.map) {
        const std::string id = fmt::format("map{}", s.index.v);
        const Vertex v =
            add_node(id, {{"label", snapshot_label(s)}, {"shape", "plain"}, {"style", dq("")}});
        snapshot_edges.emplace_back(step_v[s.index.v - 1], v);
        p.same_rank.push_back({fmt::format("s{}", s.index.v), id});
      }

  const Vertex outcome =
      add_node("outcome", {{"label", outcome_label(t.outcome)},
                           {"shape", "box"},
                           {"style", dq("filled")},
                           {"fillcolor", dq(t.outcome.kind == "exit" ? "#eeeeee" : "#fde4e4")},
                           {"color", dq(t.outcome.kind == "exit" ? "#777777" : kDeciding)},
                           {"fontcolor", dq(t.outcome.kind == "exit" ? "#333333" : kDeciding)}});

  // Program order within a lane, starting at the lane's header.
  std::map<GoroutineId, Vertex> last;
  std::map<GoroutineId, std::size_t> first_step;
  for (std::size_t i = 0; i < t.steps.size(); ++i) {
    const TraceStep& s = t.steps[i];
    const std::size_t c = lane_colour(s.goroutine);
    const auto prev = last.find(s.goroutine);
    if (prev == last.end()) {
      first_step[s.goroutine] = i;
      add_edge(header[s.goroutine], step_v[i],
               {{"color", dq(kLaneLine[c])}, {"weight", "10"}, {"arrowhead", "none"}});
    } else {
      add_edge(prev->second, step_v[i], {{"color", dq(kLaneLine[c])}, {"weight", "10"}});
    }
    last[s.goroutine] = step_v[i];
  }

  // Synchronisation: go -> the new goroutine's first step, and every sync_from. Both always
  // point forward in the interleaving, so they may constrain ranks (weight 0: never pulled
  // straight).
  std::vector<std::tuple<std::size_t, std::size_t, std::string>> syncs;
  std::set<std::pair<std::size_t, std::size_t>> synced;
  auto sync_edge = [&](std::size_t from, std::size_t to, std::string label) {
    if (synced.insert({from, to}).second) syncs.emplace_back(from, to, std::move(label));
  };
  for (std::size_t i = 0; i < t.steps.size(); ++i) {
    const TraceStep& s = t.steps[i];
    if (s.spawned) {
      const auto it = first_step.find(*s.spawned);
      if (it != first_step.end() && it->second > i) sync_edge(i, it->second, "go");
    }
    if (s.sync_from) {
      const std::size_t from = s.sync_from->v - 1;
      sync_edge(from, i, fmt::format("{} → {}", t.steps[from].event, s.event));
    }
  }

  // The global interleaving: a switch to another goroutine is a dashed edge (orange for a
  // preemption); a plain switch already drawn as a synchronisation edge is not drawn twice.
  for (std::size_t i = 1; i < t.steps.size(); ++i) {
    const TraceStep& s = t.steps[i];
    if (s.goroutine == t.steps[i - 1].goroutine) continue;
    if (!s.preemption && synced.count({i - 1, i})) continue;
    std::vector<Attr> attrs{{"style", "dashed"}, {"weight", "0"}};
    if (s.preemption) {
      attrs.insert(
          attrs.end(),
          {{"color", dq(kPreempt)}, {"fontcolor", dq(kPreempt)}, {"label", dq("preempt")}});
    } else {
      attrs.emplace_back("color", dq("#aaaaaa"));
    }
    add_edge(step_v[i - 1], step_v[i], std::move(attrs));
  }
  for (const auto& [from, to, label] : syncs)
    add_edge(step_v[from], step_v[to],
             {{"color", dq(kSync)},
              {"fontcolor", dq(kSync)},
              {"style", "bold"},
              {"weight", "0"},
              {"label", dq(label)}});

  for (const auto& [step, snap] : snapshot_edges)
    add_edge(step, snap, {{"style", "dotted"}, {"color", dq("#8899aa")}, {"arrowhead", "none"}});

  // The step that decided the outcome (or the last step) leads to the outcome.
  const auto deciding =
      std::find_if(t.steps.begin(), t.steps.end(), [](const TraceStep& s) { return s.deciding; });
  if (deciding != t.steps.end())
    add_edge(step_v[deciding->index.v - 1], outcome, {{"color", dq(kDeciding)}, {"penwidth", "2"}});
  else if (!t.steps.empty())
    add_edge(step_v.back(), outcome, {{"color", dq("#777777")}});

  std::string title = fmt::format("<B>{}</B>", html(std::string(verdict_name(t.verdict))));
  if (!t.expectation.empty()) title += ": expect " + html(t.expectation);
  std::string origin;
  if (t.origin.search == TraceOrigin::Search::random)
    origin = fmt::format(" (random execution #{}, seed {})", t.origin.execution, t.origin.seed);
  else if (t.origin.search == TraceOrigin::Search::first)
    origin = " (the path the search found first)";
  title += fmt::format("<BR/><FONT POINT-SIZE=\"9\">{}   {} steps, {} preemption{}{}</FONT>",
                       html(t.spec_path), t.steps.size(), t.preemptions,
                       t.preemptions == 1 ? "" : "s", origin);
  p.title = "<" + title + ">";
  return p;
}

}  // namespace

void write_dot(std::ostream& out, const Trace& trace, const DotOptions& options) {
  if (auto broken = check_invariants(trace))
    throw std::logic_error("write_dot: malformed trace: " + *broken);
  const Picture p = build(trace, options);
  const std::string font = dq(options.font);
  auto graph_writer = [&](std::ostream& os) {
    os << fmt::format(
        "graph [label={}, labelloc=t, fontname={}, fontsize=12, rankdir=TB, newrank=true, "
        "nodesep=0.3, ranksep=0.22];\n",
        p.title, font);
    os << fmt::format(
        "node [shape=box, style=\"rounded,filled\", fontname={}, fontsize=10, "
        "margin=\"0.08,0.04\"];\n",
        font);
    os << fmt::format("edge [fontname={}, fontsize=8, arrowsize=0.6];\n", font);
    for (const auto& group : p.same_rank)
      os << fmt::format("{{rank=same; {};}}\n", fmt::join(group, "; "));
  };
  auto vertex_writer = [&p](std::ostream& os, Vertex v) { os << attrs_text(p.g[v].attrs); };
  auto edge_writer = [&p](std::ostream& os, const boost::graph_traits<Graph>::edge_descriptor& e) {
    os << attrs_text(p.g[e].attrs);
  };
  boost::write_graphviz(out, p.g, vertex_writer, edge_writer, graph_writer,
                        boost::get(&NodeProps::id, p.g));
}

}  // namespace mapcheck::traces
