"""Worker side: score one policy or a chunk into table rows; the rules version."""

from __future__ import annotations

import hashlib
import json
import time
from functools import lru_cache
from pathlib import Path
from typing import Any

from policy_audit.batch.common import POLICY_COLUMNS, TABLES, Chunk, _is_url, _one_line
from policy_audit.batch.inputs import Item


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

    files = sorted(p for p in (Path(__file__).parent.parent / "data").rglob("*")
                   if p.is_file() and p.suffix in {".yaml", ".yml", ".json"})
    for d in artifact_dirs():  # the first directory holding the model, as load_model()
        model = [d / f"{ARTIFACT}.json", d / f"{ARTIFACT}.npz"]
        if all(p.is_file() for p in model):
            return files + model
    return files


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
