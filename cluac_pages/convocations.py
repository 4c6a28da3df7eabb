"""Convocations: a meeting's invitation e-mailed to its seat holders and guests, recorded per address.

Each sending is a ``ConvocationRound`` holding the fingerprint of what it sends (date, times,
place, cancellation, agenda, documents) and the iCalendar SEQUENCE of its attachment. Asking to
send again compares the meeting with the last round:

- nothing sent yet: an invitation to every recipient;
- same fingerprint: only addresses that did not receive this version yet (a new seat holder, a
  guest added since) get it, in a round of their own with the same SEQUENCE; nobody gets the same
  content twice;
- another fingerprint: an update (or a cancellation) to every recipient, with a higher SEQUENCE,
  so that calendars replace the event they hold.

The e-mails are sent by the background task ``send_convocation_round``, queued on commit.
"""

import dataclasses
import hashlib
import json

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from icalendar import vCalAddress, vText
from wagtail.models import Page

from .calendar import substitution_deadline
from .emails import render_subject, render_text
from .ical import local_end, local_start, meeting_calendar
from .member_links import MEETING_REPLY, make_token
from .models import (
    ConvocationDelivery,
    ConvocationRound,
    Mandate,
    MeetingCalendarState,
    MeetingPage,
)
from .models.participants import recipient_organisation
from .public_cache import purge_site, site_showing
from .templatetags.cluac_tags import long_date, short_time

ICS_FILENAME = "reunion.ics"


class ConvocationRefused(Exception):
    """The meeting cannot be convened; the message says why, in French."""


@dataclasses.dataclass
class Recipient:
    person: object  # a Person, or None for a participant recorded in a row of the meeting
    address: str
    roles: list
    name: str = ""

    @property
    def display_name(self):
        if self.person is not None:
            return self.person.full_name
        return self.name or self.address


@dataclasses.dataclass
class ConvocationPlan:
    """What asking to send the convocation now would do."""

    kind: str | None
    recipients: list
    sequence: int
    fingerprint: str
    last_round: ConvocationRound | None
    refusal: str = ""

    @property
    def is_first(self):
        return self.last_round is None

    @property
    def is_complement(self):
        """Same content as the last round, for addresses that have not received it yet."""
        return self.last_round is not None and self.fingerprint == self.last_round.fingerprint

    @property
    def nothing_new(self):
        return not self.refusal and not self.recipients

    @property
    def token(self):
        """Identifies the plan shown to the editor, so that what is confirmed is what gets sent."""
        data = [self.kind, self.fingerprint, self.sequence, sorted(r.address for r in self.recipients)]
        return hashlib.sha256(json.dumps(data).encode()).hexdigest()


def meeting_day(meeting):
    return local_start(meeting).date()


def convocation_recipients(meeting):
    """``(recipients, without_address)`` of a meeting.

    Recipients are the titulars and substitutes of the committee's seats on the meeting day, then
    the meeting's other participants, one ``Recipient`` per address (lowercased); persons without
    an address are listed apart so that the secretariat can reach them otherwise.
    """
    committee = meeting.committee
    mandates = (
        Mandate.objects.active_on(meeting_day(meeting))
        .filter(seat__committee=committee)
        .select_related("person", "seat")
        .order_by("seat__college__sort_order", "seat__sort_order", "seat__pk", "-role", "sort_order", "pk")
    )
    holders = [
        (("person", mandate.person.pk), mandate.person, "", (mandate.person.email or "").strip().lower(),
         f"{mandate.get_role_display()} – {mandate.seat.title}")
        for mandate in mandates
    ]  # fmt: skip
    rows = meeting.participants.select_related("person", "organisation").order_by("sort_order", "pk")
    for row in rows:
        key = ("person", row.person_id) if row.person_id else ("row", row.pk)
        name = row.full_name or row.public_label
        holders.append((key, row.person, name, row.address, row.get_group_display()))

    by_address = {}
    without_address = {}
    for key, person, name, address, role in holders:
        if not address:
            without_address.setdefault(key, Recipient(person, "", [], name)).roles.append(role)
        elif address in by_address:
            by_address[address].roles.append(role)
        else:
            by_address[address] = Recipient(person, address, [role], name)
    return list(by_address.values()), list(without_address.values())


def convocation_fingerprint(meeting):
    """A digest of what a convocation says: times, place, cancellation, agenda and documents."""
    end = local_end(meeting)
    data = {
        "start": local_start(meeting).isoformat(),
        "end": end.isoformat() if end else "",
        "place": meeting.place.strip(),
        "cancelled": bool(meeting.cancelled),
        "agenda": [[item.title, item.presenter, item.document_id] for item in meeting.agenda_items.all()],
        "documents": [
            [item.document_id, item.sent_on.isoformat() if item.sent_on else None]
            for item in meeting.documents.all()
        ],
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def refusal_reason(meeting):
    """Why the meeting cannot be convened now (French), or ``""``."""
    if not meeting.live:
        return _(
            "Seule une réunion publiée peut être convoquée : publiez la réunion, puis envoyez la convocation."
        )
    if meeting.is_past:
        return _("Cette réunion a déjà eu lieu : sa convocation ne peut plus être envoyée.")
    return ""


def last_round(meeting):
    return ConvocationRound.objects.filter(meeting=meeting).order_by("-created_at", "-pk").first()


def addresses_with_current_version(convocation_round):
    """Addresses already given the content of ``convocation_round`` (same fingerprint and SEQUENCE)."""
    return set(
        ConvocationDelivery.objects.filter(
            round__meeting_id=convocation_round.meeting_id,
            round__fingerprint=convocation_round.fingerprint,
            round__sequence=convocation_round.sequence,
        ).values_list("email", flat=True)
    )


def plan_convocation(meeting):
    fingerprint = convocation_fingerprint(meeting)
    previous = last_round(meeting)
    plan = ConvocationPlan(None, [], 0, fingerprint, previous, refusal_reason(meeting))
    if plan.refusal:
        return plan
    recipients, _without_address = convocation_recipients(meeting)
    state_sequence = (
        MeetingCalendarState.objects.filter(meeting_id=meeting.pk).values_list("sequence", flat=True).first()
        or 0
    )
    if previous is None:
        if meeting.cancelled:
            plan.refusal = _(
                "Cette réunion est annulée et aucune convocation n’a été envoyée : "
                "il n’y a personne à prévenir."
            )
            return plan
        plan.kind = ConvocationRound.Kind.INVITATION
        plan.recipients = recipients
        plan.sequence = state_sequence
    elif previous.fingerprint == fingerprint:
        plan.sequence = previous.sequence
        if not meeting.cancelled:
            # Newcomers never had an earlier version: for them it is a convocation, not an update.
            already_sent = addresses_with_current_version(previous)
            plan.kind = ConvocationRound.Kind.INVITATION
            plan.recipients = [r for r in recipients if r.address not in already_sent]
    else:
        plan.sequence = max(state_sequence, previous.sequence + 1)
        if meeting.cancelled:
            plan.kind = ConvocationRound.Kind.CANCELLATION
            # Whoever holds the event in a calendar is told, even if no longer a member or guest.
            known = {r.address for r in recipients}
            earlier = (
                ConvocationDelivery.objects.filter(
                    round__meeting=meeting, status=ConvocationDelivery.Status.SENT
                )
                .exclude(email__in=known)
                .select_related("person")
                .order_by("email", "-pk")
            )
            for delivery in earlier:
                if delivery.email not in known:
                    known.add(delivery.email)
                    recipients.append(
                        Recipient(delivery.person, delivery.email, [_("Convoqué(e) auparavant")])
                    )
        else:
            plan.kind = ConvocationRound.Kind.UPDATE
        plan.recipients = recipients
    if not plan.recipients:
        plan.kind = None
    return plan


def send_convocation(meeting, user=None, expected_token=None):
    """Record the next convocation round of ``meeting`` and queue its sending.

    Returns the round, or ``None`` when every recipient already has the current version.
    Raises ``ConvocationRefused`` for a draft, past or never-convened cancelled meeting, or when
    ``expected_token`` (the plan the editor confirmed) no longer matches.
    """
    with transaction.atomic():
        # Two editors clicking at once must not make two rounds.
        Page.objects.select_for_update().filter(pk=meeting.pk).first()
        meeting = MeetingPage.objects.get(pk=meeting.pk)
        plan = plan_convocation(meeting)
        if plan.refusal:
            raise ConvocationRefused(plan.refusal)
        if expected_token is not None and expected_token != plan.token:
            raise ConvocationRefused(
                _(
                    "La réunion ou ses destinataires ont changé depuis l’affichage de cette page. "
                    "Vérifiez l’envoi proposé, puis confirmez de nouveau."
                )
            )
        if plan.nothing_new:
            return None
        convocation_round = ConvocationRound.objects.create(
            meeting=meeting,
            kind=plan.kind,
            fingerprint=plan.fingerprint,
            sequence=plan.sequence,
            requested_by=user if getattr(user, "is_authenticated", False) else None,
        )
        ConvocationDelivery.objects.bulk_create(
            ConvocationDelivery(round=convocation_round, person=recipient.person, email=recipient.address)
            for recipient in plan.recipients
        )
        raise_calendar_sequence(meeting, plan.sequence)
    queue_round(convocation_round)
    return convocation_round


def raise_calendar_sequence(meeting, sequence):
    """Keep the public .ics at least at the SEQUENCE sent, so that it does not look older."""
    state, _created = MeetingCalendarState.objects.get_or_create(meeting_id=meeting.pk)
    if state.sequence < sequence:
        MeetingCalendarState.objects.filter(pk=state.pk, sequence__lt=sequence).update(sequence=sequence)
        # An update sends no signal: the cached calendars are purged here.
        purge_site(site_showing(meeting))


def queue_round(convocation_round):
    from .tasks import send_convocation_round

    transaction.on_commit(lambda: send_convocation_round.enqueue(convocation_round.pk))


def stale_reason(convocation_round, meeting):
    """Why the deliveries of ``convocation_round`` must no longer be sent (French), or ``""``."""
    refusal = refusal_reason(meeting)
    if refusal:
        return refusal
    latest = last_round(meeting)
    if (
        convocation_round.fingerprint != convocation_fingerprint(meeting)
        or latest is None
        or latest.sequence != convocation_round.sequence
    ):
        return _("La réunion a changé depuis cet envoi : envoyez la convocation à jour.")
    return ""


def retry_failed(meeting):
    """Queue again the rounds with failed deliveries that still carry the current version.

    Returns the number of rounds queued.
    """
    rounds = ConvocationRound.objects.filter(
        meeting=meeting, deliveries__status=ConvocationDelivery.Status.FAILED
    ).distinct()
    queued = 0
    for convocation_round in rounds:
        if not stale_reason(convocation_round, meeting):
            queue_round(convocation_round)
            queued += 1
    return queued


def absolute_url(url, root_url):
    if url.startswith(("http://", "https://")):
        return url
    return root_url.rstrip("/") + url


def meeting_when(meeting):
    """« jeudi 7 septembre 2023 de 10h à 12h30 », or « … à 10h » without an end time."""
    start = local_start(meeting)
    if meeting.end_time:
        return _("%(date)s de %(start)s à %(end)s") % {
            "date": long_date(start, True),
            "start": short_time(start),
            "end": short_time(meeting.end_time),
        }
    return _("%(date)s à %(time)s") % {"date": long_date(start, True), "time": short_time(start)}


class ConvocationContent:
    """What one round sends, built once: subject, body and the iCalendar attachment.

    The body is rendered per delivery: a titular of a seat gets the personal link with which they
    answer the convocation (see ``replies``); substitutes and guests get the same text without it.
    """

    subject_template = "cluac_pages/emails/convocation_subject.txt"
    body_template = "cluac_pages/emails/convocation.txt"

    def __init__(self, convocation_round, meeting):
        self.convocation_round = convocation_round
        self.meeting = meeting
        self.committee = meeting.committee
        site = meeting.get_site()
        root_url = site.root_url if site is not None else settings.WAGTAILADMIN_BASE_URL
        self.root_url = root_url
        agenda = [
            {
                "item": item,
                "document_url": absolute_url(item.document.url, root_url) if item.document else "",
            }
            for item in meeting.agenda_items.select_related("document")
        ]
        documents = [
            {"item": item, "url": absolute_url(item.document.url, root_url)}
            for item in meeting.documents.select_related("document")
        ]
        with translation.override(settings.LANGUAGE_CODE):
            context = {
                "kind": convocation_round.kind,
                "meeting": meeting,
                "committee": self.committee,
                "when": meeting_when(meeting),
                "day": long_date(local_start(meeting)),
                "agenda": agenda,
                "documents": documents,
                "deadline": self.substitution_deadline(),
                "url": meeting.get_full_url(),
                "ics_filename": ICS_FILENAME,
            }
            self.subject = render_subject(self.subject_template, context)
            self.calendar = meeting_calendar(meeting)
        self.context = context
        self.replying_person_ids = self.titular_ids()
        self.method = "CANCEL" if convocation_round.kind == ConvocationRound.Kind.CANCELLATION else "REQUEST"
        self.calendar.pop("METHOD", None)
        self.calendar.add("method", self.method)
        [self.event] = self.calendar.walk("VEVENT")
        self.event.pop("SEQUENCE", None)
        self.event.add("sequence", convocation_round.sequence)

    def substitution_deadline(self):
        committee = self.committee
        try:
            deadline = substitution_deadline(
                meeting_day(self.meeting), committee.departement, committee.substitution_notice_days
            )
        except (AttributeError, TypeError, ValueError):
            return ""
        return long_date(deadline, True)

    def titular_ids(self):
        """The persons who may answer this convocation: the seats' titulars on the meeting day."""
        if self.convocation_round.kind == ConvocationRound.Kind.CANCELLATION or self.committee is None:
            return set()
        return set(
            Mandate.objects.active_on(meeting_day(self.meeting))
            .filter(seat__committee=self.committee, role=Mandate.Role.TITULAR)
            .values_list("person_id", flat=True)
        )

    def reply_url(self, delivery):
        if delivery.person_id not in self.replying_person_ids:
            return ""
        token = make_token(MEETING_REPLY, delivery.person, self.meeting)
        return absolute_url(reverse("cluac_pages:meeting_reply", args=[token]), self.root_url)

    def body_for(self, delivery):
        return render_text(
            self.body_template,
            {
                **self.context,
                "reply_url": self.reply_url(delivery),
                "of_organisation": recipient_organisation(self.meeting, delivery.person, delivery.email),
            },
        )

    def ics_for(self, address):
        """The attachment for one address, with that address as the event's only attendee."""
        self.event.pop("ATTENDEE", None)
        attendee = vCalAddress(f"mailto:{address}")
        attendee.params["ROLE"] = vText("REQ-PARTICIPANT")
        attendee.params["RSVP"] = vText("FALSE")
        self.event.add("attendee", attendee)
        return self.calendar.to_ical().decode()

    def message(self, delivery):
        contact = self.committee.contact_email if self.committee else ""
        message = EmailMessage(
            self.subject,
            self.body_for(delivery),
            to=[delivery.email],
            reply_to=[contact] if contact else None,
        )
        message.attach(ICS_FILENAME, self.ics_for(delivery.email), f"text/calendar; method={self.method}")
        return message
