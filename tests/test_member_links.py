"""The page a member sees when a personal link cannot be used: why, whom to write to, never indexed."""

import datetime

from django.test import Client
from django.urls import reverse
from wagtail.models import Site

from cluac_pages.models import PrefectureSettings

from .factories import HomePageFactory, PersonFactory
from .html import parse, text
from .test_replies import build, in_a_month, reply_url, start_in


def link_page(response):
    page = parse(response.content)
    return {
        "title": text(page.select_one("main h1")),
        "message": text(page.select_one("main .fr-text--lead")),
        "contacts": [a["href"] for a in page.select("main a[href^='mailto:']")],
    }


def test_a_member_without_a_seat_is_told_why_and_whom_to_write_to(home_page):
    meeting, _seat_a, _seat_b, _people = build(home_page, in_a_month())
    stranger = PersonFactory(last_name="SANS-SIEGE", email="sans-siege@association.example")

    response = Client().get(reply_url(stranger, meeting))

    assert response.status_code == 403
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert link_page(response) == {
        "title": "Ce lien ne permet pas de répondre",
        "message": "Vous n'êtes pas titulaire d'un siège du comité à la date de cette réunion. "
        "Pour toute question, écrivez au secrétariat du comité.",
        "contacts": ["mailto:pref-qualite@example.gouv.fr"],
    }
    assert "Secrétariat du comité : pref-qualite@example.gouv.fr" in text(parse(response.content).main)


def test_an_expired_link_says_so_without_naming_anyone(home_page):
    meeting, _seat_a, _seat_b, people = build(home_page, start_in(-datetime.timedelta(hours=1)))

    response = Client().get(reply_url(people["alice"], meeting))

    assert response.status_code == 410
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert link_page(response) == {
        "title": "Cette réunion a eu lieu : le lien n'est plus valable",
        "message": "Les réponses à la convocation sont closes au début de la réunion.",
        "contacts": [],
    }


def test_a_link_opened_on_another_prefecture_site_is_not_valid(home_page):
    meeting, _seat_a, _seat_b, people = build(home_page, in_a_month())
    other_home = HomePageFactory(
        parent=home_page.get_parent(), title="Préfecture de l'Essonne", slug="essonne"
    )
    Site.objects.create(hostname="essonne.localhost", root_page=other_home, site_name="Essonne")
    url = reply_url(people["alice"], meeting)

    elsewhere = Client().get(url, HTTP_HOST="essonne.localhost")

    assert elsewhere.status_code == 404
    assert elsewhere["X-Robots-Tag"] == "noindex, nofollow"
    assert link_page(elsewhere)["title"] == "Ce lien n'est pas valide"
    assert "Réunion d'automne" not in elsewhere.content.decode()
    assert Client().get(url).status_code == 200


def test_the_page_wears_the_prefecture_identity_like_every_page(home_page):
    meeting, _seat_a, _seat_b, _people = build(home_page, in_a_month())
    stranger = PersonFactory(last_name="SANS-SIEGE")
    identity = PrefectureSettings.for_site(Site.objects.get(is_default_site=True))
    identity.service_title = "Préfecture de la Loire-Atlantique"
    identity.save()
    site_name = text(parse(Client().get(home_page.url).content).title).split(" – ")[-1]
    assert site_name == "Préfecture de la Loire-Atlantique"

    response = Client().get(reply_url(stranger, meeting))

    assert text(parse(response.content).title) == f"Ce lien ne permet pas de répondre – {site_name}"


def test_an_invalid_link_wears_the_identity_of_the_site_it_is_opened_on(home_page):
    identity = PrefectureSettings.for_site(Site.objects.get(is_default_site=True))
    identity.service_title = "Préfecture de la Loire-Atlantique"
    identity.save()

    response = Client().get(reverse("cluac_pages:meeting_reply", args=["pas-un-jeton"]))

    assert response.status_code == 404
    assert (
        text(parse(response.content).title) == "Ce lien n'est pas valide – Préfecture de la Loire-Atlantique"
    )


def test_the_page_extends_the_host_site_base_template(home_page, settings, tmp_path):
    (tmp_path / "prefecture_base.html").write_text(
        '<!DOCTYPE html><html lang="fr"><title>Préfecture hôte</title>'
        "<body><p>Gabarit de la préfecture hôte</p>{% block content %}{% endblock %}</body></html>"
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    settings.CLUAC_PAGES_BASE_TEMPLATE = "prefecture_base.html"
    meeting, _seat_a, _seat_b, _people = build(home_page, in_a_month())

    body = Client().get(reply_url(PersonFactory(last_name="SANS-SIEGE"), meeting)).content.decode()

    assert "Gabarit de la préfecture hôte" in body
    assert "Ce lien ne permet pas de répondre" in body
