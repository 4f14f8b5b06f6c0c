"""Feature flags stored in SQLite, evaluated per request."""
