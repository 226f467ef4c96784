"""Every bad input through the CLI (in-process): a report, or a one-line error
naming the file with exit code 2; never a traceback. Plus output safety."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from policy_audit.api import audit
from policy_audit.cli import app
from policy_audit.report.bundle import safe_stem

POLICY = ("Privacy Policy\n\nWho we are\nExample Ltd is the controller. "
          "Contact privacy@example.com.\n\nRetention\n"
          "We keep your personal data for 3 years after your last order.\n")
runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def _one_line_error(result, name: str) -> None:
    assert result.exit_code == 2, result.output
    err = result.stderr.strip()
    assert "Traceback" not in result.output
    assert len(err.splitlines()) == 1, err
    assert name in err


BAD = {
    "empty.txt": b"",
    "blank.txt": b"   \n\n\t  \r\n",
    "image.png": b"\x89PNG\r\n\x1a\n" + bytes(range(256)),
    "doc.pdf": b"%PDF-1.4\n1 0 obj\n",
    "archive.zip": b"PK\x03\x04" + b"\x00" * 40,
    "prog": b"\x7fELF\x02\x01\x01" + b"\x00" * 40,
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_files_exit_2_with_one_line(tmp_path: Path, name: str):
    p = tmp_path / name
    p.write_bytes(BAD[name])
    _one_line_error(run("audit", str(p), "--format", "json"), name)


def test_directory_and_missing_path(tmp_path: Path):
    _one_line_error(run("audit", str(tmp_path), "--format", "json"), str(tmp_path))
    _one_line_error(run("audit", str(tmp_path / "nope.txt"), "--format", "json"), "nope.txt")


def test_unreadable_file_exits_2(tmp_path: Path, monkeypatch):
    p = tmp_path / "locked.txt"
    p.write_text(POLICY)

    def deny(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(type(p), "open", deny)  # we run as root: chmod 000 would not bite
    result = run("audit", str(p), "--format", "json")
    _one_line_error(result, "locked.txt")
    assert "permission denied" in result.stderr


def test_size_limit_and_max_bytes(tmp_path: Path):
    p = tmp_path / "big.txt"
    p.write_text(POLICY * 50)
    result = run("audit", str(p), "--format", "json", "--max-bytes", "1000")
    _one_line_error(result, "big.txt")
    assert "--max-bytes" in result.stderr
    ok = run("audit", str(p), "--format", "json", "--max-bytes", str(10 ** 6))
    assert ok.exit_code == 0 and '"requirements"' in ok.stdout


def test_one_bad_file_among_good_ones_still_writes_the_good(tmp_path: Path):
    good, bad = tmp_path / "good.txt", tmp_path / "bad.txt"
    good.write_text(POLICY)
    bad.write_bytes(b"")
    out = tmp_path / "out"
    result = run("audit", str(good), str(bad), "--out", str(out), "--format", "json")
    assert result.exit_code == 2
    assert (out / "good.json").exists()
    assert "bad.txt: empty file" in result.stderr


@pytest.mark.parametrize("name", ["with space.txt", "polítique_日本.txt", "new\nline.txt",
                                  "-dash.txt", "..dots..txt"])
def test_awkward_file_names(tmp_path: Path, name: str):
    p = tmp_path / name
    p.write_text(POLICY)
    out = tmp_path / "out"
    result = run("audit", "--out", str(out), "--format", "json", "--", str(p))
    assert result.exit_code == 0, result.output
    written = [f for f in out.iterdir() if not f.name.startswith(".")]
    assert len(written) == 1
    assert written[0].parent == out and "\n" not in written[0].name
    # a file name with a newline still gives a one-line error
    p.write_bytes(b"")
    err = run("audit", "--format", "json", "--", str(p))
    _one_line_error(err, p.name.replace("\n", "\\n"))


@pytest.mark.parametrize("name", ["../../etc/passwd", "..", ".", "/", "a/../../b.txt",
                                  "..\\..\\win.txt", "\n", "x" * 400 + ".txt", "...",
                                  "C:\\evil.txt", "name\x00.txt"])
def test_safe_stem_never_leaves_the_output_directory(tmp_path: Path, name: str):
    stem = safe_stem(name)
    assert stem and "/" not in stem and "\\" not in stem and "\x00" not in stem
    assert stem not in (".", "..") and not stem.startswith(".")
    target = (tmp_path / f"{stem}.json").resolve()
    assert target.parent == tmp_path.resolve()


def test_reports_are_written_atomically(tmp_path: Path, monkeypatch):
    p = tmp_path / "p.txt"
    p.write_text(POLICY)
    out = tmp_path / "out"
    out.mkdir()
    (out / "p.json").write_text("previous report")
    real_replace = os.replace

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    result = run("audit", str(p), "--out", str(out), "--format", "json")
    assert result.exit_code == 2
    assert "No space left" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert (out / "p.json").read_text() == "previous report"  # old one intact
    assert [f.name for f in out.iterdir()] == ["p.json"]  # no temp file left
    monkeypatch.setattr(os, "replace", real_replace)


HOSTILE = ('<script>alert(1)</script> <img src=x onerror="alert(2)"> </style><style>'
           'body{display:none}</style> <a href="javascript:alert(3)">click</a> '
           '<iframe src="javascript:alert(4)"></iframe>')


def test_html_report_escapes_hostile_policy_text(tmp_path: Path):
    p = tmp_path / "<script>alert(5)<\u2044script>.txt"
    p.write_text("Privacy Policy <script>alert(6)</script>\n\n"
                 f"We keep your personal data for 3 years. {HOSTILE}\n"
                 f"Contact privacy@example.com for questions. {HOSTILE}\n")
    result = run("audit", str(p), "--format", "html")
    assert result.exit_code == 0, result.output
    html = result.stdout
    for raw in ("<script>alert", "<img src=x", "onerror=\"alert", "<iframe",
                "href=\"javascript:", "</style><style>body{display:none}"):
        assert raw not in html, raw
    assert "&lt;script&gt;alert(1)" in html  # the text is shown, escaped
    assert "href=javascript" not in html.replace('"', "").replace("'", "")


@pytest.mark.parametrize("text", [
    "Privacy Policy\n" + "Data Protection\n" * 20000,  # 20,000 heading-like lines
    "".join(f"{'1.' * d}{d} Heading level {d}\nBody text for this part.\n" for d in range(1, 60)),
    "Privacy Policy\n" + "1." * 5000 + "2 Deep\nWe keep data.\n",
    "Privacy Policy\n" + " " * 100000 + "\nWe keep data for 2 years.\n",
    "Privacy Policy\n" + "." * 100000 + "\n",
    "Privacy Policy\n" + "-" * 100000 + "\n",
    "Privacy Policy\n" + "# " * 30000 + "\n",
    "Privacy Policy\n" + "\n" * 100000 + "We keep data.\n",
    "| Cookie | Purpose | Duration |\n|---|---|---|\n"
    + "| _ga | analytics | 2 years |\n| _gid | analytics | 24 hours |\n" * 200,
    "# Privacy\n\n## Retention\n\n**We keep** your data for *3 years*.\n\n- [link](https://x.org)\n",
])
def test_hostile_shapes_give_a_consistent_report(text: str):
    r = audit(text)
    t = r.text
    assert r.sections[0].start == 0 and r.sections[-1].end == len(t)
    for a, b in zip(r.sections, r.sections[1:], strict=False):
        assert a.end == b.start
    for v in r.verdicts:
        for e in v.evidence:
            assert t[e.start:e.end] == e.text
    for ents in r.entity_map.values():
        for e in ents:
            assert t[e.start:e.end] == e.text
    assert r.to_json()


def test_french_and_german_are_flagged_in_warnings_and_language():
    fr = audit("Politique de confidentialité\nNous conservons vos données personnelles "
               "pendant trois ans. Vous pouvez exercer vos droits d'accès et de rectification.")
    de = audit("Datenschutzerklärung\nWir speichern Ihre personenbezogenen Daten für drei "
               "Jahre. Sie haben das Recht auf Auskunft und Berichtigung Ihrer Daten.")
    for r, lang in ((fr, "fr"), (de, "de")):
        assert r.document.language == lang
        assert any("not English" in w for w in r.document.warnings)
        assert r.to_dict()["source"]["language"] == lang


def test_crlf_and_cr_give_exact_offsets_and_line_numbers():
    for nl in ("\r\n", "\r"):
        text = POLICY.replace("\n", nl)
        r = audit(text.encode(), path="p.txt")
        assert r.text == text
        for v in r.verdicts:
            for e in v.evidence:
                assert r.text[e.start:e.end] == e.text
                before = r.text[:e.start].replace("\r\n", "\n").replace("\r", "\n")
                assert e.line == before.count("\n") + 1


def test_a_50_mb_file_is_refused_before_it_is_read(tmp_path: Path):
    p = tmp_path / "huge.txt"
    p.touch()
    os.truncate(p, 50 * 2 ** 20)  # sparse: instant, and stat() reports 50 MB
    result = run("audit", str(p), "--format", "json")
    _one_line_error(result, "huge.txt")
    assert "52,428,800 bytes, over the 5,242,880-byte limit" in result.stderr


def test_models_load_only_from_the_package_and_never_unpickle(tmp_path: Path):
    import numpy as np

    import policy_audit
    from policy_audit import classify
    pkg_root = Path(policy_audit.__file__).resolve().parent
    for d in classify.artifact_dirs():
        assert d.resolve().is_relative_to(pkg_root.parent)  # package or its repository
    # an artifact holding a pickled object is refused, not executed
    (tmp_path / f"{classify.ARTIFACT}.json").write_text(
        '{"labels": [], "vocabulary": {}, "thresholds": {}, "ngram_range": [1, 1]}')
    np.savez(tmp_path / f"{classify.ARTIFACT}.npz", idf=np.array([{"x": 1}], dtype=object),
             coef=np.zeros(1), intercept=np.zeros(1))
    with pytest.raises(ValueError, match="pickle"):
        classify.load_from(tmp_path)


def test_a_line_without_spaces_is_cut_into_bounded_sentences():
    from policy_audit.segment import MAX_SENTENCE

    text = "Privacy Policy\n" + "x" * 300_000 + "\nWe keep data.\n"
    r = audit(text)
    assert all(s.end - s.start <= MAX_SENTENCE for s in r.sentences)
    covered = sum(s.end - s.start for s in r.sentences if r.text[s.start] == "x")
    assert covered == 300_000  # cut, never dropped


@pytest.mark.slow
def test_one_2_mb_line_with_no_newline():
    from policy_audit.segment import MAX_SENTENCE

    unit = ("We keep your personal data for 3 years after your last order. "
            "Contact privacy@example.com to exercise your right of access. ")
    text = unit * (2 * 2 ** 20 // len(unit))
    r = audit(text, max_bytes=len(text) + 1)
    assert "\n" not in r.text and len(r.text) > 2_000_000
    assert r.sections[0].start == 0 and r.sections[-1].end == len(r.text)
    assert all(s.end - s.start <= MAX_SENTENCE for s in r.sentences)
    assert len(r.sentences) >= 2 * len(text) // len(unit)


@pytest.mark.parametrize("name", ["a" * 245 + ".txt", "é" * 120 + ".txt"])
def test_a_very_long_file_name_gives_a_report(tmp_path: Path, name: str):
    p = tmp_path / name
    p.write_text(POLICY)
    out = tmp_path / "out"
    result = run("audit", str(p), "--out", str(out), "--format", "json")
    assert result.exit_code == 0, result.output
    (written,) = out.iterdir()
    assert len(written.name.encode()) <= 110


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_files_become_one_line_error_rows_in_batch(tmp_path: Path, name: str):
    from policy_audit.batch import Item, score_item

    p = tmp_path / name
    p.write_bytes(BAD[name])
    row, reqs, ents = score_item(Item(id=name, path=str(p)), "test")
    assert row["error"] and name in row["error"] and "\n" not in row["error"]
    assert reqs == [] and ents == []


def test_text_command_refuses_bad_input_with_exit_2(tmp_path: Path):
    p = tmp_path / "image.png"
    p.write_bytes(BAD["image.png"])
    _one_line_error(run("text", str(p)), "image.png")
