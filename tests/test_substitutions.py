"""A substitute is accepted only if the secretariat was told in time (jours ouvrables of the département)."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.urls import reverse

from cluac_pages.models import Attendance, AttendanceStatus, Mandate, Person, SubstitutionNotice
from cluac_pages.substitutions import record_substitution

from .factories import (
    PARIS,
    CollegeFactory,
    CommitteePageFactory,
    MandateFactory,
    MeetingPageFactory,
    PersonFactory,
    SeatFactory,
)
from .html import parse, text
from .workflow_helpers import SERVICE_COMMUNICATION, client_for, make_user

MANDATES_START = datetime.date(2024, 1, 1)
LATE_IN_44 = (
    "La suppléance devait être signalée au plus tard le samedi 31 octobre 2026 (2 jours ouvrables "
    "avant la réunion du mardi 3 novembre 2026). Elle ne peut pas être acceptée."
)


@pytest.fixture
def editor(db):
    return make_user("communication", SERVICE_COMMUNICATION)


def make_meeting(home_page, start, departement="44", days=2):
    committee = CommitteePageFactory(
        parent=home_page, slug=f"clu-{departement}", departement=departement, substitution_notice_days=days
    )
    meeting = MeetingPageFactory(parent=committee, slug="reunion", start=start)
    seat = SeatFactory(
        committee=committee, college=CollegeFactory(name="Usagers"), title="Un représentant de l'UDAF"
    )
    titular = PersonFactory(last_name="TITULAIRE")
    MandateFactory(seat=seat, person=titular, start_date=MANDATES_START)
    substitute = PersonFactory(last_name="SUPPLEANTE", function="vice-présidente")
    MandateFactory(seat=seat, person=substitute, role=Mandate.Role.SUBSTITUTE, start_date=MANDATES_START)
    return meeting, seat, titular, substitute


@pytest.fixture
def tuesday_meeting(home_page):
    """Tuesday 3 November 2026 in Loire-Atlantique: the deadline is Saturday 31 October 2026."""
    return make_meeting(home_page, datetime.datetime(2026, 11, 3, 10, 0, tzinfo=PARIS))


def substitutions_url(meeting):
    return reverse("cluac_pages_meeting_substitutions", args=[meeting.pk])


def post_notice(user, meeting, seat, informed_at, substitute=None, **new_person):
    data = {
        "seat": str(seat.pk),
        "substitute": str(substitute.pk) if substitute else "",
        "informed_at": informed_at,
    }
    data.update(new_person)
    return client_for(user).post(substitutions_url(meeting), data, follow=True)


def error_texts(response):
    return [text(p) for p in parse(response.content).select(".cluac-substitution-error")]


def test_a_late_notice_is_refused_with_the_deadline_and_nothing_is_recorded(editor, tuesday_meeting):
    meeting, seat, _titular, substitute = tuesday_meeting
    people_before = Person.objects.count()

    # Sunday 1 November, ten past midnight in Paris (still Saturday in UTC): too late.
    response = post_notice(editor, meeting, seat, "2026-11-01 00:10", substitute)

    assert response.status_code == 200
    assert error_texts(response) == [LATE_IN_44]
    assert not SubstitutionNotice.objects.exists()
    assert not Attendance.objects.exists()

    # A new person entered with a late notice is not kept either.
    response = post_notice(
        editor, meeting, seat, "2026-11-02 09:00", last_name="NOUVEAU", function="trésorier"
    )
    assert error_texts(response) == [LATE_IN_44]
    assert Person.objects.count() == people_before


def test_a_notice_on_the_deadline_day_itself_is_accepted_and_the_seat_is_represented(editor, tuesday_meeting):
    meeting, seat, titular, substitute = tuesday_meeting
    Attendance.objects.create(meeting=meeting, seat=seat, status=AttendanceStatus.EXCUSED, person=titular)

    # Saturday 31 October 2026, 23:30 in Paris: the deadline is a Saturday, a jour ouvrable.
    response = post_notice(editor, meeting, seat, "2026-10-31 23:30", substitute)

    assert error_texts(response) == []
    notice = SubstitutionNotice.objects.get()
    assert (notice.meeting, notice.seat, notice.titular, notice.substitute) == (
        meeting,
        seat,
        titular,
        substitute,
    )
    assert notice.informed_at == datetime.datetime(2026, 10, 31, 23, 30, tzinfo=PARIS)
    assert notice.recorded_by == editor
    assert notice.deadline == datetime.date(2026, 10, 31)
    attendance = Attendance.objects.get(meeting=meeting, seat=seat)
    assert (attendance.status, attendance.person) == (AttendanceStatus.REPRESENTED, substitute)
    page = parse(response.content)
    assert "SUPPLEANTE" in text(page.select_one("main table.listing"))

    # The attendance screen shows the seat represented by the substitute.
    page = parse(client_for(editor).get(reverse("cluac_pages_meeting_attendance", args=[meeting.pk])).content)
    status = page.find("select", attrs={"name": f"seat-{seat.pk}-status"})
    person = page.find("select", attrs={"name": f"seat-{seat.pk}-person"})
    assert status.find("option", selected=True)["value"] == AttendanceStatus.REPRESENTED
    assert person.find("option", selected=True)["value"] == str(substitute.pk)


def test_a_new_substitute_is_created_with_identity_and_function(editor, tuesday_meeting):
    meeting, seat, _titular, _substitute = tuesday_meeting

    response = post_notice(
        editor,
        meeting,
        seat,
        "2026-10-30 16:00",
        civility="m",
        first_name="Jean",
        last_name="REMPLAÇANT",
        function="administrateur de l'UDAF",
    )

    assert error_texts(response) == []
    person = Person.objects.get(last_name="REMPLAÇANT")
    assert (person.civility, person.first_name, person.function) == ("m", "Jean", "administrateur de l'UDAF")
    assert person.organisation == seat.organisation
    assert SubstitutionNotice.objects.get().substitute == person
    assert Attendance.objects.get(seat=seat).person == person


def test_a_new_substitute_needs_a_name_and_a_function(editor, tuesday_meeting):
    meeting, seat, _titular, substitute = tuesday_meeting

    response = post_notice(editor, meeting, seat, "2026-10-30 16:00", first_name="Jean")
    html = response.content.decode()
    assert "Indiquez le nom du suppléant." in html
    assert "Indiquez la fonction du suppléant." in html

    response = post_notice(editor, meeting, seat, "2026-10-30 16:00", substitute, last_name="DOUBLON")
    assert error_texts(response) == [
        "Choisissez un suppléant déjà enregistré ou saisissez un nouveau suppléant, pas les deux."
    ]
    assert not SubstitutionNotice.objects.exists()


def test_moselle_does_not_count_good_friday(editor, home_page):
    """Tuesday 7 April 2026: Easter Monday (6) is a holiday everywhere, Good Friday (3) only in Moselle."""
    meeting, seat, _titular, substitute = make_meeting(
        home_page, datetime.datetime(2026, 4, 7, 10, 0, tzinfo=PARIS), departement="57"
    )

    response = post_notice(editor, meeting, seat, "2026-04-03 09:00", substitute)

    assert error_texts(response) == [
        "La suppléance devait être signalée au plus tard le jeudi 2 avril 2026 (2 jours ouvrables "
        "avant la réunion du mardi 7 avril 2026). Elle ne peut pas être acceptée."
    ]
    response = post_notice(editor, meeting, seat, "2026-04-02 18:00", substitute)
    assert error_texts(response) == []
    assert SubstitutionNotice.objects.count() == 1


def test_the_same_day_is_in_time_outside_moselle(home_page):
    meeting, seat, _titular, substitute = make_meeting(
        home_page, datetime.datetime(2026, 4, 7, 10, 0, tzinfo=PARIS), departement="44"
    )
    notice = record_substitution(meeting, seat, substitute, datetime.datetime(2026, 4, 3, 9, 0, tzinfo=PARIS))
    assert notice.deadline == datetime.date(2026, 4, 3)


def test_the_committee_delay_is_used(editor, home_page):
    meeting, seat, _titular, substitute = make_meeting(
        home_page, datetime.datetime(2026, 11, 3, 10, 0, tzinfo=PARIS), days=3
    )

    response = post_notice(editor, meeting, seat, "2026-10-31 09:00", substitute)

    assert error_texts(response) == [
        "La suppléance devait être signalée au plus tard le vendredi 30 octobre 2026 (3 jours ouvrables "
        "avant la réunion du mardi 3 novembre 2026). Elle ne peut pas être acceptée."
    ]
    assert not SubstitutionNotice.objects.exists()


def test_record_substitution_refuses_a_second_notice_and_the_titular(tuesday_meeting):
    meeting, seat, titular, substitute = tuesday_meeting
    in_time = datetime.datetime(2026, 10, 29, 12, 0, tzinfo=PARIS)

    with pytest.raises(ValidationError) as refused:
        record_substitution(meeting, seat, titular, in_time)
    assert refused.value.messages == ["Le suppléant doit être une autre personne que le titulaire remplacé."]

    record_substitution(meeting, seat, substitute, in_time)
    with pytest.raises(ValidationError) as refused:
        record_substitution(meeting, seat, PersonFactory(), in_time)
    assert refused.value.messages == [
        "Une suppléance est déjà enregistrée pour le siège « Un représentant de l'UDAF » à cette réunion. "
        "Supprimez-la avant d'en enregistrer une autre."
    ]
    assert SubstitutionNotice.objects.count() == 1


def test_the_deadline_is_shown_on_the_meeting_admin_pages(editor, tuesday_meeting):
    meeting = tuesday_meeting[0]
    client = client_for(editor)

    edit = parse(client.get(reverse("wagtailadmin_pages:edit", args=[meeting.pk])).content)
    assert "Suppléances : le secrétariat doit être informé au plus tard le samedi 31 octobre 2026" in text(
        edit
    )
    links = {text(a): a["href"] for a in edit.select("a") if a.get("href")}
    assert links["Suppléances (jusqu'au 31/10/2026)"] == substitutions_url(meeting)

    screen = parse(client.get(substitutions_url(meeting)).content)
    assert "au plus tard le samedi 31 octobre 2026 (2 jours ouvrables avant la réunion)" in text(screen)


def test_a_notice_can_be_withdrawn(editor, tuesday_meeting):
    meeting, seat, _titular, substitute = tuesday_meeting
    notice = record_substitution(
        meeting, seat, substitute, datetime.datetime(2026, 10, 29, 12, 0, tzinfo=PARIS)
    )

    client_for(editor).post(substitutions_url(meeting), {"action": "delete", "notice": notice.pk})

    assert not SubstitutionNotice.objects.exists()


def test_a_user_who_cannot_edit_the_meeting_records_nothing(tuesday_meeting):
    meeting, seat, _titular, substitute = tuesday_meeting
    outsider = make_user("lecteur")
    outsider.user_permissions.add(Permission.objects.get(codename="access_admin"))

    response = client_for(outsider).post(
        substitutions_url(meeting),
        {"seat": seat.pk, "substitute": substitute.pk, "informed_at": "2026-10-29 12:00"},
        headers={"x-requested-with": "XMLHttpRequest"},
    )

    assert response.status_code == 403
    assert not SubstitutionNotice.objects.exists()
