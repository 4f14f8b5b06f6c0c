"""Outgoing webhooks: deliver signed event notifications to customer endpoints."""
