"""A small in-process job queue for background work (emails, thumbnails, exports)."""
