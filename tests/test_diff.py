"""`compare()` on constructed policy versions whose differences are certain."""

from __future__ import annotations

import json

import pytest

OLD = """# Who we are
We are Acme Ltd, 1 Main Street, Paris. Contact us at privacy@acme.example.

# Retention
We keep your account data for 3 years after your last order.

# Cookies
We use cookies to measure traffic.
"""

NEW = """# Who we are
We are Acme Ltd, 1 Main Street, Paris. Contact us at privacy@acme.example.

# 2. Retention:
We keep your account data for 7 years after your last order.

# Sharing
We share your email address with Mailchimp, our processor, to send newsletters.

# Complaints
You have the right to lodge a complaint with the CNIL.
"""


@pytest.fixture(scope="module")
def comparison():
    from policy_audit.diff import compare

    return compare(OLD, NEW)


def test_retention_growth_is_one_change(comparison):
    rows = [r for r in comparison.entity_changes if r["type"] == "retention"]
    assert [(r["change"], r["old"], r["new"]) for r in rows] == [("changed", "P3Y", "P7Y")]


def test_new_recipient_added(comparison):
    added = [r["key"] for r in comparison.entity_changes
             if r["type"] == "recipients" and r["change"] == "added"]
    assert "mailchimp" in added


def test_sections_aligned_by_title(comparison):
    by_title = {r["title"]: r for r in comparison.section_changes}
    assert by_title["Sharing"]["change"] == "added"
    assert by_title["Cookies"]["change"] == "removed"
    assert "Who we are" not in by_title  # unchanged
    changed = [r for r in comparison.section_changes if r["change"] == "changed"]
    assert len(changed) == 1 and "Retention" in changed[0]["title"]
    diff = changed[0]["diff"]
    assert "-We keep your account data for 3 years" in diff
    assert "+We keep your account data for 7 years" in diff


def test_complaint_right_gained(comparison):
    rows = {r["id"]: r for r in comparison.requirement_changes}
    assert rows["13(2)(d)"]["old_status"] == "missing"
    assert rows["13(2)(d)"]["change"] == "gained"
    assert "CNIL" in rows["13(2)(d)"]["new_evidence"]
    assert rows["13(2)(d)"]["old_evidence"] is None


def test_identical_policies_have_no_differences():
    from policy_audit.api import audit
    from policy_audit.diff import compare

    r = audit(OLD)
    c = compare(r, r)
    assert c.requirement_changes == c.entity_changes == c.section_changes == []
    assert c.requirements.empty and list(c.requirements.columns)[:4] == [
        "id", "title", "article", "change"]


def test_changed_authority_is_one_change():
    from policy_audit.diff import compare

    c = compare("# Complaints\nYou may lodge a complaint with the CNIL.\n",
                "# Complaints\nYou may lodge a complaint with the ICO.\n")
    rows = [r for r in c.entity_changes if r["type"] == "authorities"]
    assert len(rows) == 1 and rows[0]["change"] == "changed"
    assert (rows[0]["old"], rows[0]["new"]) == ("CNIL", "ICO")


def test_dataframe_views(comparison):
    assert set(comparison.entities["change"]) <= {"added", "removed", "changed"}
    assert set(comparison.sections["change"]) == {"added", "removed", "changed"}
    assert "gained" in set(comparison.requirements["change"])


def test_renderings(comparison):
    data = json.loads(comparison.render("json"))
    assert data["entities"] == comparison.entity_changes
    text = comparison.render("text")
    assert "~ retention:" in text and "P3Y -> P7Y" in text
    assert "+ section added: Sharing" in text and "- section removed: Cookies" in text
    md = comparison.render("md")
    assert md.startswith("# Policy comparison") and md.count("```") % 2 == 0
    with pytest.raises(ValueError):
        comparison.render("pdf")


def test_html_diff_escapes_policy_text():
    from policy_audit.diff import compare

    c = compare("# Terms\nWe keep data for 3 years.\n",
                "# Terms\nWe keep data for 3 years. <script>alert(1)</script>"
                " <img src=x onerror=alert(2)></textarea>\n")
    html = c.render("html")
    assert "<script" not in html and "<img" not in html and "</textarea>" not in html
    assert "&lt;script&gt;" in html


def test_cli_diff(tmp_path):
    from typer.testing import CliRunner

    from policy_audit.cli import app

    old, new = tmp_path / "old.md", tmp_path / "new.md"
    old.write_text(OLD, encoding="utf-8")
    new.write_text(NEW, encoding="utf-8")
    runner = CliRunner()
    res = runner.invoke(app, ["diff", str(old), str(new), "--format", "json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["new"]["path"] == str(new)
    res = runner.invoke(app, ["diff", str(old), str(tmp_path / "nope.txt")])
    assert res.exit_code == 2 and "nope.txt" in res.output and "Traceback" not in res.output
    res = runner.invoke(app, ["diff", str(old), str(new), "--format", "pdf"])
    assert res.exit_code == 2 and "unknown format" in res.output
