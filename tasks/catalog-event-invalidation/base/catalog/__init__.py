"""Catalogue front-end: rendered page fragments served from a cache."""
