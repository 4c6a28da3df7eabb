"""Sending published minutes to every participant of the meeting, once per publication."""

import contextlib
import contextvars

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import AttendanceStatus, DistributionDelivery, Mandate, MinutesDistribution

# Who receives the minutes: members who attended or were excused (titulars and
# substitutes) and the other participants of the meeting. Absent ones do not.
NOTIFIED_STATUSES = {AttendanceStatus.PRESENT, AttendanceStatus.EXCUSED, AttendanceStatus.REPRESENTED}

_importing_past_minutes = contextvars.ContextVar("importing_past_minutes", default=False)


@contextlib.contextmanager
def past_minutes_import():
    """Publish minutes that were already sent to their participants, outside this site
    (an import of past minutes): their first publication sends nothing."""
    token = _importing_past_minutes.set(True)
    try:
        yield
    finally:
        _importing_past_minutes.reset(token)


def participants_to_notify(meeting):
    """``[(person, address), …]`` for the meeting's participants with an address, one per address
    (``person`` is ``None`` for a participant recorded in a row without a recorded person)."""
    meeting_day = timezone.localtime(meeting.start).date()
    attendances = meeting.attendances.select_related("person").filter(status__in=NOTIFIED_STATUSES)
    people = []
    seats_needing_titulars = set()
    for attendance in attendances:
        if attendance.person is not None:
            people.append(attendance.person)
        if attendance.status != AttendanceStatus.PRESENT or attendance.person is None:
            # An excused or replaced member is a participant too: their titular is told.
            seats_needing_titulars.add(attendance.seat_id)
    titulars = (
        Mandate.objects.active_on(meeting_day)
        .filter(seat_id__in=seats_needing_titulars, role=Mandate.Role.TITULAR)
        .select_related("person")
    )
    people.extend(mandate.person for mandate in titulars)
    recipients = {}
    for person in people:
        address = (person.email or "").strip().lower()
        if address and address not in recipients:
            recipients[address] = person
    # The participants recorded in rows: their own address, or the recorded person's.
    for row in meeting.participants.select_related("person").filter(status__in=NOTIFIED_STATUSES):
        if row.address and row.address not in recipients:
            recipients[row.address] = row.person
    return [(person, address) for address, person in recipients.items()]


def start_distribution(minutes, reason, revision=None, user=None):
    """Record a distribution of ``minutes`` and queue its sending.

    Returns the distribution, or ``None`` when the first publication was already
    distributed (two approvals racing, or a publication after an unpublication).
    """
    meeting = minutes.get_parent().specific
    try:
        with transaction.atomic():
            distribution = MinutesDistribution.objects.create(
                minutes=minutes, reason=reason, revision=revision, requested_by=user
            )
            DistributionDelivery.objects.bulk_create(
                DistributionDelivery(distribution=distribution, person=person, email=address)
                for person, address in participants_to_notify(meeting)
            )
    except IntegrityError:
        return None
    queue_sending(distribution)
    return distribution


def queue_sending(distribution):
    from .tasks import send_minutes_distribution

    transaction.on_commit(lambda: send_minutes_distribution.enqueue(distribution.pk))


def distribute_first_publication(minutes, revision):
    if _importing_past_minutes.get():
        return None
    if MinutesDistribution.objects.filter(
        minutes=minutes, reason=MinutesDistribution.Reason.FIRST_PUBLICATION
    ).exists():
        return None
    return start_distribution(minutes, MinutesDistribution.Reason.FIRST_PUBLICATION, revision=revision)
