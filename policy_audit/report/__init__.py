"""Step 5, report: plain data first (`build`), then renderers per format.

`build` gives the JSON report of ../shared/report-schema.md; the Markdown and
HTML renderers are jinja2 templates in `policy_audit/templates/` (HTML with
autoescape on); the terminal view is in `report/text.py`.
"""

from __future__ import annotations

import functools
import json
import re
from typing import TYPE_CHECKING, Any

from policy_audit.catalogue import ENTITY_TYPES
from policy_audit.types import MARKERS

if TYPE_CHECKING:
    from policy_audit.api import AuditResult

SCHEMA_VERSION = "1"
FORMATS = ("text", "json", "md", "html")
EXTENSIONS = {"json": "json", "md": "md", "html": "html", "text": "txt"}
# every entity list of the report; last_updated is a single object, written apart
ENTITY_KEYS = tuple(t for t in ENTITY_TYPES if t != "last_updated")


# Bidirectional-text controls (U+202A-U+202E, U+2066-U+2069, LRM/RLM, ALM) reverse or
# reorder what follows them on screen: "\u202eelbissecca" shows as "accessible". A
# quoted sentence must read as the policy's bytes do, so displays show them as a
# visible code; the JSON report keeps the exact text its offsets index.
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def visible_controls(s: str) -> str:
    """The text with bidi control characters shown as [U+202E] instead of obeyed.

    >>> visible_controls("a\u202ebc")
    'a[U+202E]bc'
    """
    return _BIDI.sub(lambda m: f"[U+{ord(m.group(0)):04X}]", s)


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
    from policy_audit.catalogue import load_checklist

    weight = {r.id: r.weight for r in load_checklist().requirements}
    gaps = [v for v in result.verdicts if v.status in ("missing", "partial")]
    return sorted(gaps, key=lambda v: (v.duty != "notice", v.status != "missing",
                                       -weight.get(v.id, 0)))


@functools.cache
def _env(html: bool = True) -> Any:
    """The jinja2 environment (cached): HTML-escaping unless `html` is False (Markdown, text)."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("policy_audit", "templates"),
        autoescape=jinja2.select_autoescape(["html", "j2"], default=True) if html else False,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )
    from policy_audit.report.html import anchor, req_anchor

    env.globals["MARKERS"] = MARKERS
    env.filters["anchor"] = anchor
    env.filters["req_anchor"] = req_anchor
    env.filters["mdcell"] = md_cell
    env.filters["fence"] = lambda s: str(s).replace("```", "` ` `")
    env.filters["short"] = _short
    env.filters["oneline"] = lambda s: visible_controls(" ".join(str(s).split()))
    env.filters["lacking"] = _lacking
    return env


def article_titles() -> dict[str, str]:
    """{"13": "Information to be provided ...", ...} from `report/articles.yaml`."""
    from importlib.resources import files

    import yaml

    raw = yaml.safe_load(files("policy_audit.report").joinpath("articles.yaml").read_text())
    return {str(k): str(v) for k, v in raw.items()}


def article_number(article: str) -> str:
    """"Art. 13(1)(a)" -> "13"; the text itself when it holds no number."""
    import re

    m = re.search(r"\d+", article)
    return m.group(0) if m else article


def grouped(requirements: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Requirements grouped by GDPR article, groups in checklist order of first use."""
    titles = article_titles()
    groups: dict[str, dict[str, Any]] = {}
    for req in requirements:
        num = article_number(req.get("article") or req["id"])
        group = groups.setdefault(num, {"article": f"Art. {num}" if num.isdigit() else num,
                                        "title": titles.get(num, ""), "requirements": []})
        group["requirements"].append(req)
    return list(groups.values())


def retention_rows(result: AuditResult) -> list[dict[str, Any]]:
    """The retention table: one row per distinct (period, duration, data) with its line."""
    rows, seen = [], set()
    for e in result.entity_map.get("retention", []):
        text = " ".join(e.text.split())
        key = (text.casefold(), e.attrs.get("duration"), e.attrs.get("applies_to"))
        if key in seen:
            continue
        seen.add(key)
        rows.append({"text": text, "duration": e.attrs.get("duration"),
                     "applies_to": " ".join(str(e.attrs.get("applies_to") or "").split()),
                     "line": result.document.line_of(e.start), "start": e.start})
    return rows


def _short(s: str, n: int = 160) -> str:
    s = visible_controls(str(s))
    return s if len(s) <= n else s[: n - 1].rstrip() + "…"


def _lacking(reason: str) -> str:
    """The judge's "lacking: X" without its prefix, under a "Lacking:" label."""
    return reason[len("lacking: "):] if reason.startswith("lacking: ") else reason


def md_cell(value: Any) -> str:
    """One line of text safe inside a Markdown table cell (no pipes, no raw HTML)."""
    s = visible_controls(" ".join(str(value).split()))
    return s.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


def context(result: AuditResult) -> dict[str, Any]:
    data = build(result)
    return {"r": data, "gaps": ranked_gaps(result)[:3], "result": result,
            "groups": grouped(data["requirements"]), "retention": retention_rows(result),
            "text": result.document.text}


def to_markdown(result: AuditResult) -> str:
    return _env(html=False).get_template("report.md.j2").render(**context(result))


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
