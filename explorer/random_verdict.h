// The verdict of an expectation on a random search. Random executions prove only existence:
// a seen outcome decides (witness or counterexample); nothing seen decides nothing.
#pragma once

#include "explorer/expectation.h"
#include "explorer/random_search.h"

namespace mapcheck::explorer {

/** Judges `e` on `r`: `sometimes X` holds when X was seen, `never X` and `always X` are violated
 *  when an outcome that breaks them was seen, `outcomes {…}` is violated by a seen outcome no
 *  pattern matches; everything else is unknown ("not seen in N random executions"). The
 *  deciding outcome is the first in RandomSearchResult order. Throws std::logic_error if `e`
 *  has the wrong number of patterns. */
Verdict evaluate_random(const Expectation& e, const RandomSearchResult& r);

}  // namespace mapcheck::explorer
