"""snapshots: tar.gz snapshots of a project's data directory."""
