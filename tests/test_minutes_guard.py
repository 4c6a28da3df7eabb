"""Service communication cannot make unvalidated minutes public by any path (each over HTTP)."""

import datetime
from unittest import mock

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

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


def test_unpublishing_a_meeting_with_its_descendants_keeps_the_minutes_published(
    author_client, published, tree
):
    meeting = tree[1]
    author_client.post(
        reverse("wagtailadmin_pages:unpublish", args=[meeting.pk]), {"include_descendants": "on"}
    )

    meeting.refresh_from_db()
    published.refresh_from_db()
    assert not meeting.live
    assert published.live


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
