"""What the public may read, and the CSV downloads of meetings and agreed actions.

Every public output (feeds, calendars, API, CSV) selects its pages here: live pages, with no
view restriction, of the Wagtail site the request is for; minutes only when the live version
was validated (``validation_record``). Page rows hold the live version: drafts and revisions
awaiting validation live in revisions, which nothing here reads.
"""

import csv
from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from wagtail import blocks
from wagtail.models import Page, Site

from .blocks.decisions import AgreedActionsBlock
from .calendar import PARIS
from .models import CommitteePage, MeetingPage, MinutesPage
from .models.base import outer_path, public
from .models.validation import validation_records


def current_site(request):
    site = Site.find_for_request(request)
    if site is None:
        raise Http404(_("Aucun site n'est configuré."))
    return site


def public_pages(model, site):
    return without_offline_ancestors(
        public(model.objects.live().descendant_of(site.root_page, inclusive=True))
    )


def without_offline_ancestors(queryset):
    """Leaves out the pages under an unpublished committee or meeting.

    Wagtail still serves them at their address, but they have left the site's navigation.
    """
    # A subquery of the page query, rather than a query and a condition per unpublished page.
    offline_ancestors = (
        Page.objects.not_live()
        .type(CommitteePage, MeetingPage)
        .filter(numchild__gt=0)
        .annotate(descendant_path=outer_path(), descendant_depth=OuterRef("depth"))
        .filter(descendant_path__startswith=F("path"), depth__lt=F("descendant_depth"))
    )
    return queryset.exclude(Exists(offline_ancestors))


def public_committee_or_404(site, committee_id):
    return get_object_or_404(public_pages(CommitteePage, site), pk=committee_id)


def public_meetings(site, committee=None):
    meetings = public_pages(MeetingPage, site)
    if committee is not None:
        meetings = meetings.child_of(committee)
    return meetings


@dataclass
class PublishedMinutes:
    """Live minutes with the record of their validation, their meeting and committee."""

    minutes: MinutesPage
    validation: object
    meeting: MeetingPage | None
    committee: CommitteePage | None


def validated_minutes(site, committee=None, limit=None):
    """Live, public and validated minutes of the site (or of a committee), newest publication first."""
    queryset = public_pages(MinutesPage, site).order_by("-first_published_at", "-pk").prefetch_related("tags")
    if committee is not None:
        queryset = queryset.descendant_of(committee)
    meetings = {m.path: m for m in public_meetings(site, committee)}
    committees = {c.path: c for c in public_pages(CommitteePage, site)}
    steplen = MinutesPage.steplen
    published = []
    minutes_pages = list(queryset)
    records = validation_records(minutes_pages)
    for minutes in minutes_pages:
        record = records.get(minutes.pk)
        if record is None:
            continue
        meeting = meetings.get(minutes.path[:-steplen])
        committee_page = committees.get(minutes.path[: -2 * steplen])
        published.append(PublishedMinutes(minutes, record, meeting, committee_page))
        if limit is not None and len(published) >= limit:
            break
    return published


def agreed_actions(minutes):
    """The actions of every « Actions décidées » block of the minutes, wherever it stands.

    The body's stored data is walked, and only the action blocks are read as values: reading
    every block would fetch the persons, images and documents the minutes mention, for each minutes.
    """
    return list(_actions_in(minutes.body.stream_block, minutes.body.raw_data))


def _actions_in(block, data):
    if data is None:
        return
    if isinstance(block, AgreedActionsBlock):
        yield from block.to_python(data).get("actions") or []
    elif isinstance(block, blocks.StreamBlock):
        for child in data:
            child_block = block.child_blocks.get(child.get("type"))
            if child_block is not None:
                yield from _actions_in(child_block, child.get("value"))
    elif isinstance(block, blocks.StructBlock):
        for name, child_block in block.child_blocks.items():
            yield from _actions_in(child_block, data.get(name))
    elif isinstance(block, blocks.ListBlock):
        for item in data:
            # Items are stored as {"type": "item", "value": …, "id": …}, or bare (before Wagtail 2.16).
            is_wrapped = isinstance(item, dict) and item.get("type") == "item" and "value" in item
            yield from _actions_in(block.child_block, item["value"] if is_wrapped else item)


def csv_safe(value):
    """Text a spreadsheet must not take for a formula (it may come from the public or a member)."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_response(filename, header, rows):
    """RFC 4180 CSV (comma, CRLF) in UTF-8 with a byte order mark, so that spreadsheets read accents."""
    response = HttpResponse(
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows([csv_safe(cell) if isinstance(cell, str) else cell for cell in row] for row in rows)
    return response


def _yes_no(value):
    return _("oui") if value else _("non")


def meetings_csv(request, committee_id=None):
    site = current_site(request)
    committee = public_committee_or_404(site, committee_id) if committee_id is not None else None
    committees = {c.path: c for c in public_pages(CommitteePage, site)}
    minutes_by_meeting_path = {
        item.minutes.path[: -MinutesPage.steplen]: item.minutes for item in validated_minutes(site, committee)
    }
    rows = []
    for meeting in public_meetings(site, committee).order_by("start", "pk"):
        parent = committee or committees.get(meeting.path[: -MeetingPage.steplen])
        start = timezone.localtime(meeting.start, PARIS)
        minutes = minutes_by_meeting_path.get(meeting.path)
        rows.append(
            [
                parent.title if parent else "",
                meeting.title,
                start.date().isoformat(),
                start.strftime("%H:%M"),
                meeting.end_time.strftime("%H:%M") if meeting.end_time else "",
                meeting.place,
                _yes_no(meeting.cancelled),
                meeting.get_full_url(request),
                minutes.get_full_url(request) if minutes else "",
            ]
        )
    header = [
        _("Comité"),
        _("Réunion"),
        _("Date"),
        _("Heure de début"),
        _("Heure de fin"),
        _("Lieu"),
        _("Annulée"),
        _("Adresse de la réunion"),
        _("Adresse du compte-rendu"),
    ]
    filename = f"reunions-{committee.slug}.csv" if committee else "reunions.csv"
    return csv_response(filename, header, rows)


def actions_csv(request, committee_id=None):
    site = current_site(request)
    committee = public_committee_or_404(site, committee_id) if committee_id is not None else None
    published = sorted(
        validated_minutes(site, committee),
        key=lambda item: item.meeting.start if item.meeting else item.minutes.first_published_at,
    )
    rows = []
    for item in published:
        meeting_date = (
            timezone.localtime(item.meeting.start, PARIS).date().isoformat() if item.meeting else ""
        )
        url = item.minutes.get_full_url(request)
        for action in agreed_actions(item.minutes):
            due_date = action.get("due_date")
            rows.append(
                [
                    item.committee.title if item.committee else "",
                    meeting_date,
                    action.get("what") or "",
                    action.get("who") or "",
                    due_date.isoformat() if due_date else "",
                    url,
                ]
            )
    header = [
        _("Comité"),
        _("Date de la réunion"),
        _("Action"),
        _("Porteur"),
        _("Échéance"),
        _("Adresse du compte-rendu"),
    ]
    filename = f"actions-{committee.slug}.csv" if committee else "actions.csv"
    return csv_response(filename, header, rows)
