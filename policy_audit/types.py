"""Result types shared by every pipeline step (plain dataclasses, JSON-ready)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

STATUSES = ("met", "partial", "missing", "not_applicable")
MARKERS = {"met": "+", "partial": "~", "missing": "-", "not_applicable": " "}


@dataclass
class Document:
    """A decoded policy: `text` is what every offset in a report indexes."""

    text: str
    path: str
    sha256: str
    encoding: str
    language: str = "en"
    kind: str = "text"  # text | markdown | html
    warnings: list[str] = field(default_factory=list)
    line_starts: list[int] = field(default_factory=list, repr=False)
    # (text, segment.lines(text)) once segmentation has split the text; keyed by the
    # text object so a changed `text` is never served stale lines
    _lines: tuple[str, list[Any]] | None = field(default=None, init=False, repr=False,
                                                 compare=False)

    def __post_init__(self) -> None:
        if not self.line_starts:  # a Document built by hand, not by ingest.decode
            from policy_audit.ingest import line_starts

            self.line_starts = line_starts(self.text)

    def line_of(self, offset: int) -> int:
        """1-based line number of a character offset."""
        from bisect import bisect_right

        return max(1, bisect_right(self.line_starts, offset))


@dataclass
class Section:
    title: str
    start: int
    end: int
    line: int
    level: int = 1
    heading_end: int = 0  # end offset of the heading line itself
    heading_start: int = 0  # start of the heading line (start may be 0 before it)

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "start": self.start, "end": self.end,
                "line": self.line, "level": self.level}


@dataclass
class Sentence:
    start: int
    end: int
    section: int  # index into the section list, -1 before the first heading
    is_heading: bool = False


@dataclass
class Entity:
    """One extracted mention. `attrs` holds the type-specific fields of the schema."""

    type: str
    text: str
    start: int
    end: int
    attrs: dict[str, Any] = field(default_factory=dict)
    source: str = ""  # which recognizer / pattern produced it (explanation)

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, **self.attrs}


@dataclass
class Evidence:
    text: str
    start: int
    end: int
    line: int
    section: str
    cue: str = ""  # why this span counts (cue group, entity type or model)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Verdict:
    id: str
    title: str
    article: str
    duty: str
    status: str
    confidence: float
    evidence: list[Evidence] = field(default_factory=list)
    reason: str = ""  # what is lacking (partial), what the law asks (missing)
    demands: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "article": self.article,
                "duty": self.duty, "status": self.status,
                "confidence": round(self.confidence, 3),
                "evidence": [e.to_dict() for e in self.evidence],
                "reason": self.reason}


@dataclass
class Flag:
    id: str
    title: str
    text: str
    start: int
    end: int
    line: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
