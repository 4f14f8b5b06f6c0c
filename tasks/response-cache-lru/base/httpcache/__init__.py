"""Caching of rendered API responses in the gateway."""
