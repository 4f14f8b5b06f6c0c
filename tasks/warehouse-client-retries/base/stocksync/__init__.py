"""Nightly and on-demand synchronisation of stock levels from the warehouse API."""
