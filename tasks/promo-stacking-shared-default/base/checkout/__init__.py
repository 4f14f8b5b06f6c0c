"""Checkout: order pricing and promotions."""
