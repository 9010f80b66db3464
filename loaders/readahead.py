"""Reading ahead: while Neo4j writes one batch of a file, the next batches
are parsed and turned into Neo4j rows.

Small files are read in a thread of the loading process. Big files are read
in a child process: parsing is pure Python, and a parsing thread holds the
GIL whenever the thread that talks to Neo4j wakes for a reply, so each Bolt
round trip and each commit waits its turn (BENCHMARKS.md, Ingest). The child
sends the batches back pickled through a pipe, one at a time, so memory
stays flat in both processes.
"""

from __future__ import annotations

import pickle
import struct
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from queue import Full, Queue
from typing import IO, Any

from graphsvc.errors import LoadError
from graphsvc.model import Record
from graphsvc.store.records import PreparedBatch, prepare
from loaders import registry
from loaders.base import Loader
from loaders.sourcenote import records_of


def batches_of(records: Iterator[Record], size: int) -> Iterator[list[Record]]:
    batch: list[Record] = []
    for rec in records:
        batch.append(rec)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def prepared_batches(loader: Loader, edition: str | None, size: int) -> Iterator[PreparedBatch]:
    return (prepare(batch, edition) for batch in batches_of(records_of(loader), size))


@contextmanager
def read_ahead(
    loader: Loader, edition: str | None, size: int, *, in_process: bool
) -> Iterator[Iterator[PreparedBatch]]:
    """The file's batches, prepared ahead in a thread or (``in_process``) a
    child process. An error while reading is raised in the caller; leaving
    early stops the reader."""
    # the child rebuilds the loader from its format name: only registered ones
    if in_process and registry.all_loaders().get(loader.format) is not type(loader):
        in_process = False
    reader = _in_process if in_process else _in_thread
    with reader(loader, edition, size) as batches:
        yield batches


# -- in a thread ---------------------------------------------------------------
_DONE = object()


@contextmanager
def _in_thread(
    loader: Loader, edition: str | None, size: int, depth: int = 2
) -> Iterator[Iterator[PreparedBatch]]:
    # at most ``depth`` batches wait, so memory stays flat
    queue: Queue[object] = Queue(maxsize=depth)
    stop = threading.Event()

    def put(item: object) -> bool:
        while not stop.is_set():
            try:
                queue.put(item, timeout=0.1)
                return True
            except Full:
                continue
        return False

    def produce() -> None:
        try:
            for item in prepared_batches(loader, edition, size):
                if not put(item):
                    return
            put(_DONE)
        except BaseException as exc:  # noqa: BLE001 -- handed to the consumer, raised there
            put(exc)

    def consume() -> Iterator[PreparedBatch]:
        while True:
            item = queue.get()
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                raise item
            yield item  # type: ignore[misc]

    thread = threading.Thread(target=produce, name="graphsvc-load-reader", daemon=True)
    thread.start()
    try:
        yield consume()
    finally:
        stop.set()
        thread.join()


# -- in a child process --------------------------------------------------------
# A plain Python process rather than multiprocessing: spawning through
# multiprocessing would run the caller's main script again in the child, and a
# fork would copy the driver threads' locks in whatever state. It runs isolated
# (``-I``: no working directory, PYTHONPATH or user site on its path) with the
# folder this package was imported from put first, so a ``loaders`` package in
# the working directory is never what reads the files.
# The child writes messages to its stdout, each one an 8-byte length and a
# pickled tuple:
#   ("batch", PreparedBatch) | ("done",) | ("load_error", path, where, message)
#   | ("failed", "ExceptionType: message")
_LENGTH = struct.Struct("<Q")
_IMPORT_ROOT = str(Path(__file__).resolve().parent.parent)
_CHILD = (
    "import sys; sys.path.insert(0, sys.argv.pop(1)); "
    "from loaders.readahead import child_main; sys.exit(child_main(sys.argv[1:]))"
)


def _send(out: IO[bytes], message: tuple[object, ...]) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    out.write(_LENGTH.pack(len(data)))
    out.write(data)
    out.flush()


def _receive(pipe: IO[bytes]) -> tuple[Any, ...] | None:
    head = pipe.read(_LENGTH.size)
    if len(head) < _LENGTH.size:
        return None
    (length,) = _LENGTH.unpack(head)
    data = pipe.read(length)
    if len(data) < length:
        return None
    message: tuple[Any, ...] = pickle.loads(data)  # from our own child only
    return message


def child_main(argv: list[str]) -> int:
    """The child's whole work: read the file and send its prepared batches.
    The pipe holds little more than a batch, so the child is about one batch
    ahead of the writes."""
    fmt, path, dataset, edition, size = argv
    out = sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing else may write to the message pipe
    try:
        loader = registry.get(fmt)(Path(path), dataset)
        for batch in prepared_batches(loader, edition or None, int(size)):
            _send(out, ("batch", batch))
        _send(out, ("done",))
    except LoadError as exc:
        _send(out, ("load_error", exc.path, exc.where, exc.message))
    except BrokenPipeError:
        return 0  # the parent stopped reading
    except Exception as exc:  # noqa: BLE001 -- reported to the parent, raised there
        _send(out, ("failed", f"{type(exc).__name__}: {exc}"))
    return 0


@contextmanager
def _in_process(
    loader: Loader, edition: str | None, size: int
) -> Iterator[Iterator[PreparedBatch]]:
    # "" stands for no edition (a file that states no date and cannot end anything)
    args = [loader.format, str(loader.path), loader.dataset_name, edition or "", str(size)]
    proc = subprocess.Popen(
        [sys.executable, "-I", "-c", _CHILD, _IMPORT_ROOT, *args], stdout=subprocess.PIPE
    )
    assert proc.stdout is not None

    def consume() -> Iterator[PreparedBatch]:
        assert proc.stdout is not None
        while True:
            message = _receive(proc.stdout)
            if message is None:
                code = proc.wait(timeout=10)
                ended = f"the reading process ended early (exit code {code})"
                raise LoadError(loader.path, None, ended)
            kind = message[0]
            if kind == "batch":
                yield message[1]
            elif kind == "done":
                return
            elif kind == "load_error":
                raise LoadError(message[1], message[2], message[3])
            else:
                raise RuntimeError(f"reading {loader.path} failed: {message[1]}")

    try:
        yield consume()
    finally:
        proc.stdout.close()  # a child still sending gets a broken pipe and ends
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()  # our own child, by its handle
            proc.wait()


if __name__ == "__main__":
    sys.exit(child_main(sys.argv[1:]))
