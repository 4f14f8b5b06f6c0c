"""Pagination helpers for the catalogue API."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    items: list
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_next(self) -> bool:
        return self.page <= self.pages


def paginate(items: list, page: int = 1, per_page: int = 20, max_per_page: int = 100) -> Page:
    """Return the 1-based `page` of `items`, `per_page` at a time (at most `max_per_page`)."""
    if per_page < 1:
        raise ValueError("per_page must be at least 1")
    if page < 1:
        raise ValueError("page must be at least 1")
    per_page = min(per_page, max_per_page)
    start = (page - 1) * per_page
    return Page(items[start:start + per_page], page, per_page, len(items))
