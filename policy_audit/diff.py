"""Compare two audits: two versions of one policy, or a client against a peer.

`compare(old, new)` gives a `Comparison` with DataFrame views of the
requirements gained, lost or changed, the entities added, removed or changed
(a new recipient, retention grown from P3Y to P7Y, another authority) and the
sections added, removed or changed (a unified diff, aligned by title).

>>> c = compare("Privacy\\nWe keep your data for 3 years.\\n",
...             "Privacy\\nWe keep your data for 7 years.\\n")
>>> [(r["old"], r["new"]) for r in c.entity_changes if r["type"] == "retention"]
[('P3Y', 'P7Y')]
"""

from __future__ import annotations

import difflib
import json
import os
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from policy_audit.api import AuditResult

FORMATS = ("text", "md", "html", "json")

# How entities are matched across the two policies: the key names the thing
# (first non-empty attribute of `key`), `value` is what may change about it.
# `single`: a type where one removed and one added entity read as one change.
# `pair_shape`: a removed and an added entity whose texts differ only in their
# numbers ("for 3 years" / "for 7 years") read as one change.
ENTITY_SPEC: dict[str, dict[str, Any]] = {
    "controllers": {"key": ("text",), "value": None},
    "recipients": {"key": ("name", "text"), "value": "role"},
    "recipient_categories": {"key": ("text",), "value": None},
    "authorities": {"key": ("name", "text"), "value": "country", "single": True},
    "dpo": {"key": ("text",), "value": "contact"},
    "contacts": {"key": ("text",), "value": "kind"},
    "retention": {"key": ("applies_to", "text"), "value": "duration", "pair_shape": True},
    "response_time": {"key": ("text",), "value": "duration"},
    "age_thresholds": {"key": ("value",), "value": None},
    "transfer_safeguards": {"key": ("value",), "value": None},
    "legal_bases": {"key": ("value",), "value": None},
    "last_updated": {"key": (), "value": "date", "single": True},
}
STATUS_RANK = {"missing": 0, "partial": 1, "met": 2}


@dataclass
class Comparison:
    """The differences between two audits. List attributes are plain rows;
    the properties of the same names without `_changes` are DataFrames."""

    old: AuditResult
    new: AuditResult
    requirement_changes: list[dict[str, Any]] = field(default_factory=list)
    entity_changes: list[dict[str, Any]] = field(default_factory=list)
    section_changes: list[dict[str, Any]] = field(default_factory=list)
    flag_changes: list[dict[str, Any]] = field(default_factory=list)

    @property
    def flags(self) -> pd.DataFrame:
        """Red flags (statements contradicting the law) added or removed:
        id, title, change, text, line."""
        import pandas as pd

        cols = ["id", "title", "change", "text", "line"]
        return pd.DataFrame(self.flag_changes, columns=cols)

    @property
    def requirements(self) -> pd.DataFrame:
        """id, title, article, change (gained/lost/changed), old/new status and evidence."""
        import pandas as pd

        cols = ["id", "title", "article", "change", "old_status", "new_status",
                "old_evidence", "new_evidence", "old_line", "new_line"]
        return pd.DataFrame(self.requirement_changes, columns=cols)

    @property
    def entities(self) -> pd.DataFrame:
        """type, key, change (added/removed/changed), old/new value and text."""
        import pandas as pd

        cols = ["type", "key", "change", "old", "new", "old_text", "new_text"]
        return pd.DataFrame(self.entity_changes, columns=cols)

    @property
    def sections(self) -> pd.DataFrame:
        """title, change (added/removed/changed), old/new line, unified diff."""
        import pandas as pd

        cols = ["title", "change", "old_line", "new_line", "diff"]
        return pd.DataFrame(self.section_changes, columns=cols)

    @property
    def score(self) -> dict[str, Any]:
        old, new = self.old.score, self.new.score
        return {"old": dict(old), "new": dict(new),
                "coverage_delta": round(new["coverage"] - old["coverage"], 3)}

    def to_dict(self) -> dict[str, Any]:
        return {"old": {"path": self.old.document.path, "sha256": self.old.document.sha256},
                "new": {"path": self.new.document.path, "sha256": self.new.document.sha256},
                "score": self.score, "requirements": self.requirement_changes,
                "entities": self.entity_changes, "flags": self.flag_changes,
                "sections": self.section_changes}

    def render(self, fmt: str = "text") -> str:
        """The comparison as text, md, html or json."""
        if fmt == "json":
            return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
        from policy_audit.report import _env

        if fmt == "html":
            return _env().get_template("diff.html.j2").render(c=self, d=self.to_dict())
        return _env(html=False).get_template("diff.md.j2").render(c=self, d=self.to_dict(),
                                                     md=(fmt == "md"))


def _as_result(x: Any) -> AuditResult:
    from policy_audit.api import AuditResult, audit

    if isinstance(x, AuditResult):
        return x
    if isinstance(x, (str, bytes, os.PathLike)):
        return audit(x)
    raise TypeError(f"compare() takes AuditResult, a path or a text, not {type(x).__name__}")


def compare(old: Any, new: Any) -> Comparison:
    """Compare two audits (AuditResult, paths or policy texts), old first."""
    a, b = _as_result(old), _as_result(new)
    return Comparison(old=a, new=b, requirement_changes=requirement_changes(a, b),
                      entity_changes=entity_changes(a, b), section_changes=section_changes(a, b),
                      flag_changes=flag_changes(a, b))


def flag_changes(a: AuditResult, b: AuditResult) -> list[dict[str, Any]]:
    """Red flags present in only one version (matched by flag id and quoted text):
    a new "By using this site you agree" or Privacy Shield clause is a regression
    the consultant must see first."""
    def index(r: AuditResult) -> dict[tuple[str, str], Any]:
        out: dict[tuple[str, str], Any] = {}
        for f in r.flags:
            out.setdefault((f.id, _norm(f.text)), f)
        return out

    ia, ib = index(a), index(b)
    rows = [{"id": f.id, "title": f.title, "change": "added", "text": " ".join(f.text.split()),
             "line": f.line} for k, f in ib.items() if k not in ia]
    rows += [{"id": f.id, "title": f.title, "change": "removed",
              "text": " ".join(f.text.split()), "line": f.line}
             for k, f in ia.items() if k not in ib]
    return rows


def _change(old: str | None, new: str | None) -> str:
    if old in (None, "missing", "not_applicable") and new in ("met", "partial"):
        return "gained"
    if old in ("met", "partial") and new in (None, "missing", "not_applicable"):
        return "lost"
    return "changed"


def _quote(v: Any) -> tuple[str | None, int | None]:
    if v is None or not v.evidence:
        return None, None
    return " ".join(v.evidence[0].text.split()), v.evidence[0].line


def requirement_changes(a: AuditResult, b: AuditResult) -> list[dict[str, Any]]:
    """Requirements whose status differs, in the new checklist's order."""
    old = {v.id: v for v in a.verdicts}
    new = {v.id: v for v in b.verdicts}
    rows = []
    for rid in [*new, *(r for r in old if r not in new)]:
        va, vb = old.get(rid), new.get(rid)
        sa, sb = (va.status if va else None), (vb.status if vb else None)
        if sa == sb:
            continue
        ref = vb or va
        (qa, la), (qb, lb) = _quote(va), _quote(vb)
        rows.append({"id": rid, "title": ref.title, "article": ref.article,
                     "change": _change(sa, sb), "old_status": sa, "new_status": sb,
                     "old_evidence": qa, "new_evidence": qb, "old_line": la, "new_line": lb,
                     "reason": vb.reason if vb else ""})
    return rows


def _norm(s: Any) -> str:
    return " ".join(str(s).split()).casefold()


def _entity_index(result: AuditResult, etype: str) -> dict[str, dict[str, Any]]:
    spec = ENTITY_SPEC.get(etype, {"key": ("text",), "value": None})
    index: dict[str, dict[str, Any]] = {}
    for e in result.entity_map.get(etype, []):
        fields = {"text": e.text, **e.attrs}
        key = next((_norm(fields[k]) for k in spec["key"] if fields.get(k) not in (None, "")),
                   etype)
        entry = index.setdefault(key, {"values": set(), "text": " ".join(e.text.split())})
        if spec["value"] and fields.get(spec["value"]) is not None:
            entry["values"].add(str(fields[spec["value"]]))
    return index


def _joined(values: set[str]) -> str | None:
    return ", ".join(sorted(values)) or None


def entity_changes(a: AuditResult, b: AuditResult) -> list[dict[str, Any]]:
    """Entities added, removed, or whose value changed (matched as ENTITY_SPEC says)."""
    rows: list[dict[str, Any]] = []
    types = list(dict.fromkeys([*ENTITY_SPEC, *a.entity_map, *b.entity_map]))
    for etype in types:
        ia, ib = _entity_index(a, etype), _entity_index(b, etype)
        removed = [k for k in ia if k not in ib]
        added = [k for k in ib if k not in ia]
        if ENTITY_SPEC.get(etype, {}).get("single") and len(removed) == len(added) == 1:
            ka, kb = removed.pop(), added.pop()
            rows.append(_entity_row(etype, f"{ka} -> {kb}", "changed", ia[ka], ib[kb], True))
        if ENTITY_SPEC.get(etype, {}).get("pair_shape"):
            for ka in list(removed):
                kb = next((k for k in added if _shape(ib[k]["text"]) == _shape(ia[ka]["text"])),
                          None)
                if kb is not None:
                    removed.remove(ka)
                    added.remove(kb)
                    rows.append(_entity_row(etype, kb, "changed", ia[ka], ib[kb]))
        for k in ia:
            if k in ib and ia[k]["values"] != ib[k]["values"]:
                rows.append(_entity_row(etype, k, "changed", ia[k], ib[k]))
        rows += [_entity_row(etype, k, "removed", ia[k], None) for k in removed]
        rows += [_entity_row(etype, k, "added", None, ib[k]) for k in added]
    return rows


_NUMBER = re.compile(r"\d+|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
                     r"twelve|thirteen|fifteen|eighteen|twenty|thirty|sixty|ninety)\b",
                     re.IGNORECASE)


def _shape(text: str) -> str:
    """The text with every number replaced: "for 3 years" -> "for # years"."""
    return _NUMBER.sub("#", _norm(text))


def _entity_row(etype: str, key: str, change: str, ea: dict[str, Any] | None,
                eb: dict[str, Any] | None, by_text: bool = False) -> dict[str, Any]:
    def val(e: dict[str, Any] | None) -> str | None:
        if e is None:
            return None
        return e["text"] if by_text or not e["values"] else _joined(e["values"])

    return {"type": etype, "key": key, "change": change, "old": val(ea), "new": val(eb),
            "old_text": ea["text"] if ea else None, "new_text": eb["text"] if eb else None}


_TITLE_NOISE = re.compile(r"^[\s\d.)(ivx-]*(?=\w)|[^\w\s]", re.IGNORECASE)


def title_key(title: str) -> str:
    """Section titles match across versions when they agree up to case,
    numbering and punctuation.

    >>> title_key("3. Your Rights:") == title_key("your rights")
    True
    """
    return " ".join(_TITLE_NOISE.sub(" ", title).split()).casefold()


def _section_bodies(r: AuditResult) -> list[tuple[str, str, int, str]]:
    text = r.document.text
    out = []
    for s in r.sections:
        body_start = s.heading_end if s.heading_end > s.start else s.start
        title = " ".join(s.title.split()) or "(untitled)"
        out.append((title_key(title), title, s.line, text[body_start:s.end]))
    return out


def section_changes(a: AuditResult, b: AuditResult, context: int = 2) -> list[dict[str, Any]]:
    """Sections added, removed and changed; repeated titles pair in order."""
    old, new = _section_bodies(a), _section_bodies(b)
    pool: dict[str, list[tuple[str, str, int, str]]] = {}
    for s in old:
        pool.setdefault(s[0], []).append(s)
    rows = []
    for key, title, line, body in new:
        match = pool.get(key)
        if not match:
            rows.append({"title": title, "change": "added", "old_line": None, "new_line": line,
                         "diff": "".join(f"+{ln}\n" for ln in body.strip("\n").splitlines())})
            continue
        _, otitle, oline, obody = match.pop(0)
        if _norm(obody) == _norm(body):
            continue
        diff = difflib.unified_diff(obody.strip("\n").splitlines(), body.strip("\n").splitlines(),
                                    f"{a.document.path}: {otitle}", f"{b.document.path}: {title}",
                                    n=context, lineterm="")
        rows.append({"title": title, "change": "changed", "old_line": oline, "new_line": line,
                     "diff": "\n".join(diff) + "\n"})
    for rest in pool.values():
        for _, title, line, body in rest:
            rows.append({"title": title, "change": "removed", "old_line": line, "new_line": None,
                         "diff": "".join(f"-{ln}\n" for ln in body.strip("\n").splitlines())})
    return rows
