"""The read-only JSON API (Wagtail API v2): live pages only, persons as the public may read them."""

import pytest

from .test_opendata import assert_nothing_private, build_public_reading_site, publish


@pytest.fixture
def site(home_page):
    return build_public_reading_site(home_page)


def get_json(client, url, status=200):
    response = client.get(url, HTTP_ACCEPT="application/json")
    assert response.status_code == status, response.content
    assert_nothing_private(response.content.decode())
    return response.json()


def titles(data):
    return [item["title"] for item in data["items"]]


def test_committees_list_and_detail(site, client):
    data = get_json(client, "/api/v2/comites/")
    assert data["meta"]["total_count"] == 1
    [item] = data["items"]
    assert item["acronym"] == "CLU" and item["meta"]["html_url"] == "http://localhost/clu/"
    detail = get_json(client, f"/api/v2/comites/{site.committee.pk}/")
    assert detail["title"] == "CLU de test"
    assert detail["departement_name"] == "Loire-Atlantique"
    assert detail["contact_email"] == "pref-qualite@example.gouv.fr"
    links = detail["links"]
    assert links["calendar"] == f"http://localhost/agenda/comites/{site.committee.pk}.ics"
    assert links["meetings"] == f"http://localhost/api/v2/reunions/?child_of={site.committee.pk}"
    assert links["minutes_rss"].endswith(f"/flux/comites/{site.committee.pk}/comptes-rendus.rss")


def test_meetings_list_holds_live_meetings_only(site, client):
    data = get_json(client, "/api/v2/reunions/")
    assert titles(data) == ["Réunion du 7 septembre 2023", "Réunion du 12 mars 2024"]
    assert get_json(client, f"/api/v2/reunions/?child_of={site.committee.pk}")["meta"]["total_count"] == 2
    assert get_json(client, "/api/v2/reunions/?cancelled=true")["meta"]["total_count"] == 0


def test_meeting_detail(site, client):
    detail = get_json(client, f"/api/v2/reunions/{site.meeting.pk}/")
    assert detail["place"] == "Salle Erdre, préfecture"
    assert detail["start"].startswith("2023-09-07T10:00:00")
    assert detail["end_time"] == "12:30:00"
    assert detail["cancelled"] is False
    assert [item["title"] for item in detail["agenda"]] == [
        "Bilan de l'accueil",
        "Enquête de satisfaction",
        "Questions diverses",
    ]
    assert detail["agenda"][0]["presenter"] == "le SGCD"
    # The chair's name is not public: the API names the organisation.
    assert detail["presidency"].startswith("Représentant(e) de ")
    assert detail["committee"]["title"] == "CLU de test"
    assert detail["minutes"]["html_url"] == "http://localhost/clu/reunion/compte-rendu/"
    assert detail["calendar_url"] == f"http://localhost/agenda/reunions/{site.meeting.pk}.ics"
    later = get_json(client, f"/api/v2/reunions/{site.later_meeting.pk}/")
    assert later["place"] == "Préfecture"
    assert later["minutes"] is None


def test_a_public_name_is_published(site, client):
    meeting = site.meeting
    meeting.chair = site.official
    publish(meeting)
    detail = get_json(client, f"/api/v2/reunions/{meeting.pk}/")
    assert detail["presidency"] == f"{site.official.full_name}, secrétaire général"


def test_minutes_list_and_detail(site, client):
    data = get_json(client, "/api/v2/comptes-rendus/")
    assert titles(data) == ["Compte-rendu"]
    assert data["items"][0]["validation"]["function"] == "le secrétaire général"
    detail = get_json(client, f"/api/v2/comptes-rendus/{site.minutes.pk}/?fields=*")
    assert detail["subject"] == "Compte-rendu de la réunion annuelle"
    assert detail["meeting"]["title"] == "Réunion du 7 septembre 2023"
    assert detail["committee"]["title"] == "CLU de test"
    section, paragraph = detail["body"]
    exchange, actions = section["value"]["content"]
    assert exchange["value"]["speaker"].startswith("Représentant(e) de ")
    assert actions["value"]["actions"] == [
        {"what": "Réviser la signalétique", "who": "Le SGCD", "due_date": "2024-03-31"}
    ]
    assert "Texte validé." in paragraph["value"]


def test_unpublished_pages_are_not_found(site, client):
    get_json(client, f"/api/v2/comptes-rendus/{site.draft_minutes.pk}/", status=404)
    get_json(client, f"/api/v2/comptes-rendus/{site.meeting.pk}/", status=404)
    site.minutes.unpublish()
    get_json(client, f"/api/v2/comptes-rendus/{site.minutes.pk}/", status=404)
    assert get_json(client, "/api/v2/comptes-rendus/")["items"] == []


def test_no_way_around_the_endpoint_type_or_to_private_fields(site, client):
    get_json(client, "/api/v2/comptes-rendus/?type=cluac_pages.MeetingPage", status=400)
    get_json(client, "/api/v2/reunions/?fields=chair", status=400)
    get_json(client, "/api/v2/comptes-rendus/?fields=followed_by", status=400)
    get_json(client, "/api/v2/comptes-rendus/?search=CANARI-FLUX")
    assert get_json(client, "/api/v2/comptes-rendus/?search=CANARI-FLUX")["items"] == []
    # The generic pages endpoint is not exposed.
    assert client.get("/api/v2/pages/").status_code == 404


def test_every_listing_with_every_field_is_clean(site, client):
    for endpoint in ("comites", "reunions", "comptes-rendus"):
        data = get_json(client, f"/api/v2/{endpoint}/?fields=*")
        assert data["items"]
