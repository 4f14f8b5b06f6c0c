"""Catalogue data: products and their price lists."""
