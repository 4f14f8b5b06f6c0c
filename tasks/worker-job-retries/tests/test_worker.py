from workq.worker import Worker


def test_jobs_are_handled_in_order():
    seen = []
    worker = Worker(seen.append)
    worker.submit(1)
    worker.submit(2)
    assert worker.run_pending() == 2
    assert seen == [1, 2]
    assert worker.processed == 2


def test_failing_job_is_retried_then_dead_lettered():
    calls = []

    def handler(payload):
        calls.append(payload)
        raise ValueError("broken")

    worker = Worker(handler, max_attempts=3)
    worker.submit("x")
    worker.run_pending()
    assert calls == ["x", "x", "x"]
    assert [job.attempts for job in worker.dead_letters] == [3]


def test_idle_when_nothing_submitted():
    assert Worker(print).wait_idle(timeout=0)
