"""projects: workspaces, their members and their projects."""
