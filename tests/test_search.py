"""The French public search across committees, meetings, minutes and their annexes."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from django.test import TestCase
from wagtail.documents import get_document_model
from wagtail.test.utils.form_data import inline_formset

from .factories import PARIS, CommitteePageFactory, MeetingPageFactory
from .workflow_helpers import (
    SECRETAIRE_GENERAL,
    SERVICE_COMMUNICATION,
    act,
    build_meeting,
    client_for,
    create_draft_minutes,
    make_user,
    submit,
)

SEARCH_URL = "/recherche/"
CANARY = "Canarijamaisvalide"


def results(response):
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return [
        {
            "title": item.h3.get_text(strip=True),
            "type": item.select_one(".fr-badge").get_text(strip=True),
            "date": item.time.get_text(strip=True) if item.time else "",
            "excerpt": item.find_all("p")[-1].get_text(" ", strip=True),
        }
        for item in soup.select(".cluac-search-results > li")
    ]


@pytest.fixture
def content(home_page):
    author = make_user("redacteur", SERVICE_COMMUNICATION)
    secretary = make_user("sg", SECRETAIRE_GENERAL)
    committee, meeting, _ = build_meeting(home_page)
    committee.introduction = "<p>Le comité examine les réclamations des usagers étrangers.</p>"
    committee.save_revision().publish()
    minutes = create_draft_minutes(meeting, author)
    document = get_document_model()(title="Conclusions des cas pratiques")
    document.file.save("conclusions.txt", ContentFile(b"conclusions"), save=False)
    document.save()
    with TestCase.captureOnCommitCallbacks(execute=True):
        submit(
            client_for(author),
            minutes,
            "Le service civique renforce l'accueil numérique des usagers.",
            annexes=inline_formset([{"document": document.pk, "title": ""}]),
        )
        act(client_for(secretary), minutes, "approve")
    # A correction awaiting validation and minutes never validated carry a canary.
    submit(client_for(author), minutes, f"Correction {CANARY}")
    other = MeetingPageFactory(
        parent=committee,
        slug="autre",
        title="Réunion de printemps",
        start=datetime.datetime(2024, 4, 4, 10, tzinfo=PARIS),
    )
    create_draft_minutes(other, author, text=CANARY)
    return committee, meeting, minutes


def test_minutes_are_found_by_their_text_with_type_date_and_excerpt(content, client):
    [result] = results(client.get(SEARCH_URL, {"q": "service civique"}))
    assert result["title"] == "Compte-rendu"
    assert result["type"] == "Compte-rendu"
    assert "service civique renforce l'accueil numérique" in result["excerpt"]


def test_committees_and_meetings_are_found(content, client):
    found = results(client.get(SEARCH_URL, {"q": "réclamations"}))
    assert [(r["title"], r["type"]) for r in found] == [("CLU de test", "Comité local des usagers")]
    meetings = results(client.get(SEARCH_URL, {"q": "printemps"}))
    assert meetings == [
        {
            "title": "Réunion de printemps",
            "type": "Réunion",
            "date": "4 avril 2024",
            "excerpt": meetings[0]["excerpt"],
        }
    ]


def test_minutes_are_found_by_the_title_of_an_annex(content, client):
    found = results(client.get(SEARCH_URL, {"q": "conclusions cas pratiques"}))
    assert [r["title"] for r in found] == ["Compte-rendu"]


def test_unvalidated_text_is_never_found(content, client):
    response = client.get(SEARCH_URL, {"q": CANARY})
    assert results(response) == []
    assert "0 résultat pour « Canarijamaisvalide »" in response.content.decode()
    assert CANARY not in BeautifulSoup(response.content, "html.parser").main.select_one(
        "section"
    ).get_text().replace(f"« {CANARY} »", "")


def test_an_empty_query_asks_for_a_word(db, home_page, client):
    response = client.get(SEARCH_URL, {"q": "  "})
    assert "Saisissez au moins un mot à rechercher." in response.content.decode()
    page = client.get(SEARCH_URL).content.decode()
    assert "<h1>Rechercher</h1>" in page and "résultat" not in page


def test_results_are_limited_to_the_current_site(content, client):
    from wagtail.models import Page, Site

    other_home = Page.get_first_root_node().add_child(title="Autre préfecture", slug="autre-prefecture")
    Site.objects.create(hostname="autre.localhost", port=80, root_page=other_home)
    CommitteePageFactory(parent=other_home, slug="clu-autre", introduction="<p>Réclamations ailleurs.</p>")

    here = [r["title"] for r in results(client.get(SEARCH_URL, {"q": "réclamations"}))]
    there = [
        r["title"]
        for r in results(client.get(SEARCH_URL, {"q": "réclamations"}, HTTP_HOST="autre.localhost"))
    ]
    assert here == ["CLU de test"]
    assert len(there) == 1 and there != here
