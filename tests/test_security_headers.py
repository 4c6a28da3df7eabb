"""Security headers: the Content-Security-Policy that public pages and the admin satisfy in a real
browser, the Permissions-Policy, and where a public error's traceback goes in production."""

import pytest
from django.urls import reverse

from cluac_pages.models import MinutesPage

from .browser import chromium, csp_violations, needs_chromium, new_page
from .workflow_helpers import build_meeting, create_draft_minutes

PASSWORD = "mot-de-passe"  # noqa: S105 (test accounts, see workflow_helpers.make_user)


def directives(header):
    """``{"script-src": ["'self'"], …}`` from a Content-Security-Policy header."""
    parsed = {}
    for directive in header.split(";"):
        name, *sources = directive.split()
        parsed[name] = sources
    return parsed


@pytest.mark.django_db
def test_public_pages_forbid_inline_scripts_and_foreign_origins(client, home_page):
    response = client.get(home_page.url)
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]
    # The same policy on a 404 and on the search page.
    assert (
        client.get("/cette-page-n-existe-pas/")["Content-Security-Policy"]
        == response["Content-Security-Policy"]
    )
    assert (
        client.get("/recherche/?q=qualité")["Content-Security-Policy"] == response["Content-Security-Policy"]
    )


@pytest.mark.django_db
def test_the_admin_alone_allows_the_inline_scripts_of_wagtails_widgets(client, author):
    client.force_login(author)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"], "the admin loads no avatar from a third party"


@pytest.mark.django_db
def test_every_response_denies_the_browser_features_the_site_does_not_use(client, home_page):
    header = client.get(home_page.url)["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "browsing-topics"):
        assert f"{feature}=()" in header


# --- The minutes' round trip in the admin, in Chromium: no CSP violation on any page -------------


def log_in(browser, base, username):
    page = new_page(browser)
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert page.url.rstrip("/").endswith("/admin"), f"{username} could not log in: {page.url}"
    return page


def visit(page, url):
    response = page.goto(url)
    page.wait_for_load_state("networkidle")
    assert response.status == 200, f"{url} answered {response.status}"


def press_footer_action(page, label):
    """Open the editor's « Plus d'actions » menu when needed, then press the action ``label``."""
    button = page.locator("footer").get_by_role("button", name=label, exact=True)
    if not button.is_visible():
        page.locator("footer").get_by_role("button", name="Plus d'actions").click()
    button.click()


@needs_chromium
@pytest.mark.single_pass
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_minutes_round_trip_in_the_admin_raises_no_csp_violation(
    live_server, home_page, author, secretary
):
    _committee, meeting, _people = build_meeting(home_page)
    minutes = create_draft_minutes(meeting, author, text="Les horaires d'accueil du public sont étendus.")
    for user in (author, secretary):
        user.set_password(PASSWORD)
        user.save()
    base = live_server.url
    edit = f"{base}{reverse('wagtailadmin_pages:edit', args=[minutes.pk])}"
    public_url = f"{base}{minutes.get_url_parts()[2]}"
    blocked = []

    with chromium() as browser:
        # Service communication drafts and submits the minutes.
        page = log_in(browser, base, author.username)
        blocked += csp_violations(page)
        for url in (
            f"{base}{reverse('wagtailadmin_explore', args=[meeting.pk])}",
            f"{base}{reverse('wagtaildocs:index')}",
            edit,
        ):
            visit(page, url)
            blocked += csp_violations(page)
        with page.expect_navigation():
            press_footer_action(page, "Soumettre à Validation des comptes-rendus")
        page.wait_for_load_state("networkidle")
        blocked += csp_violations(page)
        page.close()

        # The secretary general finds them on the dashboard, opens them and approves them.
        page = log_in(browser, base, secretary.username)
        assert page.get_by_text(minutes.title).first.is_visible(), "the minutes are not awaiting review"
        blocked += csp_violations(page)
        visit(page, edit)
        blocked += csp_violations(page)
        with page.expect_navigation():
            press_footer_action(page, "Approuver et Publier")
        page.wait_for_load_state("networkidle")
        blocked += csp_violations(page)
        visit(page, f"{base}{reverse('wagtailadmin_pages:history', args=[minutes.pk])}")
        blocked += csp_violations(page)
        page.close()

        # The public reads them.
        page = new_page(browser)
        visit(page, public_url)
        public_text = page.locator("main").inner_text()
        blocked += csp_violations(page)
        page.close()

    minutes = MinutesPage.objects.get(pk=minutes.pk)
    assert minutes.live, "the round trip did not publish the minutes"
    assert "Les horaires d'accueil du public sont étendus." in public_text
    assert not blocked, "the Content-Security-Policy blocked something:\n" + "\n".join(blocked)
