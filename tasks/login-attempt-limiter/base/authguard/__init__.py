"""Authentication for the customer portal."""
