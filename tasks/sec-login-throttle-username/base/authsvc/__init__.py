"""authsvc: the sign-in service."""
