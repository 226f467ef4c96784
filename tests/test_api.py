"""The notebook-facing API: `import policy_audit as pa`, DataFrame views, inline HTML."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import pytest

import policy_audit as pa

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus" / "seeds" / "000_fa882d9180b8913c.txt"
RETENTION = "Retention\nWe keep your invoices for 3 years.\n"


@pytest.fixture(scope="module")
def seed() -> pa.AuditResult:
    return pa.audit(SEED)


def test_public_names_resolve_and_are_listed_once() -> None:
    assert len(pa.__all__) == len(set(pa.__all__))
    for name in pa.__all__:
        assert getattr(pa, name) is not None, name
    with pytest.raises(AttributeError):
        pa.no_such_name  # noqa: B018


def test_import_is_lazy() -> None:
    code = ("import sys, policy_audit as pa; pa.__all__; "
            "print(sorted(m for m in ('pandas', 'spacy', 'sklearn', 'jinja2') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT).stdout.strip()
    assert out == "[]"


def test_checklist_stays_a_function_after_the_catalogue_is_imported() -> None:
    importlib.import_module("policy_audit.catalogue")
    df = pa.checklist()
    assert callable(pa.checklist)
    assert {"id", "title", "article", "duty", "demands"} <= set(df.columns)
    assert df.id.is_unique and "13(2)(a)" in set(df.id)


def test_requirements_frame_has_one_row_per_checklist_id(seed: pa.AuditResult) -> None:
    df = seed.requirements
    assert list(df.id) == list(pa.checklist().id)
    assert {"id", "title", "article", "status", "confidence", "evidence", "line"} <= set(df.columns)
    assert set(df.status) <= {"met", "partial", "missing", "not_applicable"}
    assert df.confidence.between(0, 1).all()
    assert str(df.line.dtype) == "Int64"
    # every quoted evidence is verbatim policy text on the line it cites
    lines = seed.text.splitlines()
    for ev, line in zip(df.evidence, df.line, strict=True):
        if isinstance(ev, str):
            assert ev.split("\n")[0] in lines[int(line) - 1]


def test_constructed_retention_is_met_with_its_quote_and_entity() -> None:
    r = pa.audit(RETENTION)
    row = r.requirements.set_index("id").loc["13(2)(a)"]
    assert row.status == "met"
    assert row.evidence == "We keep your invoices for 3 years."
    assert row.line == 2
    ents = r.entities
    assert ents.loc[ents.type == "retention", "value"].tolist() == ["P3Y"]
    assert ents.loc[ents.type == "retention", "line"].tolist() == [2]
    assert "13(2)(a)" not in set(r.gaps.id)


def test_gaps_are_the_missing_and_partial_rows(seed: pa.AuditResult) -> None:
    gaps = seed.gaps
    expected = {v.id for v in seed.verdicts if v.status in ("missing", "partial")}
    assert set(gaps.id) == expected and len(gaps) == len(expected)
    if len(gaps):
        assert gaps.status.iloc[0] in ("missing", "partial")


def test_coverage_matches_report_and_statuses(seed: pa.AuditResult) -> None:
    d = seed.to_dict()
    assert seed.coverage == d["score"]["coverage"]
    counts = seed.requirements.status.value_counts()
    applicable = len(seed.verdicts) - counts.get("not_applicable", 0)
    expected = (counts.get("met", 0) + 0.5 * counts.get("partial", 0)) / applicable
    assert seed.coverage == pytest.approx(expected, abs=0.005)


def test_entities_frame_matches_report(seed: pa.AuditResult) -> None:
    d = seed.to_dict()["entities"]
    ents = seed.entities
    assert {"type", "text", "value", "start", "end", "line"} <= set(ents.columns)
    for etype in ("recipients", "retention", "contacts"):
        assert (ents.type == etype).sum() == len(d[etype])
    for row in ents.itertuples():
        assert seed.text[row.start:row.end] == row.text


def test_empty_entities_frame_keeps_its_columns() -> None:
    r = pa.audit("Hello.")
    assert list(r.entities.columns[:6]) == ["type", "text", "value", "start", "end", "line"]


def test_sections(seed: pa.AuditResult) -> None:
    titles = [s.title for s in seed.sections]
    assert "Definitions" in titles
    assert seed.sections_frame.title.tolist() == titles


def test_repr_is_short(seed: pa.AuditResult) -> None:
    text = repr(seed)
    assert text.startswith("<AuditResult") and len(text) < 200
    assert f"coverage={seed.coverage:.2f}" in text


def test_repr_html_is_a_fragment_listing_every_requirement(seed: pa.AuditResult) -> None:
    html = seed._repr_html_()
    assert "<html" not in html and "<style" not in html and "<body" not in html
    assert html.count("<tr style=") == len(seed.verdicts)
    assert f"{seed.coverage:.0%}" in html


def test_repr_html_escapes_policy_text() -> None:
    r = pa.audit("We keep <script>alert('x')</script> data for 3 years & delete it.\n")
    for html in (r._repr_html_(), r.to_html()):
        assert "<script>" not in html
        assert "&lt;script&gt;" in html


def test_bad_input_raises_input_error_naming_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    with pytest.raises(pa.InputError) as err:
        pa.audit(missing)
    assert "nope.txt" in str(err.value) and "\n" not in str(err.value)


def test_py_typed_is_shipped() -> None:
    import tomllib

    assert (ROOT / "policy_audit" / "py.typed").is_file()
    conf = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "policy_audit" in conf["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"]
