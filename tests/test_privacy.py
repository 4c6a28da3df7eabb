"""A view restriction keeps every page below it from the public, however the page is reached.

The add-on's routing reads, with each page it routes to, whether the page or one of its ancestors
carries a restriction (one query fewer per page): these tests hold that reading to Wagtail's rule,
over HTTP, for a restriction on each level, of each kind, and through an alias of a restricted
committee.
"""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from .factories import CommitteePageFactory, MeetingPageFactory, MinutesPageFactory

SECRET = "Réorganisation confidentielle du guichet des titres"


@pytest.fixture
def tree(home_page):
    committee = CommitteePageFactory(parent=home_page, slug="clu")
    meeting = MeetingPageFactory(parent=committee, slug="reunion", title="Réunion de septembre")
    minutes = MinutesPageFactory(parent=meeting, slug="compte-rendu", title=SECRET)
    return {"committee": committee, "meeting": meeting, "minutes": minutes}


def shows_the_minutes(response):
    return response.status_code == 200 and SECRET in response.content.decode()


@pytest.mark.parametrize("level", ["committee", "meeting", "minutes"])
def test_a_password_on_any_level_hides_the_minutes_until_it_is_given(client, tree, level):
    restriction = PageViewRestriction.objects.create(
        page=tree[level], restriction_type=PageViewRestriction.PASSWORD, password="cluac-2026"
    )
    minutes = tree["minutes"]

    for path in (minutes.url, minutes.url + "pdf/"):
        response = client.get(path)
        assert not shows_the_minutes(response), path
        assert f"/_util/authenticate_with_password/{restriction.pk}/" in response.content.decode()

    client.post(
        f"/_util/authenticate_with_password/{restriction.pk}/{tree[level].pk}/",
        {"password": "cluac-2026", "return_url": minutes.url},
    )
    assert shows_the_minutes(client.get(minutes.url))


@pytest.mark.parametrize("level", ["committee", "meeting", "minutes"])
def test_a_login_or_group_restriction_sends_the_public_to_the_login_page(client, tree, level):
    restriction = PageViewRestriction.objects.create(
        page=tree[level], restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.create(name="Membres du comité"))

    response = client.get(tree["minutes"].url)

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"] or "login" in response["Location"]


def test_an_unrestricted_sibling_stays_public(client, tree):
    PageViewRestriction.objects.create(
        page=tree["meeting"], restriction_type=PageViewRestriction.PASSWORD, password="cluac-2026"
    )
    other_meeting = MeetingPageFactory(parent=tree["committee"], slug="autre-reunion")
    other = MinutesPageFactory(parent=other_meeting, slug="compte-rendu", title=SECRET)

    assert shows_the_minutes(client.get(other.url))
    assert not shows_the_minutes(client.get(tree["minutes"].url))


def test_an_alias_of_a_restricted_committee_is_restricted_as_its_source(client, tree, home_page):
    alias = tree["committee"].create_alias(update_slug="clu-copie", recursive=True)
    alias_minutes_path = f"/{alias.slug}/reunion/compte-rendu/"
    assert shows_the_minutes(client.get(alias_minutes_path))

    PageViewRestriction.objects.create(
        page=tree["committee"], restriction_type=PageViewRestriction.PASSWORD, password="cluac-2026"
    )

    restricted_form = "/_util/authenticate_with_password/"
    assert not shows_the_minutes(client.get(alias_minutes_path))
    for path in (f"/{alias.slug}/", f"/{alias.slug}/reunion/", alias_minutes_path):
        assert restricted_form in client.get(path).content.decode(), path
