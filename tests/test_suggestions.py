"""Anyone may send a suggestion from the committee page; nothing they type is published."""

import datetime

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from cluac_pages.models import Suggestion

from .factories import CommitteePageFactory

TEXT = "Il faudrait un accueil téléphonique ouvert le samedi matin."


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


@pytest.fixture
def committee(home_page):
    return CommitteePageFactory(parent=home_page, slug="clu", contact_email="pref-qualite@example.gouv.fr")


def url(committee):
    return f"/comites/{committee.pk}/suggestion/"


def test_the_form_explains_how_personal_data_are_used(committee, client):
    body = client.get(url(committee)).content.decode()

    assert "<h1>Faire une suggestion</h1>" in body
    assert "mission d’intérêt public" in body
    assert "conservées 730 jours puis supprimées" in body
    assert "pref-qualite@example.gouv.fr" in body
    assert "n’est jamais publiée" in body


def test_a_suggestion_is_recorded_and_not_published(committee, client):
    response = client.post(
        url(committee), {"text": TEXT, "email": "usager@example.org", "contact_consent": "on"}
    )

    assert response.status_code == 302
    suggestion = Suggestion.objects.get()
    assert (suggestion.committee_id, suggestion.text, suggestion.email) == (
        committee.pk,
        TEXT,
        "usager@example.org",
    )
    assert suggestion.status == Suggestion.Status.NEW
    assert suggestion.contact_consent_at is not None
    thanks = client.get(response["Location"]).content.decode()
    assert "votre suggestion a bien été transmise" in thanks
    public = client.get(committee.url).content.decode()
    assert TEXT not in public and "usager@example.org" not in public


def test_an_address_without_consent_is_refused_and_the_text_kept(committee, client):
    response = client.post(url(committee), {"text": TEXT, "email": "usager@example.org"})

    assert response.status_code == 400
    body = response.content.decode()
    assert "acceptez que votre adresse soit utilisée pour vous répondre" in body
    assert TEXT in body
    assert not Suggestion.objects.exists()


def test_too_short_a_suggestion_is_refused_in_french(committee, client):
    response = client.post(url(committee), {"text": "Merci"})
    assert "Votre suggestion est trop courte" in response.content.decode()
    assert not Suggestion.objects.exists()


def test_a_robot_filling_the_honeypot_is_thanked_but_nothing_is_kept(committee, client):
    response = client.post(url(committee), {"text": TEXT, "website": "http://spam.example"})

    assert response.status_code == 302
    assert not Suggestion.objects.exists()


def test_sending_is_limited_per_address_and_hour(committee, client):
    for number in range(3):
        assert client.post(url(committee), {"text": f"{TEXT} ({number})"}).status_code == 302
    response = client.post(url(committee), {"text": f"{TEXT} (3)"})

    assert response.status_code == 400
    assert "Vous avez déjà envoyé plusieurs suggestions dans l&#x27;heure" in response.content.decode()
    assert Suggestion.objects.count() == 3
    other_address = client.post(url(committee), {"text": TEXT}, REMOTE_ADDR="10.0.0.2")
    assert other_address.status_code == 302


def test_only_a_published_committee_takes_suggestions(committee, client):
    committee.unpublish()
    assert client.get(url(committee)).status_code == 404
    assert client.get("/comites/999999/suggestion/").status_code == 404


def test_suggestions_are_deleted_after_the_retention_period(committee, capsys):
    old = Suggestion.objects.create(committee=committee, text="Ancienne suggestion.")
    Suggestion.objects.filter(pk=old.pk).update(received_at=timezone.now() - datetime.timedelta(days=731))
    recent = Suggestion.objects.create(committee=committee, text="Suggestion récente.")

    call_command("purge_suggestions")

    assert list(Suggestion.objects.values_list("pk", flat=True)) == [recent.pk]
    assert "1 suggestion(s) supprimée(s)" in capsys.readouterr().out


def test_the_secretariat_follows_a_suggestion_up_to_an_action(committee, author):
    from cluac_pages.models import TrackedAction

    from .factories import MeetingPageFactory
    from .workflow_helpers import client_for

    suggestion = Suggestion.objects.create(committee=committee, text=TEXT, email="usager@example.org")
    meeting = MeetingPageFactory(parent=committee, slug="reunion")
    action = TrackedAction.objects.create(committee=committee, description="Ouvrir l'accueil le samedi matin")
    client = client_for(author)

    index = client.get("/admin/cluac_pages/suggestion/").content.decode()
    assert "Il faudrait un accueil téléphonique" in index and "Nouvelle" in index
    response = client.post(
        f"/admin/cluac_pages/suggestion/edit/{suggestion.pk}/",
        {
            "status": Suggestion.Status.ACTION,
            "examined_at_meeting": meeting.pk,
            "action": action.pk,
            "internal_notes": "Examinée le 7 septembre.",
        },
    )

    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.examined_at_meeting_id, suggestion.action_id) == (
        Suggestion.Status.ACTION,
        meeting.pk,
        action.pk,
    )
    assert suggestion.text == TEXT  # what the person typed cannot be changed
    assert client.get("/admin/cluac_pages/suggestion/create/").status_code in (302, 403)


def test_the_committee_page_shows_counts_but_never_the_text(committee, client):
    Suggestion.objects.create(committee=committee, text=TEXT, email="usager@example.org")
    Suggestion.objects.create(
        committee=committee, text="Des bancs dans le hall.", status=Suggestion.Status.EXAMINED
    )
    Suggestion.objects.create(
        committee=committee, text="Un écran d'attente.", status=Suggestion.Status.ACTION
    )

    body = client.get(committee.url).content.decode()

    assert "Suggestions reçues : 3 ; examinées en comité : 2 ; transformées en actions : 1." in body
    assert f'href="/comites/{committee.pk}/suggestion/"' in body
    for private in (TEXT, "Des bancs", "usager@example.org"):
        assert private not in body


# Behind proxies: the limit is each visitor's, on the address the trusted proxies recorded.

PROXY = "10.0.0.1"


def post_through_proxy(client, committee, forwarded_for, number=0):
    return client.post(
        url(committee),
        {"text": f"{TEXT} ({number})"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_behind_one_trusted_proxy_each_visitor_has_their_own_limit(committee, client, settings):
    settings.CLUAC_TRUSTED_PROXIES = 1
    for number in range(3):
        assert post_through_proxy(client, committee, "203.0.113.7", number).status_code == 302
    assert post_through_proxy(client, committee, "203.0.113.7", 3).status_code == 400

    # Another citizen, through the same proxy, may still write.
    assert post_through_proxy(client, committee, "198.51.100.20").status_code == 302
    assert Suggestion.objects.count() == 4


def test_forged_forwarded_addresses_do_not_lift_the_limit(committee, client, settings):
    settings.CLUAC_TRUSTED_PROXIES = 1
    # The visitor writes X-Forwarded-For themselves; the proxy appends their real address.
    for number in range(5):
        post_through_proxy(client, committee, f"192.0.2.{number}, 203.0.113.7", number)

    assert Suggestion.objects.count() == 3


def test_two_trusted_proxies_read_the_address_recorded_by_the_outer_one(committee, client, settings):
    settings.CLUAC_TRUSTED_PROXIES = 2
    for number in range(4):
        # forged entry, the visitor (recorded by the outer proxy), the outer proxy (by the inner one)
        post_through_proxy(client, committee, f"192.0.2.{number}, 203.0.113.7, 10.0.0.9", number)
    assert Suggestion.objects.count() == 3
    assert post_through_proxy(client, committee, "198.51.100.20, 10.0.0.9").status_code == 302


def test_without_trusted_proxies_x_forwarded_for_is_never_read(committee, client):
    # The default: a client's X-Forwarded-For cannot give it a new limit.
    for number in range(5):
        post_through_proxy(client, committee, f"192.0.2.{number}", number)

    assert Suggestion.objects.count() == 3


def test_a_request_that_bypassed_the_proxy_is_limited_on_its_connection(committee, client, settings):
    settings.CLUAC_TRUSTED_PROXIES = 1
    for number in range(4):
        client.post(url(committee), {"text": f"{TEXT} ({number})"}, REMOTE_ADDR="203.0.113.50")
    assert Suggestion.objects.count() == 3
