"""Drop cached catalogue fragments when the domain events that make them stale arrive."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from .cache import FragmentCache
from .events import Event, EventBus

# topic -> kinds of fragment rendered from the entity named by the event's "id"
DEFAULT_ROUTES: Mapping[str, tuple[str, ...]] = {
    "product.updated": ("product", "product-card"),
    "price.changed": ("product", "product-card", "price"),
    "category.renamed": ("category", "menu"),
}


@dataclass
class InvalidationStats:
    """How many fragments each topic dropped (exported as a metric)."""

    dropped: Counter[str] = field(default_factory=Counter)


def wire_invalidation(
    bus: EventBus,
    cache: FragmentCache,
    routes: Mapping[str, tuple[str, ...]] = DEFAULT_ROUTES,
) -> InvalidationStats:
    """Subscribe to every topic of `routes`; return the counters the handlers update."""
    stats = InvalidationStats()
    for topic, kinds in routes.items():

        def invalidate(event: Event) -> None:
            entity_id = event.payload["id"]
            for kind in kinds:
                if cache.delete(FragmentCache.key(kind, entity_id)):
                    stats.dropped[topic] += 1

        bus.subscribe(topic, invalidate)
    return stats
