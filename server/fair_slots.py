"""The sandbox's worker slots, shared fairly between the sessions that wait for them.

A plain queue of slots serves jobs in arrival order: a session that arrives behind a flood of
slow jobs (from one session or several) waits for all of them. Here each owner (a session) has
its own queue of waiting jobs, and a freed slot goes to the waiting owner that has used the
sandbox least lately (slot time, decaying with a half-life of USAGE_HALF_LIFE_S, running jobs
included); owners with equal use take turns, one job each (round-robin). A session that seldom
runs jobs therefore waits only for the next slot to free, however many slow jobs others queue.
Jobs are never pre-empted: a running job keeps its slot until it ends (its wall limit bounds it).
An owner may have at most `max_queued` waiting jobs; one more is refused at once (SandboxBusy).

The owner is whatever `job_owner` names: the value set by `owner()`, else the calling thread
(OpenEnv runs each WebSocket session's steps in a thread of its own).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from collections.abc import Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

USAGE_HALF_LIFE_S = 10.0
_owner: ContextVar[Hashable | None] = ContextVar("sandbox_job_owner", default=None)


class SandboxBusy(RuntimeError):
    """A session asked for more sandbox jobs at once than it may queue."""


@contextmanager
def owner(name: Hashable) -> Iterator[None]:
    """Sandbox jobs started in this block (in this thread) queue as `name`'s."""
    token = _owner.set(name)
    try:
        yield
    finally:
        _owner.reset(token)


def job_owner() -> Hashable:
    current = _owner.get()
    return current if current is not None else ("thread", threading.get_ident())


class FairSlots:
    def __init__(self, slots: int, max_queued: int):
        self.max_queued = max_queued
        self._cond = threading.Condition()
        self._free = list(range(slots - 1, -1, -1))  # pop() hands out slot 0 first
        # Owners with waiting jobs, in turn order; each job waits on its own one-item list.
        self._waiting: OrderedDict[Hashable, deque[list[int]]] = OrderedDict()
        self._held: dict[int, tuple[Hashable, float]] = {}  # slot -> (owner, since)
        self._used: dict[Hashable, tuple[float, float]] = {}  # owner -> (seconds, as of)

    def acquire(self, who: Hashable) -> int:
        with self._cond:
            if self._free and not self._waiting:
                return self._grant(who)
            queue = self._waiting.get(who)
            if queue is not None and len(queue) >= self.max_queued:
                raise SandboxBusy(
                    f"too many sandbox jobs waiting for this session ({len(queue)} queued, at "
                    f"most {self.max_queued}): wait for the running ones to finish")
            ticket: list[int] = []
            self._waiting.setdefault(who, deque()).append(ticket)
            self._dispatch()
            try:
                while not ticket:
                    self._cond.wait()
            except BaseException:  # interrupted: give back what was granted, or leave the line
                if ticket:
                    self._release(ticket[0])
                else:
                    self._waiting[who].remove(ticket)
                    if not self._waiting[who]:
                        del self._waiting[who]
                self._dispatch()
                raise
            return ticket[0]

    def release(self, slot: int) -> None:
        with self._cond:
            self._release(slot)
            self._dispatch()

    def queued(self, who: Hashable) -> int:
        with self._cond:
            return len(self._waiting.get(who, ()))

    def usage(self, who: Hashable) -> float:
        """Decayed slot-seconds of `who`, running jobs included."""
        with self._cond:
            return self._usage(who, time.monotonic())

    def _grant(self, who: Hashable) -> int:
        slot = self._free.pop()
        self._held[slot] = (who, time.monotonic())
        return slot

    def _release(self, slot: int) -> None:
        who, since = self._held.pop(slot)
        now = time.monotonic()
        self._used[who] = (self._decayed(who, now) + (now - since), now)
        self._free.append(slot)
        for name in [n for n in self._used if self._decayed(n, now) < 1e-3]:
            del self._used[name]  # forgotten: as if it had never run

    def _decayed(self, who: Hashable, now: float) -> float:
        seconds, as_of = self._used.get(who, (0.0, now))
        return seconds * 0.5 ** ((now - as_of) / USAGE_HALF_LIFE_S)

    def _usage(self, who: Hashable, now: float) -> float:
        running = sum(now - since for name, since in self._held.values() if name == who)
        return self._decayed(who, now) + running

    def _dispatch(self) -> None:
        """Give free slots to the waiting owners that used the sandbox least (the first in
        turn order among equals), one job each; an owner served goes to the end of the turn."""
        granted = False
        while self._free and self._waiting:
            now = time.monotonic()
            who = min(self._waiting, key=lambda name: self._usage(name, now))
            queue = self._waiting[who]
            ticket = queue.popleft()
            ticket.append(self._grant(who))
            granted = True
            if queue:
                self._waiting.move_to_end(who)
            else:
                del self._waiting[who]
        if granted:
            self._cond.notify_all()
