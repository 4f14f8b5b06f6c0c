"""filehub: a small file-sharing service (routing, request checks, storage, handlers)."""
