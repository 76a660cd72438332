"""One writer per sweep output: an exclusive OS lock on ``<out>.lock``.

The lock is ``flock`` on a lock file next to the output. The operating system releases it when its holder dies,
so a lock left by a killed run is never stale: the next run takes it at once. The file holds who took it
(host, pid, time) for the message a second run prints. On Linux, ``flock`` on NFS is carried out with POSIX
byte-range locks, which work where the server runs a lock manager (NFSv4, or NFSv3 with lockd); a file system that
refuses locks (``ENOLCK``, ``EOPNOTSUPP``) is refused with that reason, rather than run unguarded.

The lock file is removed by its holder before release; a process that opened it just before it went checks,
once it holds the lock, that the path still names the file it locked, and starts again if not (the classic race
of removable lock files).
"""

from __future__ import annotations

import errno
import json
import os
import socket
import time
from pathlib import Path

from ..errors import MagphysValueError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no flock
    fcntl = None  # type: ignore[assignment]


class SweepLocked(MagphysValueError):
    """The output of a sweep is held by another run."""


def lock_path(out: Path) -> Path:
    return out.with_name(out.name + ".lock")


def _owner(path: Path) -> str:
    try:
        info = json.loads(path.read_text())
        return f"pid {info['pid']} on {info['host']}, since {info['started']}"
    except (OSError, ValueError, KeyError):
        return "another process"


class RunLock:
    """Exclusive lock on a sweep's output for the duration of a ``with`` block (see the module docstring)."""

    def __init__(self, out: Path):
        self.out = Path(out)
        self.path = lock_path(self.out)
        self._fd: int | None = None

    def __enter__(self) -> RunLock:
        if fcntl is None:  # pragma: no cover
            raise MagphysValueError("out", str(self.out), "a platform with flock (POSIX) to lock the run")
        while True:
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            except PermissionError:
                raise MagphysValueError("out", str(self.out), "a path in a folder this process can write") from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                raise SweepLocked(
                    "out", str(self.out), f"an output no other run is writing (held by {_owner(self.path)})"
                ) from None
            except OSError as exc:
                os.close(fd)
                if exc.errno in (errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS):
                    raise MagphysValueError(
                        "out", str(self.out), f"a file system that supports locks ({os.strerror(exc.errno)} here)"
                    ) from None
                raise
            try:
                same = os.fstat(fd).st_ino == os.stat(self.path).st_ino
            except FileNotFoundError:
                same = False
            if same:
                break
            os.close(fd)  # the holder removed the file between our open and our lock: take the new one
        info = {"pid": os.getpid(), "host": socket.gethostname(), "started": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
        os.ftruncate(fd, 0)
        os.write(fd, json.dumps(info).encode())
        os.fsync(fd)
        self._fd = fd
        return self

    def __exit__(self, *exc) -> None:
        if self._fd is None:
            return
        self.path.unlink(missing_ok=True)
        os.close(self._fd)  # releases the flock
        self._fd = None
