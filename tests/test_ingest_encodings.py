"""Every supported encoding decodes to the same text, and offsets index it."""

from __future__ import annotations

import codecs

import pytest

from policy_audit.api import audit
from policy_audit.ingest import InputError, decode, html_to_text

POLICY = ("Politique de confidentialité — Café Crème SAS\n"
          "We keep your invoices for 10 years. Contact: privacy@cafe-creme.example\n"
          "You may lodge a complaint with the CNIL.\n")


@pytest.mark.parametrize("data,encoding", [
    (POLICY.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + POLICY.encode("utf-8"), "utf-8-sig"),
    (POLICY.encode("utf-16"), "utf-16"),
    (POLICY.encode("utf-16-le"), "utf-16-le"),
    (POLICY.encode("utf-16-be"), "utf-16-be"),
    (POLICY.encode("cp1252"), "cp1252"),
])
def test_encodings_decode_to_the_same_text(data: bytes, encoding: str):
    doc = decode(data, "p.txt")
    assert doc.text == POLICY
    assert doc.encoding == encoding


def test_latin1_only_bytes_still_decode():
    data = "Données: ÿ à é\n".encode("latin-1") + b"\x81 and more text here to read.\n"
    doc = decode(data, "p.txt")
    assert doc.text.startswith("Données: ÿ à é")


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_newlines_keep_offsets_and_lines_exact(newline: str):
    text = newline.join(["Privacy Policy", "", "Retention",
                         "We keep your data for 3 years.", "Contact privacy@x.example"])
    r = audit(text.encode("utf-8"), path="p.txt")
    assert r.text == text
    ev = r.verdict("13(2)(a)").evidence[0]
    assert text[ev.start:ev.end] == ev.text
    assert ev.line == 4
    titles = [s.title for s in r.sections]
    assert "Retention" in titles


def test_html_is_reduced_to_text_and_report_says_so():
    html = ("<!DOCTYPE html><html><head><style>p{}</style><script>alert(1)</script></head>"
            "<body><h1>Privacy</h1><p>We keep data for <b>2 years</b>.</p>"
            "<ul><li>Access</li><li>Erasure</li></ul></body></html>")
    r = audit(html.encode(), path="p.html")
    assert r.document.kind == "html"
    assert "alert" not in r.text and "<" not in r.text
    assert any("HTML" in w for w in r.document.warnings)
    assert r.verdict("13(2)(a)").status == "met"
    assert html_to_text("<p>a &amp; b</p>") == "a & b"


def test_french_gets_a_language_warning():
    fr = ("Nous collectons vos données personnelles pour gérer vos commandes. Vous disposez "
          "d'un droit d'accès, de rectification et d'effacement de vos données.\n") * 3
    r = audit(fr.encode("utf-8"), path="fr.txt")
    assert r.document.language == "fr"
    assert any("not English" in w for w in r.document.warnings)


def test_nul_bytes_inside_text_are_reported_not_silent():
    data = b"We keep your data for 3 years.\x00 Contact us.\n" * 3
    doc = decode(data, "p.txt")
    assert "\x00" not in doc.text and len(doc.text) == len(data)
    assert any("NUL" in w for w in doc.warnings)


def test_error_message_names_the_file():
    with pytest.raises(InputError) as exc:
        decode(b"", "some dir/my policy.txt")
    assert str(exc.value) == "some dir/my policy.txt: empty file"
