def _flaky_handler(log, failures):
    """Fail the first failures[payload] calls for each payload, then succeed."""
    remaining = dict(failures)

    def handler(payload):
        log.append(payload)
        if remaining.get(payload, 0) > 0:
            remaining[payload] -= 1
            raise RuntimeError(f"{payload} failed")

    return handler


def check_idle_after_retried_job():
    from workq.worker import Worker

    log = []
    worker = Worker(_flaky_handler(log, {"thumb-1": 1}), max_attempts=3)
    worker.submit("thumb-1")
    worker.submit("thumb-2")
    handled = worker.run_pending()
    return [handled, log, worker.processed, worker.wait_idle(timeout=0)]


def check_idle_after_dead_letter():
    from workq.worker import Worker

    log = []
    worker = Worker(_flaky_handler(log, {"export-9": 99}), max_attempts=2)
    worker.submit("export-9")
    handled = worker.run_pending()
    return [handled, log, [(j.id, j.payload, j.attempts) for j in worker.dead_letters],
            worker.wait_idle(timeout=0)]


def check_retry_order_and_dead_letters():
    from workq.worker import Worker

    log = []
    worker = Worker(_flaky_handler(log, {"a": 2, "b": 5, "c": 0}), max_attempts=3)
    ids = [worker.submit(p) for p in ("a", "b", "c")]
    handled = worker.run_pending()
    return [ids, handled, log, worker.processed,
            [(j.id, j.payload, j.attempts) for j in worker.dead_letters]]


def check_successful_jobs_leave_worker_idle():
    from workq.worker import Worker

    log = []
    worker = Worker(log.append)
    before = worker.wait_idle(timeout=0)
    worker.submit({"to": "a@example.test"})
    pending = worker.wait_idle(timeout=0)
    handled = worker.run_pending()
    return [before, pending, handled, worker.processed, log, worker.wait_idle(timeout=0),
            worker.process_one(timeout=0)]


def check_max_attempts_validation():
    from workq.worker import Worker

    out = []
    for value in (0, 1):
        try:
            out.append(Worker(print, max_attempts=value).max_attempts)
        except ValueError:
            out.append("ValueError")
    return out
