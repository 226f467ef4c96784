"""Spreadsheet views of a report: requirements and entities as CSV or XLSX.

Cells that a spreadsheet would run as a formula (`=`, `+`, `-`, `@` ...) are
made inert: CSV cells get a leading `'`, XLSX cells are stored as text."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

    from policy_audit.api import AuditResult

REQUIREMENT_COLUMNS = ("id", "article", "title", "duty", "status", "confidence",
                       "reason", "evidence", "line", "section", "start", "end")
ENTITY_COLUMNS = ("type", "text", "value", "role", "applies_to", "country", "kind",
                  "line", "start", "end")
TABLES = ("requirements", "entities")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def requirement_rows(result: AuditResult) -> list[dict[str, Any]]:
    """One row per requirement (first evidence quoted; all quotes joined in `evidence`)."""

    rows = []
    for v in result.verdicts:
        first = v.evidence[0] if v.evidence else None
        rows.append({
            "id": v.id, "article": v.article, "title": v.title, "duty": v.duty,
            "status": v.status,
            "confidence": round(v.confidence, 3), "reason": v.reason,
            "evidence": " | ".join(" ".join(e.text.split()) for e in v.evidence),
            "line": first.line if first else None, "section": first.section if first else None,
            "start": first.start if first else None, "end": first.end if first else None,
        })
    return rows


def entity_rows(result: AuditResult) -> list[dict[str, Any]]:
    """One row per entity mention, in the order of the JSON report."""
    from policy_audit.api import entity_value

    rows = []
    for etype, ents in result.entity_map.items():
        for e in ents:
            rows.append({
                "type": etype, "text": " ".join(e.text.split()), "value": entity_value(e),
                "role": e.attrs.get("role"), "applies_to": e.attrs.get("applies_to"),
                "country": e.attrs.get("country"), "kind": e.attrs.get("kind"),
                "line": result.document.line_of(e.start), "start": e.start, "end": e.end,
            })
    return rows


def _rows(result: AuditResult, table: str) -> tuple[tuple[str, ...], list[dict[str, Any]]]:
    if table == "requirements":
        return REQUIREMENT_COLUMNS, requirement_rows(result)
    if table == "entities":
        return ENTITY_COLUMNS, entity_rows(result)
    raise ValueError(f"unknown table {table!r} (choose from {', '.join(TABLES)})")


def inert(value: Any) -> Any:
    """A CSV cell a spreadsheet shows as text, never runs as a formula.

    >>> inert("=HYPERLINK(1)"), inert("ok"), inert(3)
    ("'=HYPERLINK(1)", 'ok', 3)
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def to_csv(result: AuditResult, table: str = "requirements") -> str:
    """The requirements (or entities) table as CSV text with a header row."""
    columns, rows = _rows(result, table)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: inert("" if row.get(k) is None else row[k]) for k in columns})
    return buf.getvalue()


def write_xlsx(result: AuditResult, target: Path) -> None:
    """A workbook with a Summary, a Requirements and an Entities sheet."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font, PatternFill

    fills = {"met": "EAF7EE", "partial": "FFF6DF", "missing": "FDECEC"}
    wb = Workbook()
    summary = wb.active
    summary.title = "Summary"
    doc, score = result.document, result.score
    for key, value in (("policy", doc.path), ("sha256", doc.sha256),
                       *((k, score[k]) for k in score)):
        summary.append([key, value])

    def put(ws: Any, row: int, col: int, value: Any) -> Any:
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell = ws.cell(row=row, column=col, value=value)
        if isinstance(value, str):
            cell.data_type = "s"  # never a formula, whatever the policy says
        return cell

    for table in TABLES:
        columns, rows = _rows(result, table)
        ws = wb.create_sheet(table.capitalize())
        for j, col in enumerate(columns, 1):
            put(ws, 1, j, col).font = Font(bold=True)
        for i, row in enumerate(rows, 2):
            for j, col in enumerate(columns, 1):
                put(ws, i, j, row.get(col))
            if table == "requirements" and row["status"] in fills:
                fill = PatternFill("solid", fgColor=fills[row["status"]])
                for j in range(1, len(columns) + 1):
                    ws.cell(row=i, column=j).fill = fill
        ws.freeze_panes = "A2"
    wb.save(target)
