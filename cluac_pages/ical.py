"""Meetings as iCalendar data: a file per meeting and a feed per committee.

Each meeting keeps one UID (``meeting-<page id>@<site hostname>``) for its whole life, so that a
calendar replaces the event it holds instead of adding a second one. Its SEQUENCE comes from
``MeetingCalendarState``, kept outside the page's revisions and raised on publication only when
what a calendar must act on changed: the start, the end, the place or the cancellation
(RFC 5546, 2.1.4). A new title alone keeps the SEQUENCE; DTSTAMP and LAST-MODIFIED (the last
publication) still tell calendars that the event was updated.

Times are those of the mainland (Europe/Paris), in which meetings are entered; every file
carries the matching VTIMEZONE.
"""

import datetime
import hashlib
import json

from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText
from wagtail.models import Site

from .calendar import PARIS
from .models import MeetingCalendarState
from .opendata import current_site, public_committee_or_404, public_meetings

PRODID = "-//CLUAC pages//Agenda des comités locaux des usagers//FR"


def _site_hostname(page, request=None):
    site = page.get_site()
    if site is None and request is not None:
        site = Site.find_for_request(request)
    return site.hostname if site is not None else "localhost"


def meeting_uid(meeting, request=None, hostname=None):
    """The event's UID: the same for every request and every version of the meeting."""
    return f"meeting-{meeting.pk}@{hostname or _site_hostname(meeting, request)}"


def local_start(meeting):
    return timezone.localtime(meeting.start, PARIS)


def local_end(meeting):
    if meeting.end_time is None:
        return None
    start = local_start(meeting)
    return datetime.datetime.combine(start.date(), meeting.end_time, tzinfo=PARIS)


def calendar_fingerprint(meeting):
    """A digest of what makes calendars update an event: start, end, place, cancellation."""
    end = local_end(meeting)
    data = [
        local_start(meeting).isoformat(),
        end.isoformat() if end else "",
        meeting.place.strip(),
        bool(meeting.cancelled),
    ]
    return hashlib.sha256(json.dumps(data).encode()).hexdigest()


def record_publication(meeting):
    """Raise the meeting's SEQUENCE if its fingerprint changed since the last publication.

    The first publication records SEQUENCE 0; the sequence never goes down.
    """
    fingerprint = calendar_fingerprint(meeting)
    with transaction.atomic():
        state = MeetingCalendarState.objects.select_for_update().filter(meeting_id=meeting.pk).first()
        if state is None:
            sequence = 0
        elif state.fingerprint == fingerprint:
            return state
        else:
            sequence = state.sequence + 1
        state, _created = MeetingCalendarState.objects.update_or_create(
            meeting_id=meeting.pk, defaults={"sequence": sequence, "fingerprint": fingerprint}
        )
    return state


def _description(meeting, url, agenda_items):
    parts = []
    if meeting.cancelled:
        parts.append(_("Réunion annulée."))
    if meeting.introduction:
        parts.append(meeting.introduction.strip())
    if agenda_items:
        lines = [_("Ordre du jour :")]
        for number, item in enumerate(agenda_items, start=1):
            line = f"{number}. {item.title}"
            if item.presenter:
                line += " – " + _("présenté par %(presenter)s") % {"presenter": item.presenter}
            lines.append(line)
        parts.append("\n".join(lines))
    if url:
        parts.append(url)
    return "\n\n".join(parts)


def _summary(meeting, committee):
    summary = meeting.title
    if committee is not None:
        summary = f"{committee.title} – {summary}"
    if meeting.cancelled:
        summary = _("Annulée : %(summary)s") % {"summary": summary}
    return summary


def meeting_event(meeting, request=None, sequence=None, committee=None, hostname=None):
    """The VEVENT of a meeting; ``sequence``, ``committee`` and the site's ``hostname`` may be given
    to spare queries."""
    if committee is None:
        committee = meeting.committee
    if sequence is None:
        sequence = (
            MeetingCalendarState.objects.filter(meeting_id=meeting.pk)
            .values_list("sequence", flat=True)
            .first()
            or 0
        )
    url = meeting.get_full_url(request)
    agenda_items = list(meeting.agenda_items.all())
    event = Event()
    event.add("uid", meeting_uid(meeting, request, hostname))
    event.add("sequence", sequence)
    published = meeting.last_published_at or meeting.latest_revision_created_at or timezone.now()
    event.add("dtstamp", published)
    event.add("last-modified", published)
    if meeting.first_published_at:
        event.add("created", meeting.first_published_at)
    event.add("dtstart", local_start(meeting))
    end = local_end(meeting)
    if end is not None:
        event.add("dtend", end)
    event.add("summary", _summary(meeting, committee))
    event.add("location", meeting.place)
    event.add("description", _description(meeting, url, agenda_items))
    if url:
        event.add("url", url)
    event.add("status", "CANCELLED" if meeting.cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE")
    event.add("class", "PUBLIC")
    if committee is not None and committee.contact_email:
        # The committee's functional mailbox, never a person's address.
        organizer = vCalAddress(f"mailto:{committee.contact_email}")
        organizer.params["cn"] = vText(committee.title)
        event.add("organizer", organizer)
    return event


def _new_calendar(method, name=None):
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Paris")
    return calendar


def _add_timezone(calendar, meetings):
    starts = [local_start(meeting).date() for meeting in meetings]
    if starts:
        calendar.add_missing_timezones(
            first_date=datetime.date(min(starts).year, 1, 1),
            last_date=datetime.date(max(starts).year + 1, 1, 1),
        )


def meeting_calendar(meeting, request=None):
    """The iCalendar file of one meeting: METHOD:PUBLISH, or METHOD:CANCEL once it is cancelled.

    Returns an ``icalendar.Calendar``; ``to_ical()`` gives the bytes, e.g. to attach to a
    convocation e-mail (without a request, URLs are built from the meeting's Wagtail site).
    """
    calendar = _new_calendar("CANCEL" if meeting.cancelled else "PUBLISH")
    calendar.add_component(meeting_event(meeting, request))
    _add_timezone(calendar, [meeting])
    return calendar


def committee_calendar(committee, meetings, request=None):
    """The iCalendar feed of a committee's meetings (cancelled ones with STATUS:CANCELLED)."""
    meetings = list(meetings)
    calendar = _new_calendar("PUBLISH", name=committee.title)
    sequences = dict(
        MeetingCalendarState.objects.filter(meeting_id__in=[m.pk for m in meetings]).values_list(
            "meeting_id", "sequence"
        )
    )
    # The committee's meetings are on its site.
    hostname = _site_hostname(committee, request)
    for meeting in meetings:
        calendar.add_component(
            meeting_event(
                meeting,
                request,
                sequence=sequences.get(meeting.pk, 0),
                committee=committee,
                hostname=hostname,
            )
        )
    _add_timezone(calendar, meetings)
    return calendar


def calendar_response(calendar, filename, as_attachment=True):
    return HttpResponse(
        calendar.to_ical(),
        content_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": content_disposition_header(as_attachment, filename)},
    )


def committee_calendar_view(request, committee_id):
    site = current_site(request)
    committee = public_committee_or_404(site, committee_id)
    meetings = public_meetings(site, committee).order_by("start", "pk").prefetch_related("agenda_items")
    calendar = committee_calendar(committee, meetings, request)
    return calendar_response(calendar, f"{committee.slug}.ics", as_attachment=False)


def meeting_calendar_view(request, meeting_id):
    site = current_site(request)
    meeting = get_object_or_404(public_meetings(site), pk=meeting_id)
    return calendar_response(meeting_calendar(meeting, request), f"{meeting.slug}.ics")
