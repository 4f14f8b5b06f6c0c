"""User accounts: storage, caching and the account service used by the web app."""
