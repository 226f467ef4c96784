"""Step 3, extract: cue hits and entities from a segmented document.

The engine loops over `RECOGNIZERS`, an explicit registry of one recognizer per
entity type (modules beside this one); adding a recognizer never touches the
engine. Each recognizer reads patterns and gazetteers from `policy_audit/data/`
and keeps only a validation hook in code.
"""

from __future__ import annotations

import time

from policy_audit.extract import (  # recognizers, one module per entity type
    ages,
    authorities,
    contacts,
    dates,
    legal,
    parties,
    periods,
)
from policy_audit.extract.context import (  # noqa: F401  (re-exported)
    Context,
    Hit,
    Recognizer,
    entity,
    find_cues,
)
from policy_audit.types import Entity

# The registry: one recognizer per entity type, run in this order (later ones
# may read earlier results, e.g. dpo reads contacts, recipients read controllers).
RECOGNIZERS: dict[str, Recognizer] = {
    "authorities": authorities.recognize,  # first: contacts tell the authority's apart
    "contacts": contacts.recognize_contacts,
    "dpo": contacts.recognize_dpo,
    "controllers": parties.recognize_controllers,
    "recipients": parties.recognize_recipients,
    "recipient_categories": parties.recognize_categories,
    "retention": periods.recognize_retention,
    "response_time": periods.recognize_response_time,
    "age_thresholds": ages.recognize,
    "transfer_safeguards": legal.recognize_safeguards,
    "legal_bases": legal.recognize_bases,
    "last_updated": dates.recognize,
}


def extract(ctx: Context, timings: dict[str, float] | None = None
            ) -> dict[str, list[Entity]]:
    """Fill `ctx.hits` and `ctx.entities` (recognizers run in registry order, so
    later ones may read earlier results, e.g. dpo reads contacts). With `timings`,
    add the seconds spent on cue matching and on each recognizer to it."""
    clock = time.perf_counter
    if not ctx.hits:
        t = clock()
        find_cues(ctx)
        _add(timings, "cues (find_cues)", clock() - t)
    for etype, recognize in RECOGNIZERS.items():
        t = clock()
        found = recognize(ctx)
        found.sort(key=lambda e: (e.start, e.end))
        ctx.entities[etype] = _dedupe(found)
        _add(timings, f"recognizer {etype}", clock() - t)
    return ctx.entities


def _add(timings: dict[str, float] | None, key: str, secs: float) -> None:
    if timings is not None:
        timings[key] = timings.get(key, 0.0) + secs


def _dedupe(entities: list[Entity]) -> list[Entity]:
    out: list[Entity] = []
    for e in entities:
        if out and e.start < out[-1].end:  # overlapping: keep the longer
            if e.end - e.start > out[-1].end - out[-1].start:
                out[-1] = e
            continue
        out.append(e)
    return out
