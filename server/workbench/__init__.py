"""The review workbench: a page at `/review` to review a pull request by hand."""

from .routes import mount_workbench

__all__ = ["mount_workbench"]
