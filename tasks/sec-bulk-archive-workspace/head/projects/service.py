"""Project use cases with their authorisation rules.

Members of a workspace can see its projects; only workspace admins can archive or restore
them.
"""

from __future__ import annotations

from collections.abc import Iterable

from .repository import Project, Repository

MAX_BULK = 500


class PermissionDenied(Exception):
    pass


class ProjectNotFound(LookupError):
    pass


class ProjectService:
    def __init__(self, repo: Repository) -> None:
        self._repo = repo

    def _require_member(self, user_id: int, workspace_id: int) -> str:
        role = self._repo.role_in(user_id, workspace_id)
        if role is None:
            raise PermissionDenied(f"user {user_id} is not in workspace {workspace_id}")
        return role

    def _require_admin(self, user_id: int, workspace_id: int) -> None:
        if self._require_member(user_id, workspace_id) != "admin":
            raise PermissionDenied(f"user {user_id} is not an admin of workspace {workspace_id}")

    def _project(self, project_id: int) -> Project:
        project = self._repo.get_project(project_id)
        if project is None:
            raise ProjectNotFound(project_id)
        return project

    def list_projects(
        self, user_id: int, workspace_id: int, include_archived: bool = False
    ) -> list[Project]:
        self._require_member(user_id, workspace_id)
        return self._repo.projects_in(workspace_id, include_archived)

    def archive(self, user_id: int, project_id: int) -> bool:
        """Archive one project; False if it already was."""
        project = self._project(project_id)
        self._require_admin(user_id, project.workspace_id)
        return self._repo.set_archived(project.id, True)

    def restore(self, user_id: int, project_id: int) -> bool:
        """Bring an archived project back; False if it was not archived."""
        project = self._project(project_id)
        self._require_admin(user_id, project.workspace_id)
        return self._repo.set_archived(project.id, False)

    def archive_many(self, user_id: int, workspace_id: int, project_ids: Iterable[int]) -> int:
        """Archive several projects of a workspace at once (the "clean up" screen).

        Returns how many projects were archived by this call.
        """
        self._require_admin(user_id, workspace_id)
        ids = list(dict.fromkeys(project_ids))
        if len(ids) > MAX_BULK:
            raise ValueError(f"at most {MAX_BULK} projects per request")
        return self._repo.set_archived_many(ids, True)
