"""Matching bank statement lines against the open entries of the receivables ledger."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from .statement import StatementLine


@dataclass(frozen=True)
class LedgerEntry:
    entry_id: str
    amount_cents: int
    reference: str


@dataclass
class Reconciliation:
    matched: list[tuple[StatementLine, LedgerEntry]] = field(default_factory=list)
    unmatched_lines: list[StatementLine] = field(default_factory=list)
    open_entries: list[LedgerEntry] = field(default_factory=list)

    @property
    def balanced(self) -> bool:
        return not self.unmatched_lines and not self.open_entries


def normalise_reference(reference: str) -> str:
    """Banks shuffle spacing and case in references: compare 'inv 2024 / 0017' as 'INV2024/0017'."""
    return "".join(reference.split()).upper()


def reconcile(statement: Iterable[StatementLine],
              ledger: Iterable[LedgerEntry]) -> Reconciliation:
    """Match each statement line to an open entry with the same amount and reference.

    Entries are consumed in ledger order, so two identical payments settle two identical
    invoices. Lines without a counterpart and entries left open are reported.
    """
    candidates: dict[tuple[int, str], list[LedgerEntry]] = defaultdict(list)
    for entry in ledger:
        candidates[(entry.amount_cents, normalise_reference(entry.reference))].append(entry)
    result = Reconciliation()
    for line in statement:
        key = (line.amount_cents, normalise_reference(line.reference))
        if candidates.get(key):
            result.matched.append((line, candidates[key].pop(0)))
        else:
            result.unmatched_lines.append(line)
    result.open_entries = [entry for entries in candidates.values() for entry in entries]
    return result
