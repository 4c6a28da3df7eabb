"""Dates as the French type them in the admin: JJ/MM/AAAA and JJ/MM/AAAA HH:MM, kept as typed.

Typed in Chromium into the page editor's fields, saved, and read back from the screen; an
unreadable date is an error on its field, with everything else the user typed still there.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest

from cluac_pages.models import MeetingPage, MinutesPage

from .admin_browser import log_in
from .browser import chromium, needs_chromium, save_screenshot
from .factories import CommitteePageFactory
from .workflow_helpers import build_meeting, create_draft_minutes

pytestmark = [
    needs_chromium,
    pytest.mark.single_pass,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PARIS = ZoneInfo("Europe/Paris")


def type_into(page, selector, text):
    """Clear a field and type ``text`` key by key, then leave the field as a user would."""
    field = page.locator(selector)
    field.click()
    field.fill("")
    field.press_sequentially(text)
    page.keyboard.press("Escape")
    page.locator("#id_title").click()


def save_draft(page):
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    page.wait_for_load_state("networkidle")


def test_meeting_start_and_end_typed_the_french_way_are_saved_and_shown_so(live_server, home_page, author):
    committee = CommitteePageFactory(parent=home_page, title="CLU de Châteaubriant-Ancenis", slug="clu")
    with chromium() as browser:
        page = log_in(browser, live_server.url, author.username)
        page.goto(f"{live_server.url}/admin/pages/add/cluac_pages/meetingpage/{committee.pk}/")
        page.fill("#id_title", "Réunion du 30 novembre 2015")
        type_into(page, "#id_start", "30/11/2015 14:30")
        type_into(page, "#id_end_time", "16h15")
        page.fill("#id_place", "Sous-préfecture de Châteaubriant")
        assert page.input_value("#id_start") == "30/11/2015 14:30", "the date picker changed the typed date"
        save_draft(page)
        assert "/edit/" in page.url, page.url
        shown_start = page.input_value("#id_start")
        shown_end = page.input_value("#id_end_time")
        save_screenshot(page, "admin-dates-meeting", full_page=False)
    assert shown_start == "30/11/2015 14:30"
    assert shown_end == "16:15"
    meeting = MeetingPage.objects.get(title="Réunion du 30 novembre 2015").get_latest_revision_as_object()
    assert meeting.start == datetime.datetime(2015, 11, 30, 14, 30, tzinfo=PARIS)
    assert meeting.end_time == datetime.time(16, 15)


def test_minutes_date_typed_the_french_way_is_saved_and_shown_so(live_server, home_page, author):
    _, meeting, _ = build_meeting(home_page)
    minutes = create_draft_minutes(meeting, author)
    with chromium() as browser:
        page = log_in(browser, live_server.url, author.username)
        page.goto(f"{live_server.url}/admin/pages/{minutes.pk}/edit/")
        type_into(page, "#id_written_on", "15/12/2015")
        save_draft(page)
        shown = page.input_value("#id_written_on")
    assert shown == "15/12/2015"
    saved = MinutesPage.objects.get(pk=minutes.pk).get_latest_revision_as_object()
    assert saved.written_on == datetime.date(2015, 12, 15)


@pytest.mark.parametrize("typed", ["31/02/2015 14:30", "30/11/2015 à 14h30 environ", "30-11"])
def test_an_unreadable_date_is_an_error_on_its_field_and_nothing_is_lost(
    live_server, home_page, author, typed
):
    _, meeting, _ = build_meeting(home_page)
    meeting.start = datetime.datetime(2015, 11, 30, 14, 30, tzinfo=PARIS)
    meeting.end_time = datetime.time(16, 15)
    meeting.save_revision(user=author).publish()
    with chromium() as browser:
        page = log_in(browser, live_server.url, author.username)
        page.goto(f"{live_server.url}/admin/pages/{meeting.pk}/edit/")
        page.fill("#id_title", "Réunion du CLU – titre corrigé")
        page.fill("#id_place", "Salle Erdre, préfecture de Nantes")
        type_into(page, "#id_start", typed)
        assert page.input_value("#id_start") == typed, "the date picker replaced what was typed"
        save_draft(page)
        error = page.locator("[data-field-wrapper]", has=page.locator("#id_start")).locator(".error-message")
        errors = page.locator(".error-message").all_inner_texts()
        kept = {
            "start": page.input_value("#id_start"),
            "title": page.input_value("#id_title"),
            "place": page.input_value("#id_place"),
        }
        save_screenshot(page, "admin-dates-error", full_page=False)
        near_start = error.count() and error.first.inner_text()
    assert "Saisissez une date et une heure valides." in " ".join(errors), errors
    assert near_start and "date et une heure valides" in near_start
    assert kept == {
        "start": typed,
        "title": "Réunion du CLU – titre corrigé",
        "place": "Salle Erdre, préfecture de Nantes",
    }
    meeting.refresh_from_db()
    assert meeting.start == datetime.datetime(2015, 11, 30, 14, 30, tzinfo=PARIS)
    assert meeting.get_latest_revision_as_object().start == meeting.start
