"""python_env: an OpenEnv environment for reviewing Python pull requests."""

from .check import EnvCheckError, check_env
from .client import PythonEnv
from .models import (
    Finding,
    PythonAction,
    PythonObservation,
    PythonState,
    ScoreBreakdown,
)

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
