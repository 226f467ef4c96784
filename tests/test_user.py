"""Bugs a first-time user (a privacy consultant) hit with the command line, the
reports and `policy-audit diff`; each test failed before its fix."""

from __future__ import annotations

import json
import os
import stat

from typer.testing import CliRunner

from policy_audit.cli import app

runner = CliRunner()

POLICY = """Privacy Policy
Acme Ltd, 1 Main Street, Paris, is the controller. Contact: privacy@acme.example.
We keep your account data for 3 years after your last order.
You have the right of access, rectification and erasure; write to privacy@acme.example.
"""


def test_diff_reports_red_flags_added(tmp_path):
    old = tmp_path / "v1.txt"
    new = tmp_path / "v2.txt"
    old.write_text(POLICY)
    new.write_text(POLICY + "We transfer data to the USA under the EU-US Privacy Shield.\n"
                   "By using this website you consent to this policy.\n")
    res = runner.invoke(app, ["diff", str(old), str(new), "--format", "json"])
    assert res.exit_code == 0, res.output
    flags = json.loads(res.output)["flags"]
    assert {(f["id"], f["change"]) for f in flags} == {("privacy_shield", "added"),
                                                       ("consent_by_use", "added")}
    assert all(f["line"] in (5, 6) for f in flags)
    text = runner.invoke(app, ["diff", str(old), str(new)]).output
    assert "@@ red flags: 2 changed @@" in text
    assert '+ ! privacy_shield L5: "We transfer data' in text
    back = runner.invoke(app, ["diff", str(new), str(old), "--format", "md"]).output
    assert "**removed**: `consent_by_use` L6" in back
    html = runner.invoke(app, ["diff", str(old), str(new), "--format", "html"]).output
    assert 'data-flag="privacy_shield"' in html
    # a new red flag is a regression: red, not the green of an added entity
    assert "table.flags tr.added{background:#fdecec}" in html


def test_diff_last_updated_not_named_twice(tmp_path):
    old = tmp_path / "v1.txt"
    new = tmp_path / "v2.txt"
    old.write_text(POLICY + "Last updated: 1 March 2020\n")
    new.write_text(POLICY + "Last updated: 1 March 2024\n")
    text = runner.invoke(app, ["diff", str(old), str(new)]).output
    assert "~ last_updated: 2020-03-01 -> 2024-03-01" in text


def test_out_next_to_the_input_does_not_overwrite_it(tmp_path):
    policy = tmp_path / "policy.html"
    source = f"<html><body><p>{POLICY}</p></body></html>"
    policy.write_text(source)
    res = runner.invoke(app, ["audit", str(policy), "--out", str(tmp_path),
                              "--format", "html"])
    assert res.exit_code == 0, res.output
    assert policy.read_text() == source
    assert (tmp_path / "policy-2.html").read_text().startswith("<!DOCTYPE html>")


def test_bundle_next_to_the_input_does_not_overwrite_it(tmp_path):
    policy = tmp_path / "policy.md"
    policy.write_text("# Privacy\n" + POLICY)
    res = runner.invoke(app, ["audit", str(policy), "--bundle", str(tmp_path)])
    assert res.exit_code == 0, res.output
    assert policy.read_text().startswith("# Privacy\n")
    assert (tmp_path / "policy-2.md").exists()


def test_same_file_names_in_two_folders_get_two_reports(tmp_path):
    for d, extra in (("a", ""), ("b", "We keep invoices for 10 years.\n")):
        (tmp_path / d).mkdir()
        (tmp_path / d / "policy.txt").write_text(POLICY + extra)
    out = tmp_path / "out"
    res = runner.invoke(app, ["audit", str(tmp_path / "a" / "policy.txt"),
                              str(tmp_path / "b" / "policy.txt"), "--out", str(out),
                              "--format", "json"])
    assert res.exit_code == 0, res.output
    paths = {json.loads((out / n).read_text())["source"]["path"]
             for n in ("policy.json", "policy-2.json")}
    assert paths == {str(tmp_path / "a" / "policy.txt"), str(tmp_path / "b" / "policy.txt")}


def test_reports_and_bundle_are_readable_by_others(tmp_path):
    policy = tmp_path / "p.txt"
    policy.write_text(POLICY)
    old = os.umask(0o022)
    try:
        assert runner.invoke(app, ["audit", str(policy), "--out", str(tmp_path / "r"),
                                   "--format", "all", "--bundle",
                                   str(tmp_path / "b")]).exit_code == 0
    finally:
        os.umask(old)
    files = [*(tmp_path / "r").iterdir(), *(tmp_path / "b").iterdir()]
    assert len(files) >= 8
    for f in files:
        assert stat.S_IMODE(f.stat().st_mode) == 0o644, f


def test_fail_under_given_as_a_percentage_is_refused(tmp_path):
    policy = tmp_path / "p.txt"
    policy.write_text(POLICY)
    res = runner.invoke(app, ["audit", str(policy), "--fail-under", "80"])
    assert res.exit_code == 2
    assert "between 0 and 1" in res.output and "0.8" in res.output


def test_fail_under_names_the_policy_and_its_coverage(tmp_path):
    policy = tmp_path / "p.txt"
    policy.write_text(POLICY)
    res = runner.invoke(app, ["audit", str(policy), "--fail-under", "0.95"])
    assert res.exit_code == 1
    assert f"{policy}: coverage " in res.output and "below 95%" in res.output


def test_checklist_unknown_format_is_an_error():
    res = runner.invoke(app, ["checklist", "--format", "csv"])
    assert res.exit_code == 2
    assert "unknown format 'csv'" in res.output


def test_html_partial_says_lacking_once(tmp_path):
    import policy_audit as pa

    html = pa.audit(POLICY).to_html()
    assert "Lacking:</b> lacking:" not in html
    assert "<b>Lacking:</b> " in html


def test_bidi_controls_do_not_reverse_quotes():
    import policy_audit as pa

    text = POLICY + "\u202eYou may lodge a complaint with the CNIL.\u202c\n"
    r = pa.audit(text)
    assert "\u202e" not in r.to_html() and "[U+202E]" in r.to_html()
    assert "\u202e" not in r.to_markdown()
    from policy_audit.report import render

    assert "\u202e" not in render(r, "text")
    # the JSON keeps the exact text its offsets index
    data = r.to_dict()
    assert any("\u202e" in e["text"] for q in data["requirements"] for e in q["evidence"])
