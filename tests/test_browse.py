"""Browsing a committee's meetings: by year, paginated, filtered by theme."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .factories import PARIS, CommitteePageFactory, MeetingPageFactory, MinutesPageFactory


def soup_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def past_titles(soup):
    heading = soup.find("h3", string="Réunions passées et comptes-rendus")
    section = heading.find_parent("section")
    return [a.get_text(strip=True) for a in section.select("h4 + ul > li > a:first-child")]


@pytest.fixture
def committee(home_page):
    committee = CommitteePageFactory(parent=home_page, slug="clu")
    for index in range(23):
        year = 2000 + index
        meeting = MeetingPageFactory(
            parent=committee,
            title=f"Réunion {year}",
            slug=f"reunion-{year}",
            start=datetime.datetime(year, 3, 15, 10, tzinfo=PARIS),
        )
        if index % 2 == 0:
            MinutesPageFactory(parent=meeting, slug="compte-rendu", title=f"Compte-rendu {year}")
    return committee


def test_past_meetings_are_grouped_by_year_most_recent_first_and_paginated(committee, client):
    soup = soup_of(client.get(committee.url))

    assert past_titles(soup) == [f"Réunion {year}" for year in range(2022, 2012, -1)]
    assert [h4.get_text() for h4 in soup.select("#reunions h4")][:2] == ["2022", "2021"]
    pagination = soup.select_one("nav.fr-pagination")
    assert [a.get_text(strip=True) for a in pagination.select("a[title]")] == ["1", "2", "3"]
    assert pagination.select_one("a[aria-current=page]").get_text() == "1"


def test_the_last_page_and_an_out_of_range_page(committee, client):
    last = soup_of(client.get(committee.url, {"page": 3}))
    assert past_titles(last) == ["Réunion 2002", "Réunion 2001", "Réunion 2000"]
    assert past_titles(soup_of(client.get(committee.url, {"page": 99}))) == past_titles(last)
    assert past_titles(soup_of(client.get(committee.url, {"page": "abc"})))[0] == "Réunion 2022"


@pytest.mark.parametrize("number", ["0", "-3", "99999999999999999999", "2.5", ""])
def test_a_page_number_out_of_any_list_gives_the_first_or_last_page(committee, client, number):
    # Django's paginator decides these (the page's total is otherwise read with its rows).
    response = client.get(committee.url, {"page": number})
    assert response.status_code == 200
    titles = past_titles(soup_of(response))
    first = ["Réunion 2022", "Réunion 2021"]
    last = ["Réunion 2002", "Réunion 2001", "Réunion 2000"]
    assert titles[:2] == first if number in ("2.5", "") else titles == last


def test_published_minutes_are_linked_from_their_meeting(committee, client):
    soup = soup_of(client.get(committee.url))
    item = soup.find("a", string="Réunion 2022").find_parent("li")
    assert item.find("a", href="/clu/reunion-2022/compte-rendu/")
    item = soup.find("a", string="Réunion 2021").find_parent("li")
    assert "compte-rendu en attente de publication" in item.get_text()


def test_meetings_and_minutes_are_filtered_by_theme(committee, client):
    tagged_meeting = committee.get_children().get(slug="reunion-2005").specific
    tagged_meeting.tags.add("Accueil des étrangers")
    tagged_meeting.save_revision().publish()
    minutes = committee.get_children().get(slug="reunion-2010").get_children().get().specific
    minutes.tags.add("Accueil des étrangers", "Qualité")
    minutes.save_revision().publish()

    soup = soup_of(client.get(committee.url))
    themes = [a.get_text(strip=True) for a in soup.select("#reunions .fr-tags-group a")]
    assert themes == ["Tous les thèmes", "Accueil des étrangers", "Qualité"]

    def follow(name):
        return soup_of(client.get(soup.find("a", class_="fr-tag", string=name)["href"]))

    filtered = follow("Accueil des étrangers")
    assert past_titles(filtered) == ["Réunion 2010", "Réunion 2005"]
    current = filtered.select_one("#reunions a[aria-current=true]")
    assert current.get_text(strip=True) == "Accueil des étrangers"
    assert past_titles(follow("Qualité")) == ["Réunion 2010"]
    assert len(past_titles(follow("Tous les thèmes"))) == 10


def test_an_unknown_theme_is_explained_and_every_meeting_shown(committee, client):
    soup = soup_of(client.get(committee.url, {"theme": "inconnu"}))
    assert "Le thème « inconnu » n'existe pas pour ce comité" in soup.get_text()
    assert len(past_titles(soup)) == 10


def test_browsing_runs_a_constant_number_of_queries(committee, client):
    client.get(committee.url)  # warm caches (site root paths, settings)

    def count(params):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(committee.url, params).status_code == 200
        return len(queries)

    before = count({"page": 1})
    for index in range(12):
        meeting = MeetingPageFactory(
            parent=committee,
            slug=f"extra-{index}",
            start=datetime.datetime(1990 + index, 1, 10, 10, tzinfo=PARIS),
        )
        MinutesPageFactory(parent=meeting, slug="compte-rendu")
    assert count({"page": 1}) == before
    assert count({"page": 4}) == before
