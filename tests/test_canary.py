"""A canary: text that was never validated appears in no public response."""

import re

import pytest
from django.test import Client
from wagtail.models import Page

from .factories import MeetingPageFactory
from .workflow_helpers import (
    SECRETAIRE_GENERAL,
    SERVICE_COMMUNICATION,
    act,
    build_meeting,
    client_for,
    create_draft_minutes,
    edit_url,
    make_user,
    minutes_form,
    submit,
)

CANARY = "CANARI-7f3e9a-JAMAIS-VALIDE"


@pytest.fixture
def site_with_canaries(home_page):
    author = make_user("redacteur", SERVICE_COMMUNICATION)
    secretary = make_user("sg", SECRETAIRE_GENERAL)
    committee, meeting, _ = build_meeting(home_page)

    # Validated minutes whose correction, carrying the canary, awaits validation.
    validated = create_draft_minutes(meeting, author)
    submit(client_for(author), validated, "Texte validé.")
    act(client_for(secretary), validated, "approve")
    submit(client_for(author), validated, f"Correction {CANARY}.")

    # Minutes never validated, with the canary in their title and body.
    other_meeting = MeetingPageFactory(parent=committee, slug="autre-reunion")
    draft = create_draft_minutes(other_meeting, author, text=CANARY)
    client_for(author).post(
        edit_url(draft), minutes_form(draft, CANARY, title=f"Brouillon {CANARY}", **{"action-publish": "1"})
    )
    # And a rejected one.
    rejected = create_draft_minutes(
        MeetingPageFactory(parent=committee, slug="troisieme"), author, text=CANARY
    )
    submit(client_for(author), rejected, CANARY)
    act(client_for(secretary), rejected, "reject", comment="À revoir")
    return home_page


def public_urls():
    urls = ["/", "/sitemap.xml", "/page-qui-n-existe-pas/"]
    for page in Page.objects.all():
        url = page.get_url()
        if url:
            urls += [url, url + "?date=2023-09-07"]
    return urls


def test_unvalidated_text_appears_in_no_public_response(site_with_canaries):
    anonymous = Client()
    seen = {}
    for url in public_urls():
        response = anonymous.get(url, follow=True)
        seen[url] = response.status_code
        assert CANARY not in response.content.decode(), url
    assert any(status == 200 for status in seen.values())
    assert seen["/sitemap.xml"] == 200


def test_the_canary_is_really_stored_in_drafts(site_with_canaries):
    from wagtail.models import Revision

    assert sum(CANARY in str(r.content) for r in Revision.objects.all()) >= 3


def test_the_sitemap_lists_only_validated_minutes(site_with_canaries):
    sitemap = Client().get("/sitemap.xml").content.decode()
    locations = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert any(loc.endswith("/compte-rendu/") for loc in locations)
    assert len([loc for loc in locations if "compte-rendu" in loc]) == 1
