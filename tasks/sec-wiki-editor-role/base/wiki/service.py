"""Page operations with their permission checks."""

from __future__ import annotations

from .models import Page, User
from .permissions import can_delete, can_edit, can_view


class PermissionDenied(Exception):
    pass


class PageNotFound(LookupError):
    pass


class PageService:
    def __init__(self) -> None:
        self._pages: dict[int, Page] = {}

    def create(self, user: User, title: str, body: str = "") -> Page:
        page = Page(len(self._pages) + 1, user.team_id, user.id, title, body)
        self._pages[page.id] = page
        return page

    def _get(self, page_id: int) -> Page:
        try:
            return self._pages[page_id]
        except KeyError:
            raise PageNotFound(page_id) from None

    def read(self, user: User, page_id: int) -> Page:
        page = self._get(page_id)
        if not can_view(user, page):
            raise PageNotFound(page_id)
        return page

    def edit(self, user: User, page_id: int, body: str) -> Page:
        page = self.read(user, page_id)
        if not can_edit(user, page):
            raise PermissionDenied(f"user {user.id} cannot edit page {page_id}")
        page.revisions.append(page.body)
        page.body = body
        return page

    def delete(self, user: User, page_id: int) -> None:
        page = self.read(user, page_id)
        if not can_delete(user, page):
            raise PermissionDenied(f"user {user.id} cannot delete page {page_id}")
        del self._pages[page_id]
