"""The part files of an interrupted sweep: each verifiable on its own.

A part ``chunk_<c>.npz`` holds the chunk's arrays and a ``__meta__`` record: its chunk index, the SHA-256 of
the spec and the checksum of the arrays (``chunk_digest``). A part that cannot be read (truncated, emptied), whose
data do not match its checksum (a bit flipped), that names another chunk (swapped) or another spec is damaged: a
resume says which and computes it again. (A flip in zip or .npy metadata that leaves the arrays as they were is
no damage to the result, and is not reported.) ``finished.log`` (one line per computation of a chunk) is derived
state: lines missing for a verified part are restored from it, lines for a part that is gone make the count
of that chunk's computations honest.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import signal
import warnings
import zipfile
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

LOG = "finished.log"
SPEC = "spec.json"
META = "__meta__"


class SweepRepairWarning(UserWarning):
    """A resume found a damaged or foreign part and computes its chunk again."""


def spec_digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def chunk_digest(arrays: dict[str, np.ndarray]) -> str:
    """The checksum of a chunk: SHA-256 over each array's name, dtype, shape and CRC-32 of its bytes, in key
    order. The same for a part and for the chunk's rows of the assembled file, which ``verify`` re-checks.

    CRC-32 (zlib, ~2 GB/s) rather than SHA-256 of the data (~1 GB/s) keeps the checks within 3 % of a
    full-chain sweep; it detects every burst error up to 32 bits and any other corruption but for one chance in
    4e9, which is what a checksum against damage (not against forgery) needs."""
    h = hashlib.sha256()
    for key in sorted(arrays):
        a = np.ascontiguousarray(arrays[key])
        h.update(f"{key}|{a.dtype.str}|{a.shape}|{zlib.crc32(a.data):08x};".encode())
    return h.hexdigest()


def part_path(parts: Path, chunk: int) -> Path:
    return parts / f"chunk_{chunk:08d}.npz"


def fsync_dir(path: Path) -> None:
    """Make a rename in ``path`` durable (POSIX: the directory entry is data of the directory)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory fds
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


def fault_from_env():
    """The fault-injection hook of the tests: ``MAGPHYS_SWEEP_FAULT="stage:n"`` kills this process (SIGKILL, as
    an operator's kill -9 or the OOM killer would) the n-th time it reaches ``stage`` (compute, write, rename,
    log, assemble, replace, cleanup). Inert (None) when the variable is not set."""
    text = os.environ.get("MAGPHYS_SWEEP_FAULT")
    if not text:
        return None
    stage, _, count = text.partition(":")
    left = {stage: int(count or 1)}

    def fault(at: str) -> None:
        if at in left:
            left[at] -= 1
            if left[at] <= 0:
                os.kill(os.getpid(), signal.SIGKILL)

    return fault


def full_disk(path: Path) -> OSError:
    """The error of a write that found the disk full: the run is resumable, and says so."""
    return OSError(errno.ENOSPC, "no space left on the device; free space and run again with --resume", str(path))


def atomic_write(path: Path, write, fault=None, stage: str = "rename") -> None:
    """``write(tmp)`` writes the file at a temporary path in the same folder; it is fsynced and renamed, so the
    name appears only when the file is whole. Any failure removes the temporary file; a full disk says the run
    can be resumed. ``fault(stage)`` runs just before the rename (the fault-injection tests)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        write(tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        if fault:
            fault(stage)
        os.replace(tmp, path)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
            raise full_disk(path) from None
        raise
    fsync_dir(path.parent)


def _write_npz(payload: dict[str, Any]):
    def write(tmp: Path) -> None:
        with open(tmp, "wb") as fh:
            np.savez(fh, **payload)

    return write


def save_part(parts: Path, chunk: int, arrays: dict[str, np.ndarray], spec_sha: str, fault=None) -> str:
    """Write a chunk's part (then its log line); returns its digest. ``fault``: a hook called at each stage
    (the fault-injection tests kill the process there)."""
    digest = chunk_digest(arrays)
    meta = json.dumps({"chunk": chunk, "spec_sha256": spec_sha, "checksum": digest, "rows": _rows(arrays)})
    payload: dict[str, Any] = {**arrays, META: np.frombuffer(meta.encode(), dtype=np.uint8)}
    if fault:
        fault("write")
    atomic_write(part_path(parts, chunk), _write_npz(payload), fault)
    if fault:
        fault("log")
    append_log(parts, chunk, digest)
    return digest


def _rows(arrays: dict[str, np.ndarray]) -> int:
    return int(next(iter(arrays.values())).shape[0]) if arrays else 0


def append_log(parts: Path, chunk: int, digest: str) -> None:
    with open(parts / LOG, "a") as fh:
        fh.write(f"{chunk} {digest}\n")
        fh.flush()
        os.fsync(fh.fileno())


def read_log(parts: Path) -> dict[int, int]:
    """Computations per chunk from the log (a torn last line is ignored)."""
    counts: dict[int, int] = {}
    path = parts / LOG
    if not path.exists():
        return counts
    for line in path.read_text(errors="replace").splitlines():
        fields = line.split()
        if len(fields) >= 1 and fields[0].isdigit():
            c = int(fields[0])
            counts[c] = counts.get(c, 0) + 1
    return counts


def load_part(path: Path, chunk: int, spec_sha: str, rows: int) -> tuple[dict[str, np.ndarray] | None, str, str]:
    """(arrays, digest, "") of a sound part, else (None, "", what is wrong with it)."""
    try:
        with open(path, "rb") as fh, np.load(fh, allow_pickle=False) as z:  # our handle: closed on a bad zip too
            arrays = {k: z[k] for k in z.files}
    except (OSError, ValueError, EOFError, KeyError, zipfile.BadZipFile) as exc:
        return None, "", f"unreadable ({type(exc).__name__}: {exc})"
    raw = arrays.pop(META, None)
    if raw is None:
        return None, "", "no record of its chunk, spec and checksum"
    try:
        meta = json.loads(raw.tobytes().decode())
    except ValueError:
        return None, "", "a damaged record"
    if meta.get("spec_sha256") != spec_sha:
        return None, "", "from another spec"
    if meta.get("chunk") != chunk:
        return None, "", f"holding chunk {meta.get('chunk')}"
    digest = chunk_digest(arrays)
    if digest != meta.get("checksum"):
        return None, "", "a checksum that does not match its data"
    if _rows(arrays) != rows or meta.get("rows") != rows:
        return None, "", f"{_rows(arrays)} rows instead of {rows}"
    return arrays, digest, ""


def reconcile(parts: Path, n_chunks: int, spec_sha: str, rows_of) -> set[int]:
    """Check every part of an interrupted run (under the run's lock); return the chunks that are finished.

    Damaged or foreign parts are removed, each named in a ``SweepRepairWarning``; leftover temporary files of a
    killed writer are removed; log lines missing for sound parts are restored (a kill between a part's rename and
    its log line).
    """
    for tmp in parts.glob(".*.tmp"):
        tmp.unlink(missing_ok=True)
    counts = read_log(parts)
    done: set[int] = set()
    for path in sorted(parts.glob("chunk_*.npz")):
        stem = path.stem.split("_")[-1]
        chunk = int(stem) if stem.isdigit() else -1
        if not 0 <= chunk < n_chunks:
            warnings.warn(f"{path}: not a chunk of this sweep; removed", SweepRepairWarning, stacklevel=3)
            path.unlink()
            continue
        arrays, digest, why = load_part(path, chunk, spec_sha, rows_of(chunk))
        if arrays is None:
            warnings.warn(f"{path} (chunk {chunk}): {why}; it is computed again", SweepRepairWarning, stacklevel=3)
            path.unlink()
            continue
        if counts.get(chunk, 0) == 0:
            append_log(parts, chunk, digest)
        done.add(chunk)
    return done


def todo(n_chunks: int, done: Iterable[int]):
    """The chunks not yet done, lazily (a plan of 10^9 points holds no per-chunk objects)."""
    finished = set(done)
    return (c for c in range(n_chunks) if c not in finished)
