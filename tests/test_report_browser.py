"""The HTML report in a real headless browser: Debian's chromium driven by playwright.

Chromium comes from the system (`.ci/run` installs it with apt); this never runs
`playwright install`. Skipped only when /usr/bin/chromium is absent.

Also writes the seed 001 screenshot with:

    POLICY_AUDIT_SCREENSHOT=docs/report-seed-001.png .venv/bin/pytest -q -m slow \
        tests/test_report_browser.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "corpus" / "seeds" / "001_55b3edf610ab2b09.txt"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(),
                       reason=f"{CHROMIUM} not installed (apt-get install -y chromium; "
                              ".ci/run does it)"),
]

HOSTILE = """Privacy Policy
We are Acme Ltd <script>window.__pwned = 1; alert(1)</script>, contact privacy@acme.example.
We keep your data for 3 years. <img src=x onerror="window.__pwned = 2; alert(2)">
</style><script>window.__pwned = 3</script></textarea><script>alert(3)</script>
You have the right to access your data. <a href="javascript:window.__pwned=4">click</a>
"""


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="module")
def seed_html(tmp_path_factory):
    from policy_audit.api import audit

    result = audit(SEED.read_bytes(), path=f"corpus/seeds/{SEED.name}")
    target = tmp_path_factory.mktemp("html") / "seed-001.html"
    target.write_text(result.to_html(), encoding="utf-8")
    return result, target


def _page(browser, **kw):
    ctx = browser.new_context(viewport={"width": 1200, "height": 900}, **kw)
    page = ctx.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    return page, requests


def test_every_requirement_row_is_visible(browser, seed_html):
    result, path = seed_html
    page, requests = _page(browser)
    page.goto(path.as_uri())
    for v in result.verdicts:
        row = page.locator(f'tr[data-req="{v.id}"]')
        assert row.count() == 1, v.id
        row.scroll_into_view_if_needed()
        assert row.is_visible(), v.id
        box = row.bounding_box()
        assert box and box["height"] > 10 and box["width"] > 300, (v.id, box)
    assert requests == [path.as_uri()]  # self-contained: nothing else is fetched
    marks = page.locator("tr[data-req] td.mark").all_inner_texts()
    assert len(marks) == len(result.verdicts)
    assert all(m.strip() in {"+", "~", "-", "·"} for m in marks)  # survives greyscale
    page.emulate_media(media="print")
    assert all(page.locator(f'tr[data-req="{v.id}"]').is_visible() for v in result.verdicts)
    assert page.locator(".policy mark").first.is_visible()
    assert len(page.pdf(format="A4")) > 10_000  # prints
    page.emulate_media(media="screen")
    if os.environ.get("POLICY_AUDIT_SCREENSHOT"):
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=os.environ["POLICY_AUDIT_SCREENSHOT"], full_page=False)
    page.context.close()


def test_evidence_link_scrolls_to_highlighted_span(browser, seed_html):
    result, path = seed_html
    page, _ = _page(browser)
    page.goto(path.as_uri())
    links = page.locator("a.evlink")
    assert links.count() == sum(len(v.evidence) for v in result.verdicts)
    # the last link points furthest down the policy text: a real scroll is needed
    for i in (0, links.count() - 1):
        link = links.nth(i)
        href = link.get_attribute("href")
        page.evaluate("window.scrollTo(0, 0)")
        link.click()
        page.wait_for_function("h => location.hash === h", arg=href)
        state = page.evaluate("""() => {
            const t = document.querySelector(':target');
            const mark = t && t.closest('mark');
            const r = (mark || t).getBoundingClientRect();
            return {tag: t && t.tagName, inMark: !!mark, top: r.top, bottom: r.bottom,
                    h: window.innerHeight, outline: mark && getComputedStyle(mark).outlineStyle,
                    text: mark && mark.textContent};
        }""")
        assert state["inMark"], (href, state)
        assert 0 <= state["top"] < state["h"], (href, state)
        assert state["outline"] == "solid", state  # the :target highlight applies
        assert state["text"].strip()


def test_hostile_policy_renders_inert(browser, tmp_path):
    from policy_audit.api import audit

    result = audit(HOSTILE.encode(), path="hostile.txt")
    target = tmp_path / "hostile.html"
    target.write_text(result.to_html(), encoding="utf-8")
    page, requests = _page(browser)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(target.as_uri())
    page.wait_for_timeout(300)
    assert dialogs == []
    assert page.evaluate("window.__pwned === undefined")
    assert page.locator("script").count() == 0
    assert page.locator("img").count() == 0 and page.locator("textarea").count() == 0
    policy_text = page.locator(".policy").inner_text()
    assert "<script>window.__pwned = 1; alert(1)</script>" in policy_text  # shown as text
    for v in result.verdicts:  # the checklist survives whatever the policy says
        assert page.locator(f'tr[data-req="{v.id}"]').is_visible()
    assert all(u.startswith("file:") for u in requests)
