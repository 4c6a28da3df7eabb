"""Several prefectures on one install: each one's teams act on that prefecture only (over HTTP)."""

import datetime

import pytest
import wagtail_factories
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.base import ContentFile
from django.test import TestCase
from django.urls import reverse
from wagtail.models import Collection, Site

from cluac_pages.models import Person, PrefectureRoles, Seat, Suggestion

from .admin_forms import edit_form_data
from .factories import HomePageFactory, PersonFactory
from .workflow_helpers import (
    act,
    build_meeting,
    client_for,
    create_draft_minutes,
    edit_url,
    make_user,
    submit,
)


def prefecture(home_page, slug, hostname, name):
    home = HomePageFactory(parent=home_page.get_parent(), title=f"Préfecture {name}", slug=slug)
    site = Site.objects.create(hostname=hostname, port=80, root_page=home, site_name=f"Préfecture {name}")
    return home, site


def team(site, suffix):
    roles = PrefectureRoles.objects.get(site=site)
    editor = make_user(f"communication-{suffix}")
    editor.groups.add(roles.communication_group)
    validator = make_user(f"sg-{suffix}")
    validator.groups.add(roles.secretary_group)
    return editor, validator


@pytest.fixture
def two(home_page):
    """Loire-Atlantique (the default site) and Essonne, each with a committee, a meeting and a team."""
    la_site = Site.objects.get(root_page=home_page)
    essonne_home, essonne_site = prefecture(home_page, "essonne", "essonne.localhost", "de l'Essonne")
    la_committee, la_meeting, la_people = build_meeting(home_page)
    essonne_committee, essonne_meeting, _ = build_meeting(essonne_home)
    la_editor, la_validator = team(la_site, "44")
    essonne_editor, essonne_validator = team(essonne_site, "91")
    return {
        "la": {"site": la_site, "meeting": la_meeting, "committee": la_committee, "people": la_people},
        "essonne": {"site": essonne_site, "meeting": essonne_meeting, "committee": essonne_committee},
        "users": {
            "la_editor": la_editor,
            "la_validator": la_validator,
            "essonne_editor": essonne_editor,
            "essonne_validator": essonne_validator,
        },
    }


def test_adding_a_site_gives_it_a_pair_of_groups_and_a_collection(two):
    site = two["essonne"]["site"]
    roles = PrefectureRoles.objects.get(site=site)
    assert roles.communication_group.name == "Service communication – Préfecture de l'Essonne"
    assert roles.secretary_group.name == "Secrétaire général – Préfecture de l'Essonne"
    assert roles.collection.name == "Préfecture : Préfecture de l'Essonne"
    assert roles.secretary_group.permissions.filter(codename="validate_minutes").exists()

    site.delete()
    assert not Group.objects.filter(name__endswith="Préfecture de l'Essonne").exists()


def test_an_editor_edits_the_pages_of_their_prefecture_only(two):
    editor = two["users"]["essonne_editor"]
    client = client_for(editor)
    own, other = two["essonne"]["meeting"], two["la"]["meeting"]

    client.post(
        edit_url(own), edit_form_data(own, editor, place="Préfecture d'Évry", **{"action-publish": "1"})
    )
    client.post(edit_url(other), edit_form_data(other, editor, place="Ailleurs", **{"action-publish": "1"}))

    own.refresh_from_db()
    other.refresh_from_db()
    assert own.place == "Préfecture d'Évry"
    assert other.place != "Ailleurs"
    assert client.get(edit_url(other)).status_code in (302, 403)


def test_a_validator_validates_the_minutes_of_their_prefecture_only(two):
    la = two["la"]
    users = two["users"]
    minutes = create_draft_minutes(la["meeting"], users["la_editor"])
    with TestCase.captureOnCommitCallbacks(execute=True):
        submit(client_for(users["la_editor"]), minutes, "Compte-rendu de la Loire-Atlantique.")

    notified = {address for message in mail.outbox for address in message.to}
    assert "sg-44@prefecture.example" in notified
    assert "sg-91@prefecture.example" not in notified

    act(client_for(users["essonne_validator"]), minutes, "approve")
    minutes.refresh_from_db()
    assert not minutes.live
    dashboard = client_for(users["essonne_validator"]).get(reverse("wagtailadmin_home")).content.decode()
    assert "Compte-rendu de la Loire-Atlantique" not in dashboard

    act(client_for(users["la_validator"]), minutes, "approve")
    minutes.refresh_from_db()
    assert minutes.live


def csv_of(client, url):
    response = client.get(url, {"export": "csv"})
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode()


def test_the_composition_lists_show_each_prefecture_its_own(two):
    essonne_person = PersonFactory(last_name="ESSONNIEN", email="essonnien@association.example")
    essonne_person.site = two["essonne"]["site"]
    essonne_person.save()
    from django.apps import apps

    from cluac_pages.prefectures.composition import attach_composition_to_sites

    attach_composition_to_sites(apps)
    la_client = client_for(two["users"]["la_editor"])
    essonne_client = client_for(two["users"]["essonne_editor"])

    la_persons = csv_of(la_client, "/admin/cluac_pages/person/")
    essonne_persons = csv_of(essonne_client, "/admin/cluac_pages/person/")
    assert "essonnien@association.example" in essonne_persons
    assert "essonnien@association.example" not in la_persons
    # Each list has a heading line and one line per person of its prefecture.
    for persons, site in ((la_persons, two["la"]["site"]), (essonne_persons, two["essonne"]["site"])):
        assert len(persons.strip().splitlines()) == 1 + Person.objects.filter(site=site).count()
    la_person = Person.objects.get(email="present@association.example", site=two["la"]["site"])
    assert essonne_client.get(f"/admin/cluac_pages/person/edit/{la_person.pk}/").status_code == 404
    assert la_client.get(f"/admin/cluac_pages/person/edit/{la_person.pk}/").status_code == 200

    def organisation_names(client):
        lines = csv_of(client, "/admin/cluac_pages/organisation/").splitlines()[1:]
        return {line.split(",")[0] for line in lines}

    assert la_person.organisation.name not in organisation_names(essonne_client)
    assert la_person.organisation.name in organisation_names(la_client)
    la_seats = la_client.get("/admin/cluac_pages/seat/").content.decode()
    essonne_seats = essonne_client.get("/admin/cluac_pages/seat/").content.decode()
    for seat in Seat.objects.all():
        link = f"/admin/cluac_pages/seat/edit/{seat.pk}/"
        in_la = seat.committee_id == two["la"]["committee"].pk
        assert (link in la_seats, link in essonne_seats) == (in_la, not in_la)


def test_a_person_added_by_a_prefecture_belongs_to_it(two):
    essonne_client = client_for(two["users"]["essonne_editor"])
    essonne_client.post(
        "/admin/cluac_pages/person/create/",
        {
            "civility": "mme",
            "first_name": "Inès",
            "last_name": "NOUVELLE",
            "email": "ines@association.example",
        },
    )

    person = Person.objects.get(last_name="NOUVELLE")
    assert person.site == two["essonne"]["site"]
    la_persons = csv_of(client_for(two["users"]["la_editor"]), "/admin/cluac_pages/person/")
    assert "ines@association.example" not in la_persons


def test_suggestions_show_each_prefecture_its_own(two):
    Suggestion.objects.create(committee=two["la"]["committee"], text="Un guichet le samedi matin à Nantes.")
    Suggestion.objects.create(committee=two["essonne"]["committee"], text="Des horaires élargis à Évry.")

    essonne = (
        client_for(two["users"]["essonne_editor"]).get("/admin/cluac_pages/suggestion/").content.decode()
    )
    assert "Évry" in essonne and "Nantes" not in essonne


def test_documents_of_another_prefecture_are_out_of_reach(two):
    la_collection = PrefectureRoles.objects.get(site=two["la"]["site"]).collection
    document = wagtail_factories.DocumentFactory(
        title="Rapport interne de la Loire-Atlantique",
        file=ContentFile(b"%PDF-1.4\n% interne\n", name="rapport.pdf"),
        collection=la_collection,
    )
    essonne_client = client_for(two["users"]["essonne_editor"])

    assert "Rapport interne" not in essonne_client.get(reverse("wagtaildocs:index")).content.decode()
    essonne_client.post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        {"title": "Modifié", "collection": la_collection.pk, "tags": ""},
    )
    document.refresh_from_db()
    assert document.title == "Rapport interne de la Loire-Atlantique"
    la_client = client_for(two["users"]["la_editor"])
    assert "Rapport interne" in la_client.get(reverse("wagtaildocs:index")).content.decode()
    assert Collection.objects.filter(name__startswith="Préfecture : ").count() == 2


def test_the_opinions_on_another_prefecture_s_document_are_out_of_reach(two):
    from cluac_pages.models import DocumentReview

    document = wagtail_factories.DocumentFactory(
        title="Projet de charte d'accueil",
        file=ContentFile(b"%PDF-1.4\n% charte\n", name="charte.pdf"),
        collection=PrefectureRoles.objects.get(site=two["la"]["site"]).collection,
    )
    review = DocumentReview.objects.create(
        committee=two["la"]["committee"],
        title="Charte d'accueil 2024",
        document=document,
        closes_at=datetime.datetime(2030, 1, 31, 18, 0, tzinfo=datetime.UTC),
    )
    opinions = reverse("cluac_pages_document_review_opinions", args=[review.pk])
    export = reverse("cluac_pages_document_review_opinions_csv", args=[review.pk])
    essonne_client = client_for(two["users"]["essonne_editor"])
    la_client = client_for(two["users"]["la_editor"])

    assert essonne_client.get(opinions).status_code == 404
    assert essonne_client.get(export).status_code == 404
    assert (
        "Charte d'accueil 2024"
        not in essonne_client.get("/admin/cluac_pages/documentreview/").content.decode()
    )
    assert la_client.get(opinions).status_code == 200
    assert la_client.get(export).status_code == 200
