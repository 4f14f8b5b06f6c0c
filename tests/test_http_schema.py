"""Schemathesis over the HTTP OpenAPI schema: no request a client can make is a server error.

The default run is bounded (a few examples per operation); `-m fuzz` runs a larger one.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from python_env.server.app import build_app

# The Task API routes take the environment's name in their path: give the real one, or every
# request stops at a 404.
CONFIG = SchemathesisConfig.from_dict({"parameters": {"path.env_name": "python_env"}})
schema = schemathesis.openapi.from_asgi("/openapi.json", build_app(), config=CONFIG)

_COMMON = {"deadline": None, "derandomize": True,
           "suppress_health_check": list(HealthCheck)}


def _no_server_error(case) -> None:
    response = case.call()
    assert response.status_code < 500, (
        f"{case.method} {case.formatted_path} {case.body!r} -> {response.status_code} "
        f"{response.text[:300]}")


@schema.parametrize()
@settings(max_examples=15, **_COMMON)
def test_no_server_error(case):
    _no_server_error(case)


@pytest.mark.fuzz
@schema.parametrize()
@settings(max_examples=500, **_COMMON)
def test_no_server_error_long(case):
    _no_server_error(case)
