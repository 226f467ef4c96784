"""The sentence classifier of the hybrid judge: which requirement a sentence
speaks to, by meaning rather than by one fixed phrase.

A TF-IDF (word 1-2 grams, sublinear tf) + logistic regression model per label,
trained by `models/train.py` on GDPR-Transparency-200 and shipped as plain
arrays (`requirements.npz` + `requirements.json`), not a pickle: loading it
executes no code. Labels are the corpus's requirement names; the checklist maps
them to requirement ids (`model_labels`).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

    from policy_audit.extract import Context

ARTIFACT = "requirements"
_HEAD_WORD = re.compile(r"[a-z]{3,}")


def artifact_dirs() -> list[Path]:
    """Where the model may live: inside the installed package (a wheel), then the
    repository's models/ (an editable install)."""
    pkg = Path(str(resources.files("policy_audit"))) / "_models"
    repo = Path(__file__).resolve().parents[1] / "models"
    return [pkg, repo]


def features_text(sentence: str, heading: str) -> str:
    """The classifier's input: the sentence plus its heading's words, marked."""
    head = " ".join("h_" + w for w in _HEAD_WORD.findall(heading.lower()))
    return f"{sentence} {head}".strip()


@dataclass
class SentenceModel:
    labels: list[str]
    vocabulary: dict[str, int]
    idf: np.ndarray
    coef: np.ndarray  # labels x features
    intercept: np.ndarray
    thresholds: dict[str, float]
    ngram_range: tuple[int, int]
    meta: dict[str, Any]

    def _vectorizer(self) -> Any:
        from sklearn.feature_extraction.text import CountVectorizer

        if not hasattr(self, "_vec"):
            self._vec = CountVectorizer(vocabulary=self.vocabulary,
                                        ngram_range=self.ngram_range, lowercase=True)
        return self._vec

    def transform(self, texts: list[str]) -> Any:
        """TF-IDF exactly as at training: 1 + log(tf), times idf, l2-normalised."""
        import numpy as np
        from sklearn.preprocessing import normalize

        counts = self._vectorizer().transform(texts).astype("float32")
        counts.data = 1.0 + np.log(counts.data)
        return normalize(counts.multiply(self.idf).tocsr())

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        """Probabilities, one row per text, one column per label."""
        import numpy as np

        if not texts:
            return np.zeros((0, len(self.labels)), dtype="float32")
        scores = self.transform(texts) @ self.coef.T + self.intercept
        return 1.0 / (1.0 + np.exp(-np.asarray(scores)))


def load_from(directory: Path) -> SentenceModel | None:
    import numpy as np

    meta_f, arr_f = directory / f"{ARTIFACT}.json", directory / f"{ARTIFACT}.npz"
    if not (meta_f.is_file() and arr_f.is_file()):
        return None
    meta = json.loads(meta_f.read_text("utf-8"))
    arrays = np.load(arr_f, allow_pickle=False)
    return SentenceModel(
        labels=meta["labels"], vocabulary=meta["vocabulary"], idf=arrays["idf"],
        coef=arrays["coef"], intercept=arrays["intercept"], thresholds=meta["thresholds"],
        ngram_range=tuple(meta["ngram_range"]),
        meta={k: v for k, v in meta.items() if k not in ("vocabulary",)},
    )


@lru_cache(maxsize=1)
def load_model() -> SentenceModel | None:
    """The shipped model, or None when no artifact is installed (rules only)."""
    for d in artifact_dirs():
        model = load_from(d)
        if model is not None:
            return model
    return None


def sentence_scores(ctx: Context, model: SentenceModel) -> dict[str, list[tuple[float, int]]]:
    """{label: [(probability, sentence index), ...] best first} for the body
    sentences of a document (headings are context, not evidence)."""
    idx = [i for i, s in enumerate(ctx.sentences) if not s.is_heading and s.end - s.start >= 12]
    texts = [features_text(ctx.sentence_text(i), ctx.section_title(ctx.sentences[i].start))
             for i in idx]
    probs = model.predict_proba(texts)
    out: dict[str, list[tuple[float, int]]] = {}
    for j, label in enumerate(model.labels):
        col = probs[:, j] if len(idx) else []
        ranked = sorted(((float(p), idx[k]) for k, p in enumerate(col)), reverse=True)[:5]
        out[label] = ranked
    return out


def policy_probability(scores: list[tuple[float, int]]) -> float:
    """Probability that at least one sentence speaks to the label (noisy-or of
    the top three, which is steadier than the single maximum)."""
    return 1.0 - math.prod(1.0 - p for p, _ in scores[:3])
