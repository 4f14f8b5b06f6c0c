"""python_env: an OpenEnv environment for reviewing Python pull requests.

The names below are imported on first use (PEP 562): `python-env --version` or `tasks list`
must not pay for OpenEnv's client and web UI (seconds of imports) that they do not use; and
OpenEnv's packages are registered deferred (defer_openenv.py), so the client imports OpenEnv's
client modules without its server.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from . import defer_openenv

defer_openenv.install()

if TYPE_CHECKING:
    from .check import EnvCheckError, check_env
    from .client import PythonEnv
    from .models import Finding, PythonAction, PythonObservation, PythonState, ScoreBreakdown

_EXPORTS = {
    "EnvCheckError": ".check",
    "check_env": ".check",
    "PythonEnv": ".client",
    "Finding": ".models",
    "PythonAction": ".models",
    "PythonObservation": ".models",
    "PythonState": ".models",
    "ScoreBreakdown": ".models",
}

__all__ = [
    "EnvCheckError",
    "Finding",
    "PythonAction",
    "PythonEnv",
    "PythonObservation",
    "PythonState",
    "ScoreBreakdown",
    "check_env",
]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        value = getattr(import_module(_EXPORTS[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
