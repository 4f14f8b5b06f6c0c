"""notes: personal notes that can be shared read-only with colleagues."""
