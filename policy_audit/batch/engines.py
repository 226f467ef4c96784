"""Engines: run chunks on a local process pool or a Dask cluster."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from policy_audit.batch.common import POLICY_COLUMNS, Chunk, _one_line
from policy_audit.batch.inputs import Item
from policy_audit.batch.score import _worker_init, score_chunk


def _chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    chunk: list[Item] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _local(chunks: Iterator[list[Item]], version: str, done: frozenset[str], jobs: int,
           on_chunk: Callable[[Chunk], None]) -> None:
    """Process pool with bounded in-flight chunks; a dead worker's chunks are retried,
    then split, and a policy that kills workers twice becomes an error row."""
    import multiprocessing as mp
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    ctx = mp.get_context("spawn" if os.name == "nt" else "forkserver")
    pending: dict[Any, tuple[list[Item], int]] = {}
    retry: list[tuple[list[Item], int]] = []
    source = iter(chunks)
    exhausted = False

    def make_pool() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(jobs, mp_context=ctx, initializer=_worker_init,
                                   initargs=(done,))

    pool = make_pool()
    try:
        while True:
            broken = False
            while len(pending) < jobs * 2 and (retry or not exhausted):
                if retry:
                    items, tries = retry.pop()
                else:
                    nxt = next(source, None)
                    if nxt is None:
                        exhausted = True
                        continue
                    items, tries = nxt, 0
                try:
                    pending[pool.submit(score_chunk, items, version)] = (items, tries)
                except BrokenProcessPool:
                    retry.append((items, tries))
                    broken = True
                    break
            if not pending and not broken:
                return
            if not broken:
                finished, _ = wait(list(pending), return_when=FIRST_COMPLETED)
                for fut in finished:
                    if isinstance(fut.exception(), BrokenProcessPool):
                        broken = True
                        continue
                    pending.pop(fut)
                    on_chunk(fut.result())
            if broken:  # finished chunks are kept; the rest are retried on a new pool
                for fut, (items, tries) in pending.items():
                    if fut.done() and fut.exception() is None:
                        on_chunk(fut.result())
                    else:
                        retry.extend(_after_crash(items, tries, version, on_chunk))
                pending.clear()
                pool.shutdown(wait=False, cancel_futures=True)
                pool = make_pool()
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def _after_crash(items: list[Item], tries: int, version: str,
                 on_chunk: Callable[[Chunk], None]) -> list[tuple[list[Item], int]]:
    if tries == 0:
        return [(items, 1)]
    if len(items) > 1:
        return [([it], 1) for it in items]
    on_chunk(_error_chunk(items, version,
                          "the worker process died while scoring this policy (twice)"))
    return []


def _error_chunk(items: list[Item], version: str, message: str) -> Chunk:
    rows = []
    for item in items:
        row = dict.fromkeys(POLICY_COLUMNS)
        row.update(id=item.id, path=item.path, version=version, error=message)
        rows.append(row)
    return {"policies": rows, "requirements": [], "entities": []}


def _dask(chunks: Iterator[list[Item]], version: str, done: frozenset[str], jobs: int,
          scheduler: str | None, on_chunk: Callable[[Chunk], None]) -> None:
    """The same chunks on Dask distributed: a LocalCluster, or `scheduler`'s cluster."""
    from distributed import Client, LocalCluster, as_completed

    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    try:
        # a list around it: scatter() would otherwise send each key separately
        done_future = client.scatter([done], broadcast=True)[0] if done else frozenset()
        window = max(2, 2 * sum(client.nthreads().values()))
        source = iter(chunks)
        futures = as_completed()
        chunk_of: dict[str, list[Item]] = {}

        def submit() -> None:
            items = next(source, None)
            if items is not None:
                fut = client.submit(score_chunk, items, version, done_future, pure=False)
                chunk_of[fut.key] = items
                futures.add(fut)

        for _ in range(window):
            submit()
        for fut in futures:
            items = chunk_of.pop(fut.key)
            try:
                chunk = fut.result()
            except Exception as exc:  # noqa: BLE001 - e.g. KilledWorker after retries
                chunk = _error_chunk(items, version, f"the chunk failed on the cluster "
                                                     f"({_one_line(exc)})")
            on_chunk(chunk)
            fut.release()
            submit()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
