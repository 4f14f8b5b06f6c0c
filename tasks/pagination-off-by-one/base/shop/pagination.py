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


def paginate(items: list, page: int = 1, per_page: int = 20) -> Page:
    """Return the 1-based `page` of `items`, `per_page` at a time."""
    if per_page < 1:
        raise ValueError("per_page must be at least 1")
    if page < 1:
        raise ValueError("page must be at least 1")
    start = (page - 1) * per_page
    return Page(items[start:start + per_page], page, per_page, len(items))
