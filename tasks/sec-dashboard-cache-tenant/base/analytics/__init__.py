"""analytics: the tenant dashboard's reporting backend."""
