"""webapp: the customer portal's request plumbing."""
