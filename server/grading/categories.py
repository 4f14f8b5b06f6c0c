"""Which category a reviewer may file an issue under, and for how much of the credit.

A compatibility table, symmetric: when a finding filed under category A matches an issue of
category B it earns the same fraction as one filed under B would for an issue of A, because the
reasoning that makes the two categories neighbours runs both ways. The exact category earns 1.

- `bug` is the general category: any defect filed as a bug is a fair diagnosis (NEIGHBOUR),
  except a maintainability issue, which is not a defect.
- NEIGHBOUR pairs describe one defect from two sides: a race is a concurrency bug; an
  authorisation hole is a security bug; a quadratic loop is a performance bug; a regex with
  catastrophic backtracking is both a performance and a security (ReDoS) problem; a lock held
  across slow I/O is both concurrency and performance; a swallowed exception breaks the API's
  error contract; a leaked handle costs performance.
- LOOSE pairs share a cause less often: a leaked lock or connection under concurrency, a handle
  leaked on an error path, an exception that leaks secrets or an API that exposes too much.
- `maintainability` matches only itself: calling a defect a naming or style problem is the
  wrong diagnosis.
"""

from __future__ import annotations

from itertools import combinations

from ...models import Category

EXACT, NEIGHBOUR, LOOSE = 1.0, 0.75, 0.5

_NEIGHBOURS = {
    ("bug", "security"), ("bug", "concurrency"), ("bug", "performance"), ("bug", "resource"),
    ("bug", "error_handling"), ("bug", "api_contract"),
    ("performance", "security"), ("concurrency", "performance"),
    ("error_handling", "api_contract"), ("resource", "performance"),
}
_LOOSE = {
    ("concurrency", "resource"), ("error_handling", "resource"),
    ("error_handling", "security"), ("api_contract", "security"),
}


def _table() -> dict[tuple[str, str], float]:
    table = {(c.value, c.value): EXACT for c in Category}
    for a, b in combinations([c.value for c in Category], 2):
        credit = (NEIGHBOUR if (a, b) in _NEIGHBOURS or (b, a) in _NEIGHBOURS
                  else LOOSE if (a, b) in _LOOSE or (b, a) in _LOOSE else 0.0)
        table[a, b] = table[b, a] = credit
    return table


COMPATIBILITY: dict[tuple[str, str], float] = _table()


def category_credit(issue_category: str, finding_category: str) -> float:
    """Fraction of the credit a finding of `finding_category` earns on an issue of the other."""
    return COMPATIBILITY[issue_category, finding_category]
