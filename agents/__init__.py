"""Baseline policies for python_env and the evaluation command."""
