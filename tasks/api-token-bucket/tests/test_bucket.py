from throttle.bucket import TokenBucket
from throttle.limiter import BucketLimiter


class Clock:
    now = 0.0

    def __call__(self):
        return self.now


def test_bucket_starts_full():
    bucket = TokenBucket(rate=1, capacity=3, clock=Clock())
    assert [bucket.try_acquire() for _ in range(4)] == [True, True, True, False]


def test_refills_over_time():
    clock = Clock()
    bucket = TokenBucket(rate=2, capacity=1, clock=clock)
    assert bucket.try_acquire()
    clock.now = 0.5
    assert bucket.try_acquire()


def test_limiter_retry_after():
    clock = Clock()
    limiter = BucketLimiter(rate=1, burst=1, clock=clock)
    assert limiter.allow("k")
    assert limiter.retry_after("k") == 1.0
