"""Merging contact lists from several sources (shop, newsletter, events) into one."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .index import KeyIndex

Record = Mapping[str, Any]


@dataclass
class MergeResult:
    contacts: list[dict[str, Any]] = field(default_factory=list)
    duplicates: int = 0
    kept_by_source: dict[str, int] = field(default_factory=dict)
    index: KeyIndex = field(default_factory=KeyIndex)


def contact_key(record: Record) -> tuple[str, str]:
    """Who a record is: e-mail if it has one, else the last ten phone digits, else the name."""
    email = str(record.get("email") or "").strip().lower()
    if email:
        return ("email", email)
    digits = "".join(ch for ch in str(record.get("phone") or "") if ch.isdigit())
    if digits:
        return ("phone", digits[-10:])
    return ("name", " ".join(str(record.get("name") or "").lower().split()))


def merge_feeds(feeds: Mapping[str, Iterable[Record]],
                key: Callable[[Record], Hashable] = contact_key,
                index: KeyIndex | None = None) -> MergeResult:
    """Merge the feeds in the given order; the first record of each contact wins.

    Every kept contact is copied and tagged with the source it came from. Pass the `index`
    of earlier runs to skip the contacts they already merged; it is updated in place and
    returned as `result.index`, ready to be saved.
    """
    index = KeyIndex() if index is None else index
    result = MergeResult(index=index)
    for source, records in feeds.items():
        kept = 0
        for record in records:
            if index.add(key(record)):
                result.contacts.append({**record, "source": source})
                kept += 1
            else:
                result.duplicates += 1
        result.kept_by_source[source] = kept
    return result
