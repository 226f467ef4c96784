"""Supervisory authorities, from the gazetteer of EU/EEA authorities, and
generic mentions ("the supervisory authority")."""

from __future__ import annotations

import re
from functools import lru_cache

from policy_audit.extract import Context, entity
from policy_audit.extract.patterns import compiled, gazetteer
from policy_audit.types import Entity


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, dict[str, str | None]]]:
    """One case-sensitive alternation of acronyms, one case-insensitive of names."""
    info: dict[str, dict[str, str | None]] = {}
    acronyms: list[str] = []
    names: list[str] = []
    for auth in gazetteer("authorities.yaml"):
        entry = {"name": auth["name"], "country": auth.get("country")}
        for a in auth.get("acronyms") or []:
            info[a] = entry
            acronyms.append(a)
        for n in auth.get("names") or []:
            info[n.lower()] = entry
            names.append(n)
    acr = re.compile(r"(?<![\w@./])(?:" + "|".join(
        re.escape(a) for a in sorted(acronyms, key=len, reverse=True)) + r")(?![\w@])")
    nam = re.compile(r"(?<!\w)(?=\w)(?:" + "|".join(
        re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")\b", re.IGNORECASE)
    return acr, nam, info


def recognize(ctx: Context) -> list[Entity]:
    out: list[Entity] = []
    acr, nam, info = _patterns()
    for rx, key in ((acr, str), (nam, str.lower)):
        for m in rx.finditer(ctx.text):
            entry = info[key(m.group(0))]
            out.append(entity(ctx, "authorities", m.start(), m.end(), "authorities.gazetteer",
                              name=entry["name"], country=entry["country"]))
    named = [(e.start, e.end) for e in out]
    generic = [(h.start, h.end) for h in ctx.hits.get("authority_generic", [])]
    generic += [m.span() for m in compiled("authority_generic", flags=re.IGNORECASE)
                .finditer(ctx.text)]
    for start, end in sorted(generic):
        if any(s - 60 <= start <= e + 60 for s, e in named):
            continue  # "the French supervisory authority (CNIL)": one mention
        out.append(entity(ctx, "authorities", start, end, "authorities.generic",
                          name=None, country=None))
    return out
