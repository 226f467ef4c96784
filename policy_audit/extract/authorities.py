"""Supervisory authorities, from the gazetteer of EU/EEA authorities, and
generic mentions ("the supervisory authority")."""

from __future__ import annotations

import re
from functools import lru_cache

from policy_audit.extract import Context, entity
from policy_audit.extract.patterns import compiled, finditer, gazetteer, lowered, spans
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


# Words too common in policies to key a name on ("data protection authority").
_COMMON = {"data", "protection", "information", "personal", "national", "authority", "for",
           "and", "the", "of", "de", "des", "du", "la", "le", "für", "den", "die", "und", "office",
           "supervisory", "federal", "state", "commission", "privacy", "freedom", "dei", "per"}


@lru_cache(maxsize=1)
def _keys() -> tuple[tuple[list[str], int], tuple[list[str], int]]:
    """(keys, reach) for the acronyms and for the names: each acronym is its own
    key; a name is keyed by its longest uncommon word (every match of the name
    holds it, case folded), and a window reaches one name length each way."""
    acronyms: list[str] = []
    names: list[str] = []
    for auth in gazetteer("authorities.yaml"):
        acronyms += auth.get("acronyms") or []
        names += auth.get("names") or []
    name_keys = set()
    for n in names:
        words = re.findall(r"[^\W\d_]+", n.lower())
        rare = [w for w in words if w not in _COMMON] or words
        name_keys.add(max(rare, key=len))
    return (([a.lower() for a in acronyms], max(map(len, acronyms))),
            (sorted(name_keys), max(map(len, names))))


def recognize(ctx: Context) -> list[Entity]:
    out: list[Entity] = []
    acr, nam, info = _patterns()
    low = lowered(ctx)
    for rx, key, (keys, reach) in ((acr, str, _keys()[0]), (nam, str.lower, _keys()[1])):
        wins = [(0, len(ctx.text))] if low is None else spans(low, keys, reach + 2, reach + 2)
        for m in (m for lo, hi in wins for m in rx.finditer(ctx.text, lo, hi)):
            entry = info[key(m.group(0))]
            out.append(entity(ctx, "authorities", m.start(), m.end(), "authorities.gazetteer",
                              name=entry["name"], country=entry["country"]))
    named = [(e.start, e.end) for e in out]
    generic = [(h.start, h.end) for h in ctx.hits.get("authority_generic", [])]
    generic += [m.span() for m in finditer(
        ctx, compiled("authority_generic", flags=re.IGNORECASE), "authority_generic")]
    for start, end in sorted(generic):
        if any(s - 60 <= start <= e + 60 for s, e in named):
            continue  # "the French supervisory authority (CNIL)": one mention
        out.append(entity(ctx, "authorities", start, end, "authorities.generic",
                          name=None, country=None))
    return out
