"""Memoisation helpers for the recommendation service: an LRU cache and its metrics."""

from .lru import LRUCache
from .stats import CacheStats

__all__ = ["CacheStats", "LRUCache"]
