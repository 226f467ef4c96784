"""The policy text as HTML with every evidence span highlighted and anchored,
so a requirement row links to the sentence that decided it. Every piece of
policy text goes through `markupsafe.escape`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup, escape

if TYPE_CHECKING:
    from policy_audit.api import AuditResult


def anchor(rid: str, i: int) -> str:
    """A safe element id for evidence i of requirement rid."""
    return "ev-" + "".join(c if c.isalnum() else "-" for c in rid) + f"-{i}"


def highlighted_text(result: AuditResult) -> Markup:
    text = result.document.text
    marks: list[tuple[int, int, str, str]] = []
    for v in result.verdicts:
        for i, e in enumerate(v.evidence):
            marks.append((e.start, e.end, anchor(v.id, i), v.status))
    marks.sort()
    out: list[str] = []
    pos = 0
    for start, end, aid, status in marks:
        if start < pos:  # overlapping evidence: anchor only, no second highlight
            out.append(f'<span id="{aid}"></span>')
            continue
        out.append(str(escape(text[pos:start])))
        out.append(f'<mark id="{aid}" class="{status}">{escape(text[start:end])}</mark>')
        pos = end
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))
