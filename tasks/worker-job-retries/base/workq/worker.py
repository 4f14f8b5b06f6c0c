"""Run queued jobs on worker threads."""

from __future__ import annotations

import itertools
import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)

Handler = Callable[[Any], None]


@dataclass
class Job:
    id: int
    payload: Any


class Worker:
    """Jobs are handled in submission order by whichever thread picks them up."""

    def __init__(self, handler: Handler) -> None:
        self._handler = handler
        self._queue: queue.Queue[Job] = queue.Queue()
        self._ids = itertools.count(1)
        self.processed = 0
        self.failed: list[Job] = []

    def submit(self, payload: Any) -> int:
        """Queue a job; return its id."""
        job = Job(next(self._ids), payload)
        self._queue.put(job)
        return job.id

    def process_one(self, timeout: float | None = None) -> bool:
        """Handle the next job; return False if none arrived within `timeout` seconds."""
        try:
            job = self._queue.get(timeout=timeout)
        except queue.Empty:
            return False
        try:
            self._handler(job.payload)
            self.processed += 1
        except Exception:
            log.exception("job %s failed", job.id)
            self.failed.append(job)
        finally:
            self._queue.task_done()
        return True

    def run_pending(self) -> int:
        """Handle the jobs that are queued now, without waiting; return how many."""
        handled = 0
        while self.process_one(timeout=0):
            handled += 1
        return handled

    def run_forever(self, stop: threading.Event, poll: float = 0.5) -> None:
        """Thread target: handle jobs until `stop` is set."""
        while not stop.is_set():
            self.process_one(timeout=poll)

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Wait until every submitted job has been handled; False if `timeout` ran out.

        Used by the graceful shutdown, before the worker threads are stopped.
        """
        done = self._queue.all_tasks_done
        with done:
            return done.wait_for(lambda: not self._queue.unfinished_tasks, timeout)
