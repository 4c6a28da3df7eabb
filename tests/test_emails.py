"""E-mails are plain text: titles with an apostrophe, « < », « & » or a quote reach the reader as typed.

Convocations, invitations to give an opinion and distributions of minutes are rendered from
Django templates: nothing of them may come out HTML-escaped (« l&#x27;amélioration »), neither
in the subject nor in the body.
"""

import re

import pytest
from django.core import mail
from django.test import TestCase

from cluac_pages.models import DocumentReview

from .test_convocations import (
    publish,
    setup,  # noqa: F401 - fixture
)
from .test_convocations import send as send_convocation
from .test_reviews import CLOSES_AT, committee, make_document, members, send_invitations  # noqa: F401 - fixtures
from .workflow_helpers import (
    SECRETAIRE_GENERAL,
    SERVICE_COMMUNICATION,
    act,
    build_meeting,
    client_for,
    create_draft_minutes,
    make_user,
    submit,
)

COMMITTEE = "Comité local des usagers et de l'amélioration continue <script>alert(1)</script>"
MEETING = "Réunion « bilan & perspectives » de l'année"
SUBJECT = 'Le suivi de l\'accueil "Qual-e-pref" & <b>les délais</b>'
ESCAPED = re.compile(r"&(#x?[0-9a-fA-F]+|lt|gt|amp|quot|apos);")


def assert_plain(text, *expected):
    assert not ESCAPED.search(text), text
    for value in expected:
        assert value in text, (value, text)


def rename(page, title):
    page = type(page.specific).objects.get(pk=page.pk)
    page.title = title
    return publish(page)


@pytest.fixture
def editor(db):
    return make_user("redacteur", SERVICE_COMMUNICATION)


def test_a_convocation_subject_and_body_keep_apostrophes_and_brackets(setup, editor):  # noqa: F811
    meeting = setup[0]
    rename(meeting.get_parent(), COMMITTEE)
    meeting = rename(meeting, MEETING)

    send_convocation(editor, meeting)

    message = mail.outbox[0]
    assert message.subject == f"Convocation : {COMMITTEE} – 6 septembre 2040"
    assert_plain(message.body, f"comité « {COMMITTEE} »", f"Réunion : {MEETING}", "Bilan de l'accueil")


def test_an_invitation_to_give_an_opinion_keeps_apostrophes_and_brackets(committee, members):  # noqa: F811
    committee = rename(committee, COMMITTEE)
    secretariat = make_user("secretariat", SERVICE_COMMUNICATION)
    review = DocumentReview.objects.create(
        committee=committee,
        title="L'accusé de réception <v2> & son annexe",
        document=make_document(),
        description="Le courrier d'accusé de réception, « avant / après ».",
        closes_at=CLOSES_AT,
        created_by=secretariat,
    )

    send_invitations(secretariat, review)

    message = mail.outbox[0]
    assert (
        message.subject == f"Votre avis est demandé : L'accusé de réception <v2> & son annexe – {COMMITTEE}"
    )
    assert_plain(
        message.body,
        f"comité « {COMMITTEE} »",
        "Document : L'accusé de réception <v2> & son annexe",
        "Le courrier d'accusé de réception, « avant / après ».",
    )


def test_a_distribution_of_minutes_keeps_apostrophes_and_brackets(home_page):
    author = make_user("redacteur", SERVICE_COMMUNICATION)
    secretary = make_user("sg", SECRETAIRE_GENERAL)
    clu, meeting, _people = build_meeting(home_page)
    rename(clu, COMMITTEE)
    minutes = create_draft_minutes(rename(meeting, MEETING), author)

    with TestCase.captureOnCommitCallbacks(execute=True):
        submit(client_for(author), minutes, "Texte validé.", subject=SUBJECT)
        act(client_for(secretary), minutes, "approve")

    [message, *_] = [m for m in mail.outbox if "present@association.example" in m.to]
    assert message.subject == f"Compte-rendu : {SUBJECT}"
    assert_plain(message.body, f"« {MEETING} » du {COMMITTEE}")
