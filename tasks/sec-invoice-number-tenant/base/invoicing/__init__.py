"""invoicing: multi-tenant invoices (each customer organisation is a tenant)."""
