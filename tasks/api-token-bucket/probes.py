class FakeClock:
    def __init__(self, now=0.0):
        self.now = now

    def __call__(self):
        return self.now


def check_polling_client_gets_configured_rate():
    from throttle.bucket import TokenBucket

    clock = FakeClock()
    bucket = TokenBucket(rate=1.0, capacity=1, clock=clock)
    allowed = []
    for step in range(21):  # a client retrying every 250 ms for 5 s
        clock.now = step * 0.25
        if bucket.try_acquire():
            allowed.append(clock.now)
    return allowed


def check_retry_after_is_stable_while_refused():
    from throttle.limiter import BucketLimiter

    clock = FakeClock(100.0)
    limiter = BucketLimiter(rate=0.5, burst=2, clock=clock)
    out = [limiter.allow("k"), limiter.allow("k"), limiter.allow("k")]
    for now in (100.5, 101.0, 101.5, 102.0):
        clock.now = now
        out.append(limiter.retry_after("k"))
    out.append(limiter.allow("k"))
    return out


def check_burst_then_refill():
    from throttle.bucket import TokenBucket

    clock = FakeClock(10.0)
    bucket = TokenBucket(rate=0.5, capacity=3, clock=clock)
    out = [bucket.try_acquire() for _ in range(4)]
    clock.now = 12.0
    out += [bucket.try_acquire(), bucket.try_acquire()]
    clock.now = 100.0
    out += [bucket.try_acquire(2), bucket.try_acquire(), bucket.try_acquire()]
    out.append(bucket.retry_after(1))
    return out


def check_keys_are_independent():
    from throttle.limiter import BucketLimiter

    clock = FakeClock()
    limiter = BucketLimiter(rate=2.0, burst=2, clock=clock)
    out = [limiter.allow("alice"), limiter.allow("alice"), limiter.allow("bob"),
           limiter.allow("alice"), limiter.allow("bob"), limiter.allow("bob")]
    out.append([limiter.retry_after("alice"), limiter.retry_after("carol")])
    return out


def check_argument_validation():
    from throttle.bucket import TokenBucket

    out = []
    for args in ((0, 5), (1, 0.5), (-1, 3)):
        try:
            TokenBucket(*args, clock=FakeClock())
            out.append("accepted")
        except ValueError:
            out.append("ValueError")
    try:
        TokenBucket(1, 3, clock=FakeClock()).try_acquire(4)
        out.append("accepted")
    except ValueError:
        out.append("ValueError")
    return out
