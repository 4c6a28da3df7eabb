"""The secretariat's follow-up: late committees, minutes overdue or awaiting validation, overdue actions.

Shared by the admin dashboard panel and the ``cluac_report`` management command.
"""

import datetime
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.models import WorkflowState

from .models import CommitteePage, MeetingPage, MinutesPage, TrackedAction
from .models.base import BasePage
from .prefectures.roles import under_sites

MINUTES_DELAY_DAYS = 30


@dataclass
class LateCommittee:
    committee: CommitteePage
    meetings_last_year: int
    required: int
    last_meeting: datetime.date | None
    days_late: int


@dataclass
class MeetingWithoutMinutes:
    meeting: MeetingPage
    committee_title: str
    held_on: datetime.date
    days_since: int


@dataclass
class FollowUpReport:
    today: datetime.date
    late_committees: list = field(default_factory=list)
    meetings_without_minutes: list = field(default_factory=list)
    minutes_awaiting_validation: list = field(default_factory=list)
    overdue_actions: list = field(default_factory=list)

    @property
    def has_delays(self):
        return bool(self.late_committees or self.meetings_without_minutes or self.overdue_actions)


def parent_path(path):
    return path[: -BasePage.steplen]


def of_sites(queryset, sites, path_field="path"):
    """The pages (or rows of a page, by ``path_field``) of the prefectures ``sites``; all if ``None``."""
    return queryset if sites is None else queryset.filter(under_sites(sites, path_field))


def late_committees(today, sites=None):
    """Committees that held fewer meetings than their rule in the last 12 months."""
    year_ago = today - relativedelta(years=1)
    meetings = of_sites(MeetingPage.objects.live().filter(cancelled=False, start__date__lte=today), sites)
    dates_by_committee = {}
    for path, start in meetings.values_list("path", "start"):
        dates_by_committee.setdefault(parent_path(path), []).append(timezone.localtime(start).date())
    late = []
    for committee in of_sites(CommitteePage.objects.live(), sites).order_by("title"):
        dates = sorted(dates_by_committee.get(committee.path, []))
        recent = [day for day in dates if day > year_ago]
        if len(recent) >= committee.min_meetings_per_year:
            continue
        last = dates[-1] if dates else None
        required = committee.min_meetings_per_year
        if len(dates) >= required:
            # The rule stopped being met a year after the required-th most recent meeting.
            due = dates[-required] + relativedelta(years=1)
        else:
            created = committee.first_published_at or timezone.now()
            due = timezone.localtime(created).date() + relativedelta(years=1)
        if due > today:
            continue  # a committee set up less than a year ago is not late yet
        late.append(
            LateCommittee(
                committee=committee,
                meetings_last_year=len(recent),
                required=committee.min_meetings_per_year,
                last_meeting=last,
                days_late=(today - due).days,
            )
        )
    return late


def meetings_without_minutes(today, sites=None):
    """Meetings held more than 30 days ago whose minutes are not published."""
    limit = today - datetime.timedelta(days=MINUTES_DELAY_DAYS)
    meetings = list(
        of_sites(MeetingPage.objects.live().filter(cancelled=False, start__date__lt=limit), sites).order_by(
            "start"
        )
    )
    published = {
        parent_path(path)
        for path in of_sites(MinutesPage.objects.live(), sites).values_list("path", flat=True)
    }
    committees = {
        committee.path: committee.title
        for committee in CommitteePage.objects.filter(path__in={parent_path(m.path) for m in meetings})
    }
    return [
        MeetingWithoutMinutes(
            meeting=meeting,
            committee_title=committees.get(parent_path(meeting.path), ""),
            held_on=timezone.localtime(meeting.start).date(),
            days_since=(today - timezone.localtime(meeting.start).date()).days,
        )
        for meeting in meetings
        if meeting.path not in published
    ]


def minutes_awaiting_validation(sites=None):
    """Minutes submitted to validation and not yet approved or sent back."""
    content_type = ContentType.objects.get_for_model(MinutesPage)
    states = WorkflowState.objects.filter(
        status=WorkflowState.STATUS_IN_PROGRESS, content_type=content_type
    ).select_related("requested_by")
    minutes = of_sites(MinutesPage.objects.all(), sites).in_bulk([int(state.object_id) for state in states])
    return [
        (minutes[int(state.object_id)], state)
        for state in states.order_by("created_at")
        if int(state.object_id) in minutes
    ]


def overdue_actions(today, sites=None):
    """Actions to do or in progress whose due date has passed, the most overdue first."""
    actions = of_sites(TrackedAction.objects.overdue(today), sites, "committee__path")
    return list(actions.select_related("committee").order_by("due_date", "pk"))


def follow_up_report(today=None, sites=None):
    """The follow-up of the prefectures ``sites`` (every one if ``None``)."""
    today = today or timezone.localdate()
    return FollowUpReport(
        today=today,
        late_committees=late_committees(today, sites),
        meetings_without_minutes=meetings_without_minutes(today, sites),
        minutes_awaiting_validation=minutes_awaiting_validation(sites),
        overdue_actions=overdue_actions(today, sites),
    )
