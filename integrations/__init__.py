"""Trainer integrations. `trl`: TRL's GRPOTrainer (needs the `train` dependency group)."""
