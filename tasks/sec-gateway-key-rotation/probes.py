OLD = "old-key-0123456789abcdefghij"
NEW = "new-key-ZYXWVUTSRQPONMLKJIHG"
BASE_ENV = {"GATEWAY_UPSTREAM_URL": "https://reports.internal"}


def _config(**env):
    from gateway.config import load_config

    return load_config({**BASE_ENV, **env})


def _outcome(fn):
    from gateway.config import ConfigurationError

    try:
        return fn()
    except ConfigurationError:
        return "ConfigurationError"


def check_config_key_parsing():
    cases = [
        {"GATEWAY_API_KEYS": f"{NEW}, {OLD}"},
        {"GATEWAY_API_KEYS": f" {NEW} ,,{OLD},{NEW}, "},
        {"GATEWAY_API_KEY": OLD},
        {"GATEWAY_API_KEYS": "", "GATEWAY_API_KEY": OLD},
        {"GATEWAY_API_KEYS": " , ,"},
        {},
        {"GATEWAY_API_KEYS": f"{NEW},short"},
        {"GATEWAY_API_KEY": "   "},
    ]
    return [_outcome(lambda env=env: list(_config(**env).api_keys)) for env in cases]


def check_accepts_each_configured_key():
    from gateway.auth import ApiKeyAuth, fingerprint

    auth = ApiKeyAuth(_config(GATEWAY_API_KEYS=f"{NEW},{OLD}"))
    requests = [
        {"X-Api-Key": NEW},
        {"x-api-key": OLD},
        {"Authorization": f"Bearer {NEW}"},
        {"authorization": f"bearer  {OLD} "},
        {"X-API-KEY": f" {NEW}\t"},
    ]
    return [[auth.identify(h) == fingerprint(k), auth.is_authorised(h)]
            for h, k in zip(requests, [NEW, OLD, NEW, OLD, NEW], strict=True)]


def check_rejects_missing_blank_and_wrong_keys():
    from gateway.auth import ApiKeyAuth

    auth = ApiKeyAuth(_config(GATEWAY_API_KEYS=f"{NEW},,{OLD},"))
    requests = [
        {},
        {"X-Api-Key": ""},
        {"X-Api-Key": "   "},
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer "},
        {"Authorization": f"Basic {NEW}"},
        {"Authorization": NEW},
        {"X-Api-Key": NEW[:-1]},
        {"X-Api-Key": NEW + "x"},
        {"X-Api-Key": f"{NEW},{OLD}"},
        {"X-Api-Key": "ключ-" + NEW},
        {"X-Api-Key": "", "Authorization": f"Bearer {NEW}"},
    ]
    return [[auth.identify(h), auth.is_authorised(h)] for h in requests]


def check_fingerprints():
    from gateway.auth import fingerprint

    return [fingerprint(OLD), fingerprint(NEW), len(fingerprint("x")), OLD not in fingerprint(OLD)]
