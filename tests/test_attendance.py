"""The secretariat records a meeting's attendance in one admin screen and prints its sign-in sheet."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cluac_pages.models import Attendance, AttendanceStatus, Mandate, MeetingParticipant

from .factories import (
    PARIS,
    CollegeFactory,
    CommitteePageFactory,
    MandateFactory,
    MeetingPageFactory,
    OrganisationFactory,
    PersonFactory,
    SeatFactory,
)
from .html import EMAIL, parse, phone_pattern, text
from .workflow_helpers import SERVICE_COMMUNICATION, client_for, make_user

MEETING_START = datetime.datetime(2026, 11, 3, 10, 0, tzinfo=PARIS)
MANDATES_START = datetime.date(2024, 1, 1)


@pytest.fixture
def editor(db):
    return make_user("communication", SERVICE_COMMUNICATION)


@pytest.fixture
def setting(home_page):
    """A committee with two colleges, three seats held on the meeting day and two that are not."""
    committee = CommitteePageFactory(parent=home_page, title="CLU de Loire-Atlantique", slug="clu")
    meeting = MeetingPageFactory(
        parent=committee, title="Réunion du 3 novembre 2026", slug="reunion", start=MEETING_START
    )
    services = CollegeFactory(name="Services de la préfecture", sort_order=1)
    users = CollegeFactory(name="Représentants des usagers", sort_order=2)
    seats = {
        "sg": SeatFactory(committee=committee, college=services, title="Le secrétaire général", sort_order=1),
        "udaf": SeatFactory(
            committee=committee, college=users, title="Un représentant de l'UDAF", sort_order=1
        ),
        "ufc": SeatFactory(
            committee=committee, college=users, title="Un représentant de l'UFC", sort_order=2
        ),
        "ended": SeatFactory(
            committee=committee, college=users, title="Siège supprimé en 2025", sort_order=3
        ),
        "future": SeatFactory(
            committee=committee, college=services, title="Siège créé en 2027", sort_order=2
        ),
    }
    people = {}
    for key in ("sg", "udaf", "ufc"):
        people[key] = PersonFactory(last_name=f"TITULAIRE-{key.upper()}", email=f"{key}@example.org")
        MandateFactory(seat=seats[key], person=people[key], start_date=MANDATES_START)
    people["udaf_substitute"] = PersonFactory(last_name="SUPPLEANTE-UDAF", email="suppleante@example.org")
    MandateFactory(
        seat=seats["udaf"],
        person=people["udaf_substitute"],
        role=Mandate.Role.SUBSTITUTE,
        start_date=MANDATES_START,
    )
    MandateFactory(
        seat=seats["ended"],
        person=PersonFactory(last_name="ANCIEN"),
        start_date=MANDATES_START,
        end_date=datetime.date(2025, 12, 31),
    )
    MandateFactory(
        seat=seats["future"], person=PersonFactory(last_name="FUTUR"), start_date=datetime.date(2027, 1, 1)
    )
    people["guest"] = PersonFactory(
        last_name="INVITEE", function="directrice des migrations", phone="0639980001"
    )
    MeetingParticipant.objects.create(
        meeting=meeting, person=people["guest"], note="point 2 : titres de séjour", group="administration"
    )
    return committee, meeting, seats, people


def attendance_url(meeting):
    return reverse("cluac_pages_meeting_attendance", args=[meeting.pk])


def row_data(seat, status, person=None):
    return {f"seat-{seat.pk}-status": status, f"seat-{seat.pk}-person": str(person.pk) if person else ""}


def test_the_screen_lists_the_seats_held_on_the_meeting_day_by_college(editor, setting):
    _committee, meeting, _seats, _people = setting

    response = client_for(editor).get(attendance_url(meeting))

    assert response.status_code == 200
    page = parse(response.content)
    tables = page.select("main table.listing")[:2]
    assert [text(table.caption) for table in tables] == [
        "Services de la préfecture",
        "Représentants des usagers",
    ]
    assert [th.contents[0].strip() for th in tables[0].select("tbody th")] == ["Le secrétaire général"]
    assert [th.contents[0].strip() for th in tables[1].select("tbody th")] == [
        "Un représentant de l'UDAF",
        "Un représentant de l'UFC",
    ]
    assert "Siège supprimé en 2025" not in response.content.decode()
    assert "Siège créé en 2027" not in response.content.decode()
    # The guest is listed, read-only.
    assert "INVITEE" in text(page.select_one("main"))


def test_the_meeting_page_offers_the_attendance_screen(editor, setting):
    meeting = setting[1]

    response = client_for(editor).get(reverse("wagtailadmin_pages:edit", args=[meeting.pk]))

    page = parse(response.content)
    links = {text(a): a["href"] for a in page.select("a") if a.get("href")}
    assert links["Présences"] == attendance_url(meeting)


def test_statuses_are_saved_with_the_person_who_sat(editor, setting):
    _committee, meeting, seats, people = setting
    data = {
        **row_data(seats["sg"], AttendanceStatus.PRESENT),
        **row_data(seats["udaf"], AttendanceStatus.REPRESENTED, people["udaf_substitute"]),
        **row_data(seats["ufc"], AttendanceStatus.EXCUSED),
    }

    response = client_for(editor).post(attendance_url(meeting), data, follow=True)

    assert "Les présences sont enregistrées." in response.content.decode()
    recorded = {a.seat_id: (a.status, a.person_id) for a in Attendance.objects.filter(meeting=meeting)}
    assert recorded == {
        # With no person chosen, the titular sat (or was excused).
        seats["sg"].pk: (AttendanceStatus.PRESENT, people["sg"].pk),
        seats["udaf"].pk: (AttendanceStatus.REPRESENTED, people["udaf_substitute"].pk),
        seats["ufc"].pk: (AttendanceStatus.EXCUSED, people["ufc"].pk),
    }

    # Set back to "à renseigner", a seat's attendance is removed; the others are updated.
    data = {
        **row_data(seats["sg"], AttendanceStatus.ABSENT, people["sg"]),
        **row_data(seats["udaf"], ""),
        **row_data(seats["ufc"], AttendanceStatus.PRESENT, people["ufc"]),
    }
    client_for(editor).post(attendance_url(meeting), data)
    recorded = {a.seat_id: a.status for a in Attendance.objects.filter(meeting=meeting)}
    assert recorded == {seats["sg"].pk: AttendanceStatus.ABSENT, seats["ufc"].pk: AttendanceStatus.PRESENT}


def test_a_represented_seat_needs_a_substitute_and_nothing_is_lost(editor, setting):
    _committee, meeting, seats, people = setting
    Attendance.objects.create(
        meeting=meeting, seat=seats["sg"], status=AttendanceStatus.PRESENT, person=people["sg"]
    )
    data = {
        **row_data(seats["sg"], AttendanceStatus.EXCUSED, people["sg"]),
        **row_data(seats["udaf"], AttendanceStatus.REPRESENTED),
        **row_data(seats["ufc"], AttendanceStatus.ABSENT, people["ufc"]),
    }

    response = client_for(editor).post(attendance_url(meeting), data)

    assert response.status_code == 200
    page = parse(response.content)
    udaf_row = page.find("select", attrs={"name": f"seat-{seats['udaf'].pk}-person"}).find_parent("tr")
    assert "Indiquez le suppléant qui a représenté ce siège." in text(udaf_row)
    # Nothing was saved...
    assert list(Attendance.objects.filter(meeting=meeting).values_list("seat_id", "status")) == [
        (seats["sg"].pk, AttendanceStatus.PRESENT)
    ]
    # ...and the other rows keep what was typed.
    for seat, status in [(seats["sg"], "excused"), (seats["ufc"], "absent"), (seats["udaf"], "represented")]:
        select = page.find("select", attrs={"name": f"seat-{seat.pk}-status"})
        assert select.find("option", selected=True)["value"] == status

    # The titular cannot represent their own seat.
    data.update(row_data(seats["udaf"], AttendanceStatus.REPRESENTED, people["udaf"]))
    response = client_for(editor).post(attendance_url(meeting), data)
    assert "choisissez le suppléant, pas le titulaire" in response.content.decode()
    assert Attendance.objects.filter(meeting=meeting).count() == 1


def test_a_user_who_cannot_edit_the_meeting_is_refused(setting):
    meeting = setting[1]
    outsider = make_user("lecteur")
    outsider.user_permissions.add(Permission.objects.get(codename="access_admin"))

    client = client_for(outsider)
    sheet_url = reverse("cluac_pages_meeting_sign_in_sheet", args=[meeting.pk])
    # Wagtail's admin answers a refusal with its dashboard and an error message (403 to scripts).
    for response in (
        client.get(attendance_url(meeting)),
        client.post(attendance_url(meeting), row_data(setting[2]["sg"], AttendanceStatus.ABSENT)),
        client.get(sheet_url),
    ):
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_home")
    assert (
        client.get(attendance_url(meeting), headers={"x-requested-with": "XMLHttpRequest"}).status_code == 403
    )
    assert client.get(sheet_url, headers={"x-requested-with": "XMLHttpRequest"}).status_code == 403
    assert not Attendance.objects.exists()


def count_queries(client, method, url, data=None):
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data or {})
    assert response.status_code in (200, 302)
    return len(queries)


def all_rows(meeting, seats_and_people, status):
    data = {}
    for seat, person in seats_and_people:
        data.update(row_data(seat, status, person))
    return data


def test_the_number_of_queries_does_not_grow_with_the_seats(editor, setting):
    committee, meeting, seats, people = setting
    client = client_for(editor)
    held = [(seats[key], people[key]) for key in ("sg", "udaf", "ufc")]
    url = attendance_url(meeting)
    sheet_url = reverse("cluac_pages_meeting_sign_in_sheet", args=[meeting.pk])
    # Warm the caches and create the site's settings, as any earlier visit would.
    client.get(url)
    client.get(sheet_url)

    before = {
        "get": count_queries(client, "get", url),
        "create": count_queries(client, "post", url, all_rows(meeting, held, AttendanceStatus.PRESENT)),
        "update": count_queries(client, "post", url, all_rows(meeting, held, AttendanceStatus.EXCUSED)),
        "sheet": count_queries(client, "get", sheet_url),
    }
    Attendance.objects.all().delete()
    college = seats["ufc"].college
    for index in range(6):
        seat = SeatFactory(committee=committee, college=college, title=f"Siège ajouté {index}")
        titular = PersonFactory()
        MandateFactory(seat=seat, person=titular, start_date=MANDATES_START)
        MandateFactory(
            seat=seat, person=PersonFactory(), role=Mandate.Role.SUBSTITUTE, start_date=MANDATES_START
        )
        held.append((seat, titular))
    after = {
        "get": count_queries(client, "get", url),
        "create": count_queries(client, "post", url, all_rows(meeting, held, AttendanceStatus.PRESENT)),
        "update": count_queries(client, "post", url, all_rows(meeting, held, AttendanceStatus.EXCUSED)),
        "sheet": count_queries(client, "get", sheet_url),
    }

    assert Attendance.objects.filter(meeting=meeting, status=AttendanceStatus.EXCUSED).count() == 9
    assert after == before


def test_the_sign_in_sheet_lists_every_seat_and_guest_without_contact_details(editor, setting):
    _committee, meeting, seats, people = setting
    Attendance.objects.create(
        meeting=meeting,
        seat=seats["udaf"],
        status=AttendanceStatus.REPRESENTED,
        person=people["udaf_substitute"],
    )

    response = client_for(editor).get(reverse("cluac_pages_meeting_sign_in_sheet", args=[meeting.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    page = parse(html)
    assert "@page" in html and "A4" in html
    assert "Liste d'émargement" in text(page.h1)
    assert "Le mardi 3 novembre 2026 à 10h, Préfecture" in text(page)
    rows = {text(tr.td): tr for tr in page.select("tbody tr")}
    assert [caption.get_text() for caption in page.select("caption")] == [
        "Services de la préfecture",
        "Représentants des usagers",
        "Autres participants",
    ]
    for key in ("sg", "ufc"):
        row = next(tr for title, tr in rows.items() if title.startswith(seats[key].title))
        assert people[key].full_name in text(row)
        assert row.select_one("td.signature").get_text(strip=True) == ""
    udaf = next(tr for title, tr in rows.items() if title.startswith("Un représentant de l'UDAF"))
    assert people["udaf_substitute"].full_name in text(udaf)
    assert f"suppléant(e) de {people['udaf'].full_name}" in text(udaf)
    assert "Représenté(e) par un suppléant" in text(udaf)
    guest = next(tr for title, tr in rows.items() if "point 2 : titres de séjour" in title)
    assert "INVITEE" in text(guest)
    assert "directrice des migrations" in text(guest)
    assert "Siège supprimé en 2025" not in html
    assert not EMAIL.search(html)
    for person in people.values():
        assert not phone_pattern(person.phone).search(html)


def test_the_sign_in_sheet_is_linked_from_the_attendance_screen(editor, setting):
    meeting = setting[1]
    page = parse(client_for(editor).get(attendance_url(meeting)).content)
    assert page.find("a", href=reverse("cluac_pages_meeting_sign_in_sheet", args=[meeting.pk]))


def test_seats_of_another_organisation_do_not_leak(editor, setting, home_page):
    """Another committee's seats never appear on this meeting's screen."""
    other = CommitteePageFactory(parent=home_page, title="Autre comité", slug="autre")
    seat = SeatFactory(
        committee=other, organisation=OrganisationFactory(name="Ailleurs"), title="Siège d'ailleurs"
    )
    MandateFactory(seat=seat, start_date=MANDATES_START)

    html = client_for(editor).get(attendance_url(setting[1])).content.decode()

    assert "Siège d'ailleurs" not in html


def test_the_attendance_recorded_here_makes_the_participants_annex_of_the_minutes(editor, setting, client):
    from .factories import MinutesPageFactory

    _committee, meeting, seats, people = setting
    people["sg"].acts_as_official = True
    people["sg"].function = "secrétaire général"
    people["sg"].save()
    minutes = MinutesPageFactory(parent=meeting, slug="compte-rendu", title="Compte-rendu")
    data = {
        **row_data(seats["sg"], AttendanceStatus.PRESENT),
        **row_data(seats["udaf"], AttendanceStatus.REPRESENTED, people["udaf_substitute"]),
        **row_data(seats["ufc"], AttendanceStatus.ABSENT),
    }
    client_for(editor).post(attendance_url(meeting), data)

    annex = parse(client.get(minutes.url).content).select_one("#participants")
    groups = {text(h3): [text(li) for li in h3.find_next_sibling("ul").find_all("li")] for h3 in annex("h3")}

    assert groups["Membres présents"] == [
        f"Le secrétaire général ({seats['sg'].organisation.name}) : "
        f"{people['sg'].full_name}, secrétaire général"
    ]
    # The substitute gave no consent: the seat is named, not the person.
    assert groups["Membres représentés par leur suppléant(e)"] == [
        f"Un représentant de l'UDAF ({seats['udaf'].organisation.name}) : "
        "représenté(e) par son suppléant ou sa suppléante"
    ]
    # Absent members: the organisation only, never a name.
    assert groups["Absents"] == [f"Un représentant de l'UFC ({seats['ufc'].organisation.name})"]
    assert "SUPPLEANTE-UDAF" not in text(annex) and "TITULAIRE-UFC" not in text(annex)
