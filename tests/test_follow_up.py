"""The yearly obligation and the minutes backlog: dashboard panel and cron report."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from cluac_pages.models import CommitteePage
from cluac_pages.reports import follow_up_report

from .factories import PARIS, CommitteePageFactory, MeetingPageFactory, MinutesPageFactory
from .workflow_helpers import SERVICE_COMMUNICATION, create_draft_minutes, make_user, submit

TODAY = timezone.localdate()


def at(day):
    return datetime.datetime.combine(day, datetime.time(10), tzinfo=PARIS)


def meeting(committee, day, slug, **extra):
    return MeetingPageFactory(parent=committee, start=at(day), slug=slug, title=f"Réunion {slug}", **extra)


def set_up_long_ago(committee):
    CommitteePage.objects.filter(pk=committee.pk).update(
        first_published_at=timezone.now() - relativedelta(years=3)
    )


@pytest.fixture
def committees(home_page):
    on_time = CommitteePageFactory(parent=home_page, title="CLU à jour", slug="a-jour")
    meeting(on_time, TODAY - relativedelta(months=11), "onze-mois")
    late = CommitteePageFactory(parent=home_page, title="CLU en retard", slug="en-retard")
    meeting(late, TODAY - relativedelta(months=13), "treize-mois")
    meeting(late, TODAY - relativedelta(months=2), "annulee", cancelled=True)
    twice = CommitteePageFactory(
        parent=home_page, title="CLU deux fois par an", slug="deux", min_meetings_per_year=2
    )
    meeting(twice, TODAY - relativedelta(months=18), "dix-huit-mois")
    meeting(twice, TODAY - relativedelta(months=3), "trois-mois")
    never = CommitteePageFactory(parent=home_page, title="CLU jamais réuni", slug="jamais")
    set_up_long_ago(never)
    CommitteePageFactory(parent=home_page, title="CLU tout neuf", slug="neuf")
    for committee in (on_time, late, twice):
        set_up_long_ago(committee)
    return {"on_time": on_time, "late": late, "twice": twice, "never": never}


def test_committees_below_their_yearly_rule_are_listed_with_how_late_they_are(committees):
    late = {item.committee.title: item for item in follow_up_report().late_committees}

    assert set(late) == {"CLU en retard", "CLU deux fois par an", "CLU jamais réuni"}
    overdue = late["CLU en retard"]
    assert overdue.meetings_last_year == 0  # the cancelled meeting does not count
    assert overdue.last_meeting == TODAY - relativedelta(months=13)
    assert overdue.days_late == (TODAY - (TODAY - relativedelta(months=13) + relativedelta(years=1))).days
    assert overdue.days_late > 0
    twice = late["CLU deux fois par an"]
    assert (twice.meetings_last_year, twice.required) == (1, 2)
    assert twice.days_late == (TODAY - (TODAY - relativedelta(months=6))).days
    assert late["CLU jamais réuni"].last_meeting is None


def test_meetings_over_30_days_without_published_minutes_are_listed(committees):
    on_time = committees["on_time"]
    meeting(on_time, TODAY - datetime.timedelta(days=29), "recente")
    with_minutes = meeting(on_time, TODAY - datetime.timedelta(days=45), "avec-cr")
    MinutesPageFactory(parent=with_minutes, slug="compte-rendu")

    listed = {item.meeting.slug: item.days_since for item in follow_up_report().meetings_without_minutes}

    assert "recente" not in listed and "avec-cr" not in listed
    assert listed["onze-mois"] == (TODAY - (TODAY - relativedelta(months=11))).days


def test_minutes_awaiting_validation_are_listed(committees):
    author = make_user("redacteur", SERVICE_COMMUNICATION)
    minutes = create_draft_minutes(committees["on_time"].get_children().first().specific, author)
    client = Client()
    client.force_login(author)
    submit(client, minutes, "À valider.")

    assert [m.pk for m, _ in follow_up_report().minutes_awaiting_validation] == [minutes.pk]


def test_the_dashboard_shows_the_follow_up_panel(committees, admin_client):
    body = admin_client.get("/admin/").content.decode()

    assert "Suivi des comités locaux des usagers" in body
    assert "CLU en retard" in body and "CLU jamais réuni" in body
    assert "CLU à jour" not in body.split("Comités en retard sur leurs réunions")[1].split("<h3>")[0]


def test_the_cron_report_prints_the_same_and_fails_when_something_is_late(committees, capsys):
    with pytest.raises(SystemExit) as exit_info:
        call_command("cluac_report")
    output = capsys.readouterr().out

    assert exit_info.value.code == 1
    assert "CLU en retard : 0 réunion(s) en 12 mois pour 1 requise(s)" in output
    assert "aucune réunion tenue" in output


def test_the_cron_report_succeeds_when_nothing_is_late(home_page, capsys):
    committee = CommitteePageFactory(parent=home_page, title="CLU à jour", slug="a-jour")
    recent = meeting(committee, TODAY - datetime.timedelta(days=40), "recente")
    MinutesPageFactory(parent=recent, slug="compte-rendu")

    call_command("cluac_report")

    output = capsys.readouterr().out
    assert "Comités en retard sur leurs réunions :\n  aucun" in output
