"""gateway: the internal API gateway in front of the reporting services."""
