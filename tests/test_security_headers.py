"""Security headers: the Content-Security-Policy of public pages and of the admin, and the
Permissions-Policy. That the pages satisfy the policy in a real browser is checked where Chromium
already walks them: every public page type (``test_accessibility``), every admin screen of each
role (``test_admin_french``) and the minutes' round trip (``test_round_trip``)."""

import pytest
from django.urls import reverse


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
