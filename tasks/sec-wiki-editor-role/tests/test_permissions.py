from wiki.models import Page, Role, User
from wiki.permissions import can_edit


PAGE = Page(id=1, team_id=5, author_id=100, title="Onboarding")


def test_author_can_edit():
    assert can_edit(User(100, team_id=5), PAGE)


def test_team_editor_can_edit():
    assert can_edit(User(101, team_id=5, role=Role.EDITOR), PAGE)


def test_member_of_other_team_cannot_edit():
    assert not can_edit(User(102, team_id=6), PAGE)


def test_locked_page_is_admin_only():
    locked = Page(id=2, team_id=5, author_id=100, title="Policy", locked=True)
    assert not can_edit(User(100, team_id=5), locked)
    assert can_edit(User(1, team_id=1, role=Role.ADMIN), locked)
