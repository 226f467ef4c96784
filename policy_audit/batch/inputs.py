"""Expand the inputs of a run (directories, globs, path lists, tables, DataFrames,
URLs) into `Item`s, lazily."""

from __future__ import annotations

import glob
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policy_audit.batch.common import BatchError, _is_url, _one_line

POLICY_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".text", ""}
LIST_SUFFIXES = {".lst", ".list", ".paths"}


@dataclass
class Item:
    """One policy to score: a path/URL to read, or its text given inline."""

    id: str
    path: str
    text: str | None = None


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


def count_inputs(inputs: Any, text_col: str | None = None, id_col: str = "id",
                 path_col: str = "path") -> int:
    """How many items the inputs expand to (one cheap pass, for the ETA)."""
    return sum(1 for _ in iter_inputs(inputs, text_col, id_col, path_col))
