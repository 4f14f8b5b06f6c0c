"""Usage metering and billing of compute resources.

Customers are billed per calendar day in their own billing time zone: on-demand usage by the
second (`usage`), reserved capacity by the hour (`reservations`).
"""
