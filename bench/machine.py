"""What the benchmark ran on: the machine's size, and how fast its CPU answered at the time.

Server times are CPU-bound Python, so they scale with the machine's speed, and a shared virtual
machine's speed varies from hour to hour. `speed()` times a fixed pure-Python workload so that
figures from different runs can be compared: twice the reference time, about twice the page
times."""

import os
import platform
import statistics
import time
from pathlib import Path


def description():
    memory_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal:")
    )
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    return f"{os.cpu_count()} cores ({cpu}), {memory_kb / 1024 / 1024:.0f} GiB memory"


def _workload():
    words = {}
    for n in range(200_000):
        key = f"client-{n % 997}"
        words[key] = words.get(key, 0) + n
    return sorted(words.items())


def speed(rounds=15) -> dict:
    """Milliseconds the reference workload took: its fastest round and the median round."""
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        _workload()
        times.append((time.perf_counter() - started) * 1000)
    return {"min_ms": round(min(times), 1), "median_ms": round(statistics.median(times), 1)}
