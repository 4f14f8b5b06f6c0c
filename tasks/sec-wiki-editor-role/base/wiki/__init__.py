"""wiki: team knowledge-base pages."""
