"""Where each page type may live in the tree."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.test.utils import WagtailPageTestCase

from cluac_pages.models import CommitteePage, MeetingPage, MinutesPage, ProcedureSheetPage
from home.models import ContentPage, HomePage

from .factories import (
    CommitteePageFactory,
    MeetingPageFactory,
    MinutesPageFactory,
)


class PageTreeRulesTests(WagtailPageTestCase):
    def test_meeting_lives_only_under_a_committee(self):
        self.assertAllowedParentPageTypes(MeetingPage, {CommitteePage})

    def test_minutes_live_only_under_a_meeting(self):
        self.assertAllowedParentPageTypes(MinutesPage, {MeetingPage})

    def test_procedure_sheet_lives_only_under_a_committee(self):
        self.assertAllowedParentPageTypes(ProcedureSheetPage, {CommitteePage})

    def test_committee_holds_meetings_and_procedure_sheets(self):
        self.assertAllowedSubpageTypes(CommitteePage, {MeetingPage, ProcedureSheetPage})

    def test_meeting_holds_only_minutes(self):
        self.assertAllowedSubpageTypes(MeetingPage, {MinutesPage})

    def test_minutes_and_procedure_sheets_hold_nothing(self):
        self.assertAllowedSubpageTypes(MinutesPage, set())
        self.assertAllowedSubpageTypes(ProcedureSheetPage, set())

    def test_committee_can_be_created_under_a_home_page(self):
        self.assertCanCreateAt(HomePage, CommitteePage)
        self.assertCanNotCreateAt(ContentPage, MeetingPage)


@pytest.fixture
def meeting(home_page):
    committee = CommitteePageFactory(parent=home_page)
    return MeetingPageFactory(parent=committee)


def test_a_meeting_created_outside_a_committee_is_refused(home_page):
    with pytest.raises(ValidationError, match="ne peut pas être placée sous"):
        MeetingPageFactory(parent=home_page)


def test_minutes_created_outside_a_meeting_are_refused(home_page):
    committee = CommitteePageFactory(parent=home_page)
    with pytest.raises(ValidationError, match="ne peut pas être placée sous"):
        MinutesPageFactory(parent=committee)


def test_a_second_set_of_minutes_for_one_meeting_is_refused(meeting):
    MinutesPageFactory(parent=meeting)
    with pytest.raises(ValidationError, match="ne peut en avoir qu"):
        MinutesPageFactory(parent=meeting, slug="autre-compte-rendu")
    assert MinutesPage.objects.child_of(meeting).count() == 1


def test_admin_offers_no_second_minutes_for_a_meeting(meeting, admin_client):
    add_url = f"/admin/pages/add/cluac_pages/minutespage/{meeting.pk}/"
    assert admin_client.get(add_url).status_code == 200

    MinutesPageFactory(parent=meeting)

    assert admin_client.get(add_url).status_code == 302
    chooser = admin_client.get(f"/admin/pages/{meeting.pk}/add_subpage/")
    assert "minutespage" not in chooser.content.decode()


def test_admin_refuses_a_meeting_under_the_home_page(home_page, admin_client):
    url = f"/admin/pages/add/cluac_pages/meetingpage/{home_page.pk}/"
    response = admin_client.post(url, {"title": "Réunion", "slug": "reunion"}, follow=True)
    assert response.redirect_chain[0] == ("/admin/", 302)
    assert not MeetingPage.objects.exists()
