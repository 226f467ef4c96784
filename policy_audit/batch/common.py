"""Names every batch module shares: table columns, the run error, small helpers."""

from __future__ import annotations

from typing import Any

TABLES = ("policies", "requirements", "entities")
POLICY_COLUMNS = ["id", "path", "sha256", "chars", "words", "language", "coverage", "met",
                  "partial", "missing", "not_applicable", "last_updated", "error", "version",
                  "seconds"]
REQUIREMENT_COLUMNS = ["id", "requirement", "status", "confidence", "evidence", "line"]
ENTITY_COLUMNS = ["id", "type", "text", "value", "start", "end", "line"]
COLUMNS = {"policies": POLICY_COLUMNS, "requirements": REQUIREMENT_COLUMNS,
           "entities": ENTITY_COLUMNS}

Chunk = dict[str, list[dict[str, Any]]]


class BatchError(RuntimeError):
    """The run itself failed (no input, unwritable output, writer error)."""


def _is_url(s: str) -> bool:
    return "://" in s and not s.startswith("file://")


def _one_line(exc: BaseException) -> str:
    msg = " ".join(str(exc).split()) or type(exc).__name__
    return msg[:500]
