"""Turn recognised minutes into pages: a draft MinutesPage under a meeting, the meeting's
participants (seats' attendance or rows), and the images in the prefecture's collection.

``plan_import`` works out what an import would create without writing anything (the admin's
preview); ``create_draft`` writes it; ``import_into_committee`` also makes the meeting of an archived file.
The minutes are never published here: they go through the validation workflow like any other.
"""

from __future__ import annotations

import datetime
import hashlib
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext
from wagtail.images import get_image_model
from wagtail.models import Collection

from ..models import (
    Attendance,
    AttendanceStatus,
    Mandate,
    MeetingPage,
    MeetingParticipant,
    MinutesImport,
    MinutesPage,
    Organisation,
    ParticipantGroup,
    Person,
    PrefectureRoles,
    Seat,
)
from ..prefectures.roles import site_of_page
from . import recognised as r
from .document import ListBlock
from .french import fold, french_date

STATUS = {
    r.Status.PRESENT: AttendanceStatus.PRESENT,
    r.Status.ALSO_ATTENDING: AttendanceStatus.PRESENT,
    r.Status.EXCUSED: AttendanceStatus.EXCUSED,
    r.Status.ABSENT: AttendanceStatus.ABSENT,
}
CIVILITY = {"M.": "m", "Mme": "mme"}
# Words of an organisation, a function or a list heading that make a participant a public agent.
ADMINISTRATION_WORDS = {
    "prefecture",
    "sous-prefecture",
    "prefet",
    "prefete",
    "sous-prefet",
    "sous-prefete",
    "secretaire general",
    "secretaire generale",
    "services de l'etat",
    "administration",
    "direction departementale",
    "sgcd",
    "sgar",
    "ddtm",
    "ddt",
    "ddpp",
    "ddets",
    "ddfip",
    "dreal",
    "ants",
}


def content_hash(data):
    return hashlib.sha256(data).hexdigest()


def _is_administration(*texts):
    folded = " ".join(fold(text) for text in texts if text)
    words = set(folded.replace(",", " ").split())
    return any((" " in word and word in folded) or word in words for word in ADMINISTRATION_WORDS)


# --- Who is who ---------------------------------------------------------------------------------


class Composition:
    """The recorded persons, organisations and seats an import can match names against."""

    def __init__(self, committee, site, on_date):
        persons = Person.objects.select_related("organisation")
        organisations = Organisation.objects.all()
        if site is not None:
            persons = persons.filter(Q(site=site) | Q(site__isnull=True))
            organisations = organisations.filter(Q(site=site) | Q(site__isnull=True))
        self.persons = list(persons)
        self.organisations = list(organisations)
        self.mandates = (
            list(
                Mandate.objects.active_on(on_date)
                .filter(seat__committee=committee)
                .select_related("seat", "seat__organisation", "person")
            )
            if committee is not None and on_date is not None
            else []
        )
        self.seats = (
            list(Seat.objects.filter(committee=committee).select_related("organisation"))
            if committee is not None
            else []
        )

    def organisation(self, text):
        folded = fold(text or "")
        if not folded:
            return None
        for organisation in self.organisations:
            if folded in {fold(organisation.name), fold(organisation.acronym or "\0")}:
                return organisation
        return None

    def person(self, name, organisation_text=""):
        """The recorded person of that name, the one of that organisation when several share it."""
        folded = fold(name or "")
        if not folded:
            return None
        found = [
            person
            for person in self.persons
            if folded
            in {
                fold(f"{person.first_name} {person.last_name}"),
                fold(f"{person.last_name} {person.first_name}"),
            }
        ]
        if len(found) > 1:
            organisation = self.organisation(organisation_text)
            found = [person for person in found if organisation and person.organisation_id == organisation.pk]
        return found[0] if len(found) == 1 else None

    def seat_of(self, person):
        """The person's seat on the committee on the meeting day, and whether they are its substitute."""
        for mandate in self.mandates:
            if mandate.person_id == person.pk:
                return mandate.seat, mandate.role == Mandate.Role.SUBSTITUTE
        return None, False

    def unnamed_seat(self, organisation):
        """The one seat an organisation holds, for « M. le représentant de l'UFC Que Choisir »."""
        seats = [seat for seat in self.seats if organisation and seat.organisation_id == organisation.pk]
        return seats[0] if len(seats) == 1 else None


@dataclass
class PlannedParticipant:
    """One recognised participant and where the import records them."""

    participant: r.Participant
    status: str
    group: str = ParticipantGroup.OTHER
    person: Person | None = None
    organisation: Organisation | None = None
    seat: Seat | None = None
    chairs: bool = False
    already_recorded: bool = False

    @property
    def status_heading(self):
        return {
            r.Status.PRESENT: gettext("Présents"),
            r.Status.EXCUSED: gettext("Excusés"),
            r.Status.ABSENT: gettext("Absents"),
            r.Status.ALSO_ATTENDING: gettext("Assistaient également"),
        }[self.participant.status]

    @property
    def where(self):
        if self.already_recorded:
            return gettext("déjà enregistré pour cette réunion : inchangé")
        if self.seat is not None:
            return gettext("présence du siège « %(seat)s »") % {"seat": self.seat.title}
        if self.person is not None:
            return gettext("participant lié à la personne enregistrée %(person)s") % {
                "person": self.person.full_name
            }
        return gettext("nouveau participant, sans accord pour la publication du nom")


def _group(participant, organisation):
    if organisation is not None and organisation.kind in (
        Organisation.Kind.PREFECTURE_SERVICE,
        Organisation.Kind.STATE_SERVICE,
    ):
        return ParticipantGroup.ADMINISTRATION
    if _is_administration(participant.organisation, participant.function, participant.group):
        return ParticipantGroup.ADMINISTRATION
    if participant.status == r.Status.ALSO_ATTENDING:
        return ParticipantGroup.OTHER
    return ParticipantGroup.MEMBER


def plan_participants(minutes, composition, meeting=None):
    """Where each recognised participant goes; nothing is written."""
    taken_seats = (
        set(meeting.attendances.values_list("seat_id", flat=True)) if meeting and meeting.pk else set()
    )
    recorded_names = (
        {fold(row.effective_name) for row in meeting.participant_rows() if row.effective_name}
        if meeting and meeting.pk
        else set()
    )
    chair = minutes.header.chair
    chair_name = fold(chair.name) if chair and chair.name else ""
    planned = []
    for participant in minutes.participants:
        organisation = composition.organisation(participant.organisation)
        person = composition.person(participant.name, participant.organisation)
        item = PlannedParticipant(
            participant,
            status=STATUS[participant.status],
            group=_group(participant, organisation or (person.organisation if person else None)),
            person=person,
            organisation=organisation,
            chairs=bool(chair_name and participant.name and fold(participant.name) == chair_name),
        )
        seat, substitute = composition.seat_of(person) if person is not None else (None, False)
        if seat is None and participant.name is None:
            seat = composition.unnamed_seat(organisation)
        if seat is not None and seat.pk not in taken_seats:
            taken_seats.add(seat.pk)
            item.seat = seat
            if substitute and item.status == AttendanceStatus.PRESENT:
                item.status = AttendanceStatus.REPRESENTED
        elif participant.name and fold(participant.name) in recorded_names:
            item.already_recorded = True
        planned.append(item)
    return planned


def _participant_row(item):
    participant = item.participant
    return MeetingParticipant(
        civility=CIVILITY.get(participant.civility, ""),
        name=(participant.name or "")[:200] if item.person is None else "",
        function=participant.function[:255],
        organisation=item.organisation,
        organisation_name=(item.organisation.name if item.organisation else participant.organisation)[:255],
        group=item.group,
        status=item.status,
        publication_consent=False,
        chairs_meeting=item.chairs,
        person=item.person,
    )


# --- The body -----------------------------------------------------------------------------------


def spans_html(spans):
    parts = []
    for span in spans:
        text = escape(span.text).replace("\n", "<br/>")
        if not text:
            continue
        if span.bold:
            text = f"<b>{text}</b>"
        if span.italic:
            text = f"<i>{text}</i>"
        if span.href and span.href.startswith(("http://", "https://")):
            text = f'<a href="{escape(span.href)}">{text}</a>'
        parts.append(text)
    return "".join(parts)


def list_html(block: ListBlock):
    tag = "ol" if block.ordered else "ul"
    items = []
    for item in block.items:
        children = list_html(item.children) if item.children else ""
        items.append(f"<li>{spans_html(item.spans)}{children}</li>")
    return f"<{tag}>{''.join(items)}</{tag}>"


def exchange_html(exchange, label):
    """An exchange whose speakers are not all recorded persons, as text: each speaker named by
    ``label(mention)``, the way the publication rule for names allows."""
    html = f"<p><b>{escape(label(exchange.speaker))}</b> {spans_html(exchange.statement)}</p>"
    html += "".join(_text_html(item, label) for item in exchange.more)
    if exchange.answers:
        answers = "".join(f"<li>{exchange_html(answer, label)}</li>" for answer in exchange.answers)
        html += f"<ul>{answers}</ul>"
    return html


def _text_html(item, label):
    if isinstance(item, r.Paragraph):
        return f"<p>{spans_html(item.spans)}</p>" if item.text.strip() else ""
    if isinstance(item, r.BulletList):
        return list_html(item.block)
    if isinstance(item, r.Exchange):
        return exchange_html(item, label)
    return ""


@dataclass
class UnmatchedSpeaker:
    written: str  # as the file writes them
    published_as: str  # what the draft says instead, by the publication rule for names


def listed_participant(mention, participants):
    """The participant of the minutes' lists a speaker is: same name, or same surname alone
    (« Monsieur LASGI ») when one participant only bears it."""
    folded = fold(mention.name or "")
    if not folded:
        return None
    named = [participant for participant in participants if participant.name]
    same = [participant for participant in named if fold(participant.name) == folded]
    if not same and " " not in folded:
        same = [participant for participant in named if fold(participant.name).split()[-1] == folded]
    return same[0] if len(same) == 1 else None


def public_speaker_label(mention, participants=()):
    """How the public may read a speaker who is not a recorded person: by name for a public agent,
    otherwise by function or as the representative of their organisation (no consent recorded).
    What the lists of participants say of them completes the mention."""
    listed = listed_participant(mention, participants)
    civility = mention.civility or (listed.civility if listed else "")
    function = mention.function or (listed.function if listed else "")
    organisation = mention.organisation or (listed.organisation if listed else "")
    row = MeetingParticipant(
        civility=CIVILITY.get(civility, ""),
        name=(listed.name if listed else mention.name) or "",
        function=function,
        organisation_name=organisation,
        group=ParticipantGroup.ADMINISTRATION
        if _is_administration(function, organisation, listed.group if listed else "")
        else ParticipantGroup.OTHER,
    )
    return row.public_label


def table_value(table):
    covered = []
    for merge in table.merged:
        for row in range(merge["row"], merge["row"] + merge["rowspan"]):
            for col in range(merge["col"], merge["col"] + merge["colspan"]):
                if (row, col) != (merge["row"], merge["col"]):
                    covered.append({"row": row, "col": col, "hidden": True})
    return {
        "data": [list(row) for row in table.rows],
        "first_row_is_table_header": table.header_rows > 0,
        "first_col_is_header": False,
        "table_caption": "",
        "mergeCells": list(table.merged),
        "cell": covered,
    }


@dataclass
class BodyBuilder:
    """Builds the StreamField's raw value; images are saved only by ``save_image``."""

    composition: Composition
    participants: list = field(default_factory=list)  # the minutes' lists, to name speakers
    save_image: object = None  # callable(Image) -> image id, or None for a preview
    unmatched_speakers: list = field(default_factory=list)
    images: list = field(default_factory=list)

    def speaker(self, mention):
        return self.composition.person(mention.name, mention.organisation) if mention.name else None

    def speaker_label(self, mention):
        person = self.speaker(mention)
        if person is not None:
            return person.public_label
        label = public_speaker_label(mention, self.participants)
        if not any(speaker.written == mention.raw for speaker in self.unmatched_speakers):
            self.unmatched_speakers.append(UnmatchedSpeaker(mention.raw, label))
        return label

    def exchange(self, exchange):
        speaker = self.speaker(exchange.speaker)
        answers = [(self.speaker(answer.speaker), answer) for answer in exchange.answers]
        if speaker is None or any(person is None for person, _answer in answers):
            return None
        statement = f"<p>{spans_html(exchange.statement)}</p>" + "".join(
            _text_html(item, self.speaker_label) for item in exchange.more
        )
        return {
            "type": "exchange",
            "value": {
                "speaker": speaker.pk,
                "spoken_for": "",
                "statement": statement,
                "answers": [
                    {
                        "speaker": person.pk,
                        "statement": f"<p>{spans_html(answer.statement)}</p>"
                        + "".join(_text_html(item, self.speaker_label) for item in answer.more),
                    }
                    for person, answer in answers
                ],
            },
        }

    def blocks(self, items):
        blocks, text = [], []

        def flush():
            if text:
                blocks.append({"type": "paragraph", "value": "".join(text)})
                text.clear()

        for item in items:
            if isinstance(item, r.Exchange):
                block = self.exchange(item)
                if block is None:
                    text.append(exchange_html(item, self.speaker_label))
                    continue
            elif isinstance(item, r.Paragraph | r.BulletList):
                text.append(_text_html(item, self.speaker_label))
                continue
            elif isinstance(item, r.TableContent):
                block = {"type": "table", "value": table_value(item)}
            elif isinstance(item, r.QualityResults):
                block = {
                    "type": "quality_results",
                    "value": {
                        "title": gettext("Résultats des indicateurs qualité"),
                        "programme": "",
                        "summary": "",
                        "indicators": [
                            {
                                "label": indicator.label[:255],
                                "target": indicator.target[:255],
                                "result": indicator.result[:255],
                                "position": indicator.position,
                            }
                            for indicator in item.indicators
                        ],
                    },
                }
            elif isinstance(item, r.ImageContent):
                self.images.append(item)
                if self.save_image is None:
                    continue
                block = {
                    "type": "image",
                    "value": {
                        "image": self.save_image(item.image),
                        "alternative_text": item.image.alt_text[:255],
                        "caption": "",
                    },
                }
            elif isinstance(item, r.PointsOfAgreement):
                block = {
                    "type": "points_of_agreement",
                    "value": {"title": gettext("Principaux points d'accord"), "points": item.points},
                }
            else:
                continue
            flush()
            blocks.append(block)
        flush()
        return blocks

    def body(self, minutes):
        body = []
        for section in minutes.sections:
            content = self.blocks(section.items)
            if not section.heading:
                if all(block["type"] == "paragraph" for block in content):
                    body.extend(content)
                    continue
                heading = gettext("Préambule")
            else:
                heading = section.heading
            if content:
                body.append({"type": "section", "value": {"heading": heading[:255], "content": content}})
        if minutes.next_meeting is not None:
            next_meeting = minutes.next_meeting
            body.append(
                {
                    "type": "next_meeting",
                    "value": {
                        "planned_for": next_meeting.planned_for,
                        "date": next_meeting.date.isoformat() if next_meeting.date else None,
                        "notes": "",
                    },
                }
            )
        signature = minutes.signature
        if signature is not None and signature.name:
            body.append(
                {
                    "type": "signature",
                    "value": {
                        "formula": signature.formula,
                        "function": signature.function,
                        "name": signature.name,
                    },
                }
            )
        return body


# --- The plan and the creation ------------------------------------------------------------------


@dataclass
class ImportPlan:
    """What an import would create under a meeting, as the preview shows it."""

    recognised: r.RecognisedMinutes
    participants: list[PlannedParticipant]
    body: list
    unmatched_speakers: list[UnmatchedSpeaker]
    images: list

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
    revision of the meeting, published when the meeting was live without pending changes."""
    for item in plan.participants:
        if item.seat is not None:
            Attendance.objects.create(meeting=meeting, seat=item.seat, status=item.status, person=item.person)
    rows = [
        _participant_row(item)
        for item in plan.participants
        if item.seat is None and not item.already_recorded
    ]
    chair = plan.recognised.header.chair
    chair_person = composition.person(chair.name, chair.organisation) if chair and chair.name else None
    publish = meeting.live and not meeting.has_unpublished_changes
    latest = meeting.get_latest_revision_as_object() if meeting.has_unpublished_changes else meeting
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
                        if _is_administration(chair.function, chair.organisation)
                        else ParticipantGroup.OTHER,
                        chairs_meeting=True,
                    )
                )
            elif chair.function:
                latest.chair_function = latest.chair_function or chair.function[:255]
    if rows:
        existing = list(latest.participants.all())
        latest.participants = existing + rows
    revision = latest.save_revision(user=user, log_action=True)
    if publish:
        revision.publish(user=user)
    return rows


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
    _record_participants(meeting, plan, composition, user)
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
