"""Client for the internal billing API (charges, refunds, invoices)."""
