"""Price quotes for the storefront: list prices, regional adjustments, caching."""
