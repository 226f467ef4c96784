"""Every format carries every checklist id; policy text is escaped everywhere;
CSV/XLSX are spreadsheet-safe; `--bundle` writes one complete folder."""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser

import pytest

# the ids of the reference catalogue (gdpr-requirements.md), every one required in every report
REFERENCE_IDS = ("13(1)(a)", "13(1)(b)", "13(1)(c)", "13(1)(d)", "13(1)(e)", "13(1)(f)",
                 "13(2)(a)", "13(2)(b)", "13(2)(c)", "13(2)(d)", "13(2)(e)", "13(2)(f)",
                 "14(1)(d)", "14(2)(f)", "12(3)", "12(5)", "15", "16", "17", "18", "19", "20",
                 "21", "22", "8")

EVIL = """Privacy Policy
We are Acme <script>alert(1)</script> Ltd, contact privacy@acme.example.
We keep your data for 3 years. <img src=x onerror=alert(2)>
</style><script>alert(3)</script> You have the right to access your data.
</textarea><b>bold</b> Visit <a href="javascript:alert(4)">here</a> | =HYPERLINK("http://x")
"""
DANGEROUS = ("<script", "<img", "</style>", "</textarea>", "<b>bold", 'href="javascript:')


def all_ids() -> list[str]:
    from policy_audit.catalogue import load_checklist

    return list(dict.fromkeys([*REFERENCE_IDS, *(r.id for r in load_checklist().requirements)]))


@pytest.fixture(scope="module")
def small():
    from policy_audit.api import audit

    return audit(b"Privacy Policy\nWe are Acme Ltd, contact privacy@acme.example.\n"
                 b"We keep your data for 3 years. You may ask us for a copy of your data.\n",
                 path="small.txt")


@pytest.fixture(scope="module")
def evil():
    from policy_audit.api import audit

    return audit(EVIL.encode(), path="evil<script>.txt")


class _Rows(HTMLParser):
    """Collects data-req of checklist rows and every element id / link target."""

    def __init__(self) -> None:
        super().__init__()
        self.reqs: list[str] = []
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += attrs
        a = dict(attrs)
        if tag == "tr" and "data-req" in a:
            self.reqs.append(a["data-req"])
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and a.get("class") == "evlink":
            self.links.append(a["href"])


def ids_in(result, fmt: str) -> list[str]:
    """The requirement ids a rendered report shows, read back the way a user would."""
    from policy_audit.report import render
    from policy_audit.report.tables import to_csv

    if fmt == "csv":
        return [row["id"] for row in csv.DictReader(io.StringIO(to_csv(result)))]
    out = render(result, fmt)
    if fmt == "json":
        return [r["id"] for r in json.loads(out)["requirements"]]
    if fmt == "html":
        parser = _Rows()
        parser.feed(out)
        return parser.reqs
    # md and text: diff-style lines "<marker> <id> <title>"
    return re.findall(r"^[+~\- ] (\S+)\s", out, flags=re.MULTILINE)


@pytest.mark.parametrize("fmt", ["json", "md", "html", "text", "csv"])
def test_every_checklist_id_in_every_format(fmt, small):
    shown = ids_in(small, fmt)
    missing = [i for i in all_ids() if i not in shown]
    assert not missing, f"{fmt} report lacks {missing}"
    assert len(shown) == len(set(shown)), f"{fmt} repeats an id"


def test_every_checklist_id_in_xlsx(small, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    from policy_audit.report.tables import write_xlsx

    write_xlsx(small, tmp_path / "r.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "r.xlsx")["Requirements"]
    ids = [row[0] for row in ws.iter_rows(min_row=2, values_only=True)]
    assert [i for i in all_ids() if i not in ids] == []


def test_markdown_grouped_by_article_in_checklist_order(small):
    md = small.to_markdown()
    heads = re.findall(r"^### (Art\. \d+): ", md, flags=re.MULTILINE)
    assert heads[:3] == ["Art. 13", "Art. 14", "Art. 12"]
    assert heads[-1] == "Art. 8" and len(heads) == len(set(heads))
    block = md.split("### Art. 14:")[0]
    assert "13(2)(f)" in block and "14(1)(d)" not in block


def test_html_evidence_links_resolve_to_marks(small):
    html = small.to_html()
    parser = _Rows()
    parser.feed(html)
    n_evidence = sum(len(v.evidence) for v in small.verdicts)
    assert n_evidence and len(parser.links) == n_evidence
    for href in parser.links:
        assert href.startswith("#") and href[1:] in parser.ids, href
    assert "<link" not in html and "src=" not in html  # self-contained: no external assets


def test_header_names_policy_hash_and_counts(small):
    md, html = small.to_markdown(), small.to_html()
    for out in (md, html):
        assert small.document.sha256 in out
        assert "small.txt" in out
    score = small.score
    assert f"{score['met']} / {score['partial']} / {score['missing']}" in md


def test_html_escapes_hostile_policy_text(evil):
    html = evil.to_html()
    body = html.split("<body>", 1)[1]
    for bad in DANGEROUS:
        assert bad not in body, bad
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body  # shown, as text
    assert body.count("</style>") == 0 and html.count("<script") == 0
    parser = _Rows()
    parser.feed(html)
    assert not {"script", "img", "textarea"} & set(parser.tags)
    assert not any(k.startswith("on") for k, _ in parser.attrs)
    assert not any((v or "").lower().startswith("javascript:") for _, v in parser.attrs)


def test_evidence_inside_hostile_text_is_highlighted_escaped(evil):
    from policy_audit.report.html import highlighted_text

    marked = str(highlighted_text(evil))
    spans = [e for v in evil.verdicts for e in v.evidence]
    assert spans and "<mark" in marked
    assert "<script" not in marked and "&lt;script&gt;" in marked


def test_markdown_neutralises_html_and_fences(evil):
    md = evil.to_markdown()
    outside_code = re.sub(r"```.*?```", "", md, flags=re.DOTALL)
    outside_code = re.sub(r"`[^`\n]*`", "", outside_code)  # inline code shows text literally
    for bad in ("<script", "<img", "</textarea>"):
        assert bad not in outside_code, bad
    assert md.count("```") % 2 == 0


def test_csv_cells_cannot_run_as_formulas(evil):
    from policy_audit.report.tables import inert, to_csv

    for table in ("requirements", "entities"):
        for row in csv.reader(io.StringIO(to_csv(evil, table))):
            assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row), row
    assert inert("=1+1") == "'=1+1" and inert("-x") == "'-x" and inert("plain") == "plain"


def test_xlsx_stores_formula_like_text_as_text(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    from policy_audit.api import audit
    from policy_audit.report.tables import write_xlsx

    r = audit(b'Privacy Policy\n=HYPERLINK("http://x") We keep your data for 3 years.\n',
              path="f.txt")
    write_xlsx(r, tmp_path / "f.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "f.xlsx")
    cells = [c for ws in wb for row in ws.iter_rows() for c in row]
    assert any(isinstance(c.value, str) and "HYPERLINK" in c.value for c in cells)
    assert all(c.data_type != "f" for c in cells)


def test_bundle_via_cli(tmp_path):
    from typer.testing import CliRunner

    from policy_audit.cli import app

    policy = tmp_path / "acme policy.txt"
    policy.write_text("Privacy Policy\nWe are Acme Ltd, contact privacy@acme.example.\n"
                      "We keep your data for 3 years.\n", encoding="utf-8")
    out = tmp_path / "bundle"
    res = CliRunner().invoke(app, ["audit", str(policy), "--bundle", str(out), "-f", "json"])
    assert res.exit_code == 0, res.output
    names = sorted(p.name for p in out.iterdir())
    stem = "acme_policy"
    expected = {f"{stem}.json", f"{stem}.md", f"{stem}.html", f"{stem}.requirements.csv",
                f"{stem}.entities.csv", "README.md"}
    assert expected <= set(names)
    assert json.loads((out / f"{stem}.json").read_text())["source"]["sha256"]
    readme = (out / "README.md").read_text()
    assert f"{stem}.html" in readme and "coverage" in readme
    assert not [n for n in names if n.endswith(".tmp")]


def test_bundle_unwritable_is_one_line_error(tmp_path):
    from typer.testing import CliRunner

    from policy_audit.cli import app

    policy = tmp_path / "p.txt"
    policy.write_text("Privacy Policy\nWe keep your data for 3 years.\n", encoding="utf-8")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    res = CliRunner().invoke(app, ["audit", str(policy), "--bundle", str(blocker / "sub"),
                                   "-f", "json"])
    assert res.exit_code == 2
    assert "cannot write bundle" in res.output and "Traceback" not in res.output


def test_failing_xlsx_write_leaves_no_partial_or_temp_file(small, tmp_path, monkeypatch):
    """The bundle's xlsx goes through the same atomic writer as every other file: a
    writer that dies half way leaves neither a partial .xlsx nor a .tmp behind, and an
    existing workbook from an earlier run is left as it was."""
    pytest.importorskip("openpyxl")
    from pathlib import Path

    from policy_audit.report import tables
    from policy_audit.report.bundle import write_bundle

    def half_written(result, target: Path) -> None:
        target.write_bytes(b"PK\x03\x04 half a workbook")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tables, "write_xlsx", half_written)
    out = tmp_path / "bundle"
    with pytest.raises(OSError, match="No space"):
        write_bundle([small], out, stems=["p"])
    assert not (out / "p.xlsx").exists()
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]
    (out / "p.xlsx").write_bytes(b"the earlier workbook")
    with pytest.raises(OSError, match="No space"):
        write_bundle([small], out, stems=["p"])
    assert (out / "p.xlsx").read_bytes() == b"the earlier workbook"
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]


def test_write_atomic_accepts_text_bytes_and_a_path_writer(tmp_path):
    import os
    import stat

    from policy_audit.report.bundle import write_atomic

    write_atomic(tmp_path / "a.txt", "é")
    write_atomic(tmp_path / "b.bin", b"\x00\x01")
    write_atomic(tmp_path / "c.out", lambda p: p.write_text("from a writer"))
    assert (tmp_path / "a.txt").read_bytes() == "é".encode()
    assert (tmp_path / "b.bin").read_bytes() == b"\x00\x01"
    assert (tmp_path / "c.out").read_text() == "from a writer"
    mask = os.umask(0o022)
    os.umask(mask)
    assert stat.S_IMODE((tmp_path / "c.out").stat().st_mode) == 0o666 & ~mask
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.bin", "c.out"]
