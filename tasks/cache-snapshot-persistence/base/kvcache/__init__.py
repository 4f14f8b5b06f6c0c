"""In-process caching for the catalogue service."""

from .ttl import TTLCache

__all__ = ["TTLCache"]
