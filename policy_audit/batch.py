"""Batch: score a corpus into three tables (policies, requirements, entities).

`audit_corpus()` streams inputs in chunks to a process pool (engine "local") or a
Dask cluster (engine "dask"), and writes each finished chunk as one part of a
Parquet (or CSV) dataset::

    RESULTS/policies/part-*.parquet      one row per policy (the "done" record)
    RESULTS/requirements/part-*.parquet  policy x requirement
    RESULTS/entities/part-*.parquet      policy x entity mention

A part is written to a temporary name, fsynced and renamed; the policies part of a
chunk is written last, so a chunk counts as done only once all three exist. A
rerun with the same RESULTS skips every (id, sha256) already scored with the same
`rules_version()`, so an interrupted run resumes where it stopped. A policy that
cannot be read or audited becomes a row with `error` set, never an abort.
"""

from __future__ import annotations

import errno
import glob
import hashlib
import json
import os
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    import pandas as pd

TABLES = ("policies", "requirements", "entities")
POLICY_COLUMNS = ["id", "path", "sha256", "chars", "words", "language", "coverage", "met",
                  "partial", "missing", "not_applicable", "last_updated", "error", "version",
                  "seconds"]
REQUIREMENT_COLUMNS = ["id", "requirement", "status", "confidence", "evidence", "line"]
ENTITY_COLUMNS = ["id", "type", "text", "value", "start", "end", "line"]
COLUMNS = {"policies": POLICY_COLUMNS, "requirements": REQUIREMENT_COLUMNS,
           "entities": ENTITY_COLUMNS}
POLICY_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".text", ""}
LIST_SUFFIXES = {".lst", ".list", ".paths"}


class BatchError(RuntimeError):
    """The run itself failed (no input, unwritable output, writer error)."""


class Results(NamedTuple):
    """The three tables of a batch run; unpack as `policies, reqs, ents = ...`."""

    policies: pd.DataFrame
    requirements: pd.DataFrame
    entities: pd.DataFrame


@dataclass
class Item:
    """One policy to score: a path/URL to read, or its text given inline."""

    id: str
    path: str
    text: str | None = None


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


# ---------------------------------------------------------------- version


@lru_cache(maxsize=1)
def rules_version() -> str:
    """Package version plus a hash of the rules data and the shipped model artifacts."""
    from policy_audit import __version__

    h = hashlib.sha256()
    for p in _version_files():
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return f"{__version__}+{h.hexdigest()[:12]}"


def _version_files() -> list[Path]:
    """The files a verdict depends on: the rules data (YAML, gazetteers, the
    calibration) and the classifier artifacts the judge actually loads."""
    from policy_audit.classify import ARTIFACT, artifact_dirs

    files = sorted(p for p in (Path(__file__).parent / "data").rglob("*")
                   if p.is_file() and p.suffix in {".yaml", ".yml", ".json"})
    for d in artifact_dirs():  # the first directory holding the model, as load_model()
        model = [d / f"{ARTIFACT}.json", d / f"{ARTIFACT}.npz"]
        if all(p.is_file() for p in model):
            return files + model
    return files


# ---------------------------------------------------------------- inputs


def _is_url(s: str) -> bool:
    return "://" in s and not s.startswith("file://")


def iter_inputs(inputs: Any, text_col: str | None = None, id_col: str = "id",
                path_col: str = "path") -> Iterator[Item]:
    """Expand directories, globs, path lists (`@file` or *.lst), CSV/Parquet tables
    and DataFrames into `Item`s, lazily."""
    if hasattr(inputs, "columns"):  # a DataFrame
        yield from _iter_frame(inputs, text_col, id_col, path_col, "<DataFrame>")
        return
    if isinstance(inputs, str | os.PathLike):
        inputs = [inputs]
    for raw in inputs:
        if isinstance(raw, Item):
            yield raw
            continue
        spec = os.fspath(raw)
        if spec.startswith("@"):
            yield from _iter_list(spec[1:])
        elif _is_url(spec):
            yield from _iter_url(spec)
        elif any(c in spec for c in "*?["):
            matches = sorted(glob.glob(spec, recursive=True))
            if not matches:
                raise BatchError(f"{spec}: no file matches this pattern")
            for m in matches:
                if Path(m).is_file():
                    yield Item(m, m)
        else:
            p = Path(spec)
            if p.is_dir():
                for f in sorted(p.rglob("*")):
                    if f.is_file() and not f.name.startswith(".") \
                            and f.suffix.lower() in POLICY_SUFFIXES:
                        yield Item(str(f), str(f))
            elif p.suffix.lower() in LIST_SUFFIXES:
                yield from _iter_list(spec)
            elif p.suffix.lower() in {".csv", ".parquet", ".pq"}:
                yield from _iter_table(spec, text_col, id_col, path_col)
            elif p.exists():
                yield Item(spec, spec)
            else:
                raise BatchError(f"{spec}: no such file or directory")


def _iter_list(path: str) -> Iterator[Item]:
    try:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                line = line.strip()
                if line and not line.startswith("#"):
                    yield Item(line, line)
    except OSError as exc:
        raise BatchError(f"{path}: cannot read path list ({exc.strerror or exc})") from None


def _iter_url(spec: str) -> Iterator[Item]:
    import fsspec

    fs, _, paths = fsspec.get_fs_token_paths(spec)
    protocol = fs.protocol[0] if isinstance(fs.protocol, tuple) else fs.protocol
    if not paths:
        raise BatchError(f"{spec}: no file matches this URL")
    for p in paths:
        if fs.isdir(p):
            for f in sorted(fs.find(p)):
                url = f"{protocol}://{f}"
                yield Item(url, url)
        else:
            url = f"{protocol}://{p}"
            yield Item(url, url)


def _iter_table(path: str, text_col: str | None, id_col: str,
                path_col: str) -> Iterator[Item]:
    try:
        if path.lower().endswith(".csv"):
            import pandas as pd

            for frame in pd.read_csv(path, chunksize=2000, dtype=str, keep_default_na=False):
                yield from _iter_frame(frame, text_col, id_col, path_col, path)
        else:
            import pyarrow.parquet as pq

            pf = pq.ParquetFile(path)
            offset = 0
            for batch in pf.iter_batches(batch_size=2000):
                frame = batch.to_pandas()
                frame.index = range(offset, offset + len(frame))  # row numbers as ids
                offset += len(frame)
                yield from _iter_frame(frame, text_col, id_col, path_col, path)
    except BatchError:
        raise
    except Exception as exc:  # noqa: BLE001 - any reader failure is a one-line run error
        raise BatchError(f"{path}: cannot read table ({_one_line(exc)})") from None


def _iter_frame(frame: Any, text_col: str | None, id_col: str, path_col: str,
                name: str) -> Iterator[Item]:
    cols = list(frame.columns)
    tcol = text_col or ("text" if "text" in cols else None)
    if tcol is not None and tcol not in cols:
        raise BatchError(f"{name}: no text column {tcol!r} (columns: {', '.join(map(str, cols))})")
    if tcol is None and path_col not in cols:
        raise BatchError(f"{name}: needs a 'text' or {path_col!r} column "
                         f"(columns: {', '.join(map(str, cols))})")
    import pandas as pd

    # by column, not itertuples(): its field names drop columns such as "policy text"
    ids = frame[id_col].tolist() if id_col in cols else [str(i) for i in frame.index]
    values = frame[tcol if tcol is not None else path_col].tolist()
    for rid, value in zip(ids, values, strict=True):
        rid = str(rid)
        missing = pd.api.types.is_scalar(value) and bool(pd.isna(value))  # None, NaN, NA
        if tcol is not None:
            yield Item(rid, f"{name}#{rid}", "" if missing else str(value))
        else:
            yield Item(rid, "" if missing else str(value))


# ---------------------------------------------------------------- scoring (worker side)


def _one_line(exc: BaseException) -> str:
    msg = " ".join(str(exc).split()) or type(exc).__name__
    return msg[:500]


def _read_bytes(path: str) -> bytes:
    from policy_audit.ingest import InputError, max_bytes, read_path

    if not _is_url(path):
        return read_path(path)
    import fsspec

    limit = max_bytes()
    try:
        with fsspec.open(path, "rb") as fh:
            data = fh.read(limit + 1)
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except OSError as exc:
        raise InputError(path, f"cannot read ({exc.strerror or exc})") from None
    return data


def score_item(item: Item, version: str, done: frozenset[str] | set[str] = frozenset()
               ) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]] | None:
    """Score one policy into its rows, or None when (id, sha256) is in `done`."""
    from policy_audit.api import audit, entity_value

    t0 = time.perf_counter()
    row: dict[str, Any] = dict.fromkeys(POLICY_COLUMNS)
    row.update(id=item.id, path=item.path, version=version)
    try:
        data = item.text.encode("utf-8") if item.text is not None else _read_bytes(item.path)
        sha = hashlib.sha256(data).hexdigest()
        row["sha256"] = sha
        if f"{item.id}\0{sha}" in done:
            return None
        result = audit(data, path=item.path)
    except Exception as exc:  # noqa: BLE001 - a bad policy is an error row, never an abort
        row["error"] = _one_line(exc)
        row["seconds"] = round(time.perf_counter() - t0, 4)
        return row, [], []
    score = result.score
    text = result.text
    dates = result.entity_map.get("last_updated") or []
    row.update(chars=len(text), words=len(text.split()), language=result.document.language,
               coverage=float(score["coverage"]), met=int(score["met"]),
               partial=int(score["partial"]), missing=int(score["missing"]),
               not_applicable=int(score.get("not_applicable", 0)),
               last_updated=str(entity_value(dates[0])) if dates else None,
               seconds=round(time.perf_counter() - t0, 4))
    reqs = [{"id": item.id, "requirement": v.id, "status": v.status,
             "confidence": round(float(v.confidence), 3),
             "evidence": v.evidence[0].text if v.evidence else None,
             "line": v.evidence[0].line if v.evidence else None} for v in result.verdicts]
    ents = []
    for etype, found in result.entity_map.items():
        for e in found:
            value = entity_value(e)
            ents.append({"id": item.id, "type": etype, "text": e.text,
                         "value": value if value is None or isinstance(value, str)
                         else json.dumps(value, default=str),
                         "start": e.start, "end": e.end,
                         "line": result.document.line_of(e.start)})
    return row, reqs, ents


Chunk = dict[str, list[dict[str, Any]]]


def score_chunk(items: list[Item], version: str,
                done: frozenset[str] | set[str] | None = None) -> Chunk:
    """Score a chunk of items into the rows of the three tables."""
    out: Chunk = {t: [] for t in TABLES}
    done = _WORKER_DONE if done is None else done
    for item in items:
        scored = score_item(item, version, done)
        if scored is None:
            out.setdefault("skipped", []).append({"id": item.id})
            continue
        row, reqs, ents = scored
        out["policies"].append(row)
        out["requirements"].extend(reqs)
        out["entities"].extend(ents)
    return out


_WORKER_DONE: frozenset[str] = frozenset()


def _worker_init(done: frozenset[str]) -> None:
    """Pool initializer: ignore Ctrl-C (the parent coordinates) and warm the pipeline."""
    import signal

    global _WORKER_DONE
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER_DONE = done
    from policy_audit.api import audit

    audit("Privacy Policy\nWe keep your data for 3 years.\n")


# ---------------------------------------------------------------- output


def _fs(out: str) -> tuple[Any, str]:
    """(fsspec filesystem or None for local paths, root path)."""
    if _is_url(out):
        import fsspec

        fs, root = fsspec.core.url_to_fs(out)
        return fs, root
    return None, out


def write_part(out: str, table: str, name: str, rows: list[dict[str, Any]],
               fmt: str = "parquet") -> None:
    """Write one part of one table atomically: temp file, fsync, rename."""
    import pyarrow as pa

    tbl = pa.Table.from_pylist(rows, schema=_schema(table))
    fs, root = _fs(out)
    final = f"{root}/{table}/{name}.{fmt}"
    tmp = f"{root}/{table}/.{name}.{fmt}.tmp"
    if fs is None:
        os.makedirs(f"{root}/{table}", exist_ok=True)
        try:
            with open(tmp, "wb") as fh:
                _dump(tbl, fh, fmt)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, final)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return
    fs.makedirs(f"{root}/{table}", exist_ok=True)
    try:
        with fs.open(tmp, "wb") as fh:
            _dump(tbl, fh, fmt)
        fs.mv(tmp, final)
    except BaseException:
        if fs.exists(tmp):
            fs.rm(tmp)
        raise


def _dump(tbl: Any, fh: Any, fmt: str) -> None:
    if fmt == "csv":
        import pyarrow.csv as pcsv

        pcsv.write_csv(tbl, fh)
    else:
        import pyarrow.parquet as pq

        pq.write_table(tbl, fh, compression="zstd")


@cache
def _schema(table: str) -> Any:
    import pyarrow as pa

    s, i, f = pa.string(), pa.int64(), pa.float64()
    types = {"policies": [s, s, s, i, i, s, f, i, i, i, i, s, s, s, f],
             "requirements": [s, s, s, f, s, i],
             "entities": [s, s, s, s, i, i, i]}[table]
    return pa.schema(list(zip(COLUMNS[table], types, strict=True)))


Writer = Callable[[str, str, str, list[dict[str, Any]], str], None]


def write_chunk(out: str, chunk: Chunk, fmt: str, writer: Writer = write_part) -> str | None:
    """Write a scored chunk as one part per table, policies last; return the part name."""
    if not chunk["policies"]:
        return None
    name = f"part-{time.time_ns():020d}-{uuid.uuid4().hex[:8]}"
    for table in ("requirements", "entities", "policies"):
        writer(out, table, name, chunk[table], fmt)
    return name


def _part_files(out: str, table: str) -> list[tuple[str, str]]:
    """[(part name, file path)] of finished parts of a table, in write order."""
    fs, root = _fs(out)
    pattern = f"{root}/{table}/part-*"
    files = sorted(fs.glob(pattern) if fs is not None else glob.glob(pattern))
    out_files = []
    for f in files:
        base = f.rsplit("/", 1)[-1]
        if base.endswith((".parquet", ".csv")):
            out_files.append((base.rsplit(".", 1)[0], f))
    return out_files


def _read_table(out: str, path: str, table: str,
                columns: list[str] | None = None) -> pd.DataFrame:
    import pyarrow.csv as pcsv
    import pyarrow.parquet as pq

    fs, _ = _fs(out)
    opener = fs.open if fs is not None else open
    with opener(path, "rb") as fh:
        if path.endswith(".csv"):
            convert = pcsv.ConvertOptions(column_types=_schema(table),
                                          strings_can_be_null=True)
            tbl = pcsv.read_csv(fh, convert_options=convert)
            if columns:
                tbl = tbl.select(columns)
        else:
            tbl = pq.read_table(fh, columns=columns)
    return tbl.to_pandas()


def _done_keys(out: str, version: str) -> set[str]:
    """(id, sha256) keys already scored with `version` (error rows without a hash
    are retried)."""
    keys: set[str] = set()
    for _, path in _part_files(out, "policies"):
        frame = _read_table(out, path, "policies", ["id", "sha256", "version"])
        same = frame[(frame["version"] == version) & frame["sha256"].notna()]
        keys.update(same["id"].astype(str) + "\0" + same["sha256"].astype(str))
    return keys


def read_results(path: str | os.PathLike[str]) -> Results:
    """Read a batch dataset (Parquet or CSV) back as (policies, requirements, entities).

    When an id was scored more than once (its text changed between runs, or the
    rules did), the latest record wins; parts whose policies file is missing (a
    chunk interrupted while being written) are ignored.
    """
    import pandas as pd

    out = os.fspath(path)
    fs, root = _fs(out)
    exists = fs.exists(root) if fs is not None else os.path.isdir(root)
    if not exists:
        raise BatchError(f"{out}: no such results directory")
    latest: dict[str, str] = {}
    frames = []
    for name, file in _part_files(out, "policies"):
        frame = _read_table(out, file, "policies")
        frame["_part"] = name
        frames.append(frame)
        for pid in frame["id"].astype(str):
            latest[pid] = name
    if frames:
        policies = pd.concat(frames, ignore_index=True)
        policies = policies[[latest[str(i)] == p for i, p in
                             zip(policies["id"], policies["_part"], strict=True)]]
        keep_parts = set(policies["_part"])
        policies = policies.drop(columns="_part").reset_index(drop=True)
    else:
        policies = pd.DataFrame(columns=POLICY_COLUMNS)
        keep_parts = set()
    tables = [policies]
    for table in ("requirements", "entities"):
        parts = []
        for name, file in _part_files(out, table):
            if name not in keep_parts:
                continue
            frame = _read_table(out, file, table)
            frame = frame[[latest.get(str(i)) == name for i in frame["id"]]]
            parts.append(frame)
        tables.append(pd.concat(parts, ignore_index=True) if parts
                      else pd.DataFrame(columns=COLUMNS[table]))
    return Results(*tables)


# ---------------------------------------------------------------- engines


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


def count_inputs(inputs: Any, text_col: str | None = None, id_col: str = "id",
                 path_col: str = "path") -> int:
    """How many items the inputs expand to (one cheap pass, for the ETA)."""
    return sum(1 for _ in iter_inputs(inputs, text_col, id_col, path_col))


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


__all__ = ["BatchError", "Item", "Results", "RunStats", "audit_corpus", "read_results",
           "rules_version", "run", "score_chunk", "write_part"]
