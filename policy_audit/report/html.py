"""The policy text as HTML with every evidence span highlighted and anchored,
so a requirement row links to the sentence that decided it. Every piece of
policy text goes through `markupsafe.escape`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from policy_audit.report import visible_controls

if TYPE_CHECKING:
    from policy_audit.api import AuditResult

# when evidence of two statuses overlaps, the segment shows the better one
_RANK = {"met": 0, "partial": 1, "missing": 2, "not_applicable": 3}


def anchor(rid: str, i: int) -> str:
    """A safe element id for evidence i of requirement rid.

    >>> anchor("13(1)(a)", 0)
    'ev-13-1--a--0'
    """
    return "ev-" + "".join(c if c.isalnum() else "-" for c in rid) + f"-{i}"


def req_anchor(rid: str) -> str:
    """A safe element id for the checklist row of requirement rid."""
    return "req-" + "".join(c if c.isalnum() else "-" for c in rid)


def highlighted_text(result: AuditResult) -> Markup:
    """The whole policy, escaped, with `<mark>` around every evidence span.

    Overlapping spans are cut at every boundary, so each evidence keeps an
    anchor inside a highlighted `<mark>` (the mark's own id, or an empty
    `span.ev-anchor` in it when several evidences start at the same place)."""
    text = result.document.text
    n = len(text)
    spans: list[tuple[int, int, str, str, str]] = []
    for v in result.verdicts:
        for i, e in enumerate(v.evidence):
            start, end = max(0, min(e.start, n)), max(0, min(e.end, n))
            spans.append((start, max(start, end), anchor(v.id, i), v.status, v.id))
    cuts = sorted({0, n, *(s for s, *_ in spans), *(e for _, e, *_ in spans)})
    out: list[str] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        covering = [s for s in spans if s[0] <= a and s[1] >= b and s[1] > s[0]]
        starting = [s for s in spans if s[0] == a and (s in covering or s[1] == s[0])]
        chunk = str(escape(visible_controls(text[a:b])))
        if not covering:
            out.extend(f'<span id="{s[2]}" class="ev-anchor"></span>' for s in starting)
            out.append(chunk)
            continue
        status = min((s[3] for s in covering), key=lambda st: _RANK.get(st, 9))
        rids = " ".join(dict.fromkeys(s[4] for s in covering))
        own_id = f' id="{starting[0][2]}"' if starting else ""
        extra = "".join(f'<span id="{s[2]}" class="ev-anchor"></span>' for s in starting[1:])
        out.append(f'<mark{own_id} class="{status}" title="{escape(rids)}">{extra}{chunk}</mark>')
    return Markup("".join(out))
