"""Release tooling: version numbers and channel selection for the updater."""
