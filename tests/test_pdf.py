"""Each set of minutes as an accessible, tagged PDF of its validated version."""

import io

import pytest
from django.core import mail
from django.test import Client, TestCase
from pypdf import PdfReader

from .html import parse
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


# Minutes holding images (Wagtail images, rendered as renditions)


def photo(width, height, colour):
    """A real PNG, as a photo of the meeting room or a chart would be."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, height), colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle([width // 4, height // 4, width * 3 // 4, height * 3 // 4], fill="white")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def wagtail_image(title, width, height, colour):
    import wagtail_factories
    from django.core.files.uploadedfile import SimpleUploadedFile

    return wagtail_factories.ImageFactory(
        title=title,
        file=SimpleUploadedFile(f"{colour}.png", photo(width, height, colour), content_type="image/png"),
    )


def body_with_images(images):
    from wagtail.test.utils.form_data import rich_text, streamfield

    content = [("paragraph", rich_text("<p>Le point d'accueil rénové, en photos.</p>"))]
    content += [
        ("image", {"image": str(image.pk), "alternative_text": image.title, "caption": image.title})
        for image in images
    ]
    return streamfield([("section", {"heading": "Visite des locaux", "content": streamfield(content)})])


@pytest.fixture
def minutes_with_images(home_page):
    author = make_user("redacteur", SERVICE_COMMUNICATION)
    secretary = make_user("sg", SECRETAIRE_GENERAL)
    meeting = build_meeting(home_page)[1]
    minutes = create_draft_minutes(meeting, author)
    images = [
        wagtail_image("Le hall d'accueil rénové", 640, 480, "navy"),
        wagtail_image("Graphique de satisfaction", 1400, 700, "green"),
    ]
    with TestCase.captureOnCommitCallbacks(execute=True):
        submit(client_for(author), minutes, "", body=body_with_images(images))
        act(client_for(secretary), minutes, "approve")
    minutes.refresh_from_db()
    return minutes


def embedded_images(content):
    """The distinct images drawn in the PDF (WeasyPrint shares them between pages)."""
    reader = PdfReader(io.BytesIO(content))
    return list({image.data: image for page in reader.pages for image in page.images}.values())


def test_the_pdf_of_minutes_holding_images_carries_the_images(minutes_with_images):
    page = parse(Client().get(minutes_with_images.url).content)
    assert [img["alt"] for img in page.select("main img")] == [
        "Le hall d'accueil rénové",
        "Graphique de satisfaction",
    ]

    response = Client().get(minutes_with_images.url + "pdf/")

    assert response.status_code == 200
    images = embedded_images(response.content)
    # The renditions (width-1000): the wide chart is scaled down, the photo kept as it is.
    assert sorted(image.image.size for image in images) == [(640, 480), (1000, 500)]
    _, text = pdf_text(response.content)
    assert "Graphique de satisfaction" in text


def test_the_distribution_email_carries_the_pdf_with_its_images(minutes_with_images):
    [message, *_] = [m for m in mail.outbox if "present@association.example" in m.to]
    [(filename, content, mimetype)] = message.attachments
    assert (filename, mimetype) == ("compte-rendu.pdf", "application/pdf")
    assert len(embedded_images(content)) == 2


def test_the_pdf_never_reads_a_file_outside_media_and_static(settings, tmp_path):
    from cluac_pages.pdf import LocalFileFetcher

    secret = tmp_path / "secret.txt"
    secret.write_text("secret")
    settings.MEDIA_ROOT = tmp_path / "media"
    fetcher = LocalFileFetcher()
    for url in (
        "http://localhost/media/../secret.txt",
        "http://localhost/media/%2e%2e/secret.txt",
        f"file://{secret}",
        "http://example.com/image.png",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
