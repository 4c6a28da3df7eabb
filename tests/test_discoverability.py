"""robots.txt, canonical links, descriptions, Open Graph tags and feed links of every page type."""

import pytest
from bs4 import BeautifulSoup

from home.models import ContentPage

from .factories import ProcedureSheetPageFactory
from .test_opendata import assert_nothing_private, build_public_reading_site


@pytest.fixture
def site(home_page):
    return build_public_reading_site(home_page)


def head_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert_nothing_private(response.content.decode())
    return BeautifulSoup(response.content, "html.parser").head


def meta(head, **attrs):
    tag = head.find("meta", attrs=attrs)
    return tag["content"] if tag else None


def alternates(head):
    return {(link["type"], link["href"]) for link in head.find_all("link", rel="alternate")}


def test_robots_txt(client, home_page):
    response = client.get("/robots.txt", HTTP_HOST="localhost:8000")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Disallow: /django-admin/" in lines
    assert "Allow: /" in lines
    assert "Sitemap: http://localhost:8000/sitemap.xml" in lines


def test_robots_txt_points_to_the_sitemap_of_the_requested_host(client, home_page):
    response = client.get("/robots.txt", HTTP_HOST="essonne.localhost", secure=True)
    assert "Sitemap: https://essonne.localhost/sitemap.xml" in response.content.decode().splitlines()


def expected_pages(site, home_page):
    sheet = ProcedureSheetPageFactory(parent=site.committee, slug="fiche")
    legal = home_page.add_child(
        instance=ContentPage(
            title="Mentions légales", slug="mentions-legales", body="<p>L'éditeur &amp; co.</p>"
        )
    )
    return [
        ("/", "website", "Préfecture de test"),
        ("/clu/", "website", "CLU de test"),
        ("/clu/reunion/", "website", "Réunion du 7 septembre 2023"),
        ("/clu/reunion/compte-rendu/", "article", "Compte-rendu"),
        (sheet.url, "website", "Fiche procédure"),
        (legal.url, "website", "Mentions légales"),
    ]


def test_every_page_type_has_canonical_description_and_open_graph(site, client, home_page):
    for url, og_type, title in expected_pages(site, home_page):
        head = head_of(client, url + "?date=2023-09-07")
        canonical = head.find("link", rel="canonical")["href"]
        assert canonical == "http://localhost" + url
        assert meta(head, property="og:url") == canonical
        assert meta(head, property="og:title") == title
        assert meta(head, property="og:type") == og_type
        assert meta(head, property="og:locale") == "fr_FR"
        assert meta(head, property="og:site_name")
        description = meta(head, name="description")
        assert description, url
        assert len(description) <= 200
        assert meta(head, property="og:description") == description
        assert ("application/rss+xml", "/flux/comptes-rendus.rss") in alternates(head)


def test_descriptions_per_type(site, client, home_page):
    pages = {url: url for url, _, _ in expected_pages(site, home_page)}
    minutes = meta(head_of(client, "/clu/reunion/compte-rendu/"), name="description")
    assert minutes == ("Compte-rendu de la réunion du 7 septembre 2023 : Compte-rendu de la réunion annuelle")
    assert meta(head_of(client, "/clu/reunion/"), name="description") == "Réunion annuelle du comité."
    later = meta(head_of(client, "/clu/reunion-2024/"), name="description")
    assert later == "Réunion du mardi 12 mars 2024, Préfecture."
    legal = meta(head_of(client, pages["/mentions-legales/"]), name="description")
    assert legal == "L'éditeur & co."


def test_search_description_comes_first(site, client):
    committee = site.committee
    committee.search_description = "Le comité des usagers de la préfecture de test."
    committee.save_revision().publish()
    head = head_of(client, "/clu/")
    assert meta(head, name="description") == "Le comité des usagers de la préfecture de test."


def test_committee_and_meeting_pages_link_their_feeds_and_calendars(site, client):
    committee_id = site.committee.pk
    committee_links = alternates(head_of(client, "/clu/"))
    assert ("application/rss+xml", f"/flux/comites/{committee_id}/comptes-rendus.rss") in committee_links
    assert ("text/calendar", f"/agenda/comites/{committee_id}.ics") in committee_links
    meeting_links = alternates(head_of(client, "/clu/reunion/"))
    assert ("text/calendar", f"/agenda/reunions/{site.meeting.pk}.ics") in meeting_links
    minutes_head = head_of(client, "/clu/reunion/compte-rendu/")
    assert meta(minutes_head, property="article:published_time")
    assert ("application/rss+xml", f"/flux/comites/{committee_id}/comptes-rendus.rss") in alternates(
        minutes_head
    )
