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
    assert response["Content-Disposition"] == (
        "inline; filename=\"compte-rendu.pdf\"; filename*=UTF-8''Compte-rendu.pdf"
    )
    reader, text = pdf_text(response.content)
    flat = " ".join(text.split())
    assert "Compte-rendu validé par le secrétaire général le" in flat
    assert "Les supports seront envoyés en amont de la réunion." in flat
    assert "Liste des participants" in flat
    assert "Excusés" in flat
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


# --- A prefecture document ----------------------------------------------------------------------


def fonts_of(reader):
    """``{font name: embedded?}`` for every font the PDF's pages use."""
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            # Subsets are named « ABCDEF+Marianne-Bold ».
            fonts[str(font["/BaseFont"]).lstrip("/").split("+")[-1]] = embedded
    return fonts


@pytest.fixture
def var_minutes(validated_minutes):
    """The minutes of a sub-prefecture, on a site whose public host is the prefecture's own."""
    from wagtail.models import Site

    from cluac_pages.models import PrefectureSettings

    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "clu.var.gouv.fr", 443
    site.save()
    identity = PrefectureSettings.for_site(site)
    identity.prefecture_title = "Préfet\ndu Var"
    identity.save()
    validated_minutes.title = "Compte-rendu du comité local des usagers du 30 novembre 2015"
    validated_minutes.issuing_service = "Sous-préfecture de Draguignan\nBureau de la cohésion sociale"
    validated_minutes.save_revision().publish()
    validated_minutes.refresh_from_db()
    return validated_minutes


def test_the_pdf_is_set_in_marianne_with_every_font_embedded(var_minutes):
    reader, _ = pdf_text(Client().get(var_minutes.url + "pdf/").content)

    fonts = fonts_of(reader)
    assert fonts, "the PDF uses no font"
    assert all(name.startswith("Marianne") for name in fonts), fonts
    assert {"Marianne", "Marianne-Bold"} <= set(fonts)
    assert not [name for name in fonts if "DejaVu" in name or "Liberation" in name]
    assert all(fonts.values()), f"fonts not embedded: {fonts}"


def test_the_pdf_opens_with_the_state_block_then_the_letterhead_once(var_minutes):
    reader, text = pdf_text(Client().get(var_minutes.url + "pdf/").content)
    lines = [" ".join(line.split()) for line in reader.pages[0].extract_text().splitlines() if line.strip()]

    # The « bloc-marque »: the prefect's name (in capitals, as the DSFR sets it) and the motto.
    assert lines[:5] == ["PRÉFET", "DU VAR", "Liberté", "Égalité", "Fraternité"]
    # The letterhead follows, once: the sub-prefecture and its service, never the prefecture again.
    assert lines[5:7] == ["Sous-préfecture de Draguignan", "Bureau de la cohésion sociale"]
    flat = " ".join(text.split())
    assert flat.upper().count("PRÉFET DU VAR") == 1
    assert flat.count("Sous-préfecture de Draguignan") == 1
    # The Marianne is drawn from the DSFR's artwork: the page carries an image for it.
    assert "/Pattern" in reader.pages[0]["/Resources"] or "/XObject" in reader.pages[0]["/Resources"]


def test_each_page_ends_with_the_public_address_on_the_sites_own_host(var_minutes):
    # Asked through the server's internal address, the footer still gives the public one.
    response = Client().get(var_minutes.url + "pdf/", HTTP_HOST="127.0.0.1:8000")
    reader, text = pdf_text(response.content)

    expected = "Publié sur https://clu.var.gouv.fr/clu/reunion/compte-rendu/"
    for number, page in enumerate(reader.pages, start=1):
        page_text = " ".join(page.extract_text().split())
        assert expected in page_text, f"page {number}"
        assert f"{number} / {len(reader.pages)}" in page_text
    assert "127.0.0.1" not in text
    assert "%" not in text.split("Publié sur", 1)[1].split()[0]


def test_the_download_is_named_after_the_title_in_utf8(var_minutes):
    response = Client().get(var_minutes.url + "pdf/")

    header = response["Content-Disposition"]
    header.encode("ascii")  # an HTTP header in plain ASCII, never raw Latin-1 bytes
    assert header == (
        'inline; filename="compte-rendu-du-comite-local-des-usagers-du-30-novembre-2015.pdf"; '
        "filename*=UTF-8''Compte-rendu%20du%20comit%C3%A9%20local%20des%20usagers%20du%2030%20novembre%202015.pdf"
    )


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
