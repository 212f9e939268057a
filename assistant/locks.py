"""One advisory file lock for everything that several processes may do at once on one
machine: building a model folder, an ingest, a change to the uploads' records.

``file_lock(path)`` holds an exclusive ``flock`` on ``path`` (created if missing) for the
``with`` block; the kernel releases it when the process ends, even by kill -9. Two opens
of the same file exclude each other, within one process too. ``waiting`` is called once
when another holder makes this one wait. Without ``fcntl`` (not POSIX) it locks nothing.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path


@contextlib.contextmanager
def file_lock(path: Path, waiting: Callable[[], None] | None = None) -> Iterator[None]:
    try:
        import fcntl
    except ImportError:  # not POSIX: callers still write atomically
        yield
        return
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+b") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if waiting is not None:
                waiting()
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
