"""Sweep chunks on Dask (``scheduler="local"`` for a LocalCluster, or a scheduler address or Client):
workers compute chunks, the calling process stays the single writer of the part files. A worker that
dies takes only its chunks in flight with it: Dask reruns them on the others. With the CUDA backend and
dask-cuda installed, "local" starts a LocalCUDACluster: one worker per visible GPU (multi-GPU)."""

from __future__ import annotations

from ..errors import MagphysValueError


def _local_cluster(backend: str):
    """A LocalCUDACluster (one worker per GPU) for the CUDA backend where dask-cuda is installed, else a
    LocalCluster of two single-threaded worker processes (the kernels use the cores of each worker)."""
    from dask.distributed import LocalCluster

    if backend == "cuda":
        try:
            from dask_cuda import LocalCUDACluster
        except ImportError:
            pass
        else:
            return LocalCUDACluster(dashboard_address=None)
    return LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)


def _client_class(scheduler):
    try:
        from dask.distributed import Client
    except ImportError:
        raise MagphysValueError(
            "scheduler", scheduler, "dask[distributed] installed (pip install 'magphys[dask]')"
        ) from None
    return Client


def _named(scheduler) -> bool:
    return scheduler == "local" or (isinstance(scheduler, str) and "://" in scheduler)


def check_scheduler(scheduler) -> None:
    """Refuse a ``scheduler`` that is none of None, "local", an address tcp://host:port or a Client
    (sweep.run calls this before it makes the parts folder, so a retry needs no resume)."""
    if scheduler is None or _named(scheduler):
        return
    if not isinstance(scheduler, _client_class(scheduler)):
        raise MagphysValueError(
            "scheduler", scheduler, "None, 'local', a scheduler address tcp://host:port or a Client"
        )


def _client(scheduler, backend: str = "cpu"):
    check_scheduler(scheduler)
    Client = _client_class(scheduler)
    if isinstance(scheduler, Client):
        return scheduler, None, False
    if scheduler == "local":
        cluster = _local_cluster(backend)
        return Client(cluster), cluster, True
    return Client(scheduler, timeout=30), None, True


def run_chunks(spec, chunks, backend, scheduler, window: int | None = None):
    """Yield (chunk, arrays) as the workers finish them. ``chunks`` is consumed lazily: at most ``window``
    chunks (default 4 per worker, at least 8) are in flight, so a plan of 10^6 chunks submits no more than that
    and results never pile up in the caller's memory."""
    from itertools import islice

    from dask.distributed import as_completed

    from ._engine import compute_chunk

    client, cluster, own = _client(scheduler, backend)
    try:
        if window is None:
            window = max(8, 4 * len(client.scheduler_info().get("workers", {})))
        it = iter(chunks)

        def submit(c):
            return client.submit(compute_chunk, spec, c, backend, key=f"magphys-{spec.name}-{c}", retries=3)

        futures = {submit(c): c for c in islice(it, window)}
        pending = as_completed(list(futures))
        for fut in pending:
            c = futures.pop(fut)
            result = fut.result()
            fut.release()
            for nxt in islice(it, 1):
                f2 = submit(nxt)
                futures[f2] = nxt
                pending.add(f2)
            yield c, result
    finally:
        if own:
            client.close()
        if cluster is not None:
            cluster.close()
