"""accounts: user records, credentials and account recovery."""
