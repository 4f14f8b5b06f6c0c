"""Sales reports for the back office."""
