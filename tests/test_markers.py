"""The hand-kept lists of tests/markers.py name tests that exist: a renamed or removed test must
not leave the fast loop silently (or keep a stale name in the list)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .markers import SLOW, SLOW_MODULES

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("node_id", sorted(SLOW))
def test_every_slow_test_named_exists(node_id: str):
    path, name = node_id.split("::", 1)
    source = (ROOT / path).read_text(encoding="utf-8")
    assert re.search(rf"^(async )?def {re.escape(name)}\(", source, re.M), (
        f"{node_id} is listed as slow in tests/markers.py but {path} defines no such test")


@pytest.mark.parametrize("path", sorted(SLOW_MODULES))
def test_every_slow_module_named_exists(path: str):
    assert (ROOT / path).is_file(), f"{path} is listed in SLOW_MODULES but does not exist"
