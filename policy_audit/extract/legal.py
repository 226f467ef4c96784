"""Legal bases and transfer safeguards: cue groups mapped to schema values."""

from __future__ import annotations

import re

from policy_audit.extract.context import Context, entity
from policy_audit.extract.patterns import compiled
from policy_audit.types import Entity

BASES = {
    "consent": "consent",
    "contract": "contract",
    "legal_obligation": "legal_obligation",
    "legitimate_interest": "legitimate_interest",
    "vital_interest": "vital_interest",
    "public_task": "public_task",
}
SAFEGUARDS = {
    "safeguard_adequacy": "adequacy_decision",
    "safeguard_scc": "standard_contractual_clauses",
    "safeguard_bcr": "binding_corporate_rules",
    "safeguard_privacy_shield": "privacy_shield",
    "safeguard_other": "other",
}

_NAMED = {"standard_contractual_clauses", "binding_corporate_rules", "privacy_shield"}


def _from_cues(ctx: Context, etype: str, mapping: dict[str, str],
               only: set[int] | None = None) -> list[Entity]:
    out = []
    for cue, value in mapping.items():
        for hit in ctx.hits.get(cue, []):
            if only is not None and hit.sentence not in only:
                continue
            out.append(entity(ctx, etype, hit.start, hit.end, f"{etype}.{cue}", value=value))
    return out


def recognize_bases(ctx: Context) -> list[Entity]:
    """A basis counts where the text speaks of processing on that ground: in a
    sentence about legal bases or purposes, or a section about them. "Consent"
    inferred from use of the site is not a basis (it is a red flag)."""
    basis_sents = (ctx.cue_sentences("legal_basis_any") | ctx.cue_sentences("purpose")
                   | ctx.cue_sentences("legitimate_interest") | ctx.cue_sentences("contract")
                   | ctx.cue_sentences("legal_obligation"))
    basis_sents -= ctx.cue_sentences("consent_by_use")
    out = _from_cues(ctx, "legal_bases", BASES, basis_sents)
    if not any(e.attrs["value"] == "consent" for e in out):
        flow = compiled("legal_consent_flow", flags=re.IGNORECASE)
        by_use = ctx.cue_sentences("consent_by_use")
        for hit in ctx.hits.get("consent", []):
            if hit.sentence in by_use or hit.sentence < 0:
                continue
            if flow.search(ctx.sentence_text(hit.sentence)):
                out.append(entity(ctx, "legal_bases", hit.start, hit.end,
                                  "legal_bases.consent_flow", value="consent"))
                break
    return out


def recognize_safeguards(ctx: Context) -> list[Entity]:
    """Safeguard cues mapped to values. A generic "appropriate safeguards" ('other')
    in a sentence that names the safeguard ("appropriate safeguards, like standard
    contractual clauses") is that safeguard's lead-in, not another one."""
    found = _from_cues(ctx, "transfer_safeguards", SAFEGUARDS)
    named = {ctx.sentence_at(e.start) for e in found if e.attrs["value"] in _NAMED}
    generic = compiled("transfer_generic_safeguard", flags=re.IGNORECASE)
    found = [e for e in found if not (e.attrs["value"] == "other" and generic.fullmatch(e.text)
                                      and ctx.sentence_at(e.start) in named)]
    transfer_sents = ctx.cue_sentences("transfer")
    for hit in ctx.hits.get("consent", []):
        if hit.sentence in transfer_sents:
            found.append(entity(ctx, "transfer_safeguards", hit.start, hit.end,
                                "transfer_safeguards.consent", value="consent"))
    return found
