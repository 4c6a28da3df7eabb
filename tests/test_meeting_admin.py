"""Editing a meeting's attendance in the admin."""

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from cluac_pages.models import AttendanceStatus

from .factories import CommitteePageFactory, MeetingPageFactory, SeatFactory


@pytest.fixture
def two_committees(home_page):
    ours = CommitteePageFactory(parent=home_page)
    theirs = CommitteePageFactory(parent=home_page)
    own_seat = SeatFactory(committee=ours, title="Un représentant de l'UDAF 44")
    other_seat = SeatFactory(committee=theirs, title="Un représentant de l'UDAF 91")
    meeting = MeetingPageFactory(parent=ours)
    return meeting, own_seat, other_seat


def meeting_form(meeting, attendances):
    empty = {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000}
    return nested_form_data(
        {
            "title": meeting.title,
            "slug": meeting.slug,
            "start": "2023-09-07 10:00",
            "end_time": "12:30",
            "place": meeting.place,
            "agenda_items": empty,
            "documents": empty,
            "guests": empty,
            "comments": empty,
            "attendances": inline_formset(attendances),
        }
    )


def test_attendance_offers_only_the_seats_of_the_meetings_committee(two_committees, admin_client):
    meeting, own_seat, other_seat = two_committees
    body = admin_client.get(f"/admin/pages/{meeting.pk}/edit/").content.decode()

    assert "Un représentant de l&#x27;UDAF 44" in body
    assert "Un représentant de l&#x27;UDAF 91" not in body


def test_attendance_for_a_seat_of_another_committee_is_refused(two_committees, admin_client):
    meeting, own_seat, other_seat = two_committees
    data = meeting_form(meeting, [{"seat": other_seat.pk, "status": AttendanceStatus.PRESENT, "person": ""}])

    response = admin_client.post(f"/admin/pages/{meeting.pk}/edit/", data)

    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not meeting.attendances.exists()


def test_attendance_is_saved_for_a_seat_of_the_committee(two_committees, admin_client):
    meeting, own_seat, other_seat = two_committees
    data = meeting_form(meeting, [{"seat": own_seat.pk, "status": AttendanceStatus.EXCUSED, "person": ""}])

    response = admin_client.post(f"/admin/pages/{meeting.pk}/edit/", data)

    assert response.status_code == 302
    meeting.refresh_from_db()
    draft = meeting.get_latest_revision_as_object()
    assert [(a.seat_id, a.status) for a in draft.attendances.all()] == [(own_seat.pk, "excused")]
