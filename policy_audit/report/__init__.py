"""Step 5, report: plain data first (`build`), then renderers per format.

`build` gives the JSON report of ../shared/report-schema.md; the Markdown and
HTML renderers are jinja2 templates in `policy_audit/templates/` (HTML with
autoescape on); the terminal view is in `report/text.py`.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from policy_audit.types import MARKERS

if TYPE_CHECKING:
    from policy_audit.api import AuditResult

SCHEMA_VERSION = "1"
FORMATS = ("text", "json", "md", "html")
EXTENSIONS = {"json": "json", "md": "md", "html": "html", "text": "txt"}
ENTITY_KEYS = ("controllers", "recipients", "recipient_categories", "authorities", "dpo",
               "contacts", "retention", "response_time", "age_thresholds",
               "transfer_safeguards", "legal_bases")


def build(result: AuditResult) -> dict[str, Any]:
    """The JSON report as a dict (schema_version 1)."""
    doc = result.document
    ents = result.entity_map
    entities: dict[str, Any] = {k: [e.to_dict() for e in ents.get(k, [])] for k in ENTITY_KEYS}
    updated = ents.get("last_updated") or []
    entities["last_updated"] = updated[0].to_dict() if updated else None
    return {
        "schema_version": SCHEMA_VERSION,
        "source": {"path": doc.path, "sha256": doc.sha256, "chars": len(doc.text),
                   "language": doc.language, "warnings": list(doc.warnings),
                   "encoding": doc.encoding, "format": doc.kind,
                   "lines": len(doc.line_starts)},
        "sections": [s.to_dict() for s in result.sections],
        "requirements": [v.to_dict() for v in result.verdicts],
        "entities": entities,
        "flags": [f.to_dict() for f in result.flags],
        "score": dict(result.score),
        "generator": {"name": "policy-audit", "version": _version(),
                      "judge": result.judge_info},
    }


def _version() -> str:
    from policy_audit import __version__

    return __version__


def to_json(result: AuditResult, indent: int | None = 2) -> str:
    return json.dumps(build(result), ensure_ascii=False, indent=indent)


def ranked_gaps(result: AuditResult) -> list[Any]:
    """Missing and partial requirements, notice duties first, then by weight."""
    from policy_audit.checklist import load_checklist

    weight = {r.id: r.weight for r in load_checklist().requirements}
    gaps = [v for v in result.verdicts if v.status in ("missing", "partial")]
    return sorted(gaps, key=lambda v: (v.duty != "notice", v.status != "missing",
                                       -weight.get(v.id, 0)))


def _env() -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("policy_audit", "templates"),
        autoescape=jinja2.select_autoescape(["html", "j2"], default=True),
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )
    from policy_audit.report.html import anchor

    env.globals["MARKERS"] = MARKERS
    env.filters["anchor"] = anchor
    env.filters["short"] = lambda s, n=160: s if len(s) <= n else s[: n - 1].rstrip() + "…"
    env.filters["oneline"] = lambda s: " ".join(str(s).split())
    return env


def context(result: AuditResult) -> dict[str, Any]:
    data = build(result)
    return {"r": data, "gaps": ranked_gaps(result)[:3], "result": result,
            "text": result.document.text}


def to_markdown(result: AuditResult) -> str:
    env = _env()
    env.autoescape = False
    return env.get_template("report.md.j2").render(**context(result))


def to_html(result: AuditResult) -> str:
    from policy_audit.report.html import highlighted_text

    return _env().get_template("report.html.j2").render(
        **context(result), policy_html=highlighted_text(result))


def render(result: AuditResult, fmt: str, color: bool = False) -> str:
    if fmt == "json":
        return to_json(result) + "\n"
    if fmt == "md":
        return to_markdown(result)
    if fmt == "html":
        return to_html(result)
    if fmt == "text":
        from policy_audit.report.text import to_text

        return to_text(result, color=color)
    raise ValueError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
