"""Several prefectures on one install: each one's teams act on that prefecture only (over HTTP)."""

import datetime

import pytest
import wagtail_factories
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.base import ContentFile
from django.test import TestCase
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.models import Collection, Site

from cluac_pages.models import Organisation, Person, PrefectureRoles, Seat, Suggestion

from .admin_forms import edit_form_data
from .factories import HomePageFactory, PersonFactory
from .workflow_helpers import (
    SECRETAIRE_GENERAL,
    SERVICE_COMMUNICATION,
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
    # Awaiting review: on the dashboard of the Loire-Atlantique's validator, not the Essonne's (there the
    # row would name its author, without a link to the editor).
    assert edit_url(minutes) in awaiting_review(users["la_validator"])
    assert "communication-44" not in awaiting_review(users["essonne_validator"])
    # Nor does the Essonne's validator open them in the editor.
    assert client_for(users["essonne_validator"]).get(edit_url(minutes)).status_code in (302, 403)
    # Nor when Wagtail's « Editors » group lets them edit every page (publishing none).
    users["essonne_validator"].groups.add(Group.objects.get(name="Editors"))
    assert "communication-44" not in awaiting_review(users["essonne_validator"])

    act(client_for(users["la_validator"]), minutes, "approve")
    minutes.refresh_from_db()
    assert minutes.live


def awaiting_review(user):
    """The dashboard's « En attente de votre vérification » panel for ``user`` (empty: no panel)."""
    dashboard = client_for(user).get(reverse("wagtailadmin_home")).content.decode()
    start = dashboard.find('id="awaiting-review-section"')
    return dashboard[start : dashboard.index("</section>", start)] if start >= 0 else ""


def test_a_validator_of_two_prefectures_reviews_the_minutes_of_both(two):
    la, essonne, users = two["la"], two["essonne"], two["users"]
    both = make_user("sg-44-91")
    for place in (la, essonne):
        both.groups.add(PrefectureRoles.objects.get(site=place["site"]).secretary_group)
    la_minutes = create_draft_minutes(la["meeting"], users["la_editor"])
    submit(client_for(users["la_editor"]), la_minutes, "Compte-rendu de la Loire-Atlantique.")
    essonne_minutes = create_draft_minutes(essonne["meeting"], users["essonne_editor"])
    submit(client_for(users["essonne_editor"]), essonne_minutes, "Compte-rendu de l'Essonne.")

    panel = awaiting_review(both)
    assert edit_url(la_minutes) in panel
    assert edit_url(essonne_minutes) in panel
    assert "communication-91" not in awaiting_review(users["la_validator"])


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


# --- The admin forms offer each prefecture its own rows, and refuse another's posted by hand ---


@pytest.fixture
def sited(two):
    """``two`` with each person and organisation attached to the prefecture where it sits, and an
    association that only the Loire-Atlantique knows."""
    from django.apps import apps

    from cluac_pages.prefectures.composition import attach_composition_to_sites

    attach_composition_to_sites(apps)
    two["la"]["organisation"] = Organisation.objects.create(
        name="Association des usagers du pays nantais", site=two["la"]["site"]
    )
    two["la"]["person_ids"] = set(Person.objects.filter(site=two["la"]["site"]).values_list("pk", flat=True))
    two["essonne"]["person_ids"] = set(
        Person.objects.filter(site=two["essonne"]["site"]).values_list("pk", flat=True)
    )
    assert two["la"]["person_ids"] and two["essonne"]["person_ids"]
    return two


def options(html, name):
    """The values offered by the select named ``name`` (the first one found)."""
    from bs4 import BeautifulSoup

    select = BeautifulSoup(html, "html.parser").find("select", attrs={"name": name})
    assert select is not None, name
    return {option["value"] for option in select.find_all("option") if option.get("value")}


def test_the_meeting_form_offers_the_prefecture_s_persons_and_organisations_only(sited):
    client = client_for(sited["users"]["essonne_editor"])
    html = client.get(edit_url(sited["essonne"]["meeting"])).content.decode()

    chairs = {int(value) for value in options(html, "chair")}
    assert sited["essonne"]["person_ids"] <= chairs
    assert not chairs & sited["la"]["person_ids"]
    row_persons = {int(value) for value in options(html, "participants-0-person")}
    assert sited["essonne"]["person_ids"] <= row_persons
    assert not row_persons & sited["la"]["person_ids"]
    # The organisations suggested as one types a participant's organisation.
    assert "Association des usagers du pays nantais" not in html
    la_html = client_for(sited["users"]["la_editor"]).get(edit_url(sited["la"]["meeting"])).content.decode()
    assert "Association des usagers du pays nantais" in la_html


def test_another_prefecture_s_person_posted_by_hand_is_refused(sited):
    editor = sited["users"]["essonne_editor"]
    meeting = sited["essonne"]["meeting"]
    intruder = Person.objects.get(pk=min(sited["la"]["person_ids"]))

    response = client_for(editor).post(
        edit_url(meeting), edit_form_data(meeting, editor, chair=str(intruder.pk), place="Évry")
    )

    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.chair_id != intruder.pk
    assert meeting.place != "Évry"
    assert (
        not meeting.has_unpublished_changes
        or meeting.get_latest_revision().content.get("chair") != intruder.pk
    )


def test_a_participant_s_typed_organisation_is_the_prefecture_s_own(sited):
    editor = sited["users"]["essonne_editor"]
    meeting = sited["essonne"]["meeting"]
    Organisation.objects.create(name="UDAF", site=sited["la"]["site"])
    essonne_udaf = Organisation.objects.create(name="UDAF", site=sited["essonne"]["site"])
    data = edit_form_data(meeting, editor)
    total = int(data["participants-TOTAL_FORMS"])
    data.update(
        {
            "participants-TOTAL_FORMS": str(total + 1),
            f"participants-{total}-organisation_name": "udaf",
            f"participants-{total}-group": "member",
            f"participants-{total}-status": "excused",
            f"participants-{total}-ORDER": str(total + 1),
            "action-publish": "1",
        }
    )

    response = client_for(editor).post(edit_url(meeting), data)

    assert response.status_code == 302
    meeting.refresh_from_db()
    row = meeting.participants.get(organisation__name="UDAF")
    assert row.organisation == essonne_udaf


def test_the_composition_forms_offer_the_prefecture_s_committees_and_organisations_only(sited):
    client = client_for(sited["users"]["essonne_editor"])
    html = client.get("/admin/cluac_pages/seat/create/").content.decode()

    organisations = {int(value) for value in options(html, "organisation")}
    assert sited["la"]["organisation"].pk not in organisations
    mandate_persons = {int(value) for value in options(html, "mandates-__prefix__-person")}
    assert sited["essonne"]["person_ids"] <= mandate_persons
    assert not mandate_persons & sited["la"]["person_ids"]

    seats = Seat.objects.count()
    response = client.post(
        "/admin/cluac_pages/seat/create/",
        {
            "committee": sited["la"]["committee"].pk,
            "college": Seat.objects.first().college_id,
            "organisation": sited["la"]["organisation"].pk,
            "title": "Un siège glissé dans le comité d'une autre préfecture",
            "sort_order": 0,
            "mandates-TOTAL_FORMS": 0,
            "mandates-INITIAL_FORMS": 0,
            "mandates-MIN_NUM_FORMS": 0,
            "mandates-MAX_NUM_FORMS": 1000,
        },
    )
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert Seat.objects.count() == seats


def test_the_substitutions_screen_offers_the_prefecture_s_persons_and_files_a_new_one_there(sited):
    meeting = sited["essonne"]["meeting"]
    client = client_for(sited["users"]["essonne_editor"])
    url = reverse("cluac_pages_meeting_substitutions", args=[meeting.pk])
    html = client.get(url).content.decode()

    offered = {int(value) for value in options(html, "substitute")}
    assert not offered & sited["la"]["person_ids"]
    assert sited["la"]["organisation"].pk not in {int(value) for value in options(html, "organisation")}

    seat = Seat.objects.filter(committee=sited["essonne"]["committee"]).first()
    client.post(
        url,
        {
            "seat": seat.pk,
            "civility": "m",
            "first_name": "Karim",
            "last_name": "SUPPLÉANT-ÉVRY",
            "function": "bénévole",
            "informed_at": "01/09/2023 10:00",
        },
    )
    assert Person.objects.get(last_name="SUPPLÉANT-ÉVRY").site == sited["essonne"]["site"]


def test_two_prefectures_each_have_their_organisation_of_the_same_name(sited):
    Organisation.objects.create(name="France Services de la Poste", site=sited["la"]["site"])
    client = client_for(sited["users"]["essonne_editor"])
    form = {
        "name": "France Services de la Poste",
        "acronym": "",
        "name_after_de": "",
        "kind": "france_services",
    }

    response = client.post("/admin/cluac_pages/organisation/create/", form)
    assert response.status_code == 302
    assert Organisation.objects.get(name=form["name"], site=sited["essonne"]["site"])

    response = client.post(
        "/admin/cluac_pages/organisation/create/", {**form, "name": "france services de la poste"}
    )
    assert response.status_code == 200
    assert "Un organisme porte déjà ce nom dans cette préfecture" in response.content.decode()
    assert Organisation.objects.filter(name__iexact=form["name"]).count() == 2


def test_the_follow_up_shows_each_prefecture_its_own_committees(sited, capsys):
    from django.core.management import call_command

    MeetingPage_ = type(sited["la"]["meeting"])
    MeetingPage_.objects.filter(pk=sited["la"]["meeting"].pk).update(
        title="Réunion de Nantes sans compte-rendu"
    )
    MeetingPage_.objects.filter(pk=sited["essonne"]["meeting"].pk).update(
        title="Réunion à Évry sans compte-rendu"
    )

    dashboard = (
        client_for(sited["users"]["essonne_validator"]).get(reverse("wagtailadmin_home")).content.decode()
    )
    assert "Réunion à Évry sans compte-rendu" in dashboard
    assert "Réunion de Nantes" not in dashboard

    with pytest.raises(SystemExit):
        call_command("cluac_report", "--site", "essonne.localhost")
    printed = capsys.readouterr().out
    assert "Réunion à Évry sans compte-rendu" in printed
    assert "Réunion de Nantes" not in printed


def test_a_prefecture_s_document_is_served_on_its_own_site_only(sited):
    from django.test import Client

    document = wagtail_factories.DocumentFactory(
        title="Charte d'accueil de la Loire-Atlantique",
        file=ContentFile(b"%PDF-1.4\n% charte\n", name="charte-accueil.pdf"),
        collection=PrefectureRoles.objects.get(site=sited["la"]["site"]).collection,
    )

    assert Client(HTTP_HOST="localhost").get(document.url).status_code == 200
    assert Client(HTTP_HOST="essonne.localhost").get(document.url).status_code == 404

    shared = wagtail_factories.DocumentFactory(
        title="Charte nationale de l'accueil",
        file=ContentFile(b"%PDF-1.4\n% charte nationale\n", name="charte-nationale.pdf"),
        collection=Collection.get_first_root_node(),
    )
    assert Client(HTTP_HOST="localhost").get(shared.url).status_code == 200
    assert Client(HTTP_HOST="essonne.localhost").get(shared.url).status_code == 200


def test_another_prefecture_s_organisation_can_be_neither_deleted_nor_its_history_read(sited):
    organisation = sited["la"]["organisation"]
    delete_url = f"/admin/cluac_pages/organisation/delete/{organisation.pk}/"
    history_url = f"/admin/cluac_pages/organisation/history/{organisation.pk}/"
    essonne_client = client_for(sited["users"]["essonne_editor"])

    assert essonne_client.get(history_url).status_code == 404
    assert essonne_client.get(delete_url).status_code == 404
    assert essonne_client.post(delete_url).status_code == 404
    assert Organisation.objects.filter(pk=organisation.pk).exists()

    la_client = client_for(sited["users"]["la_editor"])
    assert la_client.get(history_url).status_code == 200
    assert la_client.get(delete_url).status_code == 200
    assert la_client.post(delete_url).status_code == 302
    assert not Organisation.objects.filter(pk=organisation.pk).exists()


ORGANISATION_FORM = {"acronym": "", "name_after_de": "", "kind": "france_services"}


def test_an_organisation_added_by_an_administrator_or_a_two_prefecture_team_is_shared(sited):
    from django.contrib.auth import get_user_model

    administrator = get_user_model().objects.create_superuser("admin", "admin@prefecture.example", "x")
    both = make_user("communication-44-91")
    for site in (sited["la"]["site"], sited["essonne"]["site"]):
        both.groups.add(PrefectureRoles.objects.get(site=site).communication_group)

    # A team of both prefectures lists the rows of both.
    seats = client_for(both).get("/admin/cluac_pages/seat/").content.decode()
    for seat in Seat.objects.all():
        assert f"/admin/cluac_pages/seat/edit/{seat.pk}/" in seats
    for user, name in ((administrator, "Maison France Services nationale"), (both, "Maison commune")):
        response = client_for(user).post(
            "/admin/cluac_pages/organisation/create/", {**ORGANISATION_FORM, "name": name}
        )
        assert response.status_code == 302
        assert Organisation.objects.get(name=name).site is None
    # Without a site, each prefecture's forms offer it.
    for editor in ("la_editor", "essonne_editor"):
        html = client_for(sited["users"][editor]).get("/admin/cluac_pages/seat/create/").content.decode()
        offered = {int(value) for value in options(html, "organisation")}
        assert set(Organisation.objects.filter(site=None).values_list("pk", flat=True)) <= offered


def test_a_secretary_general_who_submits_minutes_is_not_told_of_them_but_a_colleague_is(two):
    la = two["la"]
    validator = two["users"]["la_validator"]
    colleague = make_user("sg-44-bis")
    colleague.groups.add(PrefectureRoles.objects.get(site=la["site"]).secretary_group)
    departed = make_user("sg-44-parti", is_active=False)
    departed.groups.add(PrefectureRoles.objects.get(site=la["site"]).secretary_group)
    minutes = create_draft_minutes(la["meeting"], validator)

    with TestCase.captureOnCommitCallbacks(execute=True):
        submit(client_for(validator), minutes, "Compte-rendu soumis par le secrétaire général.")

    notified = {address for message in mail.outbox for address in message.to}
    assert "sg-44-bis@prefecture.example" in notified
    assert "sg-44@prefecture.example" not in notified
    assert "sg-44-parti@prefecture.example" not in notified
    assert "sg-91@prefecture.example" not in notified


def test_minutes_submitted_by_a_script_tell_every_validator_of_the_prefecture(two):
    from cluac_pages.models.validation import minutes_workflow

    # An import script starts the validation without a user: nobody is left out of the news.
    minutes = create_draft_minutes(two["la"]["meeting"], two["users"]["la_editor"])
    with TestCase.captureOnCommitCallbacks(execute=True):
        minutes_workflow().start(minutes, user=None)

    notified = {address for message in mail.outbox for address in message.to}
    assert "sg-44@prefecture.example" in notified
    assert "sg-91@prefecture.example" not in notified


def test_an_annex_is_chosen_among_the_prefecture_s_documents_only(two):
    from wagtail.test.utils.form_data import inline_formset

    def document(site, title):
        return wagtail_factories.DocumentFactory(
            title=title,
            file=ContentFile(b"%PDF-1.4\n% annexe\n", name="annexe.pdf"),
            collection=PrefectureRoles.objects.get(site=site).collection,
        )

    editor = two["users"]["essonne_editor"]
    minutes = create_draft_minutes(two["essonne"]["meeting"], editor)
    intruder = document(two["la"]["site"], "Rapport de la Loire-Atlantique")
    own = document(two["essonne"]["site"], "Rapport de l'Essonne")
    client = client_for(editor)

    refused = submit(
        client,
        minutes,
        "Avec l'annexe d'une autre préfecture.",
        annexes=inline_formset([{"document": intruder.pk, "title": ""}]),
    )
    assert refused.status_code == 200
    assert "Sélectionnez un choix valide" in refused.content.decode()

    accepted = submit(
        client, minutes, "Avec son annexe.", annexes=inline_formset([{"document": own.pk, "title": ""}])
    )
    assert accepted.status_code == 302
    minutes.refresh_from_db()
    annexes = minutes.get_latest_revision().content["annexes"]
    assert [annex["document"] for annex in annexes] == [own.pk]


def test_a_site_added_without_its_roles_gets_them_at_the_next_migrate(home_page):
    from django.core.management import call_command

    home = HomePageFactory(parent=home_page.get_parent(), title="Préfecture du Var", slug="var")
    # bulk_create sends no post_save: as a site created before the add-on was installed.
    Site.objects.bulk_create([Site(hostname="var.localhost", port=80, root_page=home, site_name="Var")])
    site = Site.objects.get(hostname="var.localhost")
    assert not PrefectureRoles.objects.filter(site=site).exists()

    call_command("migrate", verbosity=0)

    roles = PrefectureRoles.objects.get(site=site)
    assert roles.communication_group.name == "Service communication – Var"
    assert roles.secretary_group.permissions.filter(codename="validate_minutes").exists()


def test_a_row_of_another_prefecture_chosen_earlier_by_an_administrator_stays_valid(sited):
    meeting = sited["essonne"]["meeting"]
    chosen_earlier = Person.objects.get(pk=min(sited["la"]["person_ids"]))
    meeting.chair = chosen_earlier
    meeting.save_revision().publish()
    editor = sited["users"]["essonne_editor"]

    response = client_for(editor).post(
        edit_url(meeting), edit_form_data(meeting, editor, place="Évry", **{"action-publish": "1"})
    )

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.place == "Évry"
    assert meeting.chair_id == chosen_earlier.pk


def test_the_prefecture_s_secretary_general_is_not_told_of_another_workflow_s_submissions(two):
    from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

    la = two["la"]
    reviewers = Group.objects.create(name="Relecteurs")
    reviewer = make_user("relecteur", "Relecteurs")
    reviewer.groups.add(Group.objects.get(name="Service communication"))
    task = GroupApprovalTask.objects.create(name="Relecture")
    task.groups.set([reviewers])
    workflow = Workflow.objects.create(name="Relecture des comités")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=la["committee"])
    editor = two["users"]["la_editor"]

    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client_for(editor).post(
            edit_url(la["committee"]),
            edit_form_data(la["committee"], editor, title="CLU relu", **{"action-submit": "1"}),
        )

    assert response.status_code == 302
    notified = {address for message in mail.outbox for address in message.to}
    assert "relecteur@prefecture.example" in notified
    assert "sg-44@prefecture.example" not in notified


def test_two_sites_of_the_same_name_each_get_their_own_groups(home_page):
    for slug in ("var", "var-bis"):
        home = HomePageFactory(parent=home_page.get_parent(), title="Préfecture du Var", slug=slug)
        Site.objects.create(hostname=f"{slug}.localhost", port=80, root_page=home, site_name="Var")

    names = {
        (roles.communication_group.name, roles.secretary_group.name)
        for roles in PrefectureRoles.objects.filter(site__site_name="Var")
    }
    assert names == {
        ("Service communication – Var", "Secrétaire général – Var"),
        ("Service communication – Var (2)", "Secrétaire général – Var (2)"),
    }


def test_a_team_whose_rights_start_at_a_committee_acts_in_its_prefecture(sited):
    from django.contrib.auth.models import Permission
    from wagtail.models import GroupPagePermission

    group = Group.objects.create(name="Rédaction du CLU")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"), Permission.objects.get(codename="view_person")
    )
    GroupPagePermission.objects.create(
        group=group, page=sited["la"]["committee"], permission=Permission.objects.get(codename="change_page")
    )
    writer = make_user("redaction-clu", "Rédaction du CLU")

    persons = csv_of(client_for(writer), "/admin/cluac_pages/person/")
    assert len(persons.strip().splitlines()) == 1 + Person.objects.filter(site=sited["la"]["site"]).count()
    assert "present@association.example" in persons


def test_a_prefecture_added_where_the_install_wide_groups_are_gone_gets_the_default_rights(home_page):
    """A host install that deleted (or never had) « Service communication » and « Secrétaire
    général »: a new prefecture's team still gets the rights the add-on's procedure needs."""
    from wagtail.models import Page

    Group.objects.filter(name__in=[SERVICE_COMMUNICATION, SECRETAIRE_GENERAL]).delete()
    home, site = prefecture(home_page, "essonne", "essonne.localhost", "de l'Essonne")
    editor, validator = team(site, "91")
    roles = PrefectureRoles.objects.get(site=site)
    editors, validators = client_for(editor), client_for(validator)

    assert editors.get(reverse("wagtailadmin_home")).status_code == 200
    assert validators.get(reverse("wagtailadmin_home")).status_code == 200
    # Pages: the editor adds, edits and publishes; the secretary general edits and publishes.
    assert editors.get(reverse("wagtailadmin_pages:add_subpage", args=[home.pk])).status_code == 200
    assert validators.get(reverse("wagtailadmin_pages:add_subpage", args=[home.pk])).status_code in (302, 403)
    for client in (editors, validators):
        assert client.get(edit_url(home)).status_code == 200
    published = validators.post(
        edit_url(home),
        edit_form_data(home, validator, title="Préfecture de l'Essonne", **{"action-publish": "1"}),
    )
    assert published.status_code == 302
    assert Page.objects.get(pk=home.pk).title == "Préfecture de l'Essonne"
    # Documents and images: added, changed and chosen in the prefecture's collection only.
    for view in ("wagtaildocs:add_multiple", "wagtailimages:add_multiple"):
        assert editors.get(reverse(view)).status_code == 200
    uploaded = editors.post(
        reverse("wagtaildocs:add"),
        {"title": "Ordre du jour", "file": ContentFile(b"%PDF-1.4", name="ordre-du-jour.pdf")},
    )
    assert uploaded.status_code == 302
    assert Document.objects.get(title="Ordre du jour").collection == roles.collection
    document = wagtail_factories.DocumentFactory(title="Charte", collection=roles.collection)
    image = wagtail_factories.ImageFactory(title="Salle", collection=roles.collection)
    assert editors.get(reverse("wagtaildocs:edit", args=[document.pk])).status_code == 200
    assert editors.get(reverse("wagtailimages:edit", args=[image.pk])).status_code == 200
    assert "Charte" in editors.get(reverse("wagtaildocs_chooser:choose")).content.decode()
    assert "Salle" in editors.get(reverse("wagtailimages_chooser:choose")).content.decode()


def test_a_prefecture_moved_to_another_home_page_takes_its_team_s_rights_there(two):
    """The site's root page changed (a new home page built for a redesign): its team edits under
    the new home, and no longer under the old one."""
    essonne = two["essonne"]
    site = essonne["site"]
    old_home = site.root_page
    new_home = HomePageFactory(
        parent=old_home.get_parent(), title="Nouvelle préfecture de l'Essonne", slug="essonne-2"
    )
    site.root_page = new_home
    site.save()
    client = client_for(two["users"]["essonne_editor"])

    assert client.get(edit_url(new_home)).status_code == 200
    assert client.get(edit_url(essonne["meeting"])).status_code in (302, 403)
    assert client.get(edit_url(old_home)).status_code in (302, 403)
