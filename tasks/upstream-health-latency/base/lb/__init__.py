"""Client-side load balancing over a static list of upstream servers."""
