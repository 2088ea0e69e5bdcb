// Names of the search options, for reports and the command line, and their parsers.
#include "explorer/search_options.h"

namespace mapcheck::explorer {

std::string_view order_name(Order o) {
  switch (o) {
    case Order::dfs:
      return "dfs";
    case Order::bfs:
      return "bfs";
    case Order::fewest_preemptions:
      return "fewest-preemptions";
  }
  return "?";
}

std::string_view reduction_name(Reduction r) {
  switch (r) {
    case Reduction::none:
      return "none";
    case Reduction::ample:
      return "ample";
  }
  return "?";
}

std::string_view bound_name(Bound b) {
  switch (b) {
    case Bound::depth:
      return "depth";
    case Bound::preemptions:
      return "preemptions";
    case Bound::states:
      return "states";
    case Bound::time:
      return "time";
    case Bound::memory:
      return "memory";
    case Bound::goals:
      return "goals";
    case Bound::call_depth:
      return "call_depth";
  }
  return "?";
}

std::string_view storage_name(Storage s) {
  switch (s) {
    case Storage::exact:
      return "exact";
    case Storage::hash_compact:
      return "hash";
    case Storage::collapse:
      return "collapse";
  }
  return "?";
}

std::optional<Order> parse_order(std::string_view s) {
  for (Order o : {Order::dfs, Order::bfs, Order::fewest_preemptions})
    if (s == order_name(o)) return o;
  return std::nullopt;
}

std::optional<Reduction> parse_reduction(std::string_view s) {
  for (Reduction r : {Reduction::none, Reduction::ample})
    if (s == reduction_name(r)) return r;
  return std::nullopt;
}

std::optional<Storage> parse_storage(std::string_view s) {
  for (Storage x : {Storage::exact, Storage::hash_compact, Storage::collapse})
    if (s == storage_name(x)) return x;
  return std::nullopt;
}

}  // namespace mapcheck::explorer
