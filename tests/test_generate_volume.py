"""``generate_volume``: a database full of prefectures, meetings and validated minutes."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from wagtail.models import Page, Revision, Site, TaskState, WorkflowState

from cluac_pages.models import (
    Attendance,
    CommitteePage,
    MeetingPage,
    MinutesAnnex,
    MinutesPage,
    Organisation,
    Person,
    PrefectureRoles,
    Seat,
)

HOSTS = ["prefecture-01.localhost", "prefecture-02.localhost"]


def generate(**options):
    out = StringIO()
    call_command(
        "generate_volume",
        prefectures=2,
        years=1,
        meetings_per_year=2,
        force=True,
        verbosity=0,
        stdout=out,
        stderr=StringIO(),
        **options,
    )
    return out.getvalue()


def blocks_in(body):
    """Every block of a minutes body, those inside its sections included."""
    count = 0
    for child in body:
        count += 1
        if child.block_type == "section":
            count += len(child.value["content"])
    return count


@pytest.fixture
def generated(db):
    return generate()


def test_each_prefecture_gets_its_site_roles_people_and_committee(generated):
    assert "2 sites, 6 réunions et 4 comptes-rendus" in generated
    sites = {site.hostname: site for site in Site.objects.filter(hostname__in=HOSTS)}
    assert set(sites) == set(HOSTS)
    for site in sites.values():
        roles = PrefectureRoles.objects.get(site=site)
        assert roles.secretary_group.user_set.filter(username__startswith="secretaire-general-").count() == 1
        committee = CommitteePage.objects.descendant_of(site.root_page).get()
        assert Seat.objects.filter(committee=committee).count() == 30
        assert Person.objects.filter(site=site).count() == 45
        assert Organisation.objects.filter(site=site).exists()
        # Two past meetings with minutes, and the next one announced.
        meetings = MeetingPage.objects.descendant_of(site.root_page).live()
        assert meetings.count() == 3
        assert Attendance.objects.filter(meeting__in=meetings).count() == 60


def test_the_second_prefecture_pages_stand_under_its_own_root(generated):
    first, second = (Site.objects.get(hostname=host) for host in HOSTS)
    second_pages = Page.objects.descendant_of(second.root_page)
    assert second_pages.count() == 5 + 1 + 3 + 2  # footer pages and sitemap, committee, meetings, minutes
    assert not second_pages.filter(path__startswith=first.root_page.path).exists()
    for minutes in MinutesPage.objects.descendant_of(second.root_page):
        speakers = {
            exchange.value["speaker"].site_id
            for section in minutes.body
            if section.block_type == "section"
            for exchange in section.value["content"]
            if exchange.block_type == "exchange"
        }
        assert speakers == {second.pk}, "a speaker of another prefecture"


def test_minutes_are_long_and_validated_through_the_workflow(generated):
    site = Site.objects.get(hostname=HOSTS[1])
    minutes_pages = MinutesPage.objects.descendant_of(site.root_page)
    assert minutes_pages.count() == 2
    for minutes in minutes_pages:
        assert minutes.live
        assert blocks_in(minutes.body) >= 60
        kinds = {
            child.block_type
            for section in minutes.body
            if section.block_type == "section"
            for child in section.value["content"]
        }
        assert {"exchange", "quality_results", "image", "satisfaction_survey", "agreed_actions"} <= kinds
        assert MinutesAnnex.objects.filter(minutes=minutes).count() == 2
        assert minutes.tags.count() == 4
        assert Revision.page_revisions.filter(object_id=str(minutes.pk)).exists()
        workflow_state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(minutes.pk))
        assert workflow_state.status == WorkflowState.STATUS_APPROVED
        assert workflow_state.requested_by.username == "communication-02"
        task_state = TaskState.objects.get(workflow_state=workflow_state)
        assert task_state.status == TaskState.STATUS_APPROVED
        assert task_state.finished_by.username == "secretaire-general-02"


def test_the_generated_minutes_are_served_on_their_prefecture_host(generated):
    site = Site.objects.get(hostname=HOSTS[1])
    minutes = MinutesPage.objects.descendant_of(site.root_page).first()
    response = Client().get(minutes.url_path[len(site.root_page.url_path) - 1 :], HTTP_HOST=HOSTS[1])
    assert response.status_code == 200
    assert minutes.subject in response.content.decode()
    assert "Compte-rendu validé par" in response.content.decode()


def test_a_second_run_replaces_the_first(generated):
    generate()
    assert Site.objects.filter(hostname__in=HOSTS).count() == 2
    assert MinutesPage.objects.count() == 4
    assert Organisation.objects.filter(name__endswith="– Ain").count() == len(
        set(Organisation.objects.filter(name__endswith="– Ain").values_list("name", flat=True))
    )


@pytest.mark.django_db
def test_refuses_to_run_without_debug_unless_forced():
    with pytest.raises(CommandError, match="--force"):
        call_command("generate_volume", prefectures=1, years=1, meetings_per_year=1, verbosity=0)
