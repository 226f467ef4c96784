"""The terminal gap report: the checklist set against the policy like a diff."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from policy_audit.types import MARKERS

if TYPE_CHECKING:
    from policy_audit.api import AuditResult

STYLES = {"met": "green", "partial": "yellow", "missing": "red", "not_applicable": "dim"}


def _quote(s: str, n: int = 110) -> str:
    from policy_audit.report import visible_controls

    s = visible_controls(" ".join(s.split()))
    return s if len(s) <= n else s[: n - 1].rstrip() + "…"


def to_text(result: AuditResult, color: bool = False, width: int = 100) -> str:
    """Plain diff-style lines (`+` met, `~` partial, `-` missing); coloured with
    rich when `color`."""
    from rich.console import Console
    from rich.markup import escape
    from rich.text import Text

    buf = io.StringIO()
    con = Console(file=buf, force_terminal=color, no_color=not color, width=width,
                  highlight=False, soft_wrap=True)
    doc, score = result.document, result.score
    updated = result.entity_map.get("last_updated") or []
    con.print(Text(f"--- GDPR transparency checklist ({len(result.verdicts)} requirements)",
                   style="bold"))
    con.print(Text(f"+++ {doc.path}  sha256:{doc.sha256[:12]}  {len(doc.text):,} chars"
                   + (f"  updated {updated[0].attrs['date']}" if updated else ""),
                   style="bold"))
    con.print(Text(f"@@ coverage {score['coverage']:.0%}  met {score['met']}  partial "
                   f"{score['partial']}  missing {score['missing']}  n/a "
                   f"{score['not_applicable']} @@", style="cyan"))
    for w in doc.warnings:
        con.print(Text(f"! {w}", style="magenta"))
    from policy_audit.report import article_number, article_titles

    titles = article_titles()
    current = None
    for v in result.verdicts:
        num = article_number(v.article or v.id)
        if num != current:  # one hunk per GDPR article, like a unified diff
            current = num
            con.print(Text(f"@@ Art. {num} {titles.get(num, '')} @@".replace("  ", " "),
                           style="cyan"))
        style = STYLES[v.status]
        head = f"{MARKERS[v.status]} {v.id:<9} {v.title}"
        if v.status == "not_applicable":
            con.print(Text(f"  {v.id:<9} {v.title} (not applicable: {v.reason})", style=style))
            continue
        con.print(Text(head + f"  [{v.confidence:.2f}]", style=style))
        if v.evidence:
            e = v.evidence[0]
            con.print(f"    [dim]L{e.line}[/dim] \"{escape(_quote(e.text))}\"")
        if v.status == "partial":
            con.print(f"    [yellow]{escape(v.reason)}[/yellow]" if color else f"    {v.reason}")
        elif v.status == "missing":
            con.print(f"    [red]{escape(v.article)}: {escape(v.demands)}[/red]" if color
                      else f"    {v.article}: {v.demands}")
    if result.flags:
        con.print(Text("red flags:", style="bold red"))
        for f in result.flags:
            con.print(f"! {f.id} L{f.line}: \"{escape(_quote(f.text))}\"")
    return buf.getvalue()
