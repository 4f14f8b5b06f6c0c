"""Service settings for the support desk (SLA targets, business hours)."""
