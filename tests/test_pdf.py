"""Each set of minutes as an accessible, tagged PDF of its validated version."""

import io

import pytest
from django.core import mail
from django.test import Client, TestCase
from pypdf import PdfReader

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

CANARY = "CANARI-PDF-JAMAIS-VALIDE"


@pytest.fixture
def validated_minutes(home_page):
    author = make_user("redacteur", SERVICE_COMMUNICATION)
    secretary = make_user("sg", SECRETAIRE_GENERAL)
    meeting = build_meeting(home_page)[1]
    minutes = create_draft_minutes(meeting, author)
    with TestCase.captureOnCommitCallbacks(execute=True):
        submit(client_for(author), minutes, "Les supports seront envoyés en amont de la réunion.")
        act(client_for(secretary), minutes, "approve")
    # A correction awaiting validation: it must never reach the PDF.
    submit(client_for(author), minutes, f"Correction {CANARY}")
    minutes.refresh_from_db()
    return minutes


def pdf_text(content):
    reader = PdfReader(io.BytesIO(content))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def test_the_pdf_holds_the_validated_minutes_with_header_validation_and_participants(validated_minutes):
    response = Client().get(validated_minutes.url + "pdf/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="compte-rendu.pdf"'
    reader, text = pdf_text(response.content)
    flat = " ".join(text.split())
    assert "Compte-rendu validé par le secrétaire général le" in flat
    assert "Les supports seront envoyés en amont de la réunion." in flat
    assert "Liste des participants" in flat
    assert "Membres excusés" in flat
    assert "Objet : Comité local des usagers" in flat
    assert CANARY not in text


def test_the_pdf_is_tagged_in_french_with_a_title(validated_minutes):
    reader, _ = pdf_text(Client().get(validated_minutes.url + "pdf/").content)
    catalog = reader.trailer["/Root"]
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "fr"
    assert reader.metadata.title == "Compte-rendu"


def test_the_pdf_is_attached_to_the_distribution_email(validated_minutes):
    [message, *_] = [m for m in mail.outbox if "present@association.example" in m.to]
    [(filename, content, mimetype)] = message.attachments
    assert (filename, mimetype) == ("compte-rendu.pdf", "application/pdf")
    _, text = pdf_text(content)
    assert "Les supports seront envoyés en amont de la réunion." in " ".join(text.split())


def test_minutes_never_published_have_no_pdf(home_page):
    author = make_user("redacteur", SERVICE_COMMUNICATION)
    meeting = build_meeting(home_page)[1]
    draft = create_draft_minutes(meeting, author, text=CANARY)
    response = Client().get(meeting.url + draft.slug + "/pdf/")
    assert response.status_code == 404
