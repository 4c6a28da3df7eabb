"""RSS and Atom feeds of newly published minutes: validated minutes only."""

import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime

import pytest
from django.utils import timezone

from .factories import CommitteePageFactory
from .test_opendata import assert_nothing_private, build_public_reading_site

ATOM = "{http://www.w3.org/2005/Atom}"
MINUTES_URL = "http://localhost/clu/reunion/compte-rendu/"


@pytest.fixture
def site(home_page):
    return build_public_reading_site(home_page)


def get_feed(client, url, content_type):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    text = response.content.decode()
    assert_nothing_private(text)
    return ET.fromstring(response.content)


def rss_items(root):
    return [
        {child.tag: child.text for child in item} | {"categories": [c.text for c in item.findall("category")]}
        for item in root.iter("item")
    ]


@pytest.mark.parametrize("url", ["/flux/comptes-rendus.rss", "/flux/comites/{committee}/comptes-rendus.rss"])
def test_rss_lists_validated_minutes_only(site, client, url):
    root = get_feed(client, url.format(committee=site.committee.pk), "application/rss+xml")
    channel = root.find("channel")
    assert channel.find("language").text == "fr"
    [item] = rss_items(root)
    assert item["title"] == "Compte-rendu – Réunion du 7 septembre 2023"
    assert item["link"] == MINUTES_URL
    assert "Compte-rendu de la réunion annuelle" in item["description"]
    validated_on = timezone.localdate(site.minutes.first_published_at)
    assert f"Compte-rendu validé par le secrétaire général le {validated_on.day}" in item["description"]
    assert parsedate_to_datetime(item["pubDate"]) == site.minutes.first_published_at.replace(microsecond=0)


def test_site_feed_title_and_committee_feed_title(site, client):
    site_feed = get_feed(client, "/flux/comptes-rendus.rss", "application/rss+xml").find("channel")
    assert site_feed.find("title").text == "Comptes-rendus des comités locaux des usagers – Test"
    assert site_feed.find("link").text == "http://localhost/"
    committee_feed = get_feed(
        client, f"/flux/comites/{site.committee.pk}/comptes-rendus.rss", "application/rss+xml"
    ).find("channel")
    assert committee_feed.find("title").text == "Comptes-rendus – CLU de test"
    assert committee_feed.find("link").text == "http://localhost/clu/"


@pytest.mark.parametrize(
    "url", ["/flux/comptes-rendus.atom", "/flux/comites/{committee}/comptes-rendus.atom"]
)
def test_atom_lists_validated_minutes_only(site, client, url):
    root = get_feed(client, url.format(committee=site.committee.pk), "application/atom+xml")
    entries = root.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == ["Compte-rendu – Réunion du 7 septembre 2023"]
    assert entries[0].find(f"{ATOM}link").get("href") == MINUTES_URL
    assert "validé par le secrétaire général" in entries[0].find(f"{ATOM}summary").text
    assert entries[0].find(f"{ATOM}published") is not None


def test_a_committee_feed_holds_only_its_own_minutes(site, client, home_page):
    other = CommitteePageFactory(parent=home_page, slug="autre")
    root = get_feed(client, f"/flux/comites/{other.pk}/comptes-rendus.rss", "application/rss+xml")
    assert rss_items(root) == []


def test_unknown_or_unpublished_committee_gives_404(site, client):
    assert client.get("/flux/comites/999999/comptes-rendus.rss").status_code == 404
    assert client.get(f"/flux/comites/{site.meeting.pk}/comptes-rendus.atom").status_code == 404
    site.committee.unpublish()
    assert client.get(f"/flux/comites/{site.committee.pk}/comptes-rendus.rss").status_code == 404


def test_unpublished_minutes_leave_the_feed(site, client):
    site.minutes.unpublish()
    assert rss_items(get_feed(client, "/flux/comptes-rendus.rss", "application/rss+xml")) == []


def test_the_feed_follows_the_request_site(site, client, home_page):
    from wagtail.models import Page, Site

    other_home = home_page.get_parent().add_child(instance=type(home_page)(title="Autre", slug="autre-site"))
    Site.objects.create(hostname="autre.localhost", port=80, root_page=Page.objects.get(pk=other_home.pk))
    response = client.get("/flux/comptes-rendus.rss", HTTP_HOST="autre.localhost")
    assert rss_items(ET.fromstring(response.content)) == []
    response = client.get(
        f"/flux/comites/{site.committee.pk}/comptes-rendus.rss", HTTP_HOST="autre.localhost"
    )
    assert response.status_code == 404
