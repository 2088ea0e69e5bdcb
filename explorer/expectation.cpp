// Matching outcomes against patterns, and the verdict rules of each quantifier.
#include "explorer/expectation.h"

#include <stdexcept>

namespace mapcheck::explorer {

std::string_view pattern_kind_name(PatternKind k) {
  switch (k) {
    case PatternKind::exit:
      return "exit";
    case PatternKind::leak:
      return "leak";
    case PatternKind::fatal:
      return "fatal";
    case PatternKind::panic:
      return "panic";
    case PatternKind::deadlock:
      return "deadlock";
  }
  return "?";
}

std::string_view quantifier_name(Quantifier q) {
  switch (q) {
    case Quantifier::always:
      return "always";
    case Quantifier::never:
      return "never";
    case Quantifier::sometimes:
      return "sometimes";
    case Quantifier::outcomes:
      return "outcomes";
  }
  return "?";
}

std::string_view verdict_status_name(VerdictStatus s) {
  switch (s) {
    case VerdictStatus::holds:
      return "holds";
    case VerdictStatus::violated:
      return "violated";
    case VerdictStatus::unknown:
      return "unknown";
  }
  return "?";
}

bool matches(const OutcomePattern& p, const Outcome& o) {
  switch (p.kind) {
    case PatternKind::exit:
    case PatternKind::leak:
      return o.kind == OutcomeKind::exit && (p.kind == PatternKind::exit || o.leak) &&
             (!p.output || *p.output == o.output);
    case PatternKind::fatal:
      return o.kind == OutcomeKind::fatal && (!p.message || *p.message == o.message);
    case PatternKind::panic:
      return o.kind == OutcomeKind::panic && (!p.message || *p.message == o.message);
    case PatternKind::deadlock:
      return o.kind == OutcomeKind::deadlock;
  }
  return false;
}

namespace {

Verdict decided(VerdictStatus s, std::size_t i, const SearchResult& r, std::string_view what) {
  return Verdict{s, i, fmt::format("{} {}", r.outcomes[i].outcome, what)};
}

/** Nothing decisive was found: `if_complete` if the search was complete, else unknown. */
Verdict undecided(const SearchResult& r, VerdictStatus if_complete, std::string reason) {
  if (r.complete()) return Verdict{if_complete, std::nullopt, std::move(reason)};
  std::string bounds;
  for (Bound b : r.bounds_hit)
    bounds += fmt::format("{}{}", bounds.empty() ? "" : ", ", bound_name(b));
  return Verdict{VerdictStatus::unknown, std::nullopt,
                 fmt::format("search cut by bound ({}); nothing decisive found", bounds)};
}

}  // namespace

Verdict evaluate(const Expectation& e, const SearchResult& r) {
  const bool single = e.quantifier != Quantifier::outcomes;
  if (e.patterns.empty() || (single && e.patterns.size() != 1))
    throw std::logic_error(fmt::format("expectation '{}' has {} patterns",
                                       quantifier_name(e.quantifier), e.patterns.size()));
  const std::size_t n = r.outcomes.size();
  switch (e.quantifier) {
    case Quantifier::always:
      if (auto i = first_where(r.outcomes, false, e.patterns))
        return decided(VerdictStatus::violated, *i, r, "is reachable and does not match");
      // A complete search with no outcome found no run that ends: every run goes on forever,
      // and none ends as `always` says (not a vacuous truth).
      if (n == 0)
        return undecided(r, VerdictStatus::violated,
                         "no execution ends: every run goes on forever");
      return undecided(r, VerdictStatus::holds, fmt::format("all {} outcomes match", n));
    case Quantifier::never:
      if (auto i = first_where(r.outcomes, true, e.patterns))
        return decided(VerdictStatus::violated, *i, r, "is reachable");
      return undecided(r, VerdictStatus::holds, fmt::format("none of {} outcomes match", n));
    case Quantifier::sometimes:
      if (auto i = first_where(r.outcomes, true, e.patterns))
        return decided(VerdictStatus::holds, *i, r, "is reachable");
      return undecided(r, VerdictStatus::violated,
                       fmt::format("none of {} outcomes match {}", n, e.patterns.front()));
    case Quantifier::outcomes: {
      if (auto i = first_where(r.outcomes, false, e.patterns))
        return decided(VerdictStatus::violated, *i, r, "is reachable and matches no pattern");
      for (const OutcomePattern& p : e.patterns)
        if (!first_where(r.outcomes, true, {p}))
          return undecided(r, VerdictStatus::violated, fmt::format("no outcome matches {}", p));
      return undecided(r, VerdictStatus::holds,
                       fmt::format("all {} outcomes match and every pattern is reached", n));
    }
  }
  throw std::logic_error("evaluate: unknown quantifier");
}

VerdictStatus overall(std::span<const Verdict> verdicts) {
  VerdictStatus r = VerdictStatus::holds;
  for (const Verdict& v : verdicts) {
    if (v.status == VerdictStatus::violated) return VerdictStatus::violated;
    if (v.status == VerdictStatus::unknown) r = VerdictStatus::unknown;
  }
  return r;
}

}  // namespace mapcheck::explorer

auto fmt::formatter<mapcheck::explorer::OutcomePattern>::format(
    const mapcheck::explorer::OutcomePattern& p, fmt::format_context& ctx) const
    -> decltype(ctx.out()) {
  auto out = fmt::format_to(ctx.out(), "{}", mapcheck::explorer::pattern_kind_name(p.kind));
  if (p.message) out = fmt::format_to(out, " {}", mapcheck::explorer::quote(*p.message));
  if (p.output) out = fmt::format_to(out, " output {}", mapcheck::explorer::quote(*p.output));
  return out;
}

auto fmt::formatter<mapcheck::explorer::Expectation>::format(
    const mapcheck::explorer::Expectation& e, fmt::format_context& ctx) const
    -> decltype(ctx.out()) {
  using mapcheck::explorer::Quantifier;
  auto out = fmt::format_to(ctx.out(), "{}", mapcheck::explorer::quantifier_name(e.quantifier));
  if (e.quantifier != Quantifier::outcomes) {
    for (const auto& p : e.patterns)
      out = fmt::format_to(out, " {}", p);
    return out;
  }
  out = fmt::format_to(out, " {{");
  for (std::size_t i = 0; i < e.patterns.size(); ++i)
    out = fmt::format_to(out, "{} {}", i == 0 ? "" : ";", e.patterns[i]);
  return fmt::format_to(out, " }}");
}
