class FakeClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def _service():
    import sqlite3

    from accounts.cache import AccountCache
    from accounts.db import UserRepository
    from accounts.service import AccountService

    repo = UserRepository(sqlite3.connect(":memory:"))
    repo.create_schema()
    return AccountService(repo, AccountCache(ttl=300, clock=FakeClock())), repo


def _u(user):
    return None if user is None else [user.id, user.email, user.name]


def check_old_email_stops_resolving():
    svc, repo = _service()
    alice = svc.register("Alice@Old.example", "Alice")
    warmed = _u(svc.find_by_email("alice@old.example"))
    svc.change_email(alice.id, "alice@new.example")
    return [warmed, _u(svc.find_by_email("alice@old.example")),
            _u(svc.find_by_email("ALICE@new.example")), _u(svc.get_user(alice.id)),
            _u(repo.find_by_email("alice@old.example"))]


def check_old_email_can_be_registered_again():
    from accounts.service import EmailTaken

    svc, _ = _service()
    alice = svc.register("alice@old.example", "Alice")
    svc.find_by_email("alice@old.example")
    svc.change_email(alice.id, "alice@new.example")
    try:
        return _u(svc.register("alice@old.example", "Alicia"))
    except EmailTaken as exc:
        return ["EmailTaken", str(exc)]


def check_change_email_updates_lookups():
    svc, _ = _service()
    bob = svc.register("bob@example.test", "Bob")
    before = [_u(svc.get_user(bob.id)), _u(svc.find_by_email("robert@example.test"))]
    changed = _u(svc.change_email(bob.id, " Robert@Example.test "))
    return [before, changed, _u(svc.get_user(bob.id)),
            _u(svc.find_by_email("robert@example.test"))]


def check_rejected_changes():
    from accounts.service import EmailTaken, UnknownUser

    svc, _ = _service()
    a = svc.register("a@example.test", "A")
    svc.register("b@example.test", "B")
    out = [_u(svc.change_email(a.id, "A@example.test"))]
    for user_id, email in ((a.id, "b@example.test"), (99, "c@example.test")):
        try:
            svc.change_email(user_id, email)
            out.append("changed")
        except (EmailTaken, UnknownUser) as exc:
            out.append(type(exc).__name__)
    out.append([_u(svc.get_user(a.id)), _u(svc.find_by_email("b@example.test"))])
    return out


def check_repository_update_email():
    import sqlite3

    from accounts.db import UserRepository

    repo = UserRepository(sqlite3.connect(":memory:"))
    repo.create_schema()
    user = repo.add("x@example.test", "X")
    repo.add("y@example.test", "Y")
    out = [repo.update_email(user.id, "z@example.test"), repo.update_email(42, "q@example.test"),
           _u(repo.get(user.id))]
    try:
        repo.update_email(user.id, "y@example.test")
        out.append("updated")
    except sqlite3.IntegrityError:
        out.append("IntegrityError")
    return out
