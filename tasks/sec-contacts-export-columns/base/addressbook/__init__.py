"""addressbook: per-account contact lists."""
