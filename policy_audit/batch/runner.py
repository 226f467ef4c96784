"""A whole run: inputs -> engine -> parts, with progress, stats and the CLI summary."""

from __future__ import annotations

import errno
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from policy_audit.batch.common import BatchError, Chunk
from policy_audit.batch.engines import _chunks, _dask, _local
from policy_audit.batch.inputs import Item, count_inputs, iter_inputs
from policy_audit.batch.score import rules_version
from policy_audit.batch.store import (
    Results,
    Writer,
    _done_keys,
    _fs,
    read_results,
    write_chunk,
    write_part,
)


@dataclass
class RunStats:
    """What a run did; `failed` is set when the run itself (not a policy) failed."""

    scored: int = 0
    skipped: int = 0
    errors: int = 0
    words: int = 0
    parts: int = 0
    seconds: float = 0.0
    interrupted: bool = False
    failed: str | None = None
    version: str = ""
    error_examples: list[str] = field(default_factory=list)


def audit_corpus(inputs: Any, *, text_col: str | None = None, id_col: str = "id",
                 path_col: str = "path", jobs: int | None = None, out: str | None = None,
                 engine: str = "local", scheduler: str | None = None, fmt: str = "parquet",
                 chunk_size: int = 32, progress: bool = False,
                 on_part: Callable[[RunStats], None] | None = None,
                 writer: Writer = write_part) -> Results:
    """Score a corpus and return (policies, requirements, entities) DataFrames.

    `inputs`: directories, globs, `@paths.txt` or *.lst path lists, CSV/Parquet
    tables (an `id_col` and a `text_col` or `path_col`), fsspec URLs, or a
    DataFrame. With `out`, results are written there as they finish (resumable);
    without it, to a temporary directory that is removed. Raises `BatchError`
    when the run itself fails and KeyboardInterrupt when interrupted (finished
    chunks are kept either way); `LAST_STATS[0]` holds the last run's `RunStats`.
    """
    import shutil
    import tempfile

    if engine not in ("local", "dask"):
        raise BatchError(f"unknown engine {engine!r} (choose local or dask)")
    if fmt not in ("parquet", "csv"):
        raise BatchError(f"unknown format {fmt!r} (choose parquet or csv)")
    jobs = max(1, jobs or os.cpu_count() or 1)
    tmpdir = None
    if out is None:
        tmpdir = tempfile.mkdtemp(prefix="policy-audit-batch-")
        target = tmpdir
    else:
        target = os.fspath(out)
    try:
        stats = run(inputs, target, text_col=text_col, id_col=id_col, path_col=path_col,
                    jobs=jobs, engine=engine, scheduler=scheduler, fmt=fmt,
                    chunk_size=chunk_size, progress=progress, on_part=on_part,
                    writer=writer)
        LAST_STATS[0] = stats
        return read_results(target)
    finally:
        if tmpdir is not None:
            shutil.rmtree(tmpdir, ignore_errors=True)


LAST_STATS: list[RunStats] = [RunStats()]


def run(inputs: Any, out: str, *, text_col: str | None = None, id_col: str = "id",
        path_col: str = "path", jobs: int = 1, engine: str = "local",
        scheduler: str | None = None, fmt: str = "parquet", chunk_size: int = 32,
        progress: bool = False, on_part: Callable[[RunStats], None] | None = None,
        writer: Writer = write_part) -> RunStats:
    """Score `inputs` into the dataset at `out`; returns the run's statistics."""
    version = rules_version()
    stats = RunStats(version=version)
    fs, root = _fs(out)
    try:
        if fs is None:
            os.makedirs(root, exist_ok=True)
        else:
            fs.makedirs(root, exist_ok=True)
        done = frozenset(_done_keys(out, version))
    except OSError as exc:
        raise BatchError(f"{out}: cannot use as output ({exc.strerror or exc})") from None
    items = iter_inputs(inputs, text_col, id_col, path_col)
    first = next(items, None)
    if first is None:
        raise BatchError("no policies found in the inputs")
    items = _prepend(first, items)
    t0 = time.perf_counter()
    bar = _Progress(progress)
    if progress and not isinstance(inputs, Iterator):
        bar.total = count_inputs(inputs, text_col, id_col, path_col)

    def on_chunk(chunk: Chunk) -> None:
        skipped = len(chunk.get("skipped", []))
        try:
            name = write_chunk(out, chunk, fmt, writer)
        except OSError as exc:
            what = "disk full" if exc.errno == errno.ENOSPC else (exc.strerror or str(exc))
            raise BatchError(f"{out}: cannot write results ({what}); finished parts are "
                             f"kept, rerun the same command to resume") from None
        stats.parts += name is not None
        stats.skipped += skipped
        for row in chunk["policies"]:
            stats.scored += 1
            if row["error"]:
                stats.errors += 1
                if len(stats.error_examples) < 5:
                    stats.error_examples.append(row["error"])
            stats.words += row["words"] or 0
        bar.advance(len(chunk["policies"]) + skipped)
        if on_part is not None:
            on_part(stats)

    try:
        with bar:
            chunks = _chunks(items, chunk_size)
            if engine == "dask":
                _dask(chunks, version, done, jobs, scheduler, on_chunk)
            else:
                _local(chunks, version, done, jobs, on_chunk)
    except KeyboardInterrupt:
        stats.interrupted = True
        raise
    finally:
        stats.seconds = time.perf_counter() - t0
        LAST_STATS[0] = stats
    return stats


def _prepend(first: Item, rest: Iterator[Item]) -> Iterator[Item]:
    yield first
    yield from rest


class _Progress:
    """A rich progress bar with rate and ETA (total unknown while streaming)."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self._progress: Any = None
        self._task: Any = None
        self.total: int | None = None

    def __enter__(self) -> _Progress:
        if self.enabled:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            self._progress = Progress(TextColumn("scoring"), BarColumn(), MofNCompleteColumn(),
                                      TextColumn("{task.fields[rate]}"), TimeElapsedColumn(),
                                      TimeRemainingColumn(), transient=False)
            self._progress.__enter__()
            self._task = self._progress.add_task("scoring", total=self.total, rate="")
            self._t0 = time.perf_counter()
        return self

    def advance(self, n: int) -> None:
        if self._progress is not None:
            done = self._progress.tasks[0].completed + n
            rate = done / max(1e-9, time.perf_counter() - self._t0)
            self._progress.update(self._task, advance=n, rate=f"{rate:.1f} policies/s")

    def __exit__(self, *exc: Any) -> None:
        if self._progress is not None:
            self._progress.__exit__(*exc)


def batch_command(inputs: list[str], out: str, *, jobs: int | None = None,
                  engine: str = "local", scheduler: str | None = None, csv_out: bool = False,
                  text_col: str | None = None, id_col: str = "id",
                  chunk_size: int = 32) -> int:
    """The `policy-audit batch` command: run, print a summary, return the exit code
    (0 done, 1 the run failed, 130 interrupted)."""
    import sys

    from rich.console import Console

    console = Console(stderr=True)
    try:
        stats = run(inputs, out, text_col=text_col, id_col=id_col,
                    jobs=max(1, jobs or os.cpu_count() or 1), engine=engine,
                    scheduler=scheduler, fmt="csv" if csv_out else "parquet",
                    chunk_size=chunk_size, progress=sys.stderr.isatty())
    except KeyboardInterrupt:
        stats = LAST_STATS[0]
        console.print(f"policy-audit: interrupted after {stats.scored} policies; finished "
                      f"parts are kept in {out}, rerun the same command to resume")
        return 130
    except BatchError as exc:
        console.print(f"policy-audit: {exc}", markup=False)
        return 1
    _summary(stats, out, console)
    return 0


def _summary(stats: RunStats, out: str, console: Any) -> None:
    from rich.table import Table

    table = Table(title=f"policy-audit batch -> {out}")
    for col in ("scored", "errors", "skipped (already done)", "policies/s", "words/s",
                "seconds", "rules version"):
        table.add_column(col)
    secs = max(stats.seconds, 1e-9)
    table.add_row(str(stats.scored), str(stats.errors), str(stats.skipped),
                  f"{stats.scored / secs:.1f}", f"{stats.words / secs:,.0f}",
                  f"{stats.seconds:.1f}", stats.version)
    console.print(table)
    for msg in stats.error_examples:
        console.print(f"  error: {msg}", markup=False, highlight=False)
