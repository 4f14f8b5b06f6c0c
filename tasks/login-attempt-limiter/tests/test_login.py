from authguard.login import LockedOut, LoginService


class Clock:
    now = 0.0

    def __call__(self):
        return self.now


def service(clock, **kwargs):
    return LoginService(lambda u, p: p == "secret", clock=clock, **kwargs)


def test_valid_password():
    assert service(Clock()).login("alice", "secret")


def test_locked_out_after_max_attempts():
    clock = Clock()
    svc = service(clock, max_attempts=2, window=60)
    assert not svc.login("alice", "a")
    assert not svc.login("alice", "b")
    try:
        svc.login("alice", "secret")
    except LockedOut as exc:
        assert exc.retry_after == 60
    else:
        raise AssertionError("expected LockedOut")


def test_attempts_expire():
    clock = Clock()
    svc = service(clock, max_attempts=1, window=30)
    assert not svc.login("bob", "x")
    clock.now = 30
    assert svc.login("bob", "secret")
