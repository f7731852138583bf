#!/usr/bin/env python3
"""Probes a TCP service through the virtual address at a fixed rate and prints
one line per probe: `<send time, CLOCK_MONOTONIC seconds> <1|0> <answer>`.

    ip netns exec CLIENT vip_prober.py --address 198.18.0.100 --port 1135 --hz 100

Each probe is a new connection that must return the first line the mock CAS
sends (`cas1 1135`) within --timeout; probes start on schedule whether or not
earlier ones have finished, so a hung connection does not slow the prober.
The time printed is when the probe started, so the gap from the last answered
probe to the first answered one after a fault is what a client saw. Runs
until SIGTERM or stdin closes. Standard library only.
"""

import argparse
import asyncio
import signal
import sys
import time


async def probe(address, port, timeout):
    writer = None
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(address, port), timeout)
        line = await asyncio.wait_for(reader.readline(), timeout)
        text = line.decode(errors="replace").strip()
        return (True, text.split()[0]) if text else (False, "empty")
    except (OSError, asyncio.TimeoutError) as e:
        return False, type(e).__name__
    finally:
        if writer is not None:
            writer.close()


async def run(args):
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_signal_handler(signal.SIGINT, stop.set)
    loop.add_reader(sys.stdin.fileno(), lambda: sys.stdin.buffer.read1(1 << 16) or stop.set())
    out = sys.stdout
    period = 1.0 / args.hz
    pending = set()

    async def one(t0):
        ok, what = await probe(args.address, args.port, args.timeout)
        out.write(f"{t0:.4f} {1 if ok else 0} {what}\n")
        out.flush()

    next_at = time.monotonic()
    while not stop.is_set():
        t0 = time.monotonic()
        task = asyncio.ensure_future(one(t0))
        pending.add(task)
        task.add_done_callback(pending.discard)
        next_at += period
        delay = next_at - time.monotonic()
        if delay < 0:  # behind schedule (a busy CPU): restart the schedule, never burst
            next_at = time.monotonic()
            delay = 0
        try:
            await asyncio.wait_for(stop.wait(), delay)
        except asyncio.TimeoutError:
            pass
    if pending:
        await asyncio.wait(pending, timeout=args.timeout + 1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--address", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--hz", type=float, default=100.0)
    parser.add_argument("--timeout", type=float, default=0.5)
    args = parser.parse_args()
    asyncio.run(run(args))


if __name__ == "__main__":
    main()
