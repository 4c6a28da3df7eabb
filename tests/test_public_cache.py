"""Anonymous visitors are served from the cache, and every change that shows is seen at once.

Each test fills the cache with the public outputs (pages, feed, calendar, CSV, API, sitemap,
search), makes a change the way a user makes it (the admin's views, the workflow), and reads the
outputs again as a visitor: what changed shows at once, whatever was cached before.
"""

import base64
import contextlib
import datetime
import zoneinfo
from unittest import mock

import pytest
from django.test import Client, TestCase
from django.urls import reverse
from wagtail.contrib.frontend_cache.backends.base import BaseBackend
from wagtail.models import Page, Site

from cluac_pages.models import (
    Attendance,
    AttendanceStatus,
    MeetingPage,
    MinutesPage,
    PrefectureSettings,
    Seat,
)

from .factories import CommitteePageFactory, HomePageFactory, MeetingPageFactory
from .workflow_helpers import act, build_meeting, client_for, create_draft_minutes, edit_url, submit

# The index's writes must leave the cache as it is.
pytestmark = pytest.mark.usefixtures("public_cache_on", "search_index_updated")

MINUTES_TEXT = "Les horaires du guichet des cartes grises seront élargis le jeudi soir."


@pytest.fixture
def public_cache_on(settings):
    settings.CLUAC_PUBLIC_CACHE = {"ENABLED": True}


@pytest.fixture
def world(home_page, author, secretary):
    committee, meeting, people = build_meeting(home_page)
    # The site's settings are created (with their defaults) by its first visit.
    visit(home_page.url)
    return {"committee": committee, "meeting": meeting, "people": people}


def visit(url, host="localhost"):
    return Client(HTTP_HOST=host).get(url)


def outputs(world):
    committee = world["committee"]
    return {
        "committee": committee.url,
        "meeting": world["meeting"].url,
        "rss": reverse("cluac_pages:committee_minutes_rss", args=[committee.pk]),
        "calendar": reverse("cluac_pages:committee_calendar", args=[committee.pk]),
        "csv": reverse("cluac_pages:committee_meetings_csv", args=[committee.pk]),
        "api": "/api/v2/comptes-rendus/",
        "sitemap": "/sitemap.xml",
    }


def fill(urls):
    """Read each output twice as a visitor: the second read comes from the cache."""
    for name, url in urls.items():
        first = visit(url)
        assert first.status_code == 200, name
        second = visit(url)
        assert second["X-Cache"] == "HIT", name
        assert second.content == first.content, name


def publish_minutes(world, author, secretary, text=MINUTES_TEXT):
    minutes = create_draft_minutes(world["meeting"], author, text)
    with TestCase.captureOnCommitCallbacks(execute=True):
        submit(client_for(author), minutes, text)
        act(client_for(secretary), minutes, "approve")
    minutes.refresh_from_db()
    assert minutes.live
    return minutes


def test_a_visitor_s_second_read_comes_from_the_cache_and_a_logged_in_user_never_does(world, author):
    url = world["committee"].url
    assert visit(url)["X-Cache"] == "MISS"
    assert visit(url)["X-Cache"] == "HIT"

    editor = client_for(author)
    response = editor.get(url)
    assert response.status_code == 200
    assert "X-Cache" not in response
    # A logged-in user's page (with its user bar) is never stored for the visitors.
    editor.get(world["meeting"].url)
    assert visit(world["meeting"].url)["X-Cache"] == "MISS"


def test_forms_and_search_results_are_never_cached(world):
    # A form carries its visitor's CSRF token; search results follow the index, updated later.
    suggest = reverse("cluac_pages:suggest", args=[world["committee"].pk])
    for url in (suggest, "/recherche/?q=usagers", "/api/v2/comptes-rendus/?search=usagers"):
        for _ in range(2):
            response = visit(url)
            assert response.status_code == 200, url
            assert "X-Cache" not in response, url


def test_validated_minutes_show_at_once_on_every_output(world, author, secretary):
    urls = outputs(world)
    fill(urls)

    minutes = publish_minutes(world, author, secretary)

    for name in ("committee", "meeting", "rss", "api", "sitemap"):
        response = visit(urls[name])
        assert response["X-Cache"] == "MISS", name
        assert minutes.url.encode() in response.content or minutes.full_url.encode() in response.content, name
    assert MINUTES_TEXT.encode() in visit(minutes.url).content


def test_a_draft_saved_does_not_reach_the_visitors_and_a_validated_correction_does(world, author, secretary):
    minutes = publish_minutes(world, author, secretary)
    fill({"minutes": minutes.url})

    client_for(author).post(
        edit_url(minutes), {**_form(minutes, "Brouillon : le guichet fermera le samedi.")}
    )
    assert b"le guichet fermera le samedi" not in visit(minutes.url).content

    with TestCase.captureOnCommitCallbacks(execute=True):
        submit(client_for(author), minutes, "Correction : le guichet ouvrira aussi le samedi matin.")
        act(client_for(secretary), MinutesPage.objects.get(pk=minutes.pk), "approve")
    assert b"le guichet ouvrira aussi le samedi matin" in visit(minutes.url).content


def _form(minutes, text):
    from .workflow_helpers import minutes_form

    return minutes_form(minutes, text)


def test_withdrawn_minutes_leave_every_output_at_once(world, author, secretary):
    minutes = publish_minutes(world, author, secretary)
    urls = {**outputs(world), "minutes": minutes.url}
    fill(urls)

    with TestCase.captureOnCommitCallbacks(execute=True):
        client_for(secretary).post(reverse("wagtailadmin_pages:unpublish", args=[minutes.pk]))
    assert not MinutesPage.objects.get(pk=minutes.pk).live

    assert visit(minutes.url).status_code == 404
    for name in ("committee", "meeting", "rss", "api", "sitemap"):
        assert minutes.url.encode() not in visit(urls[name]).content, name


def test_a_deleted_meeting_leaves_the_committee_s_outputs_at_once(world, author, secretary):
    meeting = world["meeting"]
    urls = outputs(world)
    fill(urls)
    before = {name: visit(url).content for name, url in urls.items()}
    assert meeting.title.encode() in before["committee"]

    client_for(secretary).post(reverse("wagtailadmin_pages:delete", args=[meeting.pk]))
    assert not MeetingPage.objects.filter(pk=meeting.pk).exists()

    assert visit(meeting.url).status_code == 404
    for name in ("committee", "calendar", "csv"):
        assert meeting.title.encode() not in visit(urls[name]).content, name


def test_a_moved_meeting_shows_under_its_new_committee_at_once(world, home_page, django_user_model):
    administrator = django_user_model.objects.create_superuser("admin", "admin@prefecture.example", "x")
    meeting = world["meeting"]
    other = CommitteePageFactory(parent=home_page, title="CLU de Saint-Nazaire", slug="clu-saint-nazaire")
    fill({"old": world["committee"].url, "new": other.url})

    client_for(administrator).post(reverse("wagtailadmin_pages:move_confirm", args=[meeting.pk, other.pk]))
    meeting = MeetingPage.objects.get(pk=meeting.pk)
    assert meeting.get_parent().pk == other.pk

    assert meeting.title.encode() in visit(other.url).content
    assert meeting.title.encode() not in visit(world["committee"].url).content
    assert visit(meeting.url).status_code == 200


def test_a_meeting_moved_to_another_prefecture_leaves_the_first_site_at_once(
    world, home_page, django_user_model
):
    administrator = django_user_model.objects.create_superuser("admin", "admin@prefecture.example", "x")
    essonne_home = HomePageFactory(
        parent=home_page.get_parent(), title="Préfecture de l'Essonne", slug="essonne"
    )
    Site.objects.create(hostname="essonne.localhost", port=80, root_page=essonne_home, site_name="Essonne")
    essonne_committee = CommitteePageFactory(parent=essonne_home, title="CLU de l'Essonne", slug="clu")
    visit(essonne_home.url, "essonne.localhost")
    meeting = world["meeting"]
    fill({"committee": world["committee"].url, "sitemap": "/sitemap.xml"})

    client_for(administrator).post(
        reverse("wagtailadmin_pages:move_confirm", args=[meeting.pk, essonne_committee.pk])
    )
    assert MeetingPage.objects.get(pk=meeting.pk).get_parent().pk == essonne_committee.pk

    assert meeting.title.encode() not in visit(world["committee"].url).content
    assert b"/clu/reunion/" not in visit("/sitemap.xml").content
    assert meeting.title.encode() in visit(essonne_committee.url, "essonne.localhost").content


def test_a_page_a_script_adds_live_shows_at_once(world, home_page):
    # The demo's loader and data scripts add live pages without the admin's « Publier ».
    fill({"home": home_page.url, "sitemap": "/sitemap.xml"})

    CommitteePageFactory(parent=home_page, title="CLU de Saint-Nazaire", slug="clu-saint-nazaire")

    assert b"/clu-saint-nazaire/" in visit("/sitemap.xml").content
    assert "CLU de Saint-Nazaire" in visit(home_page.url).content.decode()


def test_a_seat_deleted_from_the_composition_leaves_the_committee_page_at_once(world, author):
    seat = Seat.objects.filter(committee=world["committee"]).first()
    seat.title = "Le représentant de la caisse d'allocations familiales"
    seat.save()
    url = world["committee"].url
    fill({"committee": url})
    assert "caisse d&#x27;allocations familiales" in visit(url).content.decode()

    response = client_for(author).post(f"/admin/cluac_pages/seat/delete/{seat.pk}/")
    assert response.status_code == 302
    assert not Seat.objects.filter(pk=seat.pk).exists()

    assert "caisse d&#x27;allocations familiales" not in visit(url).content.decode()


def test_a_host_no_site_names_is_answered_afresh_on_an_install_without_a_default_site(world, settings):
    settings.ALLOWED_HOSTS = ["*"]
    Site.objects.update(is_default_site=False)
    feed = reverse("cluac_pages:committee_minutes_rss", args=[world["committee"].pk])
    answers = {feed: 404, world["committee"].url: 404, "/api/v2/comptes-rendus/": 200, "/sitemap.xml": 200}
    for _ in range(2):
        for url, status in answers.items():
            response = visit(url, host="ancien-nom.example")
            assert response.status_code == status, url
            assert "X-Cache" not in response, url
    assert b"<url>" not in visit("/sitemap.xml", host="ancien-nom.example").content


def test_a_change_of_attendance_shows_at_once_on_the_minutes(world, author, secretary):
    minutes = publish_minutes(world, author, secretary)
    fill({"minutes": minutes.url})
    before = visit(minutes.url).content

    absent = Attendance.objects.get(meeting=world["meeting"], status=AttendanceStatus.ABSENT)
    absent.status = AttendanceStatus.PRESENT
    absent.save()

    after = visit(minutes.url)
    assert after["X-Cache"] == "MISS"
    assert after.content != before


def test_a_change_of_composition_shows_at_once_on_the_committee_page(world, author):
    seat = Seat.objects.filter(committee=world["committee"]).first()
    fill({"committee": world["committee"].url})

    data = {
        "committee": seat.committee_id,
        "college": seat.college_id,
        "organisation": seat.organisation_id,
        "title": "Le président de l'UDAF ou son représentant",
        "sort_order": 0,
        "mandates-TOTAL_FORMS": 0,
        "mandates-INITIAL_FORMS": 0,
        "mandates-MIN_NUM_FORMS": 0,
        "mandates-MAX_NUM_FORMS": 1000,
    }
    for index, mandate in enumerate(seat.mandates.all()):
        data.update(
            {
                f"mandates-{index}-id": mandate.pk,
                f"mandates-{index}-person": mandate.person_id,
                f"mandates-{index}-role": mandate.role,
                f"mandates-{index}-start_date": mandate.start_date.strftime("%d/%m/%Y"),
                f"mandates-{index}-end_date": "",
                f"mandates-{index}-ORDER": index + 1,
            }
        )
        data["mandates-TOTAL_FORMS"] = data["mandates-INITIAL_FORMS"] = index + 1
    response = client_for(author).post(f"/admin/cluac_pages/seat/edit/{seat.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:2000]

    assert "Le président de l&#x27;UDAF ou son représentant" in visit(world["committee"].url).content.decode()


def test_a_change_on_one_site_keeps_the_other_site_s_cache(world, author, secretary, home_page):
    essonne_home = HomePageFactory(
        parent=home_page.get_parent(), title="Préfecture de l'Essonne", slug="essonne"
    )
    Site.objects.create(hostname="essonne.localhost", port=80, root_page=essonne_home, site_name="Essonne")
    essonne_committee = CommitteePageFactory(parent=essonne_home, title="CLU de l'Essonne", slug="clu")
    visit(essonne_home.url, "essonne.localhost")
    visit(essonne_committee.url, "essonne.localhost")
    assert visit(essonne_committee.url, "essonne.localhost")["X-Cache"] == "HIT"
    fill({"committee": world["committee"].url})

    MeetingPageFactory(parent=world["committee"], title="Réunion du 12 mars 2024", slug="reunion-2024")
    revision = Page.objects.get(slug="reunion-2024").specific.save_revision()
    revision.publish()

    assert visit(essonne_committee.url, "essonne.localhost")["X-Cache"] == "HIT"
    committee = visit(world["committee"].url)
    assert committee["X-Cache"] == "MISS"
    assert "Réunion du 12 mars 2024" in committee.content.decode()


class RecordingBackend(BaseBackend):
    """A CDN for the tests: records the addresses purged."""

    purged = []

    def purge(self, url):
        self.purged.append(url)


def test_a_cdn_in_front_is_told_of_every_address_that_shows_new_minutes(
    world, author, secretary, settings, home_page
):
    settings.WAGTAILFRONTENDCACHE = {"cdn": {"BACKEND": "tests.test_public_cache.RecordingBackend"}}
    RecordingBackend.purged.clear()

    minutes = publish_minutes(world, author, secretary)

    committee = world["committee"]
    purged = set(RecordingBackend.purged)
    for url in (
        minutes.full_url,
        home_page.full_url,
        world["meeting"].full_url,
        committee.full_url,
        "http://localhost/flux/comptes-rendus.rss",
        f"http://localhost/flux/comites/{committee.pk}/comptes-rendus.rss",
        f"http://localhost/agenda/comites/{committee.pk}.ics",
        "http://localhost/api/v2/comptes-rendus/",
        "http://localhost/sitemap.xml",
    ):
        assert url in purged, url


@pytest.mark.parametrize("ancestor", ["meeting", "committee"])
@pytest.mark.parametrize("withdrawal", ["password", "unpublish"])
def test_minutes_withdrawn_through_an_ancestor_leave_the_cache_at_once(
    world, author, secretary, ancestor, withdrawal
):
    # The secretary general withdraws validated minutes by restricting or unpublishing the meeting or
    # the committee that holds them: the copy cached for visitors must go with them.
    minutes = publish_minutes(world, author, secretary)
    urls = {**outputs(world), "minutes": minutes.url}
    fill(urls)
    page = world[ancestor]

    with TestCase.captureOnCommitCallbacks(execute=True):
        if withdrawal == "password":
            client_for(secretary).post(
                reverse("wagtailadmin_pages:set_privacy", args=[page.pk]),
                {"restriction_type": "password", "password": "comite-2023"},
            )
        else:
            client_for(secretary).post(
                reverse("wagtailadmin_pages:unpublish", args=[page.pk]), {"include_descendants": "on"}
            )

    response = visit(minutes.url)
    assert MINUTES_TEXT.encode() not in response.content
    assert response.get("X-Cache") != "HIT"
    for name in ("rss", "api", "sitemap"):
        assert minutes.url.encode() not in visit(urls[name]).content, name


# --- Settings, lifetime, what is never stored ---------------------------------------------------

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


@contextlib.contextmanager
def at(moment):
    """The clock (Django's and the cache's) shows ``moment``."""
    with (
        mock.patch("time.time", return_value=moment.timestamp()),
        mock.patch("django.utils.timezone.now", return_value=moment),
    ):
        yield


def test_the_cache_is_on_by_default_and_off_when_the_settings_say_so(world, settings):
    url = world["committee"].url
    del settings.CLUAC_PUBLIC_CACHE
    assert visit(url)["X-Cache"] == "MISS"
    assert visit(url)["X-Cache"] == "HIT"

    settings.CLUAC_PUBLIC_CACHE = {"ENABLED": False}
    for _ in range(2):
        response = visit(url)
        assert response.status_code == 200
        assert "X-Cache" not in response


def test_the_cache_the_settings_name_is_the_one_used(world, settings):
    # Here a cache that keeps nothing: every visit is rendered again.
    settings.CACHES = {
        **settings.CACHES,
        "publique": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }
    settings.CLUAC_PUBLIC_CACHE = {"ALIAS": "publique"}
    for _ in range(2):
        assert visit(world["committee"].url)["X-Cache"] == "MISS"


def test_a_cache_server_emptied_is_filled_again(world):
    # The cache server restarted: it has lost every entry and every site's generation.
    from django.core.cache import caches

    url = world["committee"].url
    fill({"committee": url})
    caches["default"].clear()
    first = visit(url)
    assert first.status_code == 200
    assert first["X-Cache"] == "MISS"
    assert visit(url)["X-Cache"] == "HIT"


def test_the_paths_the_settings_exclude_are_never_cached(world, settings):
    feed = reverse("cluac_pages:committee_minutes_rss", args=[world["committee"].pk])
    settings.CLUAC_PUBLIC_CACHE = {"EXCLUDED_PATHS": ["/flux/"]}
    for _ in range(2):
        response = visit(feed)
        assert response.status_code == 200
        assert "X-Cache" not in response
    visit(world["committee"].url)
    assert visit(world["committee"].url)["X-Cache"] == "HIT"


def test_a_page_is_served_from_the_cache_ten_minutes_at_most(world, settings):
    del settings.CLUAC_PUBLIC_CACHE
    url = world["committee"].url
    # Some day to come, at ten in the morning.
    start = datetime.datetime.combine(
        timezone_today() + datetime.timedelta(days=10), datetime.time(10), PARIS
    )
    with at(start):
        assert visit(url)["X-Cache"] == "MISS"
    with at(start + datetime.timedelta(seconds=599)):
        assert visit(url)["X-Cache"] == "HIT"
    with at(start + datetime.timedelta(seconds=600)):
        assert visit(url)["X-Cache"] == "MISS"

    # After a change, the new page is kept ten minutes as well.
    changed = start + datetime.timedelta(seconds=700)
    with at(changed):
        Attendance.objects.filter(meeting=world["meeting"]).first().save()
        assert visit(url)["X-Cache"] == "MISS"
    with at(changed + datetime.timedelta(seconds=599)):
        assert visit(url)["X-Cache"] == "HIT"

    # The settings give another lifetime (production: PUBLIC_CACHE_TIMEOUT).
    settings.CLUAC_PUBLIC_CACHE = {"TIMEOUT": 60}
    later = changed + datetime.timedelta(seconds=3600)
    with at(later):
        assert visit(url)["X-Cache"] == "MISS"
    with at(later + datetime.timedelta(seconds=59)):
        assert visit(url)["X-Cache"] == "HIT"
    with at(later + datetime.timedelta(seconds=61)):
        assert visit(url)["X-Cache"] == "MISS"


def timezone_today():
    from django.utils import timezone

    return timezone.localdate()


def test_a_page_read_before_midnight_is_read_again_after(world, settings):
    # At midnight the day's meetings are no longer « à venir »: no page is served from the day before.
    del settings.CLUAC_PUBLIC_CACHE
    committee, meeting = world["committee"].url, world["meeting"].url
    day = timezone_today() + datetime.timedelta(days=10)
    midnight = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(), PARIS)
    with at(midnight - datetime.timedelta(minutes=5)):
        assert visit(committee)["X-Cache"] == "MISS"
    with at(midnight - datetime.timedelta(seconds=0.5)):
        assert visit(committee)["X-Cache"] == "HIT"
        assert visit(meeting)["X-Cache"] == "MISS"
    with at(midnight + datetime.timedelta(seconds=1)):
        assert visit(meeting)["X-Cache"] == "MISS"
    with at(midnight + datetime.timedelta(seconds=1.5)):
        assert visit(committee)["X-Cache"] == "MISS"


def test_not_found_pages_head_requests_and_message_cookies_are_answered_afresh(world):
    url = world["committee"].url
    for _ in range(2):
        missing = visit("/clu/reunion-inconnue/")
        assert missing.status_code == 404
        assert "X-Cache" not in missing
    visit(url)
    assert visit(url)["X-Cache"] == "HIT"
    # A link checker's HEAD is answered by the site, not from the cache.
    head = Client().head(url)
    assert head.status_code == 200
    assert "X-Cache" not in head
    # A visitor who has just sent a form reads the message it left.
    visitor = Client()
    visitor.cookies["messages"] = "message-en-attente"
    response = visitor.get(url)
    assert response.status_code == 200
    assert "X-Cache" not in response


def test_a_form_is_never_cached_even_for_a_visitor_who_already_has_a_csrf_cookie(world):
    suggest = reverse("cluac_pages:suggest", args=[world["committee"].pk])
    visitor = Client()
    first = visitor.get(suggest)
    assert "csrftoken" in visitor.cookies
    for _ in range(2):
        response = visitor.get(suggest)
        assert response.status_code == 200
        assert "X-Cache" not in response
    assert "X-Cache" not in first


@pytest.mark.urls("tests.public_cache_urls")
@pytest.mark.parametrize(
    "path", ["/essai/prive/", "/essai/sans-cache/", "/essai/sans-stockage/", "/essai/sans-cache-du-cookie/"]
)
def test_a_page_that_must_not_be_shared_is_never_cached(world, path):
    for _ in range(2):
        response = visit(path)
        assert response.status_code == 200
        assert "X-Cache" not in response
    visit("/essai/public/")
    assert visit("/essai/public/")["X-Cache"] == "HIT"


def test_a_script_reading_the_api_with_a_password_is_not_served_to_visitors(world, author):
    # The API also accepts a user's password (HTTP basic authentication): that answer is the user's.
    credentials = base64.b64encode(b"redacteur:mot-de-passe").decode()
    script = Client(HTTP_AUTHORIZATION=f"Basic {credentials}")
    for _ in range(2):
        response = script.get("/api/v2/comptes-rendus/")
        assert response.status_code == 200
        assert "X-Cache" not in response
    assert visit("/api/v2/comptes-rendus/")["X-Cache"] == "MISS"


def test_logging_in_and_saving_a_draft_keep_what_visitors_read(world, author, secretary):
    minutes = publish_minutes(world, author, secretary)
    urls = {"committee": world["committee"].url, "minutes": minutes.url}
    fill(urls)

    editor = Client()
    response = editor.post(
        reverse("wagtailadmin_login"), {"username": "redacteur", "password": "mot-de-passe"}
    )
    assert response.status_code == 302
    editor.post(edit_url(minutes), _form(minutes, "Brouillon : le guichet fermera le samedi."))
    assert MinutesPage.objects.get(pk=minutes.pk).has_unpublished_changes

    for name, url in urls.items():
        assert visit(url)["X-Cache"] == "HIT", name


def test_a_page_read_while_a_change_is_committed_is_read_again_after(world):
    url = world["committee"].url
    fill({"committee": url})
    with TestCase.captureOnCommitCallbacks(execute=True):
        absent = Attendance.objects.get(meeting=world["meeting"], status=AttendanceStatus.ABSENT)
        absent.status = AttendanceStatus.EXCUSED
        absent.save()
        # A visitor reads the page before the change is committed (from the rows of before).
        assert visit(url)["X-Cache"] == "MISS"
    assert visit(url)["X-Cache"] == "MISS"


def test_a_change_of_a_prefecture_s_settings_or_meetings_purges_that_site_only(world, home_page):
    essonne_home = HomePageFactory(
        parent=home_page.get_parent(), title="Préfecture de l'Essonne", slug="essonne"
    )
    essonne = Site.objects.create(
        hostname="essonne.localhost", port=80, root_page=essonne_home, site_name="Essonne"
    )
    essonne_committee = CommitteePageFactory(parent=essonne_home, title="CLU de l'Essonne", slug="clu")
    visit(essonne_home.url, "essonne.localhost")

    def fill_both():
        fill({"committee": world["committee"].url})
        visit(essonne_committee.url, "essonne.localhost")
        assert visit(essonne_committee.url, "essonne.localhost")["X-Cache"] == "HIT"

    fill_both()
    absent = Attendance.objects.get(meeting=world["meeting"], status=AttendanceStatus.ABSENT)
    absent.status = AttendanceStatus.EXCUSED
    absent.save()
    assert visit(world["committee"].url)["X-Cache"] == "MISS"
    assert visit(essonne_committee.url, "essonne.localhost")["X-Cache"] == "HIT"

    fill_both()
    identity = PrefectureSettings.for_site(essonne)
    identity.service_title = "Comité des usagers de l'Essonne"
    identity.save()
    response = visit(essonne_committee.url, "essonne.localhost")
    assert "Comité des usagers de l&#x27;Essonne" in response.content.decode()
    assert visit(world["committee"].url)["X-Cache"] == "HIT"


def test_the_purge_wired_at_start_up_holds_when_started_again(world):
    # AppConfig.ready() connects the purge to Django's and Wagtail's signals; a second start-up in the
    # same process (a test runner, a reloaded worker) connects nothing twice and breaks nothing.
    from cluac_pages import public_cache

    public_cache.connect()
    url = world["committee"].url
    fill({"committee": url})
    absent = Attendance.objects.get(meeting=world["meeting"], status=AttendanceStatus.ABSENT)
    absent.status = AttendanceStatus.EXCUSED
    absent.save()
    assert visit(url)["X-Cache"] == "MISS"
    assert visit(url)["X-Cache"] == "HIT"


def test_a_generation_lost_by_the_cache_server_brings_no_entry_back(world):
    # The cache server evicts a site's generation while keeping the pages stored under it.
    from django.core.cache import caches

    from cluac_pages import public_cache

    url = world["committee"].url
    site = Site.objects.get(is_default_site=True)
    generations = [public_cache.EVERY_SITE, public_cache.site_generation_key(site.pk)]
    for _ in range(2):
        fill({"committee": url})
        caches["default"].delete_many(generations)
        assert visit(url)["X-Cache"] == "MISS"

    # The generation started again lasts: the page read then is served ten minutes.
    start = datetime.datetime.combine(
        timezone_today() + datetime.timedelta(days=10), datetime.time(10), PARIS
    )
    with at(start):
        caches["default"].delete_many(generations)
        assert visit(url)["X-Cache"] == "MISS"
    with at(start + datetime.timedelta(seconds=599)):
        assert visit(url)["X-Cache"] == "HIT"


def test_a_change_that_names_no_site_purges_every_site(world):
    # A mandate names neither a page nor a site: what every site shows is read again.
    from cluac_pages.models import Mandate

    url = world["committee"].url
    fill({"committee": url})
    mandate = Mandate.objects.get(person=world["people"]["absent"])
    mandate.end_date = datetime.date(2023, 1, 1)
    mandate.save()
    assert visit(url)["X-Cache"] == "MISS"


def test_a_forged_host_is_answered_as_usual(world, settings):
    settings.ALLOWED_HOSTS = ["localhost"]
    assert visit(world["committee"].url, host="faux.example").status_code == 400
