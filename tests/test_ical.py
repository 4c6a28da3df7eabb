"""iCalendar files of meetings: stable UID, SEQUENCE that grows with what calendars act on."""

import datetime

import pytest
from icalendar import Calendar

from cluac_pages.ical import meeting_calendar
from cluac_pages.models import MeetingCalendarState

from .factories import PARIS
from .test_opendata import assert_nothing_private, build_public_reading_site, publish


@pytest.fixture
def site(home_page):
    return build_public_reading_site(home_page)


def get_calendar(client, url, attachment=True):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment" if attachment else "inline")
    assert 'filename="' in disposition and '.ics"' in disposition
    assert_nothing_private(response.content.decode())
    return Calendar.from_ical(response.content)


def meeting_event(client, meeting):
    calendar = get_calendar(client, f"/agenda/reunions/{meeting.pk}.ics")
    [event] = calendar.walk("VEVENT")
    return calendar, event


def test_a_meeting_file(site, client):
    calendar, event = meeting_event(client, site.meeting)
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(event["UID"]) == f"meeting-{site.meeting.pk}@localhost"
    assert event["SEQUENCE"] == 0
    assert event["DTSTART"].params["TZID"] == "Europe/Paris"
    assert event["DTSTART"].dt == datetime.datetime(2023, 9, 7, 10, 0, tzinfo=PARIS)
    assert event["DTEND"].dt == datetime.datetime(2023, 9, 7, 12, 30, tzinfo=PARIS)
    assert event["DTEND"].params["TZID"] == "Europe/Paris"
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
    assert str(event["LOCATION"]) == "Salle Erdre, préfecture"
    assert str(event["SUMMARY"]) == "CLU de test – Réunion du 7 septembre 2023"
    assert str(event["URL"]) == "http://localhost/clu/reunion/"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["ORGANIZER"]) == "mailto:pref-qualite@example.gouv.fr"
    description = str(event["DESCRIPTION"])
    assert description == (
        "Réunion annuelle du comité.\n\n"
        "Ordre du jour :\n"
        "1. Bilan de l'accueil – présenté par le SGCD\n"
        "2. Enquête de satisfaction\n"
        "3. Questions diverses\n\n"
        "http://localhost/clu/reunion/"
    )


def test_the_uid_is_stable_across_requests_and_hosts(site, client):
    _, first = meeting_event(client, site.meeting)
    _, second = meeting_event(client, site.meeting)
    response = client.get(f"/agenda/reunions/{site.meeting.pk}.ics", HTTP_HOST="localhost:8000")
    [third] = Calendar.from_ical(response.content).walk("VEVENT")
    assert first["UID"] == second["UID"] == third["UID"]
    assert first["DTSTAMP"].dt == second["DTSTAMP"].dt


def test_sequence_grows_with_place_time_and_cancellation_not_with_the_title(site, client):
    meeting = site.meeting
    assert meeting_event(client, meeting)[1]["SEQUENCE"] == 0

    meeting.title = "Réunion annuelle du 7 septembre 2023"
    meeting = publish(meeting)
    _, event = meeting_event(client, meeting)
    assert event["SEQUENCE"] == 0
    assert "Réunion annuelle du 7 septembre 2023" in str(event["SUMMARY"])

    meeting.place = "Sous-préfecture de Saint-Nazaire"
    meeting = publish(meeting)
    _, event = meeting_event(client, meeting)
    assert event["SEQUENCE"] == 1
    assert str(event["LOCATION"]) == "Sous-préfecture de Saint-Nazaire"

    # Republishing unchanged, or saving a draft, keeps the sequence.
    meeting = publish(meeting)
    meeting.start = datetime.datetime(2023, 9, 8, 10, 0, tzinfo=PARIS)
    meeting.save_revision()
    assert meeting_event(client, meeting)[1]["SEQUENCE"] == 1

    meeting = publish(meeting)
    assert meeting_event(client, meeting)[1]["SEQUENCE"] == 2

    meeting.cancelled = True
    meeting = publish(meeting)
    calendar, event = meeting_event(client, meeting)
    assert event["SEQUENCE"] == 3
    assert str(calendar["METHOD"]) == "CANCEL"
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["SUMMARY"]).startswith("Annulée : ")
    assert str(event["DESCRIPTION"]).startswith("Réunion annulée.")


def test_sequence_never_goes_down(site):
    meeting = site.meeting
    MeetingCalendarState.objects.filter(meeting=meeting).update(sequence=7)
    meeting.place = "Ailleurs"
    publish(meeting)
    meeting.place = "Salle Erdre, préfecture"
    publish(meeting)
    assert MeetingCalendarState.objects.get(meeting=meeting).sequence == 9


def test_committee_feed(site, client):
    calendar = get_calendar(client, f"/agenda/comites/{site.committee.pk}.ics", attachment=False)
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(calendar["X-WR-CALNAME"]) == "CLU de test"
    events = calendar.walk("VEVENT")
    assert [str(e["UID"]) for e in events] == [
        f"meeting-{site.meeting.pk}@localhost",
        f"meeting-{site.later_meeting.pk}@localhost",
    ]
    assert all(e["DTSTART"].params["TZID"] == "Europe/Paris" for e in events)
    # The later meeting's unpublished new place stays out.
    assert str(events[1]["LOCATION"]) == "Préfecture"


def test_committee_feed_marks_a_cancelled_meeting(site, client):
    meeting = site.later_meeting
    meeting.cancelled = True
    publish(meeting)
    calendar = get_calendar(client, f"/agenda/comites/{site.committee.pk}.ics", attachment=False)
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert [str(e["STATUS"]) for e in calendar.walk("VEVENT")] == ["CONFIRMED", "CANCELLED"]


def test_unpublished_or_unknown_meetings_give_404(site, client):
    assert client.get("/agenda/reunions/999999.ics").status_code == 404
    assert client.get(f"/agenda/reunions/{site.committee.pk}.ics").status_code == 404
    assert client.get(f"/agenda/comites/{site.meeting.pk}.ics").status_code == 404
    site.meeting.unpublish()
    assert client.get(f"/agenda/reunions/{site.meeting.pk}.ics").status_code == 404


def test_meeting_calendar_can_be_built_without_a_request(site):
    """For a convocation e-mail: bytes to attach, URLs from the meeting's site."""
    data = meeting_calendar(site.meeting).to_ical()
    [event] = Calendar.from_ical(data).walk("VEVENT")
    assert str(event["URL"]) == "http://localhost/clu/reunion/"
