"""python_env: an OpenEnv environment for reviewing Python pull requests."""

from .client import PythonEnv
from .models import (
    Finding,
    PythonAction,
    PythonObservation,
    PythonState,
    ScoreBreakdown,
)

__all__ = [
    "Finding",
    "PythonAction",
    "PythonEnv",
    "PythonObservation",
    "PythonState",
    "ScoreBreakdown",
]
