"""Service communication cannot make unvalidated minutes public by any path (each over HTTP)."""

import datetime
from unittest import mock
from urllib.parse import urlparse

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cluac_pages.guarantee.rules import ADDRESS_CHANGE_REFUSED, EXPIRY_REFUSED
from cluac_pages.models import MeetingPage, MinutesPage

from .workflow_helpers import (
    act,
    build_meeting,
    create_draft_minutes,
    edit_url,
    minutes_form,
    submit,
)


@pytest.fixture
def tree(home_page):
    committee, meeting, _ = build_meeting(home_page)
    return committee, meeting


@pytest.fixture
def draft(tree, author):
    return create_draft_minutes(tree[1], author, text="Brouillon jamais validé.")


@pytest.fixture
def published(tree, author, secretary):
    """Minutes validated once (v1), then corrected in a draft (v2) never validated."""
    client = Client()
    minutes = create_draft_minutes(tree[1], author)
    client.force_login(author)
    submit(client, minutes, "Version validée.")
    client.force_login(secretary)
    act(client, minutes, "approve")
    client.force_login(author)
    client.post(edit_url(minutes), minutes_form(minutes, "Correction non validée."))
    minutes.refresh_from_db()
    assert minutes.live and minutes.has_unpublished_changes
    return minutes


@pytest.fixture
def author_client(author):
    client = Client()
    client.force_login(author)
    return client


def public_text(client, page):
    client.logout()
    response = client.get(page.url)
    return response.status_code, response.content.decode()


def test_the_publish_button_only_saves_a_draft(author_client, draft, client):
    author_client.post(
        edit_url(draft), minutes_form(draft, "Tentative de publication.", **{"action-publish": "1"})
    )

    draft.refresh_from_db()
    assert not draft.live
    assert public_text(client, draft)[0] == 404


def test_the_publish_button_is_not_offered(author_client, draft):
    body = author_client.get(edit_url(draft)).content.decode()
    assert 'name="action-publish"' not in body
    assert 'name="action-submit"' in body


def test_the_bulk_publish_action_is_refused(author_client, draft):
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"]) + f"?id={draft.pk}"
    author_client.post(url, {"include_descendants": "on"})

    draft.refresh_from_db()
    assert not draft.live


def test_bulk_publishing_a_meeting_with_descendants_leaves_its_minutes_offline(author_client, draft, tree):
    meeting = tree[1]
    meeting.unpublish()
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"]) + f"?id={meeting.pk}"
    author_client.post(url, {"include_descendants": "on"})

    meeting.refresh_from_db()
    draft.refresh_from_db()
    assert meeting.live
    assert not draft.live


def test_a_go_live_date_set_by_service_communication_schedules_nothing(author_client, draft):
    soon = timezone.localtime() + datetime.timedelta(hours=1)
    author_client.post(
        edit_url(draft),
        minutes_form(
            draft, "Programmée.", go_live_at=soon.strftime("%Y-%m-%d %H:%M"), **{"action-publish": "1"}
        ),
    )
    assert not draft.revisions.filter(approved_go_live_at__isnull=False).exists()

    with mock.patch("django.utils.timezone.now", return_value=timezone.now() + datetime.timedelta(days=1)):
        call_command("publish_scheduled")
    draft.refresh_from_db()
    assert not draft.live


def test_copying_published_minutes_as_live_copies_is_refused(
    author_client, published, tree, home_page, client
):
    from .factories import MeetingPageFactory

    other_meeting = MeetingPageFactory(parent=tree[0], slug="autre-reunion")
    url = reverse("wagtailadmin_pages:copy", args=[published.pk])
    response = author_client.post(
        url,
        {
            "new_title": "Copie",
            "new_slug": "copie",
            "new_parent_page": other_meeting.pk,
            "publish_copies": "on",
        },
        follow=True,
    )

    assert "publierait un compte-rendu sans la validation du secrétaire général" in response.content.decode()
    assert not MinutesPage.objects.child_of(other_meeting).exists()


def test_copying_a_meeting_with_its_minutes_as_live_copies_is_refused(author_client, published, tree):
    meeting = tree[1]
    url = reverse("wagtailadmin_pages:copy", args=[meeting.pk])
    response = author_client.post(
        url,
        {
            "new_title": "Réunion copiée",
            "new_slug": "reunion-copiee",
            "new_parent_page": tree[0].pk,
            "copy_subpages": "on",
            "publish_copies": "on",
        },
        follow=True,
    )

    assert "publierait un compte-rendu" in response.content.decode()
    assert MeetingPage.objects.count() == 1
    assert MinutesPage.objects.live().count() == 1


def test_copying_a_meeting_without_publishing_gives_draft_minutes_under_validation(
    author_client, published, tree
):
    meeting = tree[1]
    url = reverse("wagtailadmin_pages:copy", args=[meeting.pk])
    response = author_client.post(
        url,
        {
            "new_title": "Réunion copiée",
            "new_slug": "reunion-copiee",
            "new_parent_page": tree[0].pk,
            "copy_subpages": "on",
        },
    )

    assert response.status_code == 302
    copy = MinutesPage.objects.exclude(pk=published.pk).get()
    assert not copy.live
    assert copy.get_workflow() is not None


def test_an_alias_of_published_minutes_is_refused(author_client, published, tree):
    from .factories import MeetingPageFactory

    other_meeting = MeetingPageFactory(parent=tree[0], slug="autre-reunion")
    url = reverse("wagtailadmin_pages:copy", args=[published.pk])
    author_client.post(
        url,
        {"new_title": "Alias", "new_slug": "alias", "new_parent_page": other_meeting.pk, "alias": "on"},
    )
    assert not MinutesPage.objects.child_of(other_meeting).exists()


def test_reverting_to_an_unvalidated_revision_does_not_publish_it(author_client, published, client):
    unvalidated = published.get_latest_revision()
    url = reverse("wagtailadmin_pages:revisions_revert", args=[published.pk, unvalidated.pk])
    assert author_client.get(url).status_code == 200

    author_client.post(
        edit_url(published),
        minutes_form(
            published, "Correction non validée.", revision=unvalidated.pk, **{"action-publish": "1"}
        ),
    )

    status, body = public_text(client, published)
    assert "Version validée." in body
    assert "Correction non validée." not in body


def test_minutes_cannot_be_moved(author_client, published, tree):
    from .factories import MeetingPageFactory

    other_meeting = MeetingPageFactory(parent=tree[0], slug="autre-reunion")
    response = author_client.post(
        reverse("wagtailadmin_pages:move_confirm", args=[published.pk, other_meeting.pk])
    )

    assert response.status_code in (302, 403)
    published.refresh_from_db()
    assert published.get_parent().pk == tree[1].pk


def test_minutes_cannot_be_unpublished(author_client, published, client):
    response = author_client.post(reverse("wagtailadmin_pages:unpublish", args=[published.pk]))

    assert response.status_code in (302, 403)
    published.refresh_from_db()
    assert published.live
    assert public_text(client, published)[0] == 200


def test_published_minutes_and_the_pages_holding_them_cannot_be_deleted(author_client, published, tree):
    for page in (published, tree[1], tree[0]):
        author_client.post(reverse("wagtailadmin_pages:delete", args=[page.pk]))
    assert MinutesPage.objects.filter(pk=published.pk, live=True).exists()


def test_the_secretary_general_may_publish_and_unpublish_minutes(client, secretary, draft):
    client.force_login(secretary)
    client.post(edit_url(draft), minutes_form(draft, "Publié par le SG.", **{"action-publish": "1"}))
    draft.refresh_from_db()
    assert draft.live
    # Publishing directly is validating: the audit log's record gives the mention.
    status, body = public_text(Client(), draft)
    assert "Compte-rendu validé par le secrétaire général le" in body

    client.post(reverse("wagtailadmin_pages:unpublish", args=[draft.pk]))
    draft.refresh_from_db()
    assert not draft.live


# --- Validated minutes stay available: only a validator withdraws them, by any path -----------


def carriers(published):
    """The minutes and every page that carries them: meeting, committee, home page."""
    meeting = published.get_parent().specific
    committee = meeting.get_parent().specific
    return {
        "minutes": published,
        "meeting": meeting,
        "committee": committee,
        "home": committee.get_parent().specific,
    }


def assert_still_public(published):
    published.refresh_from_db()
    assert published.live
    anonymous = Client()
    response = anonymous.get(published.url)
    assert response.status_code == 200, response.status_code
    assert "Version validée." in response.content.decode()
    assert anonymous.get(published.url + "pdf/").status_code == 200
    committee = published.get_parent().get_parent()
    # Listed where the public finds it.
    assert urlparse(published.url).path in anonymous.get(committee.url).content.decode()
    assert published.full_url in anonymous.get("/sitemap.xml").content.decode()


CARRIERS = ["minutes", "meeting", "committee", "home"]


@pytest.mark.parametrize("which", CARRIERS)
@pytest.mark.parametrize("include_descendants", [False, True])
def test_service_communication_cannot_unpublish_what_carries_validated_minutes(
    author_client, published, which, include_descendants
):
    page = carriers(published)[which]
    data = {"include_descendants": "on"} if include_descendants else {}
    author_client.post(reverse("wagtailadmin_pages:unpublish", args=[page.pk]), data)

    page.refresh_from_db()
    assert page.live
    assert_still_public(published)


@pytest.mark.parametrize("which", CARRIERS)
def test_service_communication_cannot_bulk_unpublish_what_carries_validated_minutes(
    author_client, published, which
):
    page = carriers(published)[which]
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "unpublish"]) + f"?id={page.pk}"
    author_client.post(url, {"include_descendants": "on"})

    page.refresh_from_db()
    assert page.live
    assert_still_public(published)


PRIVACY = {
    "password": {"restriction_type": "password", "password": "secret-123"},
    "login": {"restriction_type": "login"},
    "groups": {"restriction_type": "groups"},
}


@pytest.mark.parametrize("which", CARRIERS)
@pytest.mark.parametrize("restriction", sorted(PRIVACY))
def test_service_communication_cannot_restrict_the_view_of_validated_minutes(
    author_client, published, which, restriction
):
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    page = carriers(published)[which]
    data = dict(PRIVACY[restriction])
    if restriction == "groups":
        data["groups"] = [Group.objects.get(name="Service communication").pk]
    author_client.post(reverse("wagtailadmin_pages:set_privacy", args=[page.pk]), data)

    assert not PageViewRestriction.objects.exists()
    assert_still_public(published)


@pytest.mark.parametrize("which", ["meeting", "committee", "home"])
def test_service_communication_cannot_delete_what_carries_validated_minutes(author_client, published, which):
    page = carriers(published)[which]
    author_client.post(reverse("wagtailadmin_pages:delete", args=[page.pk]))
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"]) + f"?id={page.pk}"
    author_client.post(url)

    assert_still_public(published)


def other_site(home_page):
    from wagtail.models import Site

    from .factories import HomePageFactory

    other_home = HomePageFactory(parent=home_page.get_parent(), title="Autre préfecture", slug="autre")
    Site.objects.create(hostname="autre.localhost", root_page=other_home, site_name="Autre")
    return other_home


@pytest.mark.parametrize("which", ["meeting", "committee"])
@pytest.mark.parametrize("bulk", [False, True])
def test_service_communication_cannot_move_what_carries_validated_minutes(
    author_client, published, home_page, which, bulk
):
    from .factories import CommitteePageFactory

    page = carriers(published)[which]
    destination = (
        CommitteePageFactory(parent=home_page, slug="autre-comite")
        if which == "meeting"
        else other_site(home_page)
    )
    old_url = published.url
    if bulk:
        url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "move"]) + f"?id={page.pk}"
        author_client.post(url, {"chooser": destination.pk})
    else:
        author_client.post(reverse("wagtailadmin_pages:move_confirm", args=[page.pk, destination.pk]))

    page.refresh_from_db()
    assert not page.is_descendant_of(destination)
    published.refresh_from_db()
    assert published.url == old_url
    assert_still_public(published)


def test_service_communication_may_move_a_meeting_whose_minutes_are_drafts(author_client, draft, home_page):
    from .factories import CommitteePageFactory

    meeting = draft.get_parent()
    destination = CommitteePageFactory(parent=home_page, slug="autre-comite")

    author_client.post(reverse("wagtailadmin_pages:move_confirm", args=[meeting.pk, destination.pk]))

    meeting.refresh_from_db()
    assert meeting.get_parent().pk == destination.pk
    draft.refresh_from_db()
    assert draft.url_path.startswith(destination.url_path) and not draft.live


@pytest.mark.parametrize(
    ("field", "reason"), [("slug", ADDRESS_CHANGE_REFUSED), ("expire_at", EXPIRY_REFUSED)]
)
def test_a_refused_address_or_expiry_says_why_beside_its_field(
    author_client, author, published, field, reason
):
    from .admin_forms import edit_form_data

    meeting = published.get_parent()
    soon = timezone.localtime() + datetime.timedelta(hours=1)
    value = "nouvelle-adresse" if field == "slug" else soon.strftime("%Y-%m-%d %H:%M")
    data = edit_form_data(meeting, author, **{field: value, "action-publish": "1"})

    response = author_client.post(edit_url(meeting), data)

    assert response.context["form"].errors[field] == [reason]
    assert str(reason) in response.content.decode()


@pytest.mark.parametrize("which", ["meeting", "committee"])
def test_service_communication_cannot_change_the_address_of_validated_minutes(
    author_client, author, published, which
):
    from .admin_forms import edit_form_data

    page = carriers(published)[which]
    old_url = published.url
    data = edit_form_data(page, author, slug="nouvelle-adresse", **{"action-publish": "1"})
    author_client.post(edit_url(page), data)

    page.refresh_from_db()
    assert page.slug != "nouvelle-adresse"
    published.refresh_from_db()
    assert published.url == old_url
    assert_still_public(published)


@pytest.mark.parametrize("which", ["meeting", "committee", "home"])
def test_service_communication_cannot_schedule_the_expiry_of_what_carries_validated_minutes(
    author_client, author, published, which
):
    from .admin_forms import edit_form_data

    page = carriers(published)[which]
    soon = timezone.localtime() + datetime.timedelta(hours=1)
    data = edit_form_data(page, author, expire_at=soon.strftime("%Y-%m-%d %H:%M"), **{"action-publish": "1"})
    author_client.post(edit_url(page), data)

    page.refresh_from_db()
    assert page.expire_at is None
    with mock.patch("django.utils.timezone.now", return_value=timezone.now() + datetime.timedelta(days=1)):
        call_command("publish_scheduled")
    assert_still_public(published)


def test_service_communication_cannot_change_the_site_root(author_client, published, home_page):
    from wagtail.models import Site

    other_home = other_site(home_page)
    site = Site.objects.get(is_default_site=True)
    response = author_client.post(
        reverse("wagtailsites:edit", args=[site.pk]),
        {"hostname": site.hostname, "port": site.port, "root_page": other_home.pk, "is_default_site": "on"},
    )

    assert response.status_code in (302, 403)
    site.refresh_from_db()
    assert site.root_page_id == home_page.pk
    assert_still_public(published)


@pytest.mark.parametrize("which", ["meeting", "committee", "home"])
def test_the_secretary_general_may_withdraw_validated_minutes_by_unpublishing_an_ancestor(
    client, secretary, published, which
):
    page = carriers(published)[which]
    client.force_login(secretary)
    client.post(reverse("wagtailadmin_pages:unpublish", args=[page.pk]), {"include_descendants": "on"})

    page.refresh_from_db()
    assert not page.live


@pytest.mark.parametrize("which", ["meeting", "committee"])
def test_the_sitemap_leaves_out_minutes_whose_ancestor_is_not_live(client, secretary, published, which):
    page = carriers(published)[which]
    client.force_login(secretary)
    client.post(reverse("wagtailadmin_pages:unpublish", args=[page.pk]))
    page.refresh_from_db()
    published.refresh_from_db()
    assert not page.live and published.live

    sitemap = Client().get("/sitemap.xml").content.decode()
    assert "<loc>" in sitemap
    assert published.full_url not in sitemap
    assert page.full_url not in sitemap


# --- What each role may still do --------------------------------------------------------------


def add_minutes_url(meeting):
    return reverse("wagtailadmin_pages:add", args=["cluac_pages", "minutespage", meeting.pk])


def new_minutes_form(text, **extra):
    minutes = MinutesPage(title="Compte-rendu", slug="compte-rendu", subject="Comité local des usagers")
    return minutes_form(minutes, text, **{"action-publish": "1", **extra})


def test_service_communication_cannot_publish_new_minutes_from_the_add_form(author_client, tree, client):
    meeting = tree[1]
    assert 'name="action-publish"' not in author_client.get(add_minutes_url(meeting)).content.decode()

    author_client.post(add_minutes_url(meeting), new_minutes_form("Publié dès sa création ?"))

    minutes = MinutesPage.objects.child_of(meeting).get()
    assert not minutes.live
    assert public_text(client, minutes)[0] == 404


def test_an_administrator_may_publish_new_minutes_from_the_add_form(client, tree):
    from django.contrib.auth import get_user_model

    meeting = tree[1]
    client.force_login(get_user_model().objects.create_superuser("admin", "admin@prefecture.example", "x"))
    assert 'name="action-publish"' in client.get(add_minutes_url(meeting)).content.decode()

    client.post(add_minutes_url(meeting), new_minutes_form("Compte-rendu publié par l'administrateur."))

    minutes = MinutesPage.objects.child_of(meeting).get()
    assert minutes.live
    status, body = public_text(Client(), minutes)
    assert status == 200 and "Compte-rendu publié par l'administrateur." in body


def test_service_communication_is_not_offered_to_move_draft_minutes(author_client, draft, tree):
    from .factories import MeetingPageFactory

    other_meeting = MeetingPageFactory(parent=tree[0], slug="autre-reunion")
    chooser = author_client.get(reverse("wagtailadmin_pages:move", args=[draft.pk]))
    author_client.post(reverse("wagtailadmin_pages:move_confirm", args=[draft.pk, other_meeting.pk]))

    assert chooser.status_code in (302, 403)
    assert (
        reverse("wagtailadmin_pages:move", args=[draft.pk])
        not in author_client.get(edit_url(draft)).content.decode()
    )
    draft.refresh_from_db()
    assert draft.get_parent().pk == tree[1].pk


def test_service_communication_may_delete_meetings_without_validated_minutes(author_client, tree, published):
    from .factories import MeetingPageFactory

    postponed = MeetingPageFactory(parent=tree[0], title="Réunion reportée sine die", slug="reportee")
    duplicate = MeetingPageFactory(parent=tree[0], title="Réunion saisie deux fois", slug="doublon")
    author_client.post(reverse("wagtailadmin_pages:delete", args=[postponed.pk]))
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"]) + f"?id={duplicate.pk}"
    author_client.post(url)

    assert not MeetingPage.objects.filter(pk__in=[postponed.pk, duplicate.pk]).exists()
    assert_still_public(published)


def test_service_communication_cannot_alias_a_committee_with_its_validated_minutes(
    author_client, published, tree, home_page
):
    from cluac_pages.models import CommitteePage

    url = reverse("wagtailadmin_pages:copy", args=[tree[0].pk])
    response = author_client.post(
        url,
        {
            "new_title": "Alias du comité",
            "new_slug": "alias-comite",
            "new_parent_page": home_page.pk,
            "copy_subpages": "on",
            "alias": "on",
        },
        follow=True,
    )

    assert "publierait un compte-rendu" in response.content.decode()
    assert not CommitteePage.objects.filter(slug="alias-comite").exists()
    assert MinutesPage.objects.count() == 1


def test_service_communication_may_publish_a_copy_of_a_committee_without_its_pages(
    author_client, published, tree, home_page, client
):
    from cluac_pages.models import CommitteePage

    url = reverse("wagtailadmin_pages:copy", args=[tree[0].pk])
    response = author_client.post(
        url,
        {
            "new_title": "CLU de test (copie)",
            "new_slug": "clu-copie",
            "new_parent_page": home_page.pk,
            "publish_copies": "on",
        },
    )

    assert response.status_code == 302
    copy = CommitteePage.objects.get(slug="clu-copie")
    assert copy.live and not copy.get_children().exists()
    assert MinutesPage.objects.count() == 1


def test_a_refused_move_says_why_and_goes_back_to_the_parent_s_explorer(author_client, published, tree):
    from .factories import CommitteePageFactory

    meeting = tree[1]
    destination = CommitteePageFactory(parent=tree[0].get_parent(), slug="autre-comite")
    response = author_client.post(
        reverse("wagtailadmin_pages:move_confirm", args=[meeting.pk, destination.pk])
    )

    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_explore", args=[tree[0].pk])
    explorer = author_client.get(response.url).content.decode()
    assert "seul un valideur des comptes-rendus" in explorer
    meeting.refresh_from_db()
    assert meeting.get_parent().pk == tree[0].pk


def test_with_several_authentication_backends_a_direct_publication_is_still_credited(
    client, secretary, draft
):
    from django.test import override_settings

    backends = [
        "django.contrib.auth.backends.ModelBackend",
        "django.contrib.auth.backends.AllowAllUsersModelBackend",
    ]
    with override_settings(AUTHENTICATION_BACKENDS=backends):
        client.force_login(secretary, backend=backends[0])
        client.post(edit_url(draft), minutes_form(draft, "Publié par le SG.", **{"action-publish": "1"}))
        draft.refresh_from_db()
        assert draft.live
        status, body = public_text(Client(), draft)
    assert "Compte-rendu validé par le secrétaire général le" in body


def test_moving_a_committee_without_validated_minutes_is_left_to_each_prefecture_s_team(
    author_client, tree, home_page
):
    from cluac_pages.models import PrefectureRoles

    from .factories import CommitteePageFactory
    from .workflow_helpers import client_for, make_user

    committee = tree[0]
    other_home = other_site(home_page)
    intruder = make_user("communication-autre")
    intruder.groups.add(PrefectureRoles.objects.get(site__root_page=other_home).communication_group)
    client_for(intruder).post(reverse("wagtailadmin_pages:move_confirm", args=[committee.pk, other_home.pk]))
    committee.refresh_from_db()
    assert committee.get_parent().pk == home_page.pk

    other_committee = CommitteePageFactory(parent=home_page, title="Autre comité", slug="autre-comite")
    author_client.post(reverse("wagtailadmin_pages:move_confirm", args=[tree[1].pk, other_committee.pk]))
    assert MeetingPage.objects.get(pk=tree[1].pk).get_parent().pk == other_committee.pk


@pytest.mark.parametrize("which", ["meeting", "committee"])
def test_an_expiry_date_a_validator_set_does_not_stop_service_communication_from_editing(
    author_client, author, published, which
):
    """A validator scheduled the page's expiry; an editor who corrects its title and keeps that
    date is not refused."""
    from .admin_forms import edit_form_data

    page = carriers(published)[which]
    expiry = (timezone.localtime() + datetime.timedelta(days=300)).replace(second=0, microsecond=0)
    page.expire_at = expiry
    page.save_revision().publish()
    data = edit_form_data(
        page,
        author,
        title="Titre corrigé",
        expire_at=expiry.strftime("%Y-%m-%d %H:%M"),
        **{"action-publish": "1"},
    )

    response = author_client.post(edit_url(page), data)

    assert response.status_code == 302
    page.refresh_from_db()
    assert page.title == "Titre corrigé"
    assert page.expire_at == expiry


def test_service_communication_may_create_a_meeting_page_that_expires(author_client, author, tree):
    """A new page carries no validated minutes yet: its expiry date is the editor's to set."""
    from .admin_forms import edit_form_data

    committee = tree[0]
    start = timezone.localtime() + datetime.timedelta(days=30)
    meeting = MeetingPage(title="Réunion de clôture", slug="cloture", start=start, place="Préfecture")
    expiry = (start + datetime.timedelta(days=400)).replace(second=0, microsecond=0)
    data = edit_form_data(
        meeting, author, expire_at=expiry.strftime("%Y-%m-%d %H:%M"), **{"action-publish": "1"}
    )

    response = author_client.post(
        reverse("wagtailadmin_pages:add", args=["cluac_pages", "meetingpage", committee.pk]), data
    )

    assert response.status_code == 302
    assert MeetingPage.objects.child_of(committee).get(slug="cloture").expire_at == expiry
