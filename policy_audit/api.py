"""The façade: `audit()` runs ingest -> segment -> extract -> judge and returns an
`AuditResult` that the CLI, the batch runner and notebooks all use."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from policy_audit import ingest, judge, segment
from policy_audit.extract import Context, extract
from policy_audit.types import Document, Entity, Flag, Section, Sentence, Verdict

if TYPE_CHECKING:
    import pandas as pd


@dataclass
class AuditResult:
    """One audited policy. `to_dict()` is the JSON report; DataFrame views for notebooks.

    A bare result in a Jupyter cell shows the gap report inline (`_repr_html_`).

    >>> r = audit("Acme SAS, privacy@acme.example. We keep your data for 3 years.")
    >>> r  # doctest: +ELLIPSIS
    <AuditResult '<text>' coverage=... met=... partial=... missing=...>
    >>> sorted(r.to_dict())[:4]
    ['entities', 'flags', 'generator', 'requirements']
    """

    document: Document
    sections: list[Section]
    sentences: list[Sentence]
    verdicts: list[Verdict]
    entity_map: dict[str, list[Entity]]
    flags: list[Flag]
    score: dict[str, Any]
    judge_info: dict[str, Any] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)

    def __repr__(self) -> str:
        s = self.score
        return (f"<AuditResult {self.document.path!r} coverage={self.coverage:.2f} "
                f"met={s.get('met', 0)} partial={s.get('partial', 0)} "
                f"missing={s.get('missing', 0)}>")

    @property
    def coverage(self) -> float:
        """(met + 0.5 x partial) / applicable requirements, in [0, 1].

        >>> 0.0 <= audit("We keep your data for 3 years.").coverage <= 1.0
        True
        """
        return float(self.score["coverage"])

    @property
    def text(self) -> str:
        return self.document.text

    def verdict(self, rid: str) -> Verdict:
        for v in self.verdicts:
            if v.id == rid:
                return v
        raise KeyError(rid)

    def status(self) -> dict[str, str]:
        """{requirement id: status}."""
        return {v.id: v.status for v in self.verdicts}

    def to_dict(self) -> dict[str, Any]:
        from policy_audit.report import build

        return build(self)

    def to_json(self, indent: int | None = 2) -> str:
        from policy_audit.report import to_json

        return to_json(self, indent)

    def to_markdown(self) -> str:
        from policy_audit.report import to_markdown

        return to_markdown(self)

    def to_html(self) -> str:
        from policy_audit.report import to_html

        return to_html(self)

    def to_text(self, color: bool = False) -> str:
        from policy_audit.report.text import to_text

        return to_text(self, color=color)

    def _repr_html_(self) -> str:
        """A compact, self-contained gap report for notebooks (`to_html()` is the full page)."""
        return _inline_html(self)

    @property
    def requirements(self) -> pd.DataFrame:
        """One row per requirement: id, title, article, duty, status, confidence,
        evidence (first quote), line, reason.

        >>> df = audit("We keep your data for 3 years.").requirements
        >>> list(df.columns[:6])
        ['id', 'title', 'article', 'duty', 'status', 'confidence']
        >>> df.set_index("id").loc["13(2)(a)", "evidence"]
        'We keep your data for 3 years.'
        """
        import pandas as pd

        rows = [{"id": v.id, "title": v.title, "article": v.article, "duty": v.duty,
                 "status": v.status, "confidence": round(v.confidence, 3),
                 "evidence": v.evidence[0].text if v.evidence else None,
                 "line": v.evidence[0].line if v.evidence else None, "reason": v.reason}
                for v in self.verdicts]
        df = pd.DataFrame(rows)
        if not df.empty:
            df["line"] = df["line"].astype("Int64")
        return df

    @property
    def gaps(self) -> pd.DataFrame:
        """The missing and partial requirements, most important first (as in the report).

        >>> g = audit("We keep your data for 3 years.").gaps
        >>> set(g.status) <= {"missing", "partial"}, "13(2)(a)" in set(g.id)
        (True, False)
        """
        from policy_audit.report import ranked_gaps

        order = [v.id for v in ranked_gaps(self)]
        df = self.requirements.set_index("id").loc[order].reset_index()
        return df[["id", "title", "article", "duty", "status", "confidence", "reason"]]

    @property
    def entities(self) -> pd.DataFrame:
        """One row per entity mention: type, text, value, start, end, line and attributes.

        >>> df = audit("We keep your data for 3 years.").entities
        >>> df.loc[df.type == "retention", "value"].tolist()
        ['P3Y']
        """
        import pandas as pd

        rows = []
        for etype, ents in self.entity_map.items():
            for e in ents:
                rows.append({"type": etype, "text": e.text, "value": entity_value(e),
                             "start": e.start, "end": e.end,
                             "line": self.document.line_of(e.start), **e.attrs})
        cols = ["type", "text", "value", "start", "end", "line"]
        return pd.DataFrame(rows, columns=None if rows else cols)

    @property
    def sections_frame(self) -> pd.DataFrame:
        """`sections` as a DataFrame: title, start, end, line, level.

        >>> audit("Retention\\nWe keep your data for 3 years.\\n").sections_frame.columns.tolist()
        ['title', 'start', 'end', 'line', 'level']
        """
        import pandas as pd

        return pd.DataFrame([s.to_dict() for s in self.sections])

    @property
    def doc(self) -> Any:
        """A spaCy `Doc` of the policy with the audit's sentences and entity spans."""
        from policy_audit.nlp import to_doc

        spans = [(e.start, e.end, t) for t, es in self.entity_map.items() for e in es]
        return to_doc(self.text, [s.start for s in self.sentences], spans)


# Row colours of the inline report (inline styles: code hosts strip <style> blocks).
_INLINE_STYLE = {"met": "#eaf7ee", "partial": "#fff6df", "missing": "#fdecec",
                 "not_applicable": "#f4f4f4"}


def _inline_html(r: AuditResult, quote_chars: int = 160) -> str:
    """A self-contained HTML fragment: score line, then one row per requirement with its
    status, first evidence quote (or what is lacking). All policy text is escaped."""
    from html import escape

    s = r.score
    head = (f"<b>GDPR transparency audit</b> <code>{escape(r.document.path)}</code>: "
            f"coverage <b>{r.coverage:.0%}</b> ({s.get('met', 0)} met, "
            f"{s.get('partial', 0)} partial, {s.get('missing', 0)} missing, "
            f"{s.get('not_applicable', 0)} not applicable)")
    rows = []
    for v in r.verdicts:
        if v.evidence:
            q = " ".join(v.evidence[0].text.split())
            q = q if len(q) <= quote_chars else q[: quote_chars - 1].rstrip() + "…"
            detail = f"L{v.evidence[0].line}: &ldquo;{escape(q)}&rdquo;"
        else:
            detail = ""
        if v.status in ("partial", "missing") and v.reason:
            detail += f"{'<br>' if detail else ''}<i>{escape(v.reason)}</i>"
        bg = _INLINE_STYLE.get(v.status, "")
        rows.append(f'<tr style="background:{bg}"><td style="text-align:left">'
                    f"<b>{escape(v.id)}</b></td><td style=\"text-align:left\">"
                    f"{escape(v.title)}</td><td>{escape(v.status)}</td>"
                    f"<td>{v.confidence:.2f}</td><td style=\"text-align:left\">{detail}</td></tr>")
    flags = "".join(f"<li>{escape(f.title)} (L{f.line}): &ldquo;{escape(f.text)}&rdquo;</li>"
                    for f in r.flags)
    return (f'<div class="policy-audit">{head}'
            "<table><thead><tr><th>id</th><th>requirement</th><th>status</th>"
            "<th>confidence</th><th>evidence / what is lacking</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>"
            + (f"<p><b>Red flags</b></p><ul>{flags}</ul>" if flags else "")
            + "</div>")


def entity_value(e: Entity) -> Any:
    """The normalised value of an entity (duration, age, date, canonical name ...)."""
    for key in ("duration", "value", "date", "name", "kind", "role"):
        if key in e.attrs:
            return e.attrs[key]
    return None


def audit(source: str | bytes | os.PathLike[str] | Document, *, path: str | None = None,
          max_bytes: int | None = None, model: bool = True) -> AuditResult:
    """Audit one policy: a path, raw bytes, the policy text itself, or a `Document`.

    A str is the policy text unless it is one line naming an existing file (read)
    or directory (an `InputError`; pass bytes to audit such a string as text); see
    `ingest.load`. Raises `policy_audit.InputError` (one-line message naming the
    input) when it cannot be read. `model=False` judges by the rules alone (no
    classifier).

    >>> r = audit("Privacy Policy\\nWe keep your data for 3 years.\\n")
    >>> r.verdict("13(2)(a)").status
    'met'
    """
    t0 = time.perf_counter()
    doc = source if isinstance(source, Document) else ingest.load(source, path=path,
                                                                  limit=max_bytes)
    t1 = time.perf_counter()
    sections = segment.sections(doc)
    sentences = segment.sentences(doc, sections)
    t2 = time.perf_counter()
    ctx = Context(doc=doc, sections=sections, sentences=sentences)
    steps: dict[str, float] = {}
    extract(ctx, timings=steps)
    t3 = time.perf_counter()
    scores, info = judge.model_scores(ctx) if model else (None, {"method": "rules"})
    verdicts = judge.judge(ctx, scores=scores)
    flags = judge.red_flags(ctx)
    t4 = time.perf_counter()
    return AuditResult(
        document=doc, sections=sections, sentences=sentences, verdicts=verdicts,
        entity_map=ctx.entities, flags=flags, score=judge.score(verdicts),
        judge_info=info,
        timings={"ingest": t1 - t0, "segment": t2 - t1, "extract": t3 - t2, "judge": t4 - t3,
                 **steps},
    )


def checklist() -> pd.DataFrame:
    """The requirements as a DataFrame (id, title, article, duty, demands).

    >>> checklist().shape[0] >= 25
    True
    """
    import pandas as pd

    from policy_audit.catalogue import load_checklist

    return pd.DataFrame([{"id": r.id, "title": r.title, "article": r.article, "duty": r.duty,
                          "demands": r.demands, "weight": r.weight}
                         for r in load_checklist().requirements])
