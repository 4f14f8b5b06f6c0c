"""Trainer integrations: TRL (`trl`) and verifiers (`verifiers_env`). Each needs its optional group."""
