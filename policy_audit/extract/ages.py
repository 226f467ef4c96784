"""Age thresholds for children ("under the age of 16", "aged at least 15 years")."""

from __future__ import annotations

import re

from policy_audit.extract.context import Context, entity
from policy_audit.extract.patterns import compiled_list, finditer, number
from policy_audit.types import Entity

_AGE_WORDS = re.compile(r"\bage\b|\baged\b|years? old|or older|or over", re.IGNORECASE)


def recognize(ctx: Context) -> list[Entity]:
    child = ctx.cue_sentences("children") | ctx.cue_sentences("children_rule")
    out: list[Entity] = []
    matches = [m for i, rx in enumerate(compiled_list("ages", flags=re.IGNORECASE))
               for m in finditer(ctx, rx, "ages", str(i))]
    for m in sorted(matches, key=lambda m: (m.start(), -m.end())):
        raw = m.group("num") or m.group("word")
        value = number(raw) if raw else None
        if value is None or not 8 <= value <= 21:
            continue
        sent = ctx.sentence_at(m.start())
        sentence = ctx.sentence_text(sent) if sent >= 0 else ""
        if sent not in child and not _AGE_WORDS.search(sentence):
            continue
        out.append(entity(ctx, "age_thresholds", m.start(), m.end(), "ages.pattern",
                          value=int(value)))
    return out
