"""A loader process for the memory benchmark: load a generated file set (no
resolution) and print its peak RSS, with its reader child's, as JSON. With
``--profile FILE``, load with resolution under pyinstrument and write the
text report to FILE.

    python -m bench.load_child DATA_DIR DATASET_PREFIX BATCH_SIZE [--profile FILE]
"""

from __future__ import annotations

import json
import resource
import sys
import threading
import time
from pathlib import Path

import psutil

from graphsvc.db import open_driver
from graphsvc.settings import Settings


class ChildRss(threading.Thread):
    """Samples the RSS of this process's children every 20 ms; keeps the peak."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak_kb = 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        me = psutil.Process()
        while not self._stop_event.wait(0.02):
            for child in me.children(recursive=True):
                try:
                    self.peak_kb = max(self.peak_kb, child.memory_info().rss // 1024)
                except psutil.Error:  # ended meanwhile
                    continue

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


def main() -> None:
    data, prefix, batch = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    profile = Path(sys.argv[5]) if len(sys.argv) > 5 and sys.argv[4] == "--profile" else None
    from bench.run import loaders_for
    from loaders.ingest import load_paths

    settings = Settings(batch_size=batch)
    driver = open_driver(settings)
    profiler = None
    if profile is not None:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.005)
        profiler.start()
    readers = ChildRss()
    readers.start()
    t = time.perf_counter()
    # Profiled: a load with resolution into the graph as it is, as `graphsvc
    # load` does it (the resolver reads every stored record; only the
    # entities this load touched are rebuilt).
    summary = load_paths(
        driver,
        settings,
        loaders_for(data, prefix),
        on_progress=lambda *_a: None,
        resolve=profile is not None,
    )
    seconds = time.perf_counter() - t
    readers.stop()
    if profiler is not None:
        profiler.stop()
        assert profile is not None
        profile.write_text(profiler.output_text(unicode=False, color=False, show_all=False))
    driver.close()
    # VmHWM: this process's own high-water mark (ru_maxrss would include the
    # parent's, inherited across fork and exec).
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            peak_kb = int(line.split()[1])
    # Big files are parsed by a reader child process (loaders/readahead.py):
    # its peak counts too, as if both peaked at once. Sampled, because a
    # child's ru_maxrss starts from the parent's RSS at fork.
    reader_kb = readers.peak_kb
    print(
        json.dumps(
            {
                "records": sum(f.records for f in summary.files),
                "seconds": seconds,
                "peak_rss_mb": (peak_kb + reader_kb) / 1024,
                "loader_rss_mb": peak_kb / 1024,
                "reader_rss_mb": reader_kb / 1024,
            }
        )
    )


if __name__ == "__main__":
    main()
