"""spaCy view of an audit: a `spacy.blank("en")` pipeline with the project's own
components, so analysts get a `Doc` whose sentences and spans are the ones the
audit used (`AuditResult.doc`). No pretrained model is needed or loaded.

The audit itself works on character offsets (regex cues run once over the text),
which keeps it linear in the input and its offsets exact; this module maps those
offsets onto tokens.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The blank English pipeline with the `policy_sentences` component."""
    import spacy
    from spacy.language import Language

    if "policy_sentences" not in Language.factories:

        @Language.factory("policy_sentences", default_config={})
        def _make(nlp: Language, name: str) -> Any:
            return _PolicySentences()

    nlp = spacy.blank("en")
    nlp.max_length = 60_000_000
    nlp.add_pipe("policy_sentences")
    return nlp


class _PolicySentences:
    """Sets sentence starts from `doc.user_data["sentence_starts"]` (char offsets
    produced by segment.sentences); without them, every line starts a sentence."""

    def __call__(self, doc: Doc) -> Doc:
        starts = doc.user_data.get("sentence_starts")
        if starts is None:
            starts = {0} | {i + 1 for i, c in enumerate(doc.text) if c == "\n"}
        starts = set(starts)
        for i, tok in enumerate(doc):
            tok.is_sent_start = i == 0 or tok.idx in starts
        return doc


def to_doc(text: str, sentence_starts: list[int], spans: list[tuple[int, int, str]]) -> Doc:
    """A spaCy Doc of `text` with the given sentence starts and labelled spans
    in `doc.spans["policy_audit"]` (spans not on token boundaries are expanded)."""
    nlp = get_nlp()
    doc = nlp.make_doc(text)
    doc.user_data["sentence_starts"] = sentence_starts
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    out = []
    for start, end, label in spans:
        span = doc.char_span(start, end, label=label, alignment_mode="expand")
        if span is not None:
            out.append(span)
    doc.spans["policy_audit"] = out
    return doc
