"""alerting: user-defined alert rules evaluated against metric snapshots."""
