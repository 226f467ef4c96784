"""Controllers, named recipients (with their role) and recipient categories."""

from __future__ import annotations

import re
from functools import lru_cache

from policy_audit.extract.context import Context, entity
from policy_audit.extract.patterns import (
    by_first_char,
    compiled,
    compiled_list,
    finditer,
    gazetteer,
    raw,
    window_spans,
)
from policy_audit.types import Entity

_TRAILING = {"of", "and", "de", "du", "des", "la", "le", "les", "et", "&", "the", "The", "y", "is",
             "are"}


def _strip_trailing(name: str) -> str:
    """Drop trailing linking words ("Acme of", "Foo, and the"), each after spaces
    or commas; a loop from the end, linear where a `(...)+$` regex is not."""
    while True:
        i = len(name)
        while i and not (name[i - 1].isspace() or name[i - 1] == ","):
            i -= 1
        if i == 0 or name[i:] not in _TRAILING:
            return name
        j = i
        while j and (name[j - 1].isspace() or name[j - 1] == ","):
            j -= 1
        name = name[:j]


_AND = re.compile(r"[ \t]{1,4}(?:and|et|&)[ \t]{1,4}")  # NAME's gaps are at most 4 wide
_ADDRESS_BEFORE = re.compile(r"\d[ \t,]{1,4}$")
_AFTER_LINK = re.compile(r"(?:,[ \t]*|,[ \t]{0,4}and[ \t]+|\b(?:the|of)[ \t]+)$")
_NEVER_FIRST = {"We", "Our", "You", "Your", "Us", "It", "This", "That", "If", "In", "For", "As",
                "Any", "All", "Please", "When", "Where", "Who"}


def _clean_name(name: str) -> str:
    name = _strip_trailing(name.strip(" ,.;:-–—"))
    return name.strip(" ,.;:-–—'’\"")


@lru_cache(maxsize=1)
def _stop() -> frozenset[str]:
    return frozenset(raw()["controller_stop"])


def _is_name(name: str) -> bool:
    stop = _stop()
    if not name or name in stop or len(name) < 2 or len(name) > 80:
        return False
    first = name.split()[0].rstrip(".,;:")
    return first not in stop or len(name.split()) > 1 and first not in _NEVER_FIRST


_RIGHTS = re.compile(r"(?:[.,][ \t]{0,4}|[ \t]{1,4})(?:All|ALL|Alle)\b")
_NEXT_SENTENCE = re.compile(r"\.[ \t]{1,4}[A-Z]|[ \t]{1,4}(?:\d{4}\b|[-–—|•])")
_LEGAL_GLUED = re.compile(r"\b(?:Incorporated|Inc|Ltd|LLC|Corp|GmbH|Limited)(?=\.\S)")
_POSSESSIVE = re.compile(r"['’]s$")


# "developed by our team", "built by a small studio": no name (lower-case first words)
_NOT_FIRST_LOWER = {"us", "our", "me", "my", "we", "you", "your", "the", "a", "an", "third",
                    "third-party", "other", "various", "its", "their", "this", "that", "these",
                    "January", "February", "March", "April", "June", "July", "August",
                    "September", "October", "November", "December"}  # a date, not a name


def _cut(rx: re.Pattern[str], name: str, keep: bool = False) -> str:
    """`name` up to the first match of `rx` (through it with `keep`)."""
    m = rx.search(name)
    return name if m is None else name[:m.end() if keep else m.start()]


def _clean_general(name: str, generic: set[str], strip_lead: bool = False) -> str:
    """A name from the general forms, cut where a footer or the next sentence
    goes on: "X. All rights reserved", "X Inc.image/svg", "X Privacy Terms",
    "Supercell's"."""
    name = _cut(_LEGAL_GLUED, _cut(_NEXT_SENTENCE, _cut(_RIGHTS, name)), keep=True)
    words = name.split()
    if strip_lead:  # "Services The Jodel Venture GmbH": the name starts after them
        while len(words) > 1 and words[0].lower() in generic:
            words = words[1:]
    if len(words) > 1 and words[0] in ("The", "THE"):  # "© 2020 The Jodel Venture GmbH"
        words = words[1:]
    for k, w in enumerate(words[1:], 1):
        if w.strip(".,;:&").lower() in generic:
            if words[k - 1] in _LINKS:
                return ""  # "The Division of Information ...": a phrase, not a name
            words = words[:k]
            break
    return _POSSESSIVE.sub("", _clean_name(" ".join(words)))


_PRONOUNS = frozenset({"We", "You", "Your", "Our", "WE", "YOU", "YOUR", "OUR"})
_LINKS = {"of", "and", "&", "for", "de", "du", "des", "la", "le", "et", "y"}


_ABBREV = (r"(?<!\bSt)(?<!\bBros)(?<!\bCo)(?<!\bInc)(?<!\bCorp)(?<!\bLtd)(?<!\bJr)(?<!\bDr)"
           r"(?<![ .][A-Z])")  # "JibJab Bros. Studios", "St. Louis", "J. Smith": no sentence end
_BREAK_BEFORE = re.compile(_ABBREV + r"\.[ \t]{1,4}(?=[A-Z])")
_SENTENCE_BREAK = re.compile(
    _ABBREV + r"\.[ \t]{1,4}(?=[A-Z][a-z'’]{0,20}[ \t]{1,4}[a-z]"
    r"|(?:For|The|This|These|We|Our|If|Any|You|Your|It|In|Please|All|To)\b)")


def _tail(name: str, generic: set[str]) -> str:
    """The last part of a name run on from the text before it: after a sentence
    break or a generic word ("Switzerland. AOL" -> "AOL", "EU-US Privacy Shield
    Amazon.com, Inc." -> "Amazon.com, Inc.")."""
    name = _SENTENCE_BREAK.split(name)[-1]
    words = name.split()
    for k in range(len(words) - 1, -1, -1):
        if words[k].strip(".,;:&").lower() in generic:
            if k + 1 < len(words) and words[k - 1] in _LINKS:
                return ""  # "The Division of Information Technology": a phrase
            words = words[k + 1:]
            break
    return " ".join(words)


def _is_recipient(name: str) -> bool:
    """Whether the name is, or starts with, a gazetteer recipient ("Google LLC")."""
    known = _gazetteer()[1]
    words = name.lower().split()
    return any(" ".join(words[:k]) in known for k in (1, 2, len(words)))


def recognize_controllers(ctx: Context) -> list[Entity]:
    out: list[Entity] = []
    conf = raw()
    general = conf["controller_general_from"]
    top = conf["controller_top"]
    top_end = max(top["chars"], int(top["share"] * len(ctx.text)))
    head = conf.get("controller_head", {"patterns": [], "chars": 0})
    generic = {w.lower() for w in conf["controller_generic"]}
    not_recipient = set(conf["controller_not_recipient"])
    strip_lead = set(conf.get("controller_strip_lead", ()))
    after_recipient = set(conf.get("controller_not_after_recipient", ()))
    whole = set(conf.get("controller_whole", ()))
    tail = set(conf.get("controller_tail", ()))
    link_ok = set(conf.get("controller_link_ok", ()))
    for i, rx in enumerate(compiled_list("controllers")):
        limit = (head["chars"] if i in head["patterns"]
                 else top_end if i in top["patterns"] else None)
        for m in finditer(ctx, rx, "controllers", str(i), before=limit):
            if limit is not None and m.start() > limit:
                continue
            if i >= general:
                group = _tail(m.group("name"), generic) if i in tail else m.group("name")
                name = _clean_general(group, generic, i in strip_lead)
                if (not _is_name(name) or name.split()[0].strip(".,").lower() in generic
                        or name.split()[0] in _NOT_FIRST_LOWER
                        or not re.search(r"[^\W\d_]", name)):
                    continue
            else:  # "operated by The News-Post. Any feedback", "... Framework. Wix is"
                group = m.group("name")
                name = _clean_name(_BREAK_BEFORE.split(group)[-1] if i in tail
                                   else _SENTENCE_BREAK.split(group)[0])
            if (not _is_name(name) or i in not_recipient and _is_recipient(name)
                    or not _PRONOUNS.isdisjoint(name.split()[1:])):
                continue  # "The Security of Your Personal Information We (are committed)"
            start = m.start("name") + m.group("name").find(name)
            if i in strip_lead and (_ADDRESS_BEFORE.search(ctx.text, max(0, start - 8), start)
                                    or not name[0].isalpha()
                                    or start + len(name) < m.end("name") - 1):
                continue  # "100 Southeast Third Avenue, ... (“we”)": an address line
            if i in whole and start + len(name) < m.end("name") - 3:
                continue  # "Games About Shop Contact ... Privacy Policy": a menu, not a name
            if i in after_recipient and _gazetteer_fast().search(
                    ctx.text, max(0, m.start() - 50, ctx.sentences[max(0, ctx.sentence_at(
                        m.start()))].start if ctx.sentences else 0), m.start()):
                continue  # "YouTube is operated by YouTube LLC": a recipient's owner
            if i not in link_ok and _AFTER_LINK.search(ctx.text, max(0, start - 8), start):
                continue  # "..., USA ("we")", "the Dell Family ("we")": part of a phrase
            out.append(entity(ctx, "controllers", start, start + len(name),
                              f"controllers.pattern{i}"))
    out = _drop_aliases(ctx.text, out)
    # A name found once is the controller wherever else it appears verbatim.
    names = {e.text for e in out}
    found = {(e.start, e.end) for e in out}
    for name in names:
        for m in re.finditer(re.escape(name), ctx.text):
            if (m.start(), m.end()) not in found:
                out.append(entity(ctx, "controllers", m.start(), m.end(), "controllers.repeat"))
    return out


def _drop_aliases(text: str, found: list[Entity]) -> list[Entity]:
    """Drop a short name defined in brackets after a longer one found too:
    'Sports Reference LLC, its subsidiaries ... (collectively referred to as
    "SRL")' keeps only the full name."""
    names = sorted({e.text for e in found}, key=len)
    alias = set()
    for k, a in enumerate(names):
        if any(a.lower() in c.lower() for c in names[k + 1:]):
            continue  # the short form of a name found too: "Invoice2go" of "Invoice2go, Inc."
        for b in names[k + 1:]:
            core = re.sub(r"^(?:The|THE)\s+", "", a)  # "The MFA" of "... Associates (MFA)"
            if re.search(
                    re.escape(b) + r"[^()\n]{0,150}\([^()\n]{0,80}?(?<!\w)" + re.escape(core)
                    + r"(?!\w)", text):
                alias.add(a)
                break
    return [e for e in found if e.text not in alias]


@lru_cache(maxsize=1)
def _gazetteer() -> tuple[re.Pattern[str], dict[str, str]]:
    category_of: dict[str, str] = {}
    for category, names in gazetteer("recipients.yaml").items():
        for n in names:
            category_of.setdefault(n.lower(), category)
    alts = sorted(category_of, key=len, reverse=True)
    # the guard lets only capitalised word starts try the alternation (speed)
    rx = re.compile(r"(?<![\w@.])(?-i:(?=[A-Z0-9]))(?:" + "|".join(re.escape(a) for a in alts)
                    + r")(?![\w@])", re.IGNORECASE)
    return rx, category_of


@lru_cache(maxsize=1)
def _gazetteer_fast() -> re.Pattern[str]:
    """`_gazetteer()`'s pattern regrouped by first character (same matches, faster):
    only capitals and digits may start a name."""
    alts = [a for a in sorted(_gazetteer()[1], key=len, reverse=True)
            if "A" <= a[0].upper() <= "Z" or "0" <= a[0] <= "9"]
    return re.compile(by_first_char([a[0].upper() + a[1:] for a in alts], r"[\w@.]", False,
                                     rest_ignorecase=True) + r"(?![\w@])")


_BULLET = re.compile(r"\s{0,20}(?:[-•*▪·◦]|\d{1,2}[.)])")
@lru_cache(maxsize=1)
def _lower_names() -> tuple[tuple[str, ...], re.Pattern[str]]:
    names = tuple(sorted({n for names in gazetteer("recipients.yaml").values() for n in names
                          if n[0].islower()}, key=len, reverse=True))
    return names, re.compile(r"(?<![\w@./])(?:" + "|".join(re.escape(n) for n in names)
                             + r")(?![\w@])")


def _gazetteer_lower(text: str) -> re.Pattern[str] | None:
    """The pattern of the gazetteer names spelt with a lower-case first letter (matched
    in that case only), or None when none occurs in `text`."""
    names, rx = _lower_names()
    return rx if any(n in text for n in names) else None


def _run_intro(text: str, start: int) -> bool:
    """Whether the line before a run of names separated by spaces only introduces a list
    ("(respective privacy policies are noted below): Google analytics Unity Back4app",
    "... service providers used by the app\nGoogle Play Services\nAdMob"), so the run
    is no footer."""
    pre = text[max(0, start - 200):start].rstrip()
    line = pre[pre.rfind("\n") + 1:]
    if line.endswith(":"):
        return bool(compiled("recipient_run_intro", flags=re.IGNORECASE).search(line))
    return bool(compiled("recipient_list_intro_line", flags=re.IGNORECASE).search(line))


_ALIAS_BEFORE = re.compile(r"\([ \t]?[“\"']$")
_ALIAS_AFTER = re.compile(r"[”\"'][ \t]?\)")


def _role(ctx: Context, sentence: int) -> str | None:
    if sentence < 0:
        return None
    s = ctx.sentence_text(sentence)
    for role, pattern in raw()["recipient_roles"].items():
        if re.search(pattern, s, re.IGNORECASE):
            return role
    return None


_SITE = re.compile(r"\.(?:com|net)(?=[ \t]{0,2}[(,;]|[ \t]{1,2}(?:and|or)\b)")


def _company_site(text: str, m: re.Match[str]) -> int | None:
    """The end of "Amazon.com" in "Amazon.com ( Privacy Policy), Stripe.com (...)" (a
    company named by its site, not a link: no "www." or "//" before), else None."""
    if not m.group(0)[:1].isupper() or text[max(0, m.start() - 4):m.start()] in ("www.", "://"):
        return None
    site = _SITE.match(text, m.end())
    return site.end() if site else None


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    return frozenset(w.lower() for w in raw().get("recipient_common_words", ()))


_CAP_BEFORE = re.compile(r"[A-Z][\w&.'’-]{0,30}[ \t]$")


def _in_name(text: str, m: re.Match[str], common: frozenset[str]) -> bool:
    """Whether a gazetteer name that is also a common word ("Square", "Branch") is
    the end of a longer capitalised name ("Grand Canal Square", "Jones Branch Drive")."""
    if m.group(0).lower() not in common:
        return False
    return bool(_CAP_BEFORE.search(text, max(0, m.start() - 32), m.start()))


@lru_cache(maxsize=1)
def _need_flow() -> frozenset[str]:
    return frozenset(n.lower() for n in raw()["recipient_need_flow"]["names"])


def _no_flow(ctx: Context, m: re.Match[str]) -> bool:
    """Whether a platform name ("Apple", "Facebook") sits in a sentence that moves no data."""
    if m.group(0).lower() not in _need_flow():
        return False
    sent = ctx.sentence_at(m.start())
    if sent < 0:
        return True
    flow = compiled("recipient_need_flow", "flow", flags=re.IGNORECASE)
    sents = ctx.sentences
    if flow.search(ctx.text, sents[sent].start, sents[sent].end):
        return False
    # a list item: the lines introducing the list may move the data
    for j in range(sent - 1, max(-1, sent - 12), -1):
        s = sents[j]
        if s.end - s.start > 300:
            return True
        if flow.search(ctx.text, s.start, s.end):
            return False
        if ctx.text[s.start:s.end].rstrip().endswith(":"):
            return True
    return True


_WORDS = re.compile(r"[^\W\d_][\w'’.&-]{0,40}")
_LINK = re.compile(r"\S{0,200}(?:://|www\.|%[0-9A-F]{2})\S{0,400}")
_MARK = re.compile(r"[,.;](?=\s)")


def _in_menu(text: str, start: int, end: int) -> bool:
    """Whether the name sits on a long line of mostly capitalised words (a menu)."""
    conf = raw()["recipient_menu"]
    reach = conf["reach"]
    lo = text.rfind("\n", max(0, start - reach), start) + 1 or max(0, start - reach)
    hi = text.find("\n", end, end + reach)
    hi = hi if hi >= 0 else min(len(text), end + reach)
    line = text[lo:hi]
    if len(line) < 4 * conf["min_words"] or (
            line.count(", ") + line.count(". ")) * conf["per_mark"] > line.count(" ") + 1:
        return False  # short, or punctuated like prose (a cheap test before the words)
    line = _LINK.sub(" ", line)
    words = _WORDS.findall(line)
    if len(words) < conf["min_words"]:
        return False
    marks = len(_MARK.findall(line))
    return (sum(w[0].isupper() for w in words) >= conf["share"] * len(words)
            and marks * conf["per_mark"] <= len(words))


def recognize_recipients(ctx: Context) -> list[Entity]:
    text = ctx.text
    controllers = {e.text.lower() for e in ctx.entities.get("controllers", [])}
    out: list[Entity] = []
    rx, category_of = _gazetteer()
    not_after = compiled("recipient_not_after", flags=re.IGNORECASE)
    not_before = compiled("recipient_not_before", flags=re.IGNORECASE)
    gap = compiled("recipient_list_gap", flags=re.IGNORECASE)
    common = _common_words()
    found = list(_gazetteer_fast().finditer(text))
    lower = _gazetteer_lower(text)
    if lower is not None:  # "comScore", "ironSource": written with a lower-case first letter
        found = sorted(found + list(lower.finditer(text)), key=lambda m: m.start())
    # "google.com" is a site, not a recipient, but "Stripe.com (Privacy Policy)" names the
    # company; lower-case words are not names
    site_end = {m.start(): e for m in found if (e := _company_site(text, m)) is not None}
    hits = [m for m in found
            if (m.group(0)[0].isupper() or m.group(0)[0].isdigit() or m.re is lower)
            and (m.start() in site_end or not (
                text[m.end():m.end() + 1] == "." and text[m.end() + 1:m.end() + 2].isalpha()))
            # the end of a hyphenated word: "Power-UPs" holds no UPS
            and not (text[m.start() - 1:m.start()] == "-" and m.start() > 1
                     and text[m.start() - 2].isalpha())]
    blank = [k > 0 and text[hits[k - 1].end():m.start()].isspace() for k, m in enumerate(hits)]
    run = [0] * len(hits)  # length of the run of names separated by spaces only
    k = 0
    while k < len(hits):
        j = k + 1
        while j < len(hits) and blank[j]:
            j += 1
        run[k:j] = [j - k] * (j - k)
        k = j
    introduced = [False] * len(hits)  # a run after a line introducing a list is a list
    k = 0
    while k < len(hits):
        if run[k] >= 3:
            introduced[k:k + run[k]] = [_run_intro(text, hits[k].start())] * run[k]
        k += max(1, run[k])
    rejected = False
    for k, m in enumerate(hits):
        between = text[hits[k - 1].end():m.start()] if k else ""
        if k and rejected and gap.match(between):
            continue  # the list goes on after a rejected name
        if (k and not rejected and between in ("(", " (")
                and m.group(0).lower() not in _need_flow()
                and not m.group(0).lower().startswith(hits[k - 1].group(0).lower())):
            continue  # "Adobe Analytics (Omniture)": the other name of the one before
        rejected = bool(run[k] >= 3 and not introduced[k]
                        or not_after.match(text, m.end(), m.end() + 30)
                        or not_before.search(text, max(0, m.start() - 80), m.start())
                        or _in_name(text, m, common) or _in_menu(text, m.start(), m.end())
                        or _no_flow(ctx, m))
        sent = ctx.sentence_at(m.start())
        if rejected or sent < 0 or _ALIAS_BEFORE.search(text, max(0, m.start() - 3), m.start()) \
                and _ALIAS_AFTER.match(text, m.end()):
            continue  # '... EMEA S.A.R.L. ("AWS")': the short name of the one before
        out.append(entity(ctx, "recipients", m.start(), site_end.get(m.start(), m.end()),
                          "recipients.gazetteer",
                          role=_role(ctx, sent), category=category_of[m.group(0).lower()]))
    # list items after "we share your data with:" and "X, for <purpose>"
    intro = compiled("recipient_list_intro", flags=re.IGNORECASE)
    intro_line = compiled("recipient_list_intro_line", flags=re.IGNORECASE)
    item = compiled("recipient_list_item")
    purpose = compiled("recipient_purpose")
    for i, sent in enumerate(ctx.sentences):
        # every intro form ends with ":" and spaces only: test that before the regex; a
        # line of its own may go without ("... service providers used by the app")
        if not (text[sent.start:sent.end].rstrip().endswith(":")
                and intro.search(text, sent.start, sent.end)
                or sent.end - sent.start < 160 and text[sent.end:sent.end + 1] in ("\n", "")
                and intro_line.search(text, sent.start, sent.end)):
            continue
        for j in range(i + 1, min(i + 15, len(ctx.sentences))):
            s = ctx.sentences[j]
            line = text[s.start:s.end]
            if s.is_heading and not line.rstrip().endswith(":"):
                break
            if line.rstrip().endswith(":") and intro.search(line) or len(line) > 200:
                continue
            nl = text.rfind("\n", max(0, s.start - 300), s.start)  # (bounded: one-line texts)
            if (len(line) > 120 and not _BULLET.match(line)
                    or text[nl + 1 if nl >= 0 else max(0, s.start - 300):s.start].strip()):
                break  # a paragraph, or a sentence within one, ends the list
            m = item.match(line)
            if m:
                name = _clean_name(m.group("name"))
                start = s.start + m.start("name") + m.group("name").find(name)
                if (_is_name(name) and not re.fullmatch(r"N\s*/\s*A", name)
                        and re.search(r"[^\W\d_]", name) and not _generic_first(name)
                        and not any(w in _NEVER_FIRST for w in name.split()[1:])):
                    out.append(entity(ctx, "recipients", start, start + len(name),
                                      "recipients.list", role=_role(ctx, j), category=None))
    for m in finditer(ctx, purpose, "recipient_purpose"):
        offset = m.start("name")
        for part in _AND.split(m.group("name")):  # "FedEx and TCS, for delivery": two
            name = _clean_name(part)
            if _is_name(name) and not _generic_first(name):
                start = offset + part.find(name)
                out.append(entity(ctx, "recipients", start, start + len(name),
                                  "recipients.purpose", role=_role(ctx, ctx.sentence_at(start)),
                                  category=None))
            offset += len(part)
            offset += len(_AND.match(text, offset).group(0)) if _AND.match(text, offset) else 0
    out += _linked_names(ctx)
    taken = [(e.start, e.end) for e in out]
    out += [e for e in _prose_names(ctx) + _such_as(ctx, not_before)
            if not any(a < e.end and e.start < b for a, b in taken)]
    gaz = [(e.start, e.end) for e in out]
    out += [e for e in _legal_names(ctx, controllers)
            if not any(a < e.end and e.start < b for a, b in gaz)]
    # the policy's own brand: "Wix" where the controller is "Wix.com, Inc."
    own = {c.split()[0].split(".")[0].rstrip(",") for c in controllers} - {""}
    return [e for e in out if e.text.lower() not in controllers
            and not (e.source == "recipients.gazetteer" and e.text.lower() in own)
            and not (e.source == "recipients.prose" and _own_brand(text, e.text, own))]


def _own_brand(text: str, name: str, own: set[str]) -> bool:
    """Whether a name found in prose is the policy's own brand: a controller's first word
    ("Foxit" of "Foxit Software Inc."), or a name the text repeats as often as a brand."""
    first = name.split()[0].split(".")[0].rstrip(",").lower()
    return (first in {o.lower() for o in own}
            or text.count(name) > raw()["recipient_prose_brand_count"])


_FORM_WORDS = re.compile(r"GmbH|AG|SARL|S\.A|SAS|B\.V|N\.V|Ltd|Limited|LLC|Inc|Corp|plc|PLC|AB"
                         r"|Oy|ApS|S\.r\.l|s\.r\.o")
_FORMS = {"inc", "llc", "ltd", "limited", "corp", "corporation", "co", "gmbh", "ag", "sa", "sas",
          "sarl", "bv", "b", "v", "n", "s", "a", "r", "l", "plc", "nv", "ab", "oy", "aps", "pty",
          "u", "o", "com"}


def _same_company(key: str, own: str) -> bool:
    """Whether a normalised legal name is the controller's name plus a legal form
    ("amazon com inc" of "amazon com"), not a sister company ("nintendo france sarl")."""
    return key.startswith(own) and all(w in _FORMS for w in key[len(own):].split())


@lru_cache(maxsize=1)
def _recipient_generic() -> frozenset[str]:
    """Words that start no recipient's name: the controllers' generic words and
    `recipient_stop`, less the gazetteer's names ("Google" is generic for a controller)."""
    words = {w.lower() for w in raw()["controller_generic"]} | {
        w.lower() for w in raw()["recipient_stop"]}
    return frozenset(words - set(_gazetteer()[1]))


@lru_cache(maxsize=1)
def _not_last() -> frozenset[str]:
    return frozenset(w.lower() for w in raw()["recipient_not_last"])


def _generic_first(name: str) -> bool:
    """Whether a list item or "X, for <purpose>" starts with a generic word ("Products",
    "Online Services", "Except") or ends with a data word ("Usage Information")."""
    words = name.split()
    return (words[0].strip(".,:;").lower() in _recipient_generic()
            or words[-1].strip(".,:;").lower() in _not_last())


_LEGAL_STOP = re.compile(r"\b(?:Inc|Ltd|LLC|Corp|GmbH|Limited|Co)\.(?=[ \t]{1,4}[A-Z])")


def _prose_names(ctx: Context) -> list[Entity]:
    """Names in running prose: "we partner with Adzerk to show ads", "an advertising service
    provided by Mintegral International Limited", "powered by Stripe"."""
    stop = {w.lower() for w in raw()["recipient_prose_stop"]}
    out = []
    for i, rx in enumerate(compiled_list("recipient_prose")):
        for m in finditer(ctx, rx, "recipient_prose", str(i)):
            group = _cut(_LEGAL_STOP, _BREAK_BEFORE.split(m.group("name"))[0], keep=True)
            name = _POSSESSIVE.sub("", _clean_name(group))
            words = name.split()
            if (not words or not _is_name(name) or _generic_first(name)
                    or any(w.strip(".,").lower() in stop for w in words)
                    or words[0] in _NEVER_FIRST or words[0] in _NOT_FIRST_LOWER
                    or not any(c.islower() for c in name) and len(name) < 3):
                continue
            start = m.start("name") + m.group("name").find(name)
            if _in_menu(ctx.text, start, start + len(name)):
                continue  # "How we engage UN Environment Programme ...": a menu line
            out.append(entity(ctx, "recipients", start, start + len(name), "recipients.prose",
                              role=_role(ctx, ctx.sentence_at(start)), category=None))
    return out


_ITEM_GAP = re.compile(r",[ \t]{0,4}(?:and[ \t]{1,4}|or[ \t]{1,4})?"
                       r"|[ \t]{1,4}(?:and|or|&)[ \t]{1,4}")


def _such_as(ctx: Context, not_before: re.Pattern[str]) -> list[Entity]:
    """The names listed after a word for recipients in a sentence that moves data:
    "advertising companies, such as Yahoo!, Google, OpenX, Lijit to serve ads"."""
    text = ctx.text
    flow = compiled("recipient_such_as_flow", flags=re.IGNORECASE)
    inflow = compiled("recipient_such_as_inflow", flags=re.IGNORECASE)
    stop = {w.lower() for w in raw()["recipient_prose_stop"]}
    known = _gazetteer()[1]
    out = []
    for m in finditer(ctx, compiled("recipient_such_as"), "recipient_such_as"):
        sent = ctx.sentence_at(m.start("items"))
        if sent < 0 or not_before.search(text, max(0, m.start("items") - 80), m.start("items")):
            continue
        s = ctx.sentences[sent]
        if not flow.search(text, s.start, s.end) or inflow.search(text, s.start, m.start("items")):
            continue  # "we may receive information from platform providers (e.g., Sony)"
        pos = m.start("items")
        for part in _ITEM_GAP.split(m.group("items")):
            start = text.find(part, pos)
            pos = start + len(part)
            name = _POSSESSIVE.sub("", _clean_name(part.rstrip("!")))
            words = name.split()
            if (not words or not _is_name(name) or _generic_first(name)
                    or name.lower() in known  # the gazetteer's rules judge its names
                    or name.lower().strip(".") in _FORMS
                    or any(w.strip(".,").lower() in stop for w in words)
                    or words[0] in _NEVER_FIRST):
                continue
            start += part.find(name)
            out.append(entity(ctx, "recipients", start, start + len(name), "recipients.such_as",
                              role=_role(ctx, sent), category=None))
    return out


def _linked_names(ctx: Context) -> list[Entity]:
    """Names followed by a link to their own site ("Vungle https://vungle.com/privacy")."""
    authorities = [(e.start, e.end) for e in ctx.entities.get("authorities", [])]
    stop = set(raw()["recipient_link_stop"])
    out = []
    for m in finditer(ctx, compiled("recipient_link"), "recipient_link"):
        host = m.group("host").lower()
        tokens = m.group("name").split()
        # the name starts at its first word found in the host: "US, Ireland Nexway" -> "Nexway"
        k = next((k for k, w in enumerate(tokens) if len(w) >= 4 and w.lower()[:4] in host), None)
        if k is None:
            continue
        name = _clean_name(" ".join(tokens[k:]))
        parts = [w.lower() for w in re.split(r"[^\w'’-]+", name) if w]
        if (not _is_name(name) or not name.isascii() or "'s" in name or "’s" in name
                or any(w in stop for w in parts)
                or any(a < m.end() and m.start() < b for a, b in authorities)):
            continue
        start = m.start("name") + m.group("name").find(name)
        out.append(entity(ctx, "recipients", start, start + len(name), "recipients.link",
                          role=_role(ctx, ctx.sentence_at(start)), category=None))
    return out


def _legal_names(ctx: Context, controllers: set[str]) -> list[Entity]:
    """Companies named with their legal form in a sentence that passes data on."""
    rx = compiled("recipient_legal")
    flow = compiled("recipient_legal_flow", flags=re.IGNORECASE)
    text = ctx.text
    out = []
    generic = ({w.lower() for w in raw()["controller_generic"]} - set(_gazetteer()[1])
               | {"at", "by", "from", "with", "of", "statement"})
    own = {_PUNCT.sub(" ", c).strip() for c in controllers} - {""}
    law_words = set(raw()["recipient_legal_not_words"])
    sents = ctx.cue_sentences("recipient_any") | ctx.cue_sentences("recipient_generic")
    matches = []
    for i in sorted(sents):  # only sentences about recipients, and holding a legal form
        s = ctx.sentences[i]
        if _FORM_WORDS.search(text, s.start, s.end):
            matches += rx.finditer(text, s.start, s.end)
    for m in matches:
        name = _clean_name(_SENTENCE_BREAK.split(m.group("name"))[-1])
        words = name.split()
        while len(words) > 2 and words[0].lower() in generic:  # "Copyright Avast s.r.o."
            words = words[1:]
        name = " ".join(words)
        sent = ctx.sentence_at(m.start())
        key = _PUNCT.sub(" ", name.lower()).strip()
        if (sent < 0 or not _is_name(name) or words[0] in _NEVER_FIRST
                or any(w in law_words for w in words)
                or any(key in c or _same_company(key, c) for c in own)
                or _ALIAS_WE.match(text, m.end())):
            continue  # the controller itself: "Vox Media, Inc" of "Vox Media, Inc."
        s = ctx.sentences[sent]
        if not flow.search(text, s.start, s.end):
            continue
        start = m.start("name") + m.group("name").find(name)
        offset = start
        for part in _AND.split(name):  # "Nintendo France SARL and Nintendo Benelux B.V.": two
            if _LEGAL_END.search(part):
                out.append(entity(ctx, "recipients", offset, offset + len(part),
                                  "recipients.legal", role=_role(ctx, sent), category=None))
            offset += len(part)
            gap = _AND.match(text, offset)
            offset += len(gap.group(0)) if gap else 0
    return out


_PUNCT = re.compile(r"[^\w]+")
_LEGAL_END = re.compile(r"(?<![\w.])(?:GmbH|AG|SARL|S\.A\.R\.L|SAS|S\.A|S\.A\.U|B\.V|N\.V|Ltd"
                        r"|Limited|LLC|Inc|Corp|Corporation|plc|PLC|AB|Oy|ApS|S\.r\.l|s\.r\.o)\.?$")
_ALIAS_WE = re.compile(r"[ \t,]{0,3}\((?:[^)\n]{0,80}?[“\"])?[ \t]{0,3}(?:we|us|our)\b",
                       re.IGNORECASE)


def recognize_categories(ctx: Context) -> list[Entity]:
    rx = compiled("recipient_categories", flags=re.IGNORECASE)
    public = compiled("recipient_category_authority", flags=re.IGNORECASE)
    recipient_sents = ctx.cue_sentences("recipient_any") | ctx.cue_sentences("recipient_generic")
    heading_ok = re.compile(r"recipient|share|sharing|disclos|access|partner|third", re.I)
    out = []
    titles_ok: dict[str, bool] = {}

    def allowed(i: int) -> bool:  # only the sentences that may hold one
        if i in recipient_sents:
            return True
        title = ctx.section_title(sents[i].start)
        if title not in titles_ok:
            titles_ok[title] = bool(heading_ok.search(title))
        return titles_ok[title]

    sents = ctx.sentences
    wins = window_spans(ctx, "recipient_categories") or [(0, len(ctx.text))]
    for lo, hi in wins:  # the key windows, cut at sentence ends
        i = max(0, ctx.sentence_at(lo))
        while i < len(sents) and sents[i].start < hi:
            s = sents[i]
            if s.end > lo and allowed(i):
                for m in rx.finditer(ctx.text, max(lo, s.start), min(hi, s.end)):
                    kind = "authority" if public.search(m.group()) else "business"
                    out.append(entity(ctx, "recipient_categories", m.start(), m.end(),
                                      "recipient_categories.pattern", kind=kind))
            i += 1
    return out
