"""Trainer integrations. `trl`: TRL's GRPOTrainer (the `train` dependency group); `verifiers`: a
verifiers environment (the `verifiers` group); `review_tools`: the review session as text tools
that both use."""
