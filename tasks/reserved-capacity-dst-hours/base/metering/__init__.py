"""Usage metering and billing of compute resources.

Customers are billed per calendar day in their own billing time zone.
"""
