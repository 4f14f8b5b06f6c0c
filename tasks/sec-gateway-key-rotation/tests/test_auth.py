from gateway.auth import ApiKeyAuth
from gateway.config import ConfigurationError, load_config

KEY_A = "a" * 12 + "-first-rotation-key"
KEY_B = "b" * 12 + "-second-rotation-key"
ENV = {"GATEWAY_UPSTREAM_URL": "https://reports.internal"}


def test_both_keys_accepted_during_rotation():
    auth = ApiKeyAuth(load_config({**ENV, "GATEWAY_API_KEYS": f"{KEY_A},{KEY_B}"}))
    assert auth.is_authorised({"X-Api-Key": KEY_A})
    assert auth.is_authorised({"X-Api-Key": KEY_B})


def test_legacy_single_key_variable():
    config = load_config({**ENV, "GATEWAY_API_KEY": KEY_A})
    assert config.api_keys == (KEY_A,)


def test_wrong_key_refused():
    auth = ApiKeyAuth(load_config({**ENV, "GATEWAY_API_KEYS": KEY_A}))
    assert not auth.is_authorised({"X-Api-Key": KEY_B})


def test_no_keys_is_a_configuration_error():
    try:
        load_config({**ENV, "GATEWAY_API_KEYS": ","})
    except ConfigurationError:
        return
    raise AssertionError("a gateway without keys was configured")
