"""Sending published minutes to every participant of the meeting, once per publication."""

import contextlib
import contextvars
import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import AttendanceStatus, DistributionDelivery, Mandate, MinutesDistribution, MinutesImport

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


def already_distributed(minutes):
    """Whether the minutes reached their participants outside this site: published during a
    ``past_minutes_import()``, or imported from an archive as already distributed
    (``import_minutes --already-distributed``), whenever they are published later."""
    if _importing_past_minutes.get():
        return True
    return MinutesImport.objects.filter(minutes_id=minutes.pk, already_distributed=True).exists()


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


def is_first_publication(minutes):
    """Whether the publication that just happened is the first time the page went live.

    Wagtail sets ``first_published_at`` only then, at the same instant as
    ``last_published_at``: a later publication (a correction, a publication after a
    withdrawal, minutes imported as already distributed) keeps the first date.
    """
    first, last = minutes.first_published_at, minutes.last_published_at
    return first is not None and first == last


def distribute_first_publication(minutes, revision):
    if not is_first_publication(minutes) or already_distributed(minutes):
        return None
    return start_distribution(minutes, MinutesDistribution.Reason.FIRST_PUBLICATION, revision=revision)


# The same people are not sent the same minutes twice within this interval.
RESEND_INTERVAL = datetime.timedelta(minutes=10)
IN_PROGRESS = [DistributionDelivery.Status.PENDING, DistributionDelivery.Status.SENDING]


def resend_refusal(minutes):
    """Why the minutes cannot be sent again now, or ``None``."""
    if not minutes.live:
        return _("Seul un compte-rendu publié peut être renvoyé aux participants.")
    if DistributionDelivery.objects.filter(distribution__minutes=minutes, status__in=IN_PROGRESS).exists():
        return _(
            "Un envoi de ce compte-rendu est en cours : attendez qu’il soit terminé "
            "avant d’en demander un autre."
        )
    latest = MinutesDistribution.objects.filter(minutes=minutes).order_by("-created_at").first()
    if latest is not None and timezone.now() - latest.created_at < RESEND_INTERVAL:
        next_time = timezone.localtime(latest.created_at + RESEND_INTERVAL)
        return _(
            "Le compte-rendu vient d’être envoyé aux participants : un nouvel envoi sera possible à %(time)s."
        ) % {"time": next_time.strftime("%H:%M")}
    return None


def resend(minutes, user):
    """Send the live minutes again to the participants: ``(distribution, None)`` or ``(None, refusal)``.

    Concurrent presses are serialised on the page's row, so that only one passes the rule.
    """
    from wagtail.models import Page

    with transaction.atomic():
        Page.objects.select_for_update().filter(pk=minutes.pk).first()
        minutes.refresh_from_db(fields=["live", "live_revision"])
        refusal = resend_refusal(minutes)
        if refusal:
            return None, refusal
        distribution = start_distribution(
            minutes, MinutesDistribution.Reason.RESEND, revision=minutes.live_revision, user=user
        )
        return distribution, None
