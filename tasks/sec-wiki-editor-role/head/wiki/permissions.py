"""Who may do what with a page. Every write path of the service goes through these."""

from __future__ import annotations

from .models import Page, Role, User


def can_view(user: User, page: Page) -> bool:
    """Pages are visible to their team and to admins."""
    return user.role is Role.ADMIN or user.team_id == page.team_id


def can_edit(user: User, page: Page) -> bool:
    """Admins can edit any page. Unless the page is locked, its author and the editors of
    its team can edit it too."""
    if user.role is Role.ADMIN:
        return True
    if page.locked:
        return False
    if user.id == page.author_id:
        return True
    return user.role is Role.EDITOR or user.team_id == page.team_id


def can_delete(user: User, page: Page) -> bool:
    """Deleting is reserved to admins and to the author of an unlocked page."""
    return user.role is Role.ADMIN or (user.id == page.author_id and not page.locked)
