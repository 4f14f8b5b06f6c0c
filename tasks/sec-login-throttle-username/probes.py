class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def _service():
    from authsvc.directory import Directory
    from authsvc.login import LoginService

    directory = Directory()
    directory.add("alice", "s3cret-passphrase", "Alice A.")
    directory.add("Bob.Smith", "bob-password-123")
    clock = Clock()
    return LoginService(directory, clock=clock), clock


def _attempt(service, username, password, ip="203.0.113.9"):
    from authsvc.login import AccountLocked, InvalidCredentials

    try:
        return service.login(username, password, ip).username
    except AccountLocked:
        return "locked"
    except InvalidCredentials:
        return "invalid"


def check_lockout_covers_username_spellings():
    service, clock = _service()
    for _ in range(5):
        clock.now += 1
        _attempt(service, "alice", "guess")
    clock.now += 1
    return [_attempt(service, name, "s3cret-passphrase")
            for name in ("Alice", " ALICE", "alice\t", "ａｌｉｃｅ", "alice")]


def check_failures_counted_across_spellings():
    service, clock = _service()
    trail = []
    for name in ("alice", "Alice", "ALICE", "aLice", "alicE", "ALice", "alice "):
        clock.now += 1
        trail.append(_attempt(service, name, "wrong guess"))
    clock.now += 1
    trail.append(_attempt(service, "alice", "s3cret-passphrase"))
    return trail


def check_lockout_and_recovery():
    service, clock = _service()
    trail = []
    for _ in range(6):
        clock.now += 10
        trail.append(_attempt(service, "Bob.Smith", "nope"))
    clock.now += 10
    trail.append(_attempt(service, "Bob.Smith", "bob-password-123"))
    clock.now += 901
    trail.append(_attempt(service, "Bob.Smith", "bob-password-123"))
    trail.append(_attempt(service, "alice", "s3cret-passphrase"))
    return trail


def check_window_and_reset_on_success():
    service, clock = _service()
    trail = []
    for _ in range(4):
        clock.now += 1
        trail.append(_attempt(service, "alice", "x"))
    clock.now += 1
    trail.append(_attempt(service, "alice", "s3cret-passphrase"))
    for _ in range(4):
        clock.now += 1
        trail.append(_attempt(service, "alice", "x"))
    clock.now += 1000
    for _ in range(4):
        clock.now += 1
        trail.append(_attempt(service, "alice", "x"))
    clock.now += 1
    trail.append(_attempt(service, "alice", "s3cret-passphrase"))
    trail.append(_attempt(service, "nobody", "x"))
    return trail


def check_throttle_policy_unit():
    from authsvc.throttle import LoginThrottle, ThrottlePolicy

    throttle = LoginThrottle(ThrottlePolicy(max_failures=3, window_s=60, lockout_s=30))
    states = []
    for t in (0, 10, 20):
        throttle.record_failure("k", t)
        states.append(throttle.is_locked("k", t))
    states.append(throttle.is_locked("k", 49))
    states.append(throttle.is_locked("k", 50))
    for t in (100, 170, 240):
        throttle.record_failure("k", t)
    states.append(throttle.is_locked("k", 240))
    return states
