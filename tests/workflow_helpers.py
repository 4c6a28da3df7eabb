"""Shared set-up for the minutes validation tests: roles, a meeting with participants, minutes."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from cluac_pages.models import Attendance, AttendanceStatus, Mandate, MeetingParticipant, MinutesPage

from .factories import (
    CommitteePageFactory,
    MandateFactory,
    MeetingPageFactory,
    PersonFactory,
    SeatFactory,
)

SERVICE_COMMUNICATION = "Service communication"
SECRETAIRE_GENERAL = "Secrétaire général"


def client_for(user):
    """A test client logged in as ``user``, independent of pytest-django's ``client``."""
    client = Client()
    client.force_login(user)
    return client


def make_user(username, group_name=None, **extra):
    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@prefecture.example", password="mot-de-passe", **extra
    )
    if group_name:
        user.groups.add(Group.objects.get(name=group_name))
    return user


def build_meeting(home_page):
    """A committee meeting with two present members, one replaced, one excused, one absent, a guest."""
    committee = CommitteePageFactory(parent=home_page, title="CLU de test", slug="clu")
    meeting = MeetingPageFactory(parent=committee, title="Réunion du 7 septembre 2023", slug="reunion")
    start = datetime.date(2020, 1, 1)
    people = {}
    for key, status in [
        ("present", AttendanceStatus.PRESENT),
        ("replaced", AttendanceStatus.REPRESENTED),
        ("excused", AttendanceStatus.EXCUSED),
        ("absent", AttendanceStatus.ABSENT),
    ]:
        seat = SeatFactory(committee=committee)
        titular = PersonFactory(last_name=f"TITULAIRE-{key.upper()}", email=f"{key}@association.example")
        MandateFactory(seat=seat, person=titular, start_date=start)
        people[key] = titular
        attendee = titular
        if status == AttendanceStatus.REPRESENTED:
            attendee = PersonFactory(last_name="SUPPLEANT", email="suppleant@association.example")
            MandateFactory(seat=seat, person=attendee, role=Mandate.Role.SUBSTITUTE, start_date=start)
            people["substitute"] = attendee
        Attendance.objects.create(meeting=meeting, seat=seat, status=status, person=attendee)
    people["guest"] = PersonFactory(last_name="INVITEE", email="invitee@service.example")
    MeetingParticipant.objects.create(meeting=meeting, person=people["guest"])
    people["no_address"] = PersonFactory(last_name="SANSADRESSE", email="")
    MeetingParticipant.objects.create(meeting=meeting, person=people["no_address"])
    return committee, meeting, people


PARTICIPANT_ADDRESSES = {
    "present@association.example",
    "replaced@association.example",
    "suppleant@association.example",
    "excused@association.example",
    "invitee@service.example",
}


def minutes_form(minutes, text, **extra):
    empty = {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000}
    return nested_form_data(
        {
            "title": minutes.title,
            "slug": minutes.slug,
            "written_at": "Nantes",
            "written_on": "2023-09-15",
            "recipients": "à Mesdames, Messieurs les participants",
            "subject": minutes.subject,
            "body": streamfield([("paragraph", rich_text(f"<p>{text}</p>"))]),
            "annexes": inline_formset([]),
            "tags": "",
            "comments": empty,
            **extra,
        }
    )


def create_draft_minutes(meeting, author, text="Texte du compte-rendu."):
    minutes = MinutesPage(
        title="Compte-rendu", slug="compte-rendu", subject="Comité local des usagers", live=False
    )
    meeting.add_child(instance=minutes)
    minutes.body = [("paragraph", f"<p>{text}</p>")]
    minutes.save_revision(user=author)
    return MinutesPage.objects.get(pk=minutes.pk)


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def submit(client, minutes, text, **extra):
    return client.post(
        edit_url(minutes), minutes_form(minutes, text, **{"action-submit": "Soumettre", **extra})
    )


def current_task_state(minutes):
    state = WorkflowState.objects.for_instance(minutes).filter(status=WorkflowState.STATUS_IN_PROGRESS).get()
    return state.current_task_state


def act(client, minutes, action, comment=""):
    task_state = current_task_state(minutes)
    url = reverse("wagtailadmin_pages:workflow_action", args=[minutes.pk, action, task_state.pk])
    return client.post(url, {"comment": comment})
