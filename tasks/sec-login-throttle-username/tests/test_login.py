from authsvc.directory import Directory
from authsvc.login import AccountLocked, InvalidCredentials, LoginService


def _service(now):
    directory = Directory()
    directory.add("Carol", "carol-long-password")
    return LoginService(directory, clock=lambda: now[0])


def _fails(service, password):
    try:
        service.login("carol", password, "198.51.100.1")
    except InvalidCredentials:
        return "invalid"
    except AccountLocked:
        return "locked"
    return "ok"


def test_login_is_case_insensitive():
    service = _service([0.0])
    assert service.login("CAROL", "carol-long-password", "198.51.100.1").username == "carol"


def test_five_failures_lock_the_account():
    now = [0.0]
    service = _service(now)
    results = []
    for _ in range(6):
        now[0] += 1
        results.append(_fails(service, "wrong"))
    assert results == ["invalid"] * 5 + ["locked"]


def test_lock_expires():
    now = [0.0]
    service = _service(now)
    for _ in range(5):
        _fails(service, "wrong")
    now[0] += 901
    assert _fails(service, "carol-long-password") == "ok"
