"""Documents put before the committee for review: invitations, members' opinions, admin, summary."""

import csv
import datetime
import io
import re
import uuid

import pytest
import wagtail_factories
from django.contrib.auth.models import Permission
from django.core import mail
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Collection, Page
from wagtail.test.utils.form_data import rich_text

from cluac_pages.member_links import DOCUMENT_OPINION, MEETING_REPLY, make_token
from cluac_pages.models import DocumentReview, Mandate, Opinion

from .factories import (
    PARIS,
    CommitteePageFactory,
    MandateFactory,
    MeetingPageFactory,
    PersonFactory,
    SeatFactory,
)
from .workflow_helpers import SERVICE_COMMUNICATION, client_for, make_user

START = datetime.date(2020, 1, 1)
CLOSES_AT = datetime.datetime(2040, 3, 12, 18, 0, tzinfo=PARIS)
COMMENT_REQUIRED = (
    "Écrivez un commentaire : il est obligatoire pour un avis « favorable avec remarques » "
    "ou « défavorable »."
)
LINK = re.compile(r"http://localhost/avis/([^/\s]+)/")


def make_document(title="Courrier type de relance"):
    # In the collection tree's root, where the editors' groups may choose documents.
    return wagtail_factories.DocumentFactory(
        title=title,
        file__filename=f"{uuid.uuid4().hex[:8]}.pdf",
        file__data=b"%PDF-1.4\n" + b"x" * 100,
        collection=Collection.get_first_root_node(),
    )


@pytest.fixture
def secretariat(db):
    """A member of « Service communication »: the add-on's migration gives the group its rights on reviews."""
    return make_user("secretariat", SERVICE_COMMUNICATION, first_name="Anaïs", last_name="Qualité")


@pytest.fixture
def committee(home_page):
    return CommitteePageFactory(parent=home_page, title="CLU de test", slug="clu")


@pytest.fixture
def members(committee):
    """Two members with an address (a titular and a substitute), one without, one former member."""
    seat = SeatFactory(committee=committee, title="Un représentant de l'UFC Que Choisir")
    people = {
        "titular": PersonFactory(last_name="TITULAIRE", email="titulaire@ufc.example"),
        "substitute": PersonFactory(last_name="SUPPLEANTE", email="suppleante@ufc.example"),
        "no_address": PersonFactory(last_name="SANSADRESSE", email=""),
        "former": PersonFactory(last_name="ANCIEN", email="ancien@udaf.example"),
    }
    MandateFactory(seat=seat, person=people["titular"], start_date=START)
    MandateFactory(seat=seat, person=people["substitute"], role=Mandate.Role.SUBSTITUTE, start_date=START)
    other_seat = SeatFactory(committee=committee, title="Un représentant de l'UDAF")
    MandateFactory(seat=other_seat, person=people["no_address"], start_date=START)
    MandateFactory(
        seat=other_seat, person=people["former"], start_date=START, end_date=datetime.date(2021, 1, 1)
    )
    return people


@pytest.fixture
def review(committee, members, secretariat):
    return DocumentReview.objects.create(
        committee=committee,
        title="Courrier type de relance",
        document=make_document(),
        description="Le courrier envoyé aux usagers dont le dossier est incomplet.",
        closes_at=CLOSES_AT,
        created_by=secretariat,
    )


def opinions_url(review):
    return reverse("cluac_pages_document_review_opinions", args=[review.pk])


def opinion_url(person, review, purpose=DOCUMENT_OPINION):
    return reverse("cluac_pages:document_opinion", args=[make_token(purpose, person, review)])


def send_invitations(user, review, action="send"):
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client_for(user).post(opinions_url(review), {"action": action}, follow=True)
    return response.content.decode()


def give(person, review, verdict, comment="", client=None):
    client = client or Client()
    return client.post(opinion_url(person, review), {"verdict": verdict, "comment": comment}, follow=True)


def close(review):
    review.closes_at = timezone.now() - datetime.timedelta(days=1)
    review.save()
    return review


# The secretariat creates a review in the admin


def test_the_secretariat_creates_a_review_in_the_admin(committee, members, secretariat):
    document = make_document("Formulaire de demande de rendez-vous")
    meeting = MeetingPageFactory(parent=committee, title="Réunion du 20 mars 2040", slug="reunion-2040")
    client = client_for(secretariat)
    create_url = reverse("cluac_pages_documentreview_modeladmin_create")
    assert client.get(create_url).status_code == 200

    response = client.post(
        create_url,
        {
            "committee": committee.pk,
            "title": "Formulaire de demande de rendez-vous",
            "document": document.pk,
            "description": "Nouveau formulaire en ligne.",
            "meeting": meeting.pk,
            "closes_at": "2040-03-12 18:00",
            "summary": rich_text(""),
        },
    )

    assert response.status_code == 302
    review = DocumentReview.objects.get()
    assert review.committee.pk == committee.pk and review.document == document
    assert review.meeting.pk == meeting.pk and review.created_by == secretariat
    assert timezone.localtime(review.closes_at, PARIS) == CLOSES_AT
    assert not review.summary_published
    index = client.get(reverse("cluac_pages_documentreview_modeladmin_index")).content.decode()
    assert "Formulaire de demande de rendez-vous" in index
    assert opinions_url(review) in index


def test_a_person_without_the_rights_cannot_see_opinions(review):
    outsider = make_user("visiteur")
    outsider.user_permissions.add(Permission.objects.get(codename="access_admin"))
    csv_url = reverse("cluac_pages_document_review_opinions_csv", args=[review.pk])
    for url in (opinions_url(review), csv_url):
        # Wagtail's admin turns a refusal into a redirection to the dashboard, with a message.
        response = client_for(outsider).get(url)
        assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


# Invitations


def test_each_member_with_an_address_receives_their_own_link(review, members, secretariat):
    body = send_invitations(secretariat, review)

    assert "envoi en cours à 2 membres" in body
    assert sorted(address for message in mail.outbox for address in message.to) == [
        "suppleante@ufc.example",
        "titulaire@ufc.example",
    ]
    by_address = {message.to[0]: message for message in mail.outbox}
    for key in ("titular", "substitute"):
        message = by_address[members[key].email]
        assert message.subject == "Votre avis est demandé : Courrier type de relance – CLU de test"
        assert message.reply_to == ["pref-qualite@example.gouv.fr"]
        assert "Le courrier envoyé aux usagers dont le dossier est incomplet." in message.body
        assert f"http://localhost{review.document.url}" in message.body
        assert "jusqu’au lundi 12 mars 2040 à 18h" in message.body
        [token] = LINK.findall(message.body)
        own = opinion_url(members[key], review)
        assert f"/avis/{token}/" == own
        other = "substitute" if key == "titular" else "titular"
        assert opinion_url(members[other], review) not in message.body
    screen = client_for(secretariat).get(opinions_url(review)).content.decode()
    assert "invitation envoyée à 2 membres" in screen
    assert "sans adresse" in screen


def test_a_reminder_goes_only_to_members_without_an_opinion(review, members, secretariat):
    give(members["titular"], review, Opinion.Verdict.FAVOURABLE)

    send_invitations(secretariat, review, action="remind")

    assert [message.to for message in mail.outbox] == [["suppleante@ufc.example"]]


def test_no_invitation_after_the_closing_date(review, secretariat):
    close(review)
    body = send_invitations(secretariat, review)
    assert "La période de recueil des avis est close depuis le" in body
    with TestCase.captureOnCommitCallbacks(execute=True):
        client_for(secretariat).post(opinions_url(review), {"action": "send"})
    assert mail.outbox == []


# The member's page


@pytest.mark.parametrize(
    "verdict, comment, label",
    [
        (Opinion.Verdict.FAVOURABLE, "", "Favorable"),
        (Opinion.Verdict.WITH_REMARKS, "Préciser le délai de réponse.", "Favorable avec remarques"),
        (Opinion.Verdict.UNFAVOURABLE, "Le courrier est trop administratif.", "Défavorable"),
    ],
)
def test_a_member_gives_each_verdict(review, members, verdict, comment, label):
    page = Client().get(opinion_url(members["titular"], review)).content.decode()
    assert "Courrier type de relance" in page
    assert review.document.url in page
    assert "<legend" in page and "Votre avis" in page
    assert "Vous n’avez pas encore donné d’avis sur ce document." in page

    response = give(members["titular"], review, verdict, comment)

    assert response.status_code == 200
    opinion = Opinion.objects.get(review=review, person=members["titular"])
    assert opinion.verdict == verdict and opinion.comment == comment
    body = response.content.decode()
    assert "Merci : votre avis est enregistré." in body
    assert f"Votre avis enregistré : {label}" in body


@pytest.mark.parametrize("verdict", [Opinion.Verdict.WITH_REMARKS, Opinion.Verdict.UNFAVOURABLE])
def test_a_comment_is_required_for_remarks_and_unfavourable(review, members, verdict):
    response = give(members["titular"], review, verdict, "   ")

    assert response.status_code == 400
    assert COMMENT_REQUIRED in response.content.decode()
    assert not Opinion.objects.exists()


def test_a_verdict_is_required(review, members):
    response = give(members["titular"], review, "", "Un commentaire")
    assert response.status_code == 400
    assert "Choisissez votre avis" in response.content.decode()
    assert not Opinion.objects.exists()


def test_a_member_changes_their_opinion_before_the_closing_date(review, members):
    client = Client()
    give(members["titular"], review, Opinion.Verdict.FAVOURABLE, client=client)
    page = client.get(opinion_url(members["titular"], review)).content.decode()
    assert 'value="favourable" checked' in page
    assert "Modifier mon avis" in page

    give(members["titular"], review, Opinion.Verdict.UNFAVOURABLE, "Trop long.", client=client)

    opinion = Opinion.objects.get(review=review, person=members["titular"])
    assert opinion.verdict == Opinion.Verdict.UNFAVOURABLE and opinion.comment == "Trop long."
    assert Opinion.objects.count() == 1


def test_after_the_closing_date_nothing_is_recorded(review, members):
    give(members["titular"], review, Opinion.Verdict.FAVOURABLE)
    close(review)
    date = timezone.localtime(review.closes_at)

    page = Client().get(opinion_url(members["titular"], review)).content.decode()
    response = give(members["titular"], review, Opinion.Verdict.UNFAVOURABLE, "Trop tard.")

    assert "La période de recueil des avis est close depuis le" in page
    assert f"{date.day} " in page and str(date.year) in page
    assert 'name="verdict"' not in page
    assert response.status_code == 403
    assert "La période de recueil des avis est close depuis le" in response.content.decode()
    assert Opinion.objects.get().verdict == Opinion.Verdict.FAVOURABLE


@pytest.mark.parametrize("purpose", ["tampered", MEETING_REPLY])
def test_a_bad_link_is_refused_cleanly(review, members, purpose):
    if purpose == "tampered":
        token = make_token(DOCUMENT_OPINION, members["titular"], review)
        url = reverse("cluac_pages:document_opinion", args=[token[:-3] + "abc"])
    else:
        url = opinion_url(members["titular"], review, purpose=MEETING_REPLY)

    for response in (Client().get(url), Client().post(url, {"verdict": "favourable"})):
        assert response.status_code == 404
        assert "Ce lien n’est pas valide" in response.content.decode()
    assert not Opinion.objects.exists()


def test_a_former_member_cannot_give_an_opinion(review, members):
    response = give(members["former"], review, Opinion.Verdict.FAVOURABLE)
    assert response.status_code == 403
    assert "vous n’y siégez plus" in response.content.decode()
    assert not Opinion.objects.exists()


def test_a_member_never_sees_another_members_opinion(review, members):
    give(members["substitute"], review, Opinion.Verdict.UNFAVOURABLE, "Avis confidentiel de B.")

    page = Client().get(opinion_url(members["titular"], review)).content.decode()

    assert "Avis confidentiel de B." not in page
    assert "SUPPLEANTE" not in page
    assert "Défavorable" in page  # the choice offered, not B's verdict
    assert "Vous n’avez pas encore donné d’avis sur ce document." in page


# The secretariat's screen and export


def test_the_admin_lists_opinions_and_members_without_one(review, members, secretariat):
    give(members["titular"], review, Opinion.Verdict.WITH_REMARKS, "Préciser le délai de réponse.")

    screen = client_for(secretariat).get(opinions_url(review)).content.decode()

    assert "TITULAIRE" in screen and "Préciser le délai de réponse." in screen
    assert "Favorable avec remarques" in screen
    assert screen.count("pas encore d’avis</em>") == 2  # the substitute and the member without address
    assert "SUPPLEANTE" in screen and "SANSADRESSE" in screen
    assert "ANCIEN" not in screen
    assert "Envoyer l’invitation à donner un avis" in screen


def test_the_opinions_are_exported_as_csv(review, members, secretariat):
    give(members["titular"], review, Opinion.Verdict.WITH_REMARKS, "=Préciser le délai.")
    give(members["substitute"], review, Opinion.Verdict.FAVOURABLE)

    response = client_for(secretariat).get(
        reverse("cluac_pages_document_review_opinions_csv", args=[review.pk])
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(content.lstrip("\ufeff"))))
    by_name = {row["Membre"]: row for row in rows}
    titular = by_name[members["titular"].full_name]
    assert titular["Comité"] == "CLU de test"
    assert titular["Document"] == "Courrier type de relance"
    assert titular["Avis"] == "Favorable avec remarques"
    assert titular["Commentaire"] == "'=Préciser le délai."
    assert titular["Organisme"] == members["titular"].organisation.name
    assert by_name[members["substitute"].full_name]["Avis"] == "Favorable"
    assert by_name[members["no_address"].full_name]["Avis"] == "Pas encore d'avis"
    assert all(person.email not in content for person in members.values() if person.email)


# Public pages


def public_urls(committee):
    urls = [page.url for page in Page.objects.live().public().specific() if page.url]
    urls += [
        f"{committee.url}?date=2030-01-01",
        reverse("cluac_pages:search") + "?q=relance",
        reverse("cluac_pages:search") + "?q=confidentiel",
        reverse("cluac_pages:minutes_rss"),
        reverse("cluac_pages:meetings_csv"),
        reverse("cluac_pages:actions_csv"),
        reverse("cluac_pages:suggest", args=[committee.pk]),
    ]
    return urls


def test_opinions_are_absent_from_every_public_page(review, committee, members):
    give(members["titular"], review, Opinion.Verdict.UNFAVOURABLE, "Commentaire confidentiel du membre.")
    review.summary = "<p>Synthèse publiée par le secrétariat.</p>"
    review.summary_published = True
    review.save()

    client = Client()
    for url in public_urls(committee):
        response = client.get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        assert "Commentaire confidentiel du membre." not in content, url
        assert "Défavorable" not in content, url


def test_the_published_summary_is_on_the_committee_page(review, committee):
    other = DocumentReview.objects.create(
        committee=committee,
        title="Projet d'engagement sur l'accueil téléphonique",
        document=make_document("Projet d'engagement"),
        closes_at=CLOSES_AT,
        summary="<p>Synthèse encore en travail.</p>",
    )
    review.summary = "<p>Les membres demandent un courrier plus court.</p>"
    review.summary_published = True
    review.save()

    page = Client().get(committee.url).content.decode()

    assert "<h2>Avis du comité sur les documents soumis</h2>" in page
    assert "<h3>Courrier type de relance</h3>" in page
    assert "Les membres demandent un courrier plus court." in page
    assert other.title not in page and "Synthèse encore en travail." not in page


def test_no_summary_section_without_a_published_summary(review, committee):
    review.summary = "<p>Synthèse non publiée.</p>"
    review.save()
    page = Client().get(committee.url).content.decode()
    assert "Avis du comité sur les documents soumis" not in page
    assert "Synthèse non publiée." not in page


def test_a_summary_posted_as_html_is_kept_with_the_allowed_formatting_only(review, committee, secretariat):
    """A client without the editor (a script, a tool) posts HTML instead of the editor's JSON."""
    response = client_for(secretariat).post(
        reverse("cluac_pages_documentreview_modeladmin_edit", args=[review.pk]),
        {
            "committee": committee.pk,
            "title": review.title,
            "document": review.document.pk,
            "description": review.description,
            "closes_at": "2040-03-12 18:00",
            "summary": '<p onclick="x()">Les membres demandent <b>un courrier plus court</b>.</p>'
            "<script>alert('synthèse')</script><iframe src='https://example.com'></iframe>",
            "summary_published": "on",
        },
    )

    assert response.status_code == 302
    review.refresh_from_db()
    assert "un courrier plus court" in review.summary
    page = Client().get(committee.url).content.decode()
    assert "Les membres demandent <b>un courrier plus court</b>." in page
    for unsafe in ("<script>alert", "onclick", "<iframe"):
        assert unsafe not in page
