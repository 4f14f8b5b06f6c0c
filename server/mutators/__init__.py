"""Mutation kinds as small declarative classes on libcst (see base.py), and `find_sites`."""

from .base import Edit, Kind, Mutation, Mutator, Rewrite, Source
from .finder import find_sites
from .registry import KINDS, MUTATORS

__all__ = ["KINDS", "MUTATORS", "Edit", "Kind", "Mutation", "Mutator", "Rewrite", "Source",
           "find_sites"]
