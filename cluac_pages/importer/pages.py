"""Turn recognised minutes into pages: a draft MinutesPage under a meeting, the meeting's
participants (seats' attendance or rows), and the images in the prefecture's collection.

``plan_import`` works out what an import would create without writing anything (the admin's
preview); ``create_draft`` writes it; ``import_into_committee`` also makes the meeting of an
archived file. Participants are matched in ``participants``, the body is built in ``body``.
The minutes are never published here: they go through the validation workflow like any other.
"""

from __future__ import annotations

import datetime
import hashlib
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from wagtail.images import get_image_model
from wagtail.models import Collection

from ..models import (
    Attendance,
    MeetingPage,
    MeetingParticipant,
    MinutesImport,
    MinutesPage,
    ParticipantGroup,
    PrefectureRoles,
)
from ..prefectures.roles import site_of_page
from . import recognised as r
from .body import BodyBuilder, UnmatchedSpeaker
from .french import french_date
from .participants import (
    CIVILITY,
    Composition,
    PlannedParticipant,
    is_administration,
    participant_row,
    plan_participants,
)


def content_hash(data):
    return hashlib.sha256(data).hexdigest()


@dataclass
class ImportPlan:
    """What an import would create under a meeting, as the preview shows it."""

    recognised: r.RecognisedMinutes
    participants: list[PlannedParticipant]
    body: list
    unmatched_speakers: list[UnmatchedSpeaker]
    images: list
    # Rows added to a meeting with unpublished changes wait in its draft until it is published.
    participants_await_publication: bool = False

    @property
    def images_without_alt_text(self):
        return [item for item in self.images if item.needs_alt_text]

    def groups(self):
        """``[(heading, [planned, …]), …]`` in the order of the file."""
        groups = {}
        for item in self.participants:
            heading = item.participant.group or item.status_heading
            groups.setdefault(heading, []).append(item)
        return list(groups.items())


def meeting_day(meeting, minutes):
    if meeting is not None and meeting.start:
        return meeting.local_start.date()
    return minutes.header.meeting_date


def plan_import(meeting, minutes, save_image=None, committee=None):
    committee = committee or meeting.committee
    site = site_of_page(meeting if meeting is not None else committee)
    composition = Composition(committee, site, meeting_day(meeting, minutes))
    builder = BodyBuilder(composition, minutes.participants, save_image=save_image)
    body = builder.body(minutes)
    return ImportPlan(
        recognised=minutes,
        participants=plan_participants(minutes, composition, meeting),
        body=body,
        unmatched_speakers=builder.unmatched_speakers,
        images=builder.images,
    ), composition


def prefecture_collection(page):
    site = site_of_page(page)
    roles = PrefectureRoles.objects.filter(site=site).select_related("collection").first() if site else None
    return roles.collection if roles is not None else Collection.get_first_root_node()


def image_saver(collection, user):
    def save(image):
        stored = get_image_model()(
            title=(image.alt_text or image.title or image.filename or gettext("Image importée"))[:255],
            file=ImageFile(io.BytesIO(image.data), name=image.filename or "image.png"),
            collection=collection,
            uploaded_by_user=user,
        )
        stored.save()
        return stored.pk

    return save


def minutes_title(minutes):
    date = minutes.header.meeting_date
    if date:
        return gettext("Compte-rendu de la réunion du %(date)s") % {"date": french_date(date)}
    return gettext("Compte-rendu")


def _record_participants(meeting, plan, composition, user):
    """Attendance of matched seats at once (it lives beside the page); rows and the chair in a new
    revision of the meeting, published when the meeting was live without pending changes.
    Returns whether rows or the chair wait in the meeting's draft."""
    for item in plan.participants:
        if item.seat is not None:
            Attendance.objects.create(meeting=meeting, seat=item.seat, status=item.status, person=item.person)
    rows = [
        participant_row(item) for item in plan.participants if item.seat is None and not item.already_recorded
    ]
    chair = plan.recognised.header.chair
    chair_person = composition.person(chair.name, chair.organisation) if chair and chair.name else None
    publish = meeting.live and not meeting.has_unpublished_changes
    latest = meeting.get_latest_revision_as_object() if meeting.has_unpublished_changes else meeting
    chair_before = (latest.chair_id, latest.chair_function)
    if (
        chair is not None
        and not latest.chair_id
        and not any(row.chairs_meeting for row in latest.participants.all())
    ):
        if chair_person is not None:
            latest.chair = chair_person
            latest.chair_function = latest.chair_function or chair.function[:255]
            for row in rows:
                row.chairs_meeting = False
        elif not any(row.chairs_meeting for row in rows):
            if chair.name:
                rows.append(
                    MeetingParticipant(
                        civility=CIVILITY.get(chair.civility, ""),
                        name=chair.name[:200],
                        function=chair.function[:255],
                        group=ParticipantGroup.ADMINISTRATION
                        if is_administration(chair.function, chair.organisation)
                        else ParticipantGroup.OTHER,
                        chairs_meeting=True,
                    )
                )
            elif chair.function:
                latest.chair_function = latest.chair_function or chair.function[:255]
    if not rows and (latest.chair_id, latest.chair_function) == chair_before:
        return False
    if rows:
        existing = list(latest.participants.all())
        latest.participants = existing + rows
    revision = latest.save_revision(user=user, log_action=True)
    if publish:
        revision.publish(user=user)
    return not publish


@transaction.atomic
def create_draft(meeting, minutes, data, source_name, user=None, already_distributed=False):
    """A draft MinutesPage under ``meeting`` from recognised ``minutes``, with its participants and
    images; never live. Returns ``(page, plan)``."""
    collection = prefecture_collection(meeting)
    plan, composition = plan_import(meeting, minutes, save_image=image_saver(collection, user))
    header = minutes.header
    page = MinutesPage(
        title=minutes_title(minutes)[:255],
        slug="compte-rendu",
        issuing_service="\n".join(
            line
            for line in [
                gettext("Sous-préfecture de %(name)s") % {"name": minutes.letterhead.sub_prefecture}
                if minutes.letterhead.sub_prefecture
                else "",
                *minutes.letterhead.services,
            ]
            if line
        ),
        written_at=header.written_at[:100],
        written_on=header.written_on,
        recipients=header.recipients[:255],
        subject=(header.subject or minutes_title(minutes))[:255],
        live=False,
        owner=user,
    )
    if header.case_officer:
        page.followed_by = composition.person(header.case_officer)
    stream_block = MinutesPage._meta.get_field("body").stream_block
    stream_block.clean(stream_block.to_python(plan.body))
    page.body = plan.body
    meeting.add_child(instance=page)
    page.save_revision(user=user, log_action=True)
    MinutesImport.objects.create(
        minutes=page,
        source_name=source_name[:255],
        content_hash=content_hash(data),
        already_distributed=already_distributed,
        imported_by=user,
    )
    plan.participants_await_publication = _record_participants(meeting, plan, composition, user)
    return page, plan


def _local_datetime(date, time):
    return timezone.make_aware(datetime.datetime.combine(date, time or datetime.time(0, 0)))


def unique_slug(parent, slug):
    candidate, number = slug, 2
    while parent.get_children().filter(slug=candidate).exists():
        candidate, number = f"{slug}-{number}", number + 1
    return candidate


class MeetingNotFound(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def meeting_for(committee, minutes):
    """The committee's meeting of the day the file gives: an existing one, or a new unsaved one.

    Returns ``(meeting, to_check)``: what the file did not give. A new meeting is live only when
    the file gives its start time and place (or the place of writing, flagged): otherwise it is a
    draft for the secretariat to complete and publish, so that no guessed hour reaches the public.
    """
    header = minutes.header
    if header.meeting_date is None:
        raise MeetingNotFound(gettext("la date de la réunion n'a pas été trouvée dans le fichier"))
    for meeting in MeetingPage.objects.child_of(committee):
        if meeting.local_start.date() == header.meeting_date:
            return meeting, []
    to_check, publishable = [], True
    if header.start_time is None:
        to_check.append(gettext("heure de début"))
        publishable = False
    place = header.meeting_place
    if not place and header.written_at:
        place = header.written_at
        to_check.append(gettext("lieu (« %(place)s », lieu de rédaction)") % {"place": place})
    elif not place:
        place = gettext("à préciser")
        to_check.append(gettext("lieu"))
        publishable = False
    title = gettext("Réunion du %(date)s") % {"date": french_date(header.meeting_date)}
    meeting = MeetingPage(
        title=title,
        slug=unique_slug(committee, slugify(title)),
        start=_local_datetime(header.meeting_date, header.start_time),
        end_time=header.end_time
        if header.start_time and header.end_time and header.end_time > header.start_time
        else None,
        place=place[:255],
        introduction=header.subject,
        live=publishable,
    )
    return meeting, to_check


def existing_import(committee, data):
    return (
        MinutesImport.objects.filter(
            content_hash=content_hash(data), minutes__path__startswith=committee.path
        )
        .select_related("minutes")
        .first()
    )


@transaction.atomic
def import_into_committee(committee, minutes, data, source_name, user=None, already_distributed=False):
    """The meeting (created and published when the committee has none that day) and its draft
    minutes. Returns ``(minutes_page, meeting, created_meeting, to_check)``."""
    meeting, to_check = meeting_for(committee, minutes)
    created = meeting.pk is None
    if created:
        publishable = meeting.live
        meeting.live = False
        committee.add_child(instance=meeting)
        revision = meeting.save_revision(user=user, log_action=True)
        if publishable:
            revision.publish(user=user)
        meeting.refresh_from_db()
    elif MinutesPage.objects.child_of(meeting).exists():
        raise MeetingNotFound(
            gettext("la réunion du %(date)s a déjà un compte-rendu")
            % {"date": french_date(minutes.header.meeting_date)}
        )
    try:
        page, _plan = create_draft(meeting, minutes, data, source_name, user, already_distributed)
    except ValidationError as error:
        raise MeetingNotFound("; ".join(error.messages)) from error
    return page, meeting, created, to_check
