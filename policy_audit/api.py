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
    """One audited policy. `to_dict()` is the JSON report; DataFrame views for notebooks."""

    document: Document
    sections: list[Section]
    sentences: list[Sentence]
    verdicts: list[Verdict]
    entity_map: dict[str, list[Entity]]
    flags: list[Flag]
    score: dict[str, Any]
    judge_info: dict[str, Any] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def coverage(self) -> float:
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
        return self.to_html()

    @property
    def requirements(self) -> pd.DataFrame:
        """One row per requirement: id, title, article, duty, status, confidence,
        evidence (first quote), line, reason."""
        import pandas as pd

        rows = [{"id": v.id, "title": v.title, "article": v.article, "duty": v.duty,
                 "status": v.status, "confidence": round(v.confidence, 3),
                 "evidence": v.evidence[0].text if v.evidence else None,
                 "line": v.evidence[0].line if v.evidence else None, "reason": v.reason}
                for v in self.verdicts]
        return pd.DataFrame(rows)

    @property
    def entities(self) -> pd.DataFrame:
        """One row per entity mention: type, text, value, start, end, line and attributes."""
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
        import pandas as pd

        return pd.DataFrame([s.to_dict() for s in self.sections])

    @property
    def doc(self) -> Any:
        """A spaCy `Doc` of the policy with the audit's sentences and entity spans."""
        from policy_audit.nlp import to_doc

        spans = [(e.start, e.end, t) for t, es in self.entity_map.items() for e in es]
        return to_doc(self.text, [s.start for s in self.sentences], spans)


def entity_value(e: Entity) -> Any:
    """The normalised value of an entity (duration, age, date, canonical name ...)."""
    for key in ("duration", "value", "date", "name", "kind", "role"):
        if key in e.attrs:
            return e.attrs[key]
    return None


def audit(source: str | bytes | os.PathLike[str] | Document, *, path: str | None = None,
          max_bytes: int | None = None) -> AuditResult:
    """Audit one policy: a path, raw bytes, the policy text itself, or a `Document`.

    Raises `policy_audit.InputError` (one-line message naming the input) when it
    cannot be read.

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
    extract(ctx)
    t3 = time.perf_counter()
    verdicts = judge.judge(ctx)
    flags = judge.red_flags(ctx)
    t4 = time.perf_counter()
    return AuditResult(
        document=doc, sections=sections, sentences=sentences, verdicts=verdicts,
        entity_map=ctx.entities, flags=flags, score=judge.score(verdicts),
        judge_info={"method": "rules"},
        timings={"ingest": t1 - t0, "segment": t2 - t1, "extract": t3 - t2, "judge": t4 - t3},
    )


def checklist() -> pd.DataFrame:
    """The requirements as a DataFrame (id, title, article, duty, demands).

    >>> checklist().shape[0] >= 25
    True
    """
    import pandas as pd

    from policy_audit.checklist import load_checklist

    return pd.DataFrame([{"id": r.id, "title": r.title, "article": r.article, "duty": r.duty,
                          "demands": r.demands, "weight": r.weight}
                         for r in load_checklist().requirements])
