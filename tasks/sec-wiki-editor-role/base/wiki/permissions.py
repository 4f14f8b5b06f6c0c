"""Who may do what with a page. Every write path of the service goes through these."""

from __future__ import annotations

from .models import Page, Role, User


def can_view(user: User, page: Page) -> bool:
    """Pages are visible to their team and to admins."""
    return user.role is Role.ADMIN or user.team_id == page.team_id


def can_edit(user: User, page: Page) -> bool:
    """Admins can edit any page; authors can edit their own page unless it is locked."""
    if user.role is Role.ADMIN:
        return True
    if page.locked:
        return False
    return user.id == page.author_id


def can_delete(user: User, page: Page) -> bool:
    """Deleting is reserved to admins and to the author of an unlocked page."""
    return user.role is Role.ADMIN or (user.id == page.author_id and not page.locked)
