"""Card payments through the payment service provider (PSP)."""
