// evaluate_random: the quantifier rules of expectation.cpp, with "unknown" for everything unseen.
#include "explorer/random_verdict.h"

#include <stdexcept>

namespace mapcheck::explorer {

namespace {

Verdict decided(VerdictStatus s, std::size_t i, const RandomSearchResult& r,
                std::string_view what) {
  const RandomOutcomeRecord& rec = r.outcomes[i];
  return Verdict{s, i,
                 fmt::format("{} {} (random execution #{}, {} of {})", rec.outcome, what,
                             rec.first_execution, rec.executions, r.options.executions)};
}

Verdict unseen(std::string what) {
  return Verdict{VerdictStatus::unknown, std::nullopt, std::move(what)};
}

}  // namespace

Verdict evaluate_random(const Expectation& e, const RandomSearchResult& r) {
  const bool single = e.quantifier != Quantifier::outcomes;
  if (e.patterns.empty() || (single && e.patterns.size() != 1))
    throw std::logic_error(fmt::format("expectation '{}' has {} patterns",
                                       quantifier_name(e.quantifier), e.patterns.size()));
  const std::uint64_t n = r.options.executions;
  switch (e.quantifier) {
    case Quantifier::always:
      if (auto i = first_where(r.outcomes, false, e.patterns))
        return decided(VerdictStatus::violated, *i, r, "is reachable and does not match");
      return unseen(fmt::format("no other outcome seen in {} random executions", n));
    case Quantifier::never:
      if (auto i = first_where(r.outcomes, true, e.patterns))
        return decided(VerdictStatus::violated, *i, r, "is reachable");
      return unseen(fmt::format("{} not seen in {} random executions", e.patterns.front(), n));
    case Quantifier::sometimes:
      if (auto i = first_where(r.outcomes, true, e.patterns))
        return decided(VerdictStatus::holds, *i, r, "is reachable");
      return unseen(fmt::format("{} not seen in {} random executions", e.patterns.front(), n));
    case Quantifier::outcomes:
      if (auto i = first_where(r.outcomes, false, e.patterns))
        return decided(VerdictStatus::violated, *i, r, "is reachable and matches no pattern");
      for (const OutcomePattern& p : e.patterns)
        if (!first_where(r.outcomes, true, {p}))
          return unseen(fmt::format("{} not seen in {} random executions", p, n));
      return unseen(fmt::format(
          "every pattern seen and nothing else in {} random executions (others may exist)", n));
  }
  throw std::logic_error("evaluate_random: unknown quantifier");
}

}  // namespace mapcheck::explorer
