class FakeClock:
    def __init__(self, now=1000.0):
        self.now = now

    def __call__(self):
        return self.now


def _service(clock, max_attempts=3, window=60.0):
    from authguard.login import LoginService

    passwords = {"alice": "correct horse", "bob": "hunter2"}
    return LoginService(lambda u, p: passwords.get(u.strip().lower()) == p,
                        max_attempts=max_attempts, window=window, clock=clock)


def _attempt(service, username, password):
    from authguard.login import LockedOut

    try:
        return service.login(username, password)
    except LockedOut as exc:
        return ["locked", exc.username, exc.retry_after]


def check_lockout_and_window_boundary():
    clock = FakeClock()
    service = _service(clock)
    out = []
    for t in (1000.0, 1010.0, 1020.0, 1030.0):
        clock.now = t
        out.append(_attempt(service, "alice", "wrong"))
    for t in (1059.75, 1060.0, 1060.0, 1070.0, 1080.0):
        clock.now = t
        out.append(_attempt(service, "alice", "wrong"))
    return out


def check_success_resets_history():
    clock = FakeClock()
    service = _service(clock)
    out = [_attempt(service, "alice", "x"), _attempt(service, "alice", "y"),
           _attempt(service, "alice", "correct horse")]
    out += [_attempt(service, "alice", "z") for _ in range(4)]
    out.append(_attempt(service, "alice", "correct horse"))
    return out


def check_accounts_are_separate_and_case_insensitive():
    clock = FakeClock()
    service = _service(clock, max_attempts=2)
    out = [_attempt(service, "Alice", "a"), _attempt(service, " alice", "b"),
           _attempt(service, "ALICE", "correct horse"), _attempt(service, "bob", "hunter2")]
    return out


def check_window_log_directly():
    from authguard.window import SlidingWindowLog

    clock = FakeClock(0.0)
    log = SlidingWindowLog(limit=3, window=10.0, clock=clock)
    out = []
    for t in (0.0, 2.0, 4.0, 5.0, 9.5):
        clock.now = t
        out.append([log.acquire("k"), log.retry_after("k")])
    for t in (10.0, 11.0, 12.0, 14.0):
        clock.now = t
        out.append([log.acquire("k"), log.retry_after("k")])
    out.append(log.retry_after("unknown"))
    return out


def check_sweep_and_validation():
    from authguard.window import SlidingWindowLog

    clock = FakeClock(0.0)
    log = SlidingWindowLog(limit=2, window=5.0, clock=clock)
    log.acquire("a")
    clock.now = 3.0
    log.acquire("b")
    clock.now = 5.0
    first = log.sweep()
    clock.now = 8.0
    second = log.sweep()
    out = [first, second, log.sweep(), log.acquire("a"), log.acquire("a"), log.acquire("a")]
    for args in ((0, 1.0), (1, 0.0)):
        try:
            SlidingWindowLog(*args)
            out.append("accepted")
        except ValueError:
            out.append("ValueError")
    return out
