"""Subscription plans and billing periods. Amounts are integer cents."""
