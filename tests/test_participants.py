"""Who took part in a meeting: one row each on the meeting page, nothing created beforehand; seat
holders from the composition; organisations named the French way after « de »."""

import datetime

import pytest
from django.core import mail
from django.test import TestCase
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from cluac_pages import french
from cluac_pages.models import (
    AttendanceStatus,
    MeetingPage,
    MeetingParticipant,
    Organisation,
    ParticipantGroup,
    Person,
)

from .factories import (
    PARIS,
    CollegeFactory,
    CommitteePageFactory,
    MandateFactory,
    MeetingPageFactory,
    MinutesPageFactory,
    OrganisationFactory,
    PersonFactory,
    SeatFactory,
)
from .html import EMAIL, parse, text
from .workflow_helpers import SERVICE_COMMUNICATION, client_for, make_user

# --- French names after « de » --------------------------------------------------------------------

# Organisations named in the seeds (and the issue), as the papers write them after « de ».
SEED_NAMES = [
    ("AFOC 44", "de l'AFOC 44", "l'AFOC 44"),
    ("Diaconat Nantes", "du Diaconat Nantes", "le Diaconat Nantes"),
    (
        "Préfecture de la Loire-Atlantique",
        "de la préfecture de la Loire-Atlantique",
        "la préfecture de la Loire-Atlantique",
    ),
    ("Sous-préfecture d'Étampes", "de la sous-préfecture d'Étampes", "la sous-préfecture d'Étampes"),
    ("SGCD 44", "du SGCD 44", "le SGCD 44"),
    ("DDTM 44", "de la DDTM 44", "la DDTM 44"),
    ("UDAF 54", "de l'UDAF 54", "l'UDAF 54"),
    ("UDAF du Var", "de l'UDAF du Var", "l'UDAF du Var"),
    ("UFC Que Choisir", "de l'UFC Que Choisir", "l'UFC Que Choisir"),
    (
        "Union fédérale des consommateurs - UFC Que Choisir",
        "de l'Union fédérale des consommateurs - UFC Que Choisir",
        "l'Union fédérale des consommateurs - UFC Que Choisir",
    ),
    ("CLCV – Meurthe-et-Moselle", "de la CLCV – Meurthe-et-Moselle", "la CLCV – Meurthe-et-Moselle"),
    ("ADIL de Meurthe-et-Moselle", "de l'ADIL de Meurthe-et-Moselle", "l'ADIL de Meurthe-et-Moselle"),
    ("APF France Handicap 54", "de l'APF France Handicap 54", "l'APF France Handicap 54"),
    ("Familles rurales 54", "de Familles rurales 54", "Familles rurales 54"),
    ("Cimade 46", "de la Cimade 46", "la Cimade 46"),
    ("La Cimade", "de la Cimade", "la Cimade"),
    (
        "Association des maires du Gard",
        "de l'Association des maires du Gard",
        "l'Association des maires du Gard",
    ),
    (
        "France Services du Grand Cahors",
        "de la France Services du Grand Cahors",
        "la France Services du Grand Cahors",
    ),
    ("France Services", "de France Services", "France Services"),
    ("PIMMS Nîmes", "du PIMMS Nîmes", "le PIMMS Nîmes"),
    (
        "Défenseur des droits – pôle régional Grand Est",
        "du Défenseur des droits – pôle régional Grand Est",
        "le Défenseur des droits – pôle régional Grand Est",
    ),
    ("Secours catholique", "du Secours catholique", "le Secours catholique"),
    ("Le Secours catholique", "du Secours catholique", "le Secours catholique"),
    ("Restos du cœur", "des Restos du cœur", "les Restos du cœur"),
    ("Les Restos du cœur", "des Restos du cœur", "les Restos du cœur"),
    ("Ligue des droits de l'Homme", "de la Ligue des droits de l'Homme", "la Ligue des droits de l'Homme"),
    (
        "L'Union départementale des associations familiales",
        "de l'Union départementale des associations familiales",
        "l'Union départementale des associations familiales",
    ),
    ("Emmaüs", "d'Emmaüs", "Emmaüs"),
    ("CAF du Var", "de la CAF du Var", "la CAF du Var"),
    ("CCAS de Draguignan", "du CCAS de Draguignan", "le CCAS de Draguignan"),
    ("Hôpital de Draguignan", "de l'Hôpital de Draguignan", "l'Hôpital de Draguignan"),
]


@pytest.mark.parametrize(("name", "after_de", "in_a_sentence"), SEED_NAMES)
def test_an_organisation_name_reads_right_after_de(name, after_de, in_a_sentence):
    assert french.after_de(name) == after_de
    assert french.with_article(name) == in_a_sentence
    # The form after « de », given by an editor, reads back to the name in a sentence.
    assert french.article_form_of(after_de) == in_a_sentence


def test_the_chair_reads_right_after_sous_la_presidence():
    assert (
        french.after_de("le secrétaire général de la préfecture") == "du secrétaire général de la préfecture"
    )
    assert (
        french.after_de("M. Pascal OTHEGUY, secrétaire général") == "de M. Pascal OTHEGUY, secrétaire général"
    )
    assert french.after_de("Le représentant de l'UFC Que Choisir") == "du représentant de l'UFC Que Choisir"


@pytest.fixture
def editor(db):
    return make_user("communication", SERVICE_COMMUNICATION)


def organisation_form(**values):
    return {"name": "", "acronym": "", "name_after_de": "", "kind": "association", "website": "", **values}


def test_an_editor_corrects_the_form_after_de_and_every_page_uses_it(editor, home_page, client):
    committee = CommitteePageFactory(parent=home_page, slug="clu")
    create = reverse("cluac_pages_organisation_modeladmin_create")

    # A wrong form is refused, in French, and nothing is saved.
    response = client_for(editor).post(
        create, organisation_form(name="Habitat et Humanisme Var", name_after_de="Habitat et Humanisme Var")
    )
    assert response.status_code == 200
    assert "Écrivez le nom précédé de « de », « d&#x27; », « du » ou « des »" in response.content.decode()
    assert not Organisation.objects.exists()

    response = client_for(editor).post(
        create, organisation_form(name="Habitat et Humanisme Var", name_after_de="d'Habitat et Humanisme Var")
    )
    assert response.status_code == 302
    habitat = Organisation.objects.get()
    # Without a correction, the form after « de » is the one computed from the name.
    udaf = OrganisationFactory(name="UDAF du Var", acronym="UDAF")

    index = parse(client_for(editor).get(reverse("cluac_pages_organisation_modeladmin_index")).content)
    assert "d'Habitat et Humanisme Var" in text(index.select_one("table"))
    assert "de l'UDAF du Var" in text(index.select_one("table"))

    for organisation in (habitat, udaf):
        seat = SeatFactory(committee=committee, organisation=organisation, title=f"Siège {organisation.pk}")
        MandateFactory(
            seat=seat, person=PersonFactory(organisation=organisation), start_date=datetime.date(2020, 1, 1)
        )
    composition = text(parse(client.get(committee.url).content).select_one("#composition"))
    assert "Titulaire : Représentant(e) d'Habitat et Humanisme Var" in composition
    assert "Titulaire : Représentant(e) de l'UDAF du Var" in composition
    assert " de UDAF" not in composition and " de Habitat" not in composition


def test_a_seat_without_a_holder_is_not_shown_as_an_empty_seat(home_page, client):
    committee = CommitteePageFactory(parent=home_page, slug="clu")
    ufc = OrganisationFactory(name="UFC Que Choisir", acronym="UFC")
    SeatFactory(committee=committee, organisation=ufc, title="Un représentant de l'UFC Que Choisir")

    seat = parse(client.get(committee.url).content).select_one("#composition ul.cluac-seats > li")

    assert [text(li) for li in seat.select("ul > li")] == ["Titulaire : désigné(e) par l'UFC Que Choisir"]


def test_a_speaker_for_an_organisation_is_named_with_elision(home_page, client):
    from .test_public_pages import exchange, section

    committee = CommitteePageFactory(parent=home_page, slug="clu")
    meeting = MeetingPageFactory(parent=committee, slug="reunion")
    speaker = PersonFactory(
        acts_as_official=True, first_name="Nadine", last_name="ROUX", function="présidente"
    )
    body = [section("Échanges", exchange(speaker, []))]
    body[0]["value"]["content"][0]["value"]["spoken_for"] = "UDAF du Var"
    minutes = MinutesPageFactory(parent=meeting, slug="compte-rendu", body=body)

    speaker_line = text(parse(client.get(minutes.url).content).select_one(".cluac-exchange strong"))

    assert speaker_line == "Mme Nadine ROUX, présidente, au nom de l'UDAF du Var"


# --- Rows on the meeting page -------------------------------------------------------------------

MEETING_START = datetime.datetime(2015, 11, 30, 14, 30, tzinfo=PARIS)


def row(**values):
    return {
        "civility": "",
        "name": "",
        "function": "",
        "organisation_name": "",
        "group": ParticipantGroup.OTHER,
        "status": AttendanceStatus.PRESENT,
        "publication_consent": "",
        "chairs_meeting": "",
        "note": "",
        "email": "",
        "person": "",
        **values,
    }


def meeting_form(participants, **values):
    return nested_form_data(
        {
            "title": "Comité local des usagers du 30 novembre 2015",
            "slug": "clu-du-30-novembre-2015",
            "start": "2015-11-30 14:30",
            "end_time": "16:15",
            "place": "Sous-préfecture de Draguignan",
            "chair": "",
            "chair_function": "",
            "introduction": "",
            "tags": "",
            "agenda_items": inline_formset([]),
            "documents": inline_formset([]),
            "participants": inline_formset(participants),
            "comments": inline_formset([]),
            **values,
        }
    )


@pytest.fixture
def committee(home_page):
    return CommitteePageFactory(parent=home_page, title="Comité local des usagers du Var", slug="clu")


def add_meeting(editor, committee, participants, **values):
    url = reverse("wagtailadmin_pages:add", args=["cluac_pages", "meetingpage", committee.pk])
    return client_for(editor).post(url, meeting_form(participants, **{"action-publish": "publish", **values}))


def test_participants_are_entered_in_rows_without_creating_anything_first(editor, committee, client):
    sous_prefecture = OrganisationFactory(
        name="Sous-préfecture de Draguignan", kind=Organisation.Kind.PREFECTURE_SERVICE
    )
    people_before, organisations_before = Person.objects.count(), Organisation.objects.count()

    response = add_meeting(
        editor,
        committee,
        [
            row(civility="m", name="Philippe LEROY", function="secrétaire général de la sous-préfecture",
                group=ParticipantGroup.ADMINISTRATION, chairs_meeting="on"),
            row(civility="mme", name="Nadine ROUX", function="cheffe du bureau de la réglementation",
                organisation_name="sous-préfecture de Draguignan", group=ParticipantGroup.ADMINISTRATION),
            row(civility="m", name="Jean-Marc DURAND", function="responsable de l'accueil",
                organisation_name="CAF du Var", publication_consent="on", email="jm.durand@caf.example"),
            row(civility="mme", name="Sophie MARTIN", function="animatrice",
                organisation_name="Maison de services au public de Comps-sur-Artuby"),
            row(civility="m", organisation_name="UFC Que Choisir", group=ParticipantGroup.MEMBER,
                status=AttendanceStatus.EXCUSED),
            row(organisation_name="UDAF du Var", group=ParticipantGroup.MEMBER,
                status=AttendanceStatus.EXCUSED, email="udaf83@association.example"),
        ],
    )  # fmt: skip

    assert response.status_code == 302, response.content.decode()[:3000]
    # Nothing was created beforehand, nor behind the editor's back.
    assert (Person.objects.count(), Organisation.objects.count()) == (people_before, organisations_before)
    meeting = MeetingPage.objects.get(slug="clu-du-30-novembre-2015")
    assert meeting.live and meeting.participants.count() == 6
    # A recorded organisation typed by its name is linked; any other stays as typed.
    assert [(row.organisation, row.organisation_name) for row in meeting.participants.all()[1:3]] == [
        (sous_prefecture, ""),
        (None, "CAF du Var"),
    ]

    page = parse(client.get(meeting.url).content)
    assert "Présidence : M. Philippe LEROY, secrétaire général de la sous-préfecture" in text(page.main)

    minutes = MinutesPageFactory(parent=meeting, slug="compte-rendu", title="Compte-rendu")
    annex = parse(client.get(minutes.url).content).select_one("#participants")
    groups = {text(h3): [text(li) for li in h3.find_next_sibling("ul").find_all("li")] for h3 in annex("h3")}
    assert groups == {
        "Administration": [
            "M. Philippe LEROY, secrétaire général de la sous-préfecture",
            "Mme Nadine ROUX, cheffe du bureau de la réglementation de la sous-préfecture de Draguignan",
        ],
        "Autres participants": [
            "M. Jean-Marc DURAND, responsable de l'accueil de la CAF du Var",
            # No consent: the function, never the name.
            "Animatrice de la Maison de services au public de Comps-sur-Artuby",
        ],
        "Excusés": ["Le représentant de l'UFC Que Choisir", "Représentant(e) de l'UDAF du Var"],
    }
    assert "Sophie" not in annex.decode() and "MARTIN" not in annex.decode()
    # Only the committee's functional mailbox: never a participant's address.
    addresses = set(EMAIL.findall(client.get(minutes.url).content.decode()))
    assert addresses == {committee.contact_email}


def test_a_row_needs_a_name_a_function_or_an_organisation(editor, committee):
    response = add_meeting(editor, committee, [row(status=AttendanceStatus.EXCUSED)])

    assert response.status_code == 200
    assert (
        "Indiquez au moins un nom, une fonction ou un organisme pour ce participant."
        in response.content.decode()
    )
    assert not MeetingPage.objects.exists()


def test_only_a_member_can_be_represented_by_a_substitute(editor, committee):
    response = add_meeting(
        editor,
        committee,
        [row(name="Karim BENALI", group=ParticipantGroup.OTHER, status=AttendanceStatus.REPRESENTED)],
    )

    assert response.status_code == 200
    assert "Seul un membre du comité peut être représenté par son suppléant." in response.content.decode()
    assert not MeetingPage.objects.exists()


def test_the_attendance_screen_records_an_excused_seat_that_has_no_holder(editor, committee, client):
    ufc = OrganisationFactory(name="UFC Que Choisir", acronym="UFC")
    college = CollegeFactory(name="Représentants des usagers")
    vacant = SeatFactory(
        committee=committee, college=college, organisation=ufc, title="Un représentant de l'UFC Que Choisir"
    )
    ended = SeatFactory(committee=committee, college=college, title="Siège supprimé")
    MandateFactory(seat=ended, start_date=datetime.date(2010, 1, 1), end_date=datetime.date(2014, 12, 31))
    meeting = MeetingPageFactory(
        parent=committee, slug="reunion", start=MEETING_START, end_time=datetime.time(16, 15)
    )
    url = reverse("cluac_pages_meeting_attendance", args=[meeting.pk])

    screen = client_for(editor).get(url).content.decode()
    assert "Un représentant de l&#x27;UFC Que Choisir" in screen
    assert "Siège supprimé" not in screen

    response = client_for(editor).post(
        url,
        {f"seat-{vacant.pk}-status": AttendanceStatus.EXCUSED, f"seat-{vacant.pk}-person": ""},
        follow=True,
    )
    assert "Les présences sont enregistrées." in response.content.decode()
    [attendance] = meeting.attendances.all()
    assert (attendance.seat, attendance.status, attendance.person) == (vacant, AttendanceStatus.EXCUSED, None)

    minutes = MinutesPageFactory(parent=meeting, slug="compte-rendu")
    annex = parse(client.get(minutes.url).content).select_one("#participants")
    assert [text(h3) for h3 in annex("h3")] == ["Excusés"]
    assert [text(li) for li in annex("li")] == ["Un représentant de l'UFC Que Choisir"]


# --- The minutes reach the participants ----------------------------------------------------------


def test_participants_with_an_address_receive_the_minutes_and_the_convocation(home_page, author, secretary):
    from cluac_pages.convocations import send_convocation

    from .workflow_helpers import act, create_draft_minutes, submit

    committee = CommitteePageFactory(parent=home_page, slug="clu")
    meeting = MeetingPageFactory(parent=committee, slug="reunion")
    udaf = OrganisationFactory(name="UDAF du Var", acronym="UDAF")
    recorded = PersonFactory(last_name="ROUX", email="nadine.roux@var.gouv.example", organisation=None)
    MeetingParticipant.objects.bulk_create(
        [
            MeetingParticipant(meeting=meeting, organisation=udaf, group=ParticipantGroup.MEMBER,
                               status=AttendanceStatus.EXCUSED, email="udaf83@association.example"),
            MeetingParticipant(meeting=meeting, person=recorded, group=ParticipantGroup.ADMINISTRATION),
            MeetingParticipant(meeting=meeting, name="Karim BENALI", status=AttendanceStatus.ABSENT,
                               email="karim.benali@example.org"),
            MeetingParticipant(meeting=meeting, name="Sophie MARTIN",
                               organisation_name="Maison de services au public"),
        ]
    )  # fmt: skip
    with TestCase.captureOnCommitCallbacks(execute=True):
        minutes = create_draft_minutes(meeting, author)
        submit(client_for(author), minutes, "Compte-rendu.")
        act(client_for(secretary), minutes, "approve")

    sent = {
        address: message
        for message in mail.outbox
        for address in message.to
        if not address.endswith("@prefecture.example")  # the workflow's notifications to the editors
    }
    # The absent participant and the one without an address receive nothing.
    assert set(sent) == {"udaf83@association.example", "nadine.roux@var.gouv.example"}
    assert (
        "en tant que participant(e) à la réunion, au titre de l'UDAF du Var."
        in sent["udaf83@association.example"].body
    )

    mail.outbox.clear()
    # At 10h, before the factory's end time (12h30), whatever the hour the test runs.
    day = datetime.datetime.now(tz=PARIS).date() + datetime.timedelta(days=20)
    meeting.start = datetime.datetime.combine(day, datetime.time(10, 0), tzinfo=PARIS)
    meeting.save_revision().publish()
    with TestCase.captureOnCommitCallbacks(execute=True):
        send_convocation(MeetingPage.objects.get(pk=meeting.pk), user=author)
    convened = {address for message in mail.outbox for address in message.to}
    assert {
        "udaf83@association.example",
        "nadine.roux@var.gouv.example",
        "karim.benali@example.org",
    } <= convened
    [udaf_message] = [message for message in mail.outbox if message.to == ["udaf83@association.example"]]
    assert "au titre de l'UDAF du Var." in udaf_message.body


# --- Invited guests of earlier versions become participant rows -----------------------------------

BEFORE = ("cluac_pages", "0013_meeting_participants_and_minutes_header")
AFTER = ("cluac_pages", "0015_remove_guest")


# serialized_rollback: the flush after the test also empties what the migrations created (groups,
# workflow), which the next tests need.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_guests_of_existing_meetings_become_participants_in_the_right_group(home_page):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    committee = CommitteePageFactory(parent=home_page, slug="clu")
    meeting = MeetingPageFactory(parent=committee, slug="reunion")
    prefecture = OrganisationFactory(name="Préfecture du Var", kind=Organisation.Kind.PREFECTURE_SERVICE)
    head_of_office = PersonFactory(last_name="ROUX", organisation=prefecture, acts_as_official=True)
    volunteer = PersonFactory(last_name="BLANC", organisation=OrganisationFactory(name="Restos du cœur"))
    meeting.save_revision()

    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    old = executor.loader.project_state([BEFORE]).apps
    Guest = old.get_model("cluac_pages", "Guest")
    Guest.objects.create(meeting_id=meeting.pk, person_id=head_of_office.pk, status="present", sort_order=0)
    Guest.objects.create(
        meeting_id=meeting.pk, person_id=volunteer.pk, status="excused", reason="Point 3", sort_order=1
    )
    # The latest revision, as the editor would open it, lists the guests too.
    Revision = old.get_model("wagtailcore", "Revision")
    revision = Revision.objects.filter(object_id=str(meeting.pk)).latest("pk")
    revision.content = {
        **revision.content,
        "guests": [
            {"pk": guest.pk, "meeting": meeting.pk, "person": guest.person_id, "status": guest.status,
             "reason": guest.reason, "sort_order": guest.sort_order}
            for guest in Guest.objects.order_by("sort_order")
        ],
    }  # fmt: skip
    revision.save()

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    rows = [
        (row.person_id, row.group, row.status, row.note)
        for row in MeetingParticipant.objects.filter(meeting=meeting).order_by("sort_order")
    ]
    assert rows == [
        (head_of_office.pk, ParticipantGroup.ADMINISTRATION, AttendanceStatus.PRESENT, ""),
        (volunteer.pk, ParticipantGroup.OTHER, AttendanceStatus.EXCUSED, "Point 3"),
    ]
    draft = MeetingPage.objects.get(pk=meeting.pk).get_latest_revision_as_object()
    assert [(row.person_id, row.group) for row in draft.participants.all()] == [
        (head_of_office.pk, ParticipantGroup.ADMINISTRATION),
        (volunteer.pk, ParticipantGroup.OTHER),
    ]
    assert "guests" not in MeetingPage.objects.get(pk=meeting.pk).get_latest_revision().content


def test_a_page_address_is_plain_ascii(editor, committee):
    response = add_meeting(editor, committee, [], title="Comité d'été", slug="comité-d-été")

    assert response.status_code == 200
    assert "L&#x27;adresse de la page s&#x27;écrit sans accents ni caractères spéciaux : " in (
        response.content.decode()
    )
    assert "« comite-d-ete »" in response.content.decode()
    assert not MeetingPage.objects.exists()

    response = add_meeting(editor, committee, [], title="Comité d'été", slug="comite-d-ete")
    assert response.status_code == 302
    assert MeetingPage.objects.get().url == "/clu/comite-d-ete/"
