"""``python manage.py import_minutes FILE… --committee <id>``: a prefecture's archive of minutes."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import TestCase
from wagtail.models import Page

from cluac_pages.models import Attendance, MeetingPage, MinutesDistribution, MinutesImport, MinutesPage
from cluac_pages.models.validation import minutes_workflow

from ..factories import (
    CommitteePageFactory,
    MandateFactory,
    OrganisationFactory,
    PersonFactory,
    SeatFactory,
)
from ..workflow_helpers import act, client_for
from . import seeds
from .builders import to_docx, to_odt

GAUNE = "lucie.gaune@diaconat-nantes.example"


@pytest.fixture
def committee(home_page):
    return CommitteePageFactory(parent=home_page, title="Comité local des usagers de Loire-Atlantique")


@pytest.fixture
def archive(tmp_path):
    """Two papers of the archive: Nantes 2023 as Word, Châteaubriant 2024 as LibreOffice."""
    nantes = tmp_path / "CR CLUAC 7 septembre 2023.docx"
    nantes.write_bytes(to_docx(seeds.LOIRE_ATLANTIQUE_2023))
    chateaubriant = tmp_path / "CR CLU Châteaubriant 12 mars 2024.odt"
    chateaubriant.write_bytes(to_odt(seeds.CHATEAUBRIANT_2024))
    return nantes, chateaubriant


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_minutes", *map(str, args), stdout=out, stderr=err)
    return out.getvalue()


def meeting_on(committee, day):
    return next(m for m in MeetingPage.objects.child_of(committee) if m.local_start.date() == day)


def test_archive_creates_meetings_and_draft_minutes_then_nothing_on_a_second_run(committee, archive):
    output = run(*archive, "--committee", committee.pk)

    lines = output.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{archive[0]} : réunion « Réunion du 7 septembre 2023 » créée")
    assert lines[1].startswith(f"{archive[1]} : réunion « Réunion du 12 mars 2024 » créée")
    # The paper gives no place: the place of writing stands in for it, flagged.
    assert lines[0].endswith("à compléter : lieu (« Nantes », lieu de rédaction)")

    nantes = meeting_on(committee, datetime.date(2023, 9, 7))
    assert nantes.live
    assert nantes.local_start.time() == datetime.time(10, 0)
    assert nantes.end_time == datetime.time(12, 30)
    assert nantes.chair_label().startswith("M. Pascal OTHEGUY, Secrétaire général")
    chateaubriant = meeting_on(committee, datetime.date(2024, 3, 12))
    assert (chateaubriant.local_start.time(), chateaubriant.end_time) == (
        datetime.time(14, 30),
        datetime.time(16, 15),
    )
    assert chateaubriant.chair_label().startswith("M. Marc MAKLOUF, sous-préfet de Châteaubriant-Ancenis")

    minutes = MinutesPage.objects.child_of(nantes).get()
    assert not minutes.live and minutes.latest_revision is not None
    assert minutes.subject == "Comité local des usagers pour l'amélioration continue du 7 septembre 2023"
    assert [block.value["heading"] for block in minutes.body if block.block_type == "section"] == [
        "Préambule",
        "Nos résultats – A votre écoute pour progresser",
        "Échanges avec les membres du CLUAC",
        "La communication des services de l'État",
        "Nos démarches administratives",
    ]
    assert [block.block_type for block in minutes.body][-1] == "signature"
    # Speakers who are not recorded persons are named as the publication rule for names allows.
    exchanges = str(
        next(b for b in minutes.body if b.value.get("heading") == "Échanges avec les membres du CLUAC")
    )
    assert "Gaune" not in exchanges and "Proslie" not in exchanges
    assert "La représentante du diaconat Nantes" in exchanges
    assert "M. Pascal OTHEGUY, Secrétaire général de la préfecture de la Loire-Atlantique" in exchanges
    # The participants are rows of the meeting; their names are not published without consent.
    rows = {row.name: row for row in nantes.participants.all()}
    assert rows["Lucie GAUNE"].publication_consent is False
    assert rows["Lucie GAUNE"].organisation_name == "Diaconat Nantes"
    assert rows["Pascal OTHEGUY"].chairs_meeting
    assert not any("@" in row.public_label for row in nantes.participants.all())

    pages_before = Page.objects.count()
    second = run(*archive, "--committee", committee.pk)
    assert Page.objects.count() == pages_before
    assert MinutesImport.objects.count() == 2
    assert all(" : déjà importé " in line for line in second.strip().splitlines())


def test_a_refused_file_does_not_stop_the_others_and_the_exit_is_an_error(committee, archive, tmp_path):
    scanned = tmp_path / "CR scanné.docx"
    scanned.write_bytes(b"%PDF-1.4 scanned minutes")

    out = io.StringIO()
    with pytest.raises(CommandError, match="1 fichier"):
        call_command(
            "import_minutes", str(scanned), str(archive[0]), "--committee", str(committee.pk), stdout=out
        )

    lines = out.getvalue().strip().splitlines()
    assert lines[0].startswith(f"{scanned} : ERREUR, ")
    assert "réunion « Réunion du 7 septembre 2023 » créée" in lines[1]
    assert MinutesPage.objects.count() == 1


def publish_through_the_workflow(minutes, author, secretary):
    with TestCase.captureOnCommitCallbacks(execute=True):
        minutes_workflow().start(minutes, user=author)
        response = act(client_for(secretary), minutes, "approve")
    assert response.status_code == 302
    minutes.refresh_from_db()
    assert minutes.live


def test_publication_mails_the_participants_unless_imported_as_already_distributed(
    committee, archive, author, secretary
):
    diaconat = OrganisationFactory(name="Diaconat Nantes")
    PersonFactory(first_name="Lucie", last_name="GAUNE", organisation=diaconat, email=GAUNE)
    # Châteaubriant's minutes were mailed in 2024, before the site; Nantes' never were.
    run(archive[1], "--committee", committee.pk, "--already-distributed")
    run(archive[0], "--committee", committee.pk)
    chateaubriant = MinutesPage.objects.child_of(meeting_on(committee, datetime.date(2024, 3, 12))).get()
    nantes = MinutesPage.objects.child_of(meeting_on(committee, datetime.date(2023, 9, 7))).get()

    publish_through_the_workflow(nantes, author, secretary)

    to_participants = [message for message in mail.outbox if GAUNE in message.to]
    assert len(to_participants) == 1
    assert to_participants[0].subject.startswith("Compte-rendu : ")

    publish_through_the_workflow(chateaubriant, author, secretary)

    assert not MinutesDistribution.objects.filter(minutes=chateaubriant).exists()
    assert [message for message in mail.outbox if GAUNE in message.to] == to_participants


def test_a_paper_without_hours_makes_a_draft_meeting_to_complete(committee, tmp_path):
    essonne = tmp_path / "CR CLU Essonne 16 octobre 2020.odt"
    essonne.write_bytes(to_odt(seeds.ESSONNE_2020))

    line = run(essonne, "--committee", committee.pk).strip()

    assert "réunion « Réunion du 16 octobre 2020 » créée en brouillon" in line
    assert line.endswith("à compléter : heure de début")
    meeting = MeetingPage.objects.child_of(committee).get()
    assert not meeting.live
    draft = meeting.get_latest_revision_as_object()
    assert draft.place == "Préfecture d’Evry (Salle Jean Moulin)"
    assert draft.chair_function == "Secrétaire général"
    minutes = MinutesPage.objects.child_of(meeting).get()
    assert not minutes.live
    kinds = [block.block_type for block in minutes.body]
    assert kinds[-1] == "next_meeting"
    assert minutes.body[-1].value["planned_for"] == "mars 2021"
    points = next(
        child.value["points"]
        for block in minutes.body
        if block.block_type == "section"
        for child in block.value["content"]
        if child.block_type == "points_of_agreement"
    )
    assert len(points) >= 1


def test_seat_holders_are_recorded_as_the_attendance_of_their_seats(committee, archive):
    afoc = OrganisationFactory(name="AFOC 44", acronym="AFOC")
    ufc = OrganisationFactory(name="UFC Que Choisir")
    proslie = PersonFactory(civility="mme", first_name="Fabienne", last_name="PROSLIE", organisation=afoc)
    afoc_seat = SeatFactory(committee=committee, organisation=afoc, title="Un représentant de l'AFOC 44")
    MandateFactory(seat=afoc_seat, person=proslie)
    ufc_seat = SeatFactory(
        committee=committee, organisation=ufc, title="Un représentant de l'UFC Que Choisir"
    )

    run(archive[1], "--committee", committee.pk)

    meeting = MeetingPage.objects.child_of(committee).get()
    attendance = {a.seat: (a.status, a.person) for a in Attendance.objects.filter(meeting=meeting)}
    assert attendance == {afoc_seat: ("present", proslie), ufc_seat: ("excused", None)}
    rows = [row.name or row.organisation_name for row in meeting.participants.all()]
    assert "Fabienne PROSLIE" not in rows and "UFC Que Choisir" not in rows
    assert "Lucie GAUNE" in rows
