"""Age thresholds for children ("under the age of 16", "aged at least 15 years")."""

from __future__ import annotations

from policy_audit.extract import Context, entity
from policy_audit.extract.patterns import compiled_list, number
from policy_audit.types import Entity


def recognize(ctx: Context) -> list[Entity]:
    import re

    child = ctx.cue_sentences("children") | ctx.cue_sentences("children_rule")
    out: list[Entity] = []
    matches = [m for rx in compiled_list("ages", flags=re.IGNORECASE)
               for m in rx.finditer(ctx.text)]
    for m in sorted(matches, key=lambda m: (m.start(), -m.end())):
        raw = m.group("num") or m.group("word")
        value = number(raw) if raw else None
        if value is None or not 8 <= value <= 21:
            continue
        sent = ctx.sentence_at(m.start())
        sentence = ctx.sentence_text(sent) if sent >= 0 else ""
        if sent not in child and not re.search(r"\bage\b|\baged\b|years? old", sentence, re.I):
            continue
        out.append(entity(ctx, "age_thresholds", m.start(), m.end(), "ages.pattern",
                          value=int(value)))
    return out
