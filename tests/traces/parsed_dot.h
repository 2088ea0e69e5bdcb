// Parses DOT text back with the Graphviz library (cgraph's agmemread, the parser `dot` itself
// uses; Boost's read_graphviz cannot read the HTML-like labels the traces draw) and collects
// what the tests check: node ids, edges, and each node's colour.
#pragma once

#include <cppunit/extensions/HelperMacros.h>
#include <graphviz/cgraph.h>

#include <map>
#include <set>
#include <string>
#include <utility>

namespace mapcheck::traces::testing {

/** What the Graphviz parser made of a DOT text. */
struct ParsedDot {
  std::size_t vertices = 0;
  std::size_t edges = 0;
  std::set<std::string> ids;
  std::multiset<std::pair<std::string, std::string>> edge_list;
  /** Node id -> its `color` attribute ("" when unset). */
  std::map<std::string, std::string> color;
};

/** Parses `dot`; fails the test if Graphviz rejects it. */
inline ParsedDot parse_dot(const std::string& dot) {
  Agraph_t* g = agmemread(dot.c_str());
  CPPUNIT_ASSERT_MESSAGE("Graphviz could not parse the DOT text", g != nullptr);
  ParsedDot p;
  p.vertices = static_cast<std::size_t>(agnnodes(g));
  p.edges = static_cast<std::size_t>(agnedges(g));
  char color[] = "color";
  for (Agnode_t* n = agfstnode(g); n != nullptr; n = agnxtnode(g, n)) {
    const std::string id = agnameof(n);
    p.ids.insert(id);
    const char* c = agget(n, color);
    p.color[id] = c ? c : "";
    for (Agedge_t* e = agfstout(g, n); e != nullptr; e = agnxtout(g, e))
      p.edge_list.emplace(agnameof(agtail(e)), agnameof(aghead(e)));
  }
  agclose(g);
  return p;
}

}  // namespace mapcheck::traces::testing
