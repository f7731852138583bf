"""Waiting for something, the one way the tests and benchmarks do it (Python
3 standard library): poll a predicate until it returns something true,
within a bound. The bound is a limit that keeps a broken run short, never a
measurement.

    sys.path.insert(0, os.path.join(TOP, "tests", "support"))
    from waiting import wait_for
    pids = wait_for(lambda: worker_pids(sock), "HAProxy's workers", timeout=10, ignore=(OSError,))

A predicate that knows waiting is hopeless (the process it waits for has
exited) raises its own exception, which ends the wait at once.
"""
import time


class WaitTimeout(AssertionError, TimeoutError):
    """The bound passed first: an AssertionError, so unittest reports a
    failure, and a TimeoutError for callers that catch that."""


def poll(predicate, timeout, step=0.1, ignore=()):
    """The predicate's first true value, or None once `timeout` seconds have
    passed. Exceptions of the types in `ignore` count as "not yet"."""
    return _poll(predicate, timeout, step, ignore)[0]


def wait_for(predicate, what, timeout=30.0, step=0.1, ignore=()):
    """Like poll(), but raises WaitTimeout naming `what` (and the last
    ignored exception) when the bound passes."""
    value, last_error = _poll(predicate, timeout, step, ignore)
    if value:
        return value
    raise WaitTimeout(f"timed out after {timeout:g} s waiting for {what}"
                      + (f" (last: {last_error})" if last_error else ""))


def _poll(predicate, timeout, step, ignore):
    deadline = time.monotonic() + timeout
    last_error = None
    while True:
        try:
            value = predicate()
            if value:
                return value, None
        except ignore as e:  # noqa: PERF203 (a retry loop)
            last_error = e
        if time.monotonic() >= deadline:
            return None, last_error
        time.sleep(step)
