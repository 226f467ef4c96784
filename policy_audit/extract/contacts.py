"""Contacts (emails, phones, postal addresses, forms) and the DPO."""

from __future__ import annotations

import re

from policy_audit.extract.context import Context, entity
from policy_audit.extract.patterns import compiled, finditer
from policy_audit.types import Entity

_KINDS = ("email", "phone", "postal", "url_form")
_DATEISH = re.compile(r"^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$")


def recognize_contacts(ctx: Context) -> list[Entity]:
    """Emails, phones, postal addresses and forms. A contact in a sentence that
    names a supervisory authority is the authority's (`owner: "authority"`),
    not the controller's: "the CNIL, which can be contacted at +33 1 53 ..."."""
    authority_sents = {ctx.sentence_at(a.start) for a in ctx.entities.get("authorities", [])}
    out: list[Entity] = []
    placeholder = compiled("contact_placeholder", flags=re.IGNORECASE)
    for kind in _KINDS:
        rx = compiled("contacts", kind, flags=re.IGNORECASE if kind == "url_form" else 0)
        for m in finditer(ctx, rx, "contacts", kind):
            raw = m.group(0).strip()
            if kind == "phone" and not _valid_phone(raw) or kind == "email" and placeholder.search(
                    raw) or kind == "postal" and _third_party_address(ctx, m.start()):
                continue
            owner = "authority" if ctx.sentence_at(m.start()) in authority_sents else None
            out.append(entity(ctx, "contacts", m.start(), m.end(), f"contacts.{kind}",
                              kind="form" if kind == "url_form" else kind, owner=owner))
    head = compiled("contacts", "phone_na_head")
    taken = {(e.start, e.end) for e in out}
    for m in compiled("contacts", "phone_na_tail").finditer(ctx.text):
        h = head.search(ctx.text, max(0, m.start() - 16), m.start())
        if h and (h.start(), m.end()) not in taken:
            owner = "authority" if ctx.sentence_at(h.start()) in authority_sents else None
            out.append(entity(ctx, "contacts", h.start(), m.end(), "contacts.phone",
                              kind="phone", owner=owner))
    return out


def _third_party_address(ctx: Context, start: int) -> bool:
    """Whether a postal address is a processor's, given with its name in a sentence that
    is no invitation to write: "a service offered by Mixpanel Inc. (Mixpanel), 405 Howard
    Street, ...", "we use Onfido, 3 Finsbury Avenue, London ... to verify your identity"."""
    text = ctx.text
    sent = ctx.sentence_at(start)
    lo = max(0, start - 160, ctx.sentences[sent].start if sent >= 0 else 0)
    if not compiled("contact_third_party", "before").search(text, lo, start):
        return False
    return not compiled("contact_third_party", "invite", flags=re.IGNORECASE).search(
        text, lo, start)


def _valid_phone(s: str) -> bool:
    digits = re.sub(r"\D", "", s)
    if not 8 <= len(digits) <= 15 or _DATEISH.match(s.strip()):
        return False
    return not re.fullmatch(r"(19|20)\d{2}[ -](19|20)\d{2}", s.strip())


def recognize_dpo(ctx: Context) -> list[Entity]:
    """A DPO mention; `contact` is the email/phone in the same sentence or the next two."""
    out: list[Entity] = []
    contacts = [c for c in ctx.entities.get("contacts", [])
                if c.attrs.get("owner") != "authority"]
    seen: set[int] = set()
    for hit in ctx.hits.get("dpo", []):
        if hit.sentence in seen or hit.sentence < 0:
            continue
        seen.add(hit.sentence)
        window_end = ctx.sentences[min(hit.sentence + 2, len(ctx.sentences) - 1)].end
        near = [c for c in contacts if hit.start - 200 <= c.start <= window_end
                and c.attrs.get("kind") in ("email", "phone", "form", "postal")]
        dedicated = [c for c in near if re.search(r"dpo|privacy|data|protection|rgpd|gdpr",
                                                   c.text, re.IGNORECASE)]
        pick = (dedicated or near or [None])[0]
        out.append(entity(ctx, "dpo", hit.start, hit.end, "dpo.cue",
                          contact=pick.text if pick else None))
    return out
