"""In-process caching for the catalogue service."""

from .snapshot import load_snapshot, save_snapshot
from .ttl import TTLCache

__all__ = ["TTLCache", "load_snapshot", "save_snapshot"]
