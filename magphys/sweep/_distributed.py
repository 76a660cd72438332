"""Sweep chunks on Dask (``scheduler="local"`` for a LocalCluster, or a scheduler address or Client):
workers compute chunks, the calling process stays the single writer of the part files. A worker that
dies takes only its chunks in flight with it: Dask reruns them on the others."""

from __future__ import annotations

from ..errors import MagphysValueError


def _client(scheduler):
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise MagphysValueError("scheduler", scheduler, "dask[distributed] installed (pip install 'magphys[dask]')") \
            from None
    if isinstance(scheduler, Client):
        return scheduler, None, False
    if scheduler == "local":
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
        return Client(cluster), cluster, True
    if isinstance(scheduler, str) and "://" in scheduler:
        return Client(scheduler, timeout=30), None, True
    raise MagphysValueError("scheduler", scheduler, "'local', a scheduler address tcp://host:port, or a Client")


def run_chunks(spec, chunks, backend, scheduler):
    """Yield (chunk, arrays) as the workers finish them."""
    from dask.distributed import as_completed

    from ._engine import compute_chunk

    client, cluster, own = _client(scheduler)
    try:
        futures = {client.submit(compute_chunk, spec, c, backend, key=f"magphys-{spec.name}-{c}", retries=3): c
                   for c in chunks}
        for fut in as_completed(futures):
            yield futures[fut], fut.result()
    finally:
        if own:
            client.close()
        if cluster is not None:
            cluster.close()
