"""End-to-end checks of the core pipeline on the seeds: schema, offsets, CLI."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from policy_audit.cli import app
from tests.conftest import REPO, SEEDS

CATALOGUE_IDS = ["13(1)(a)", "13(1)(b)", "13(1)(c)", "13(1)(d)", "13(1)(e)", "13(1)(f)",
                 "13(2)(a)", "13(2)(b)", "13(2)(c)", "13(2)(d)", "13(2)(e)", "13(2)(f)",
                 "14(1)(d)", "14(2)(f)", "12(3)", "12(5)", "15", "16", "17", "18", "19", "20",
                 "21", "22", "8"]
runner = CliRunner()


def test_seeds_are_bundled():
    assert len(SEEDS) == 5


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem[:3])
def test_json_report_schema_and_offsets(seed: Path, seed_results):
    result = seed_results[seed.stem]
    report = json.loads(result.to_json())
    text = result.text
    assert report["schema_version"] == "1"
    assert report["source"]["sha256"] == result.document.sha256
    assert report["source"]["chars"] == len(text)
    assert [r["id"] for r in report["requirements"]][:25] == CATALOGUE_IDS
    for req in report["requirements"]:
        assert req["status"] in {"met", "partial", "missing", "not_applicable"}
        assert 0.0 <= req["confidence"] <= 1.0
        if req["status"] in {"met", "partial"}:
            assert req["evidence"], req["id"]
        for ev in req["evidence"]:
            assert text[ev["start"]:ev["end"]] == ev["text"]
            assert ev["line"] == text.count("\n", 0, ev["start"]) + 1
    for etype, ents in report["entities"].items():
        for e in ents if isinstance(ents, list) else [ents] if ents else []:
            assert text[e["start"]:e["end"]] == e["text"], etype
    for flag in report["flags"]:
        assert text[flag["start"]:flag["end"]] == flag["text"]
    score = report["score"]
    assert score["met"] + score["partial"] + score["missing"] + score["not_applicable"] == len(
        report["requirements"])
    applicable = len(report["requirements"]) - score["not_applicable"]
    assert score["coverage"] == pytest.approx(
        (score["met"] + 0.5 * score["partial"]) / applicable, abs=1e-3)
    secs = report["sections"]
    assert secs[0]["start"] == 0 and secs[-1]["end"] == len(text)
    assert all(a["end"] == b["start"] for a, b in zip(secs, secs[1:], strict=False))


def test_cli_json_for_seed_001_has_every_id_and_exact_offsets():
    seed = REPO / "corpus" / "seeds" / "001_55b3edf610ab2b09.txt"
    res = runner.invoke(app, ["audit", str(seed), "--format", "json"])
    assert res.exit_code == 0, res.output
    report = json.loads(res.stdout)
    text = seed.read_text("utf-8")
    assert {r["id"] for r in report["requirements"]} >= set(CATALOGUE_IDS)
    spans = [e for r in report["requirements"] for e in r["evidence"]]
    assert spans and all(text[e["start"]:e["end"]] == e["text"] for e in spans)


def test_cli_text_report_is_diff_style():
    seed = REPO / "corpus" / "seeds" / "000_fa882d9180b8913c.txt"
    res = runner.invoke(app, ["audit", str(seed), "--format", "text"])
    assert res.exit_code == 0
    marks = [ln[0] for ln in res.stdout.splitlines() if re.match(r"^[+~-] \d", ln)]
    assert len(marks) >= 20 and set(marks) <= {"+", "~", "-"}
    assert "@@ coverage" in res.stdout


def test_cli_writes_reports_for_several_files(tmp_path: Path):
    res = runner.invoke(app, ["audit", *map(str, SEEDS[:2]), "--out", str(tmp_path),
                              "--format", "all"])
    assert res.exit_code == 0, res.output
    for seed in SEEDS[:2]:
        for ext in ("json", "md", "html", "txt"):
            assert (tmp_path / f"{seed.stem}.{ext}").stat().st_size > 500


def test_fail_under_exits_1():
    seed = str(REPO / "corpus" / "seeds" / "003_5f6234a86620604a.txt")
    assert runner.invoke(app, ["audit", seed, "-f", "json", "--fail-under", "0.99"]).exit_code == 1
    assert runner.invoke(app, ["audit", seed, "-f", "json", "--fail-under", "0.05"]).exit_code == 0


@pytest.mark.parametrize("content,needle", [
    (b"", "empty file"),
    (b"   \n\t \n", "only whitespace"),
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "PNG"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
    (b"PK\x03\x04" + b"\x00" * 100, "ZIP"),
    (b"\x7fELF\x02\x01\x01" + b"\x00" * 200, "ELF"),
    (bytes(range(256)) * 20, "binary"),
])
def test_bad_input_exits_2_with_one_line_naming_the_file(tmp_path: Path, content: bytes,
                                                         needle: str):
    f = tmp_path / "policy.txt"
    f.write_bytes(content)
    res = runner.invoke(app, ["audit", str(f), "-f", "json"])
    assert res.exit_code == 2
    err = res.stderr.strip()
    assert len(err.splitlines()) == 1 and str(f) in err and needle in err
    assert "Traceback" not in res.output


def test_missing_path_and_directory_exit_2(tmp_path: Path):
    for target, needle in ((tmp_path / "nope.txt", "no such file"),
                           (tmp_path, "is a directory")):
        res = runner.invoke(app, ["audit", str(target), "-f", "json"])
        assert res.exit_code == 2 and needle in res.stderr and str(target) in res.stderr


def test_size_limit(tmp_path: Path):
    f = tmp_path / "big.txt"
    f.write_text("We keep your data for 3 years.\n" * 200)
    res = runner.invoke(app, ["audit", str(f), "-f", "json", "--max-bytes", "1000"])
    assert res.exit_code == 2 and "limit" in res.stderr
    assert runner.invoke(app, ["audit", str(f), "-f", "json"]).exit_code == 0


def test_checklist_command_lists_every_id():
    res = runner.invoke(app, ["checklist", "--format", "json"])
    assert res.exit_code == 0
    assert [r["id"] for r in json.loads(res.stdout)][:25] == CATALOGUE_IDS


def test_help_is_fast_and_lazy():
    import subprocess
    import sys

    code = ("import sys, policy_audit.cli; "
            "print(sorted(m for m in ('spacy','sklearn','pandas','dateparser','jinja2') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
