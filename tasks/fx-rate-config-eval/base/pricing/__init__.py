"""Catalogue pricing: money values and currency conversion."""
