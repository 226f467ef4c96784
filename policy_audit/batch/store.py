"""The dataset on disk (or an fsspec URL): atomic parts, resume keys, reading back."""

from __future__ import annotations

import glob
import os
import time
import uuid
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from policy_audit.batch.common import (
    COLUMNS,
    POLICY_COLUMNS,
    BatchError,
    Chunk,
    _is_url,
)

if TYPE_CHECKING:
    import pandas as pd


class Results(NamedTuple):
    """The three tables of a batch run; unpack as `policies, reqs, ents = ...`."""

    policies: pd.DataFrame
    requirements: pd.DataFrame
    entities: pd.DataFrame


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
