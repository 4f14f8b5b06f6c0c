"""The sandbox's worker slots, handed out round-robin across the sessions that wait for them.

A plain queue of slots serves jobs in arrival order, so a session that queues many jobs makes
every other session wait behind all of them. Here each owner (a session) has its own queue of
waiting jobs, and a freed slot goes to the next owner in turn, one job each: a session that
arrives behind a flood waits for at most one job per other waiting session. An owner may hold
at most `max_queued` waiting jobs; one more is refused at once with `SandboxBusy`.

The owner is whatever `job_owner` names: the value set by `owner()` (PythonEnvironment sets its
own identity around each action), else the calling thread.
"""

from __future__ import annotations

import threading
from collections import OrderedDict, deque
from collections.abc import Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

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

    def acquire(self, who: Hashable) -> int:
        with self._cond:
            if self._free and not self._waiting:
                return self._free.pop()
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
                    self._free.append(ticket[0])
                else:
                    self._waiting[who].remove(ticket)
                    if not self._waiting[who]:
                        del self._waiting[who]
                self._dispatch()
                raise
            return ticket[0]

    def release(self, slot: int) -> None:
        with self._cond:
            self._free.append(slot)
            self._dispatch()

    def queued(self, who: Hashable) -> int:
        with self._cond:
            return len(self._waiting.get(who, ()))

    def _dispatch(self) -> None:
        """Give free slots to the owners in turn, one job each; the served owner goes last."""
        granted = False
        while self._free and self._waiting:
            who, queue = next(iter(self._waiting.items()))
            queue.popleft().append(self._free.pop())
            granted = True
            if queue:
                self._waiting.move_to_end(who)
            else:
                del self._waiting[who]
        if granted:
            self._cond.notify_all()
