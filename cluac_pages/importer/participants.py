"""Who took part, as recognised in minutes, matched with the composition: a seat's attendance for
a seat holder (or the one seat of an organisation for its unnamed representative), otherwise a row
of the meeting (``MeetingParticipant``), linked to a recorded person or organisation when the name
matches, never with publication consent. Nothing is written here.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext

from ..models import (
    AttendanceStatus,
    Mandate,
    MeetingParticipant,
    Organisation,
    ParticipantGroup,
    Person,
    Seat,
)
from . import recognised as r
from .french import fold

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


def is_administration(*texts):
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
    if is_administration(participant.organisation, participant.function, participant.group):
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


def participant_row(item):
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
