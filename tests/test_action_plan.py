"""The action plan: agreed actions of validated minutes, followed up in the admin and on the public page."""

import datetime
import html
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from cluac_pages.models import ActionFollowUp, MinutesPage, TrackedAction

from .factories import PARIS, CommitteePageFactory, MeetingPageFactory, MinutesPageFactory
from .workflow_helpers import (
    SECRETAIRE_GENERAL,
    SERVICE_COMMUNICATION,
    act,
    build_meeting,
    create_draft_minutes,
    edit_url,
    make_user,
    minutes_form,
)

TODAY = timezone.localdate()
YESTERDAY = TODAY - datetime.timedelta(days=1)
TOMORROW = TODAY + datetime.timedelta(days=1)
INDEX_URL = reverse("cluac_pages_trackedaction_modeladmin_index")

ACCUEIL = "action-accueil"
COURRIERS = "action-courriers"


def action_edit_url(action):
    return reverse("cluac_pages_trackedaction_modeladmin_edit", args=[action.pk])


def list_block(items):
    """Form data of a ListBlock whose items keep their ids, as the page editor posts them."""
    data = {"count": str(len(items))}
    for index, (item_id, value) in enumerate(items):
        data[str(index)] = {"id": item_id, "value": value, "deleted": "", "order": str(index)}
    return data


def agreed_action(what, who="", due_date=None):
    return {"what": what, "who": who, "due_date": due_date.isoformat() if due_date else ""}


def body_with_actions(items):
    actions_block = {"title": "Actions décidées", "actions": list_block(items)}
    section = {
        "heading": "Plan d'actions",
        "content": streamfield(
            [("paragraph", rich_text("<p>Le comité arrête le plan.</p>")), ("agreed_actions", actions_block)]
        ),
    }
    return streamfield([("section", section), ("paragraph", rich_text("<p>Fin.</p>"))])


def post_minutes(client, minutes, items, submit=True):
    extra = {"body": body_with_actions(items)}
    if submit:
        extra["action-submit"] = "Soumettre"
    return client.post(edit_url(minutes), minutes_form(minutes, "", **extra))


def as_user(client, user):
    client.logout()
    client.force_login(user)
    return client


FIRST_ITEMS = [
    (ACCUEIL, agreed_action("Traduire les accusés de réception", "Direction des migrations", TOMORROW)),
    (COURRIERS, agreed_action("Simplifier les courriers", "Service relation usagers", YESTERDAY)),
]


@pytest.fixture
def author(db):
    return make_user("redacteur", SERVICE_COMMUNICATION)


@pytest.fixture
def secretary(db):
    return make_user("sg", SECRETAIRE_GENERAL)


@pytest.fixture
def site(home_page):
    committee, meeting, _people = build_meeting(home_page)
    return committee, meeting


def validate(client, author, secretary, minutes, items):
    response = post_minutes(as_user(client, author), minutes, items)
    assert response.status_code == 302, response.content.decode()[:2000]
    response = act(as_user(client, secretary), minutes, "approve")
    assert response.status_code in (200, 302)
    assert MinutesPage.objects.get(pk=minutes.pk).live


@pytest.fixture
def validated(client, site, author, secretary):
    committee, meeting = site
    minutes = create_draft_minutes(meeting, author)
    validate(client, author, secretary, minutes, FIRST_ITEMS)
    return minutes


def by_item(minutes):
    return {action.source_block_id: action for action in TrackedAction.objects.filter(minutes=minutes)}


# --- Synchronisation with the validated minutes ---------------------------------------------------


def test_validating_minutes_creates_one_tracked_action_per_agreed_action(validated, site):
    committee, _meeting = site
    actions = by_item(validated)

    assert set(actions) == {ACCUEIL, COURRIERS}
    accueil = actions[ACCUEIL]
    assert accueil.committee_id == committee.pk
    assert accueil.description == "Traduire les accusés de réception"
    assert accueil.owner == "Direction des migrations"
    assert accueil.due_date == TOMORROW
    assert accueil.status == TrackedAction.Status.TODO
    assert actions[COURRIERS].is_overdue and not accueil.is_overdue


def test_submitting_without_validation_creates_nothing(client, site, author):
    minutes = create_draft_minutes(site[1], author)
    post_minutes(as_user(client, author), minutes, FIRST_ITEMS)

    assert not TrackedAction.objects.exists()


def test_a_validated_correction_updates_the_text_but_keeps_the_secretariat_s_status(
    client, validated, author, secretary
):
    accueil = by_item(validated)[ACCUEIL]
    accueil.status = TrackedAction.Status.IN_PROGRESS
    accueil.save()
    ActionFollowUp.objects.create(action=accueil, date=YESTERDAY, note="Traduction commandée.")
    later = TODAY + datetime.timedelta(days=60)
    corrected = [
        (ACCUEIL, agreed_action("Traduire les accusés de réception en trois langues", "DMI", later)),
        (COURRIERS, FIRST_ITEMS[1][1]),
        ("action-nouvelle", agreed_action("Former les agents d'accueil")),
    ]

    validate(client, author, secretary, validated, corrected)

    actions = by_item(validated)
    accueil = actions[ACCUEIL]
    assert accueil.description == "Traduire les accusés de réception en trois langues"
    assert (accueil.owner, accueil.due_date) == ("DMI", later)
    assert accueil.status == TrackedAction.Status.IN_PROGRESS
    assert [note.note for note in accueil.follow_ups.all()] == ["Traduction commandée."]
    assert actions["action-nouvelle"].due_date is None
    assert TrackedAction.objects.count() == 3


def test_an_item_removed_by_a_correction_is_kept_unchanged(client, validated, author, secretary):
    validate(client, author, secretary, validated, FIRST_ITEMS[:1])

    courriers = by_item(validated)[COURRIERS]
    assert courriers.description == "Simplifier les courriers"
    assert courriers.status == TrackedAction.Status.TODO


def test_a_draft_correction_changes_nothing(client, validated, author):
    draft = [(ACCUEIL, agreed_action("BROUILLON-NON-VALIDE", "Personne", TODAY))]

    response = post_minutes(as_user(client, author), validated, draft, submit=False)
    assert response.status_code == 302
    post_minutes(client, validated, draft)  # submitted, not yet approved

    accueil = by_item(validated)[ACCUEIL]
    assert accueil.description == "Traduire les accusés de réception"
    assert accueil.due_date == TOMORROW


# --- The admin index, its filters and exports -------------------------------------------------------


@pytest.fixture
def two_committees(validated, home_page, site):
    other = CommitteePageFactory(parent=home_page, title="CLU de l'Essonne", slug="essonne")
    TrackedAction.objects.create(
        committee=other, description="Ouvrir un point d'accueil numérique", owner="SGCD"
    )
    TrackedAction.objects.create(
        committee=other,
        description="Publier le bilan annuel",
        due_date=YESTERDAY,
        status=TrackedAction.Status.DONE,
    )
    return site[0], other


def listed(response):
    assert response.status_code == 200
    body = html.unescape(response.content.decode())
    descriptions = [
        "Traduire les accusés de réception",
        "Simplifier les courriers",
        "Ouvrir un point d'accueil numérique",
        "Publier le bilan annuel",
    ]
    return {text for text in descriptions if text in body}


def test_the_index_lists_actions_across_committees_with_filters(two_committees, admin_client):
    committee, other = two_committees

    assert len(listed(admin_client.get(INDEX_URL))) == 4
    assert listed(admin_client.get(INDEX_URL, {"committee__page_ptr__exact": other.pk})) == {
        "Ouvrir un point d'accueil numérique",
        "Publier le bilan annuel",
    }
    assert listed(admin_client.get(INDEX_URL, {"status__exact": "done"})) == {"Publier le bilan annuel"}
    # Due yesterday and still to do: late; due yesterday but done, or due tomorrow: not late.
    assert listed(admin_client.get(INDEX_URL, {"en_retard": "oui"})) == {"Simplifier les courriers"}
    assert "Simplifier les courriers" not in listed(admin_client.get(INDEX_URL, {"en_retard": "non"}))
    assert len(listed(admin_client.get(INDEX_URL, {"en_retard": "non"}))) == 3
    assert listed(admin_client.get(INDEX_URL, {"q": "courriers"})) == {"Simplifier les courriers"}
    assert "Plan d'actions" in html.unescape(admin_client.get(INDEX_URL).content.decode())


def test_the_index_exports_csv(two_committees, admin_client):
    response = admin_client.get(INDEX_URL, {"export": "csv", "en_retard": "oui"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0].split(",")[:6] == ["Comité", "Action", "Porteur", "Échéance", "État", "En retard"]
    assert len(lines) == 2
    assert "Simplifier les courriers" in lines[1] and "CLU de test" in lines[1]
    assert YESTERDAY.isoformat() in lines[1] and "À faire" in lines[1] and ",oui," in lines[1]


def test_the_index_exports_xlsx(two_committees, admin_client):
    response = admin_client.get(
        INDEX_URL, {"export": "xlsx", "committee__page_ptr__exact": two_committees[0].pk}
    )

    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "Comité",
        "Action",
        "Porteur",
        "Échéance",
        "État",
        "En retard",
        "Compte-rendu d'origine",
        "Suivi",
    )
    by_description = {row[1]: row for row in rows[1:]}
    assert set(by_description) == {"Traduire les accusés de réception", "Simplifier les courriers"}
    courriers = by_description["Simplifier les courriers"]
    assert courriers[0] == "CLU de test"
    assert courriers[2] == "Service relation usagers"
    assert courriers[3] == YESTERDAY
    assert courriers[4:6] == ("À faire", "oui")
    assert courriers[6] == "Comité local des usagers"


def test_service_communication_updates_the_status_and_adds_a_dated_follow_up_note(client, validated, author):
    action = by_item(validated)[COURRIERS]
    as_user(client, author)
    assert client.get(INDEX_URL).status_code == 200
    assert client.get(action_edit_url(action)).status_code == 200

    response = client.post(
        action_edit_url(action),
        nested_form_data(
            {
                "committee": action.committee_id,
                # What the validated minutes say cannot be changed here (it would reach the
                # public tracker without validation): these values are ignored.
                "description": "CANARI-ACTION-NON-VALIDEE",
                "owner": "CANARI",
                "due_date": "2030-01-01",
                "status": TrackedAction.Status.IN_PROGRESS,
                "follow_ups": {
                    "TOTAL_FORMS": "1",
                    "INITIAL_FORMS": "0",
                    "MIN_NUM_FORMS": "0",
                    "MAX_NUM_FORMS": "1000",
                    "0": {
                        "date": "2026-01-15",
                        "note": "Modèles de courriers revus.",
                        "ORDER": "0",
                        "DELETE": "",
                    },
                },
            }
        ),
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    before = (action.description, action.owner, action.due_date)
    action.refresh_from_db()
    assert action.status == TrackedAction.Status.IN_PROGRESS
    assert [(n.date, n.note) for n in action.follow_ups.all()] == [
        (datetime.date(2026, 1, 15), "Modèles de courriers revus.")
    ]
    assert (action.description, action.owner, action.due_date) == before
    assert "CANARI" not in client.get(validated.get_parent().get_parent().url).content.decode()


def test_an_action_can_be_created_by_hand(client, site, author):
    committee, _meeting = site
    response = as_user(client, author).post(
        reverse("cluac_pages_trackedaction_modeladmin_create"),
        nested_form_data(
            {
                "committee": committee.pk,
                "description": "Action décidée hors réunion",
                "owner": "SGCD",
                "due_date": "",
                "status": TrackedAction.Status.TODO,
                "follow_ups": {
                    "TOTAL_FORMS": "0",
                    "INITIAL_FORMS": "0",
                    "MIN_NUM_FORMS": "0",
                    "MAX_NUM_FORMS": "1000",
                },
            }
        ),
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    action = TrackedAction.objects.get()
    assert (action.committee_id, action.minutes, action.source_block_id) == (committee.pk, None, "")


# --- The next meeting's edit page ----------------------------------------------------------------


def test_the_next_meeting_s_edit_page_shows_the_open_actions_of_previous_minutes(
    client, validated, site, author
):
    committee, meeting = site
    actions = by_item(validated)
    actions[ACCUEIL].status = TrackedAction.Status.DONE
    actions[ACCUEIL].save()
    later_meeting = MeetingPageFactory(
        parent=committee,
        slug="reunion-suivante",
        start=datetime.datetime(2024, 3, 14, 10, tzinfo=PARIS),
    )
    TrackedAction.objects.create(
        committee=committee,
        minutes=MinutesPageFactory(parent=later_meeting, slug="cr-suivant"),
        source_block_id="x",
        description="ACTION-DE-LA-REUNION-ELLE-MEME",
    )

    body = as_user(client, author).get(edit_url(later_meeting)).content.decode()

    assert "Suivi du plan d" in body
    follow_up = body.split("cluac-action-plan-follow-up")[1]
    assert "Simplifier les courriers" in follow_up
    assert "Service relation usagers" in follow_up
    assert "en retard" in follow_up
    assert action_edit_url(actions[COURRIERS]) in follow_up
    assert "Traduire les accusés de réception" not in follow_up
    assert "ACTION-DE-LA-REUNION-ELLE-MEME" not in follow_up
    earlier = client.get(edit_url(meeting)).content.decode().split("cluac-action-plan-follow-up")[1]
    assert "Simplifier les courriers" not in earlier


# --- The public tracker --------------------------------------------------------------------------


def test_the_committee_page_shows_the_tracker_of_validated_actions_only(client, validated, site, author):
    committee, _meeting = site
    actions = by_item(validated)
    actions[ACCUEIL].status = TrackedAction.Status.DONE
    actions[ACCUEIL].save()
    draft_meeting = MeetingPageFactory(parent=committee, slug="reunion-2024")
    draft = create_draft_minutes(draft_meeting, author)
    post_minutes(as_user(client, author), draft, [("canari", agreed_action("CANARI-NON-VALIDE"))])
    TrackedAction.objects.create(
        committee=committee, minutes=draft, source_block_id="y", description="CANARI-HORS-LIGNE"
    )
    TrackedAction.objects.create(committee=committee, description="CANARI-SAISIE-MANUELLE")
    client.logout()

    body = client.get(committee.url).content.decode()

    tracker = body.split("Suivi du plan d’actions")[1]
    assert "<h2>" in body.split("Suivi du plan d’actions")[0][-20:]
    assert "<caption>" in tracker
    assert "Traduire les accusés de réception" in tracker and "Simplifier les courriers" in tracker
    assert "Réalisée" in tracker and "À faire" in tracker and "En retard" in tracker
    assert "fr-badge--success" in tracker
    assert "CANARI" not in body


def test_the_tracker_costs_a_constant_number_of_queries(client, validated, site):
    committee, _meeting = site
    client.get(committee.url)
    with CaptureQueriesContext(connection) as few:
        client.get(committee.url)
    for n in range(5):
        TrackedAction.objects.create(
            committee=committee, minutes=validated, source_block_id=f"extra-{n}", description=f"Action {n}"
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(committee.url)

    assert "Action 4" in response.content.decode()
    assert len(many) == len(few)


# --- Dashboard and cron report -------------------------------------------------------------------


@pytest.fixture
def overdue(home_page):
    committee = CommitteePageFactory(parent=home_page, title="CLU du Lot", slug="lot")
    late = TrackedAction.objects.create(
        committee=committee, description="Mettre à jour la fiche procédure", owner="SGCD", due_date=YESTERDAY
    )
    TrackedAction.objects.create(committee=committee, description="ACTION-A-TEMPS", due_date=TOMORROW)
    TrackedAction.objects.create(
        committee=committee,
        description="ACTION-CLOSE",
        due_date=YESTERDAY,
        status=TrackedAction.Status.ABANDONED,
    )
    return late


def test_the_dashboard_lists_overdue_actions_with_links(overdue, admin_client):
    body = admin_client.get("/admin/").content.decode()

    section = body.split("Actions du plan d’actions en retard")[1].split("</section>")[0]
    assert "1 action à faire ou en cours a dépassé son échéance" in section
    assert "Mettre à jour la fiche procédure" in section and "CLU du Lot" in section
    assert action_edit_url(overdue) in section
    assert "ACTION-A-TEMPS" not in section and "ACTION-CLOSE" not in section


def test_the_cron_report_lists_overdue_actions_and_fails_because_of_them(overdue, capsys):
    with pytest.raises(SystemExit) as exit_info:
        call_command("cluac_report")
    output = capsys.readouterr().out

    assert exit_info.value.code == 1
    assert "Comités en retard sur leurs réunions :\n  aucun" in output
    assert "Réunions de plus de 30 jours sans compte-rendu publié :\n  aucune" in output
    assert "Actions du plan d'actions en retard (1) :" in output
    assert "Mettre à jour la fiche procédure (CLU du Lot), porteur : SGCD" in output
    assert "ACTION-A-TEMPS" not in output and "ACTION-CLOSE" not in output

    overdue.status = TrackedAction.Status.DONE
    overdue.save()
    call_command("cluac_report")  # nothing late any more: no SystemExit
    assert "Actions du plan d'actions en retard (0) :\n  aucune" in capsys.readouterr().out
