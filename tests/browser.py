"""Helpers to drive the demo site in a real headless Chromium (Playwright) and check it with axe-core."""

import contextlib
import os
import re
from pathlib import Path

import pytest
from django.conf import settings

# Debian's package (installed by .ci/run): Playwright's own browser download needs a network we lack.
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these Chromium keeps calling Google's services, which a closed network makes slow.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 375, "height": 800}
SCREENSHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"

# WCAG 2.2 levels A and AA (the RGAA 4.1 follows WCAG 2.1 AA; 2.2 adds, among others, the target
# size) and axe's best practices. A violation of any impact fails: « minor » ones (a landmark
# repeated, a heading level skipped) are still obstacles for a screen reader user.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}

needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason=f"Chromium is missing at {CHROMIUM} (CI installs Debian's package: apt-get install chromium)",
)


@contextlib.contextmanager
def chromium():
    """A headless Chromium for one test.

    Playwright's sync API runs an event loop in this thread while it is open, and Django refuses
    ORM calls inside one: open the browser after the test's database work, and close it before
    the database is flushed.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


# Records every Content-Security-Policy violation the document reports, from its very first byte.
RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push(
        `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} ` +
        `(${event.sourceFile || document.location.href}:${event.lineNumber}) ${event.sample || ""}`.trim()
    );
});
"""


def new_page(browser, viewport=DESKTOP):
    """A fresh tab that records CSP violations: read them with ``csp_violations(page)``."""
    page = browser.new_page(viewport=viewport, locale="fr-FR")
    page.set_default_timeout(10_000)
    return watch_csp(page)


def watch_csp(page):
    """Record the page's CSP violations, across navigations (Chromium also reports them to the console)."""
    page.add_init_script(RECORD_CSP_VIOLATIONS)
    page.console_reports = []
    page.on(
        "console",
        lambda message: (
            page.console_reports.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text
            else None
        ),
    )
    return page


def csp_violations(page):
    """The CSP violations of the page's current document, and those the console reported since it opened."""
    reported = page.evaluate("window.__cspViolations || []")
    return [f"{page.url}: {line}" for line in reported] + list(page.console_reports)


def open_page(browser, url, viewport=DESKTOP):
    """Load ``url`` in a fresh tab, wait for the DSFR's JavaScript, and check its CSS applies."""
    page = new_page(browser, viewport=viewport)
    response = page.goto(url)
    wait_for_dsfr(page)
    return page, response


def wait_for_dsfr(page):
    # The DSFR marks <html data-fr-js="true"> once its scripts have started (modals, navigation).
    page.wait_for_selector("html[data-fr-js='true']", state="attached")
    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "Marianne" in font, f"the DSFR stylesheet did not load on {page.url} (body font: {font})"


def axe_version():
    """The version of axe-core that ``axe_violations`` runs, as the accessibility statement names it."""
    from axe_playwright_python.sync_playwright import Axe

    return re.search(r"axe v([0-9.]+)", Axe().axe_script).group(1)


def axe_violations(page):
    """Run axe-core on the page (WCAG 2.2 A/AA and best practices); return every violation."""
    from axe_playwright_python.sync_playwright import Axe

    return Axe().run(page, options=AXE_OPTIONS).response["violations"]


def describe_violations(label, url, violations):
    lines = [f"{label} ({url}):"]
    for violation in violations:
        lines.append(
            f"  [{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})"
        )
        for node in violation["nodes"]:
            lines.append(f"      {' > '.join(str(part) for part in node['target'])}")
    return "\n".join(lines)


def save_screenshot(page, name, full_page=True):
    """Save ``test-artifacts/screenshots/<name>.png``; an opened modal is fixed, so shoot the viewport."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def focused(page):
    """What a keyboard user is on: the focused element's id, tag, text, href and container."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            if (!el) return null;
            return {
                id: el.id,
                tag: el.tagName.toLowerCase(),
                text: (el.innerText || el.value || "").trim(),
                href: el.getAttribute("href"),
                inSkipLinks: !!el.closest(".fr-skiplinks"),
                inNavigation: !!el.closest("#header-navigation"),
            };
        }"""
    )


def tab_until(page, predicate, limit=40):
    """Press Tab until ``predicate(focused(page))`` holds; return every element focused on the way."""
    path = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        current = focused(page)
        path.append(current)
        if current and predicate(current):
            return path
    raise AssertionError(f"not reached with {limit} Tab presses; focus went through: {path}")
