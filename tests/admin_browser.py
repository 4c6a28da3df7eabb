"""Drive Wagtail's admin in Chromium as a member of one of the two roles."""

import re

from .browser import CHROMIUM_ARGS, DESKTOP, watch_csp  # noqa: F401 - re-exported for the admin tests

PASSWORD = "mot-de-passe"  # workflow_helpers.make_user's


def log_in(browser, base, username, viewport=DESKTOP):
    """A fresh browser context logged in through the admin's login form; returns its page, which
    records the Content-Security-Policy violations (``browser.csp_violations``)."""
    context = browser.new_context(viewport=viewport, locale="fr-FR")
    page = watch_csp(context.new_page())
    page.set_default_timeout(15_000)
    page.goto(base + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/admin/$"))
    return page


def open_more_actions(page):
    """Unfold the editor's action menu (« Plus d'actions »)."""
    page.get_by_role("button", name="Plus d'actions").click()


def press_action(page, label):
    """Press the editor's action ``label`` from the keyboard, unfolding « Plus d'actions » when
    the action is in it (the keyboard does not depend on the menu's opening animation)."""
    button = page.locator("footer").get_by_role("button", name=label, exact=True)
    if not button.is_visible():
        open_more_actions(page)
        button.wait_for(state="visible")
    button.focus()
    page.keyboard.press("Enter")


def messages_text(page):
    """The admin's confirmation and warning messages at the top of the screen."""
    messages = page.locator(".messages")
    return messages.inner_text() if messages.count() else ""


def screen_text(page):
    """Everything the screen says, tabs and dialogs included (not scripts, templates or the
    date picker's hidden vendor widget), with the page title and the accessible labels."""
    return page.evaluate(
        """() => {
            const copy = document.body.cloneNode(true);
            copy.querySelectorAll('script, style, template, noscript, .xdsoft_datetimepicker')
                .forEach((element) => element.remove());
            copy.querySelectorAll('*').forEach((element) => element.append(' '));
            const labelled = document.querySelectorAll('[title], [aria-label], [placeholder], [alt]');
            const labels = Array.from(labelled)
                .filter((element) => !element.closest('.xdsoft_datetimepicker'))
                .flatMap((element) => ['title', 'aria-label', 'placeholder', 'alt']
                    .map((name) => element.getAttribute(name)).filter(Boolean));
            return [document.title, copy.textContent, ...labels].join('\\n').replace(/\\s+/g, ' ');
        }"""
    )
