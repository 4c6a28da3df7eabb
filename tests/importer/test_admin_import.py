"""The meeting's « Importer un compte-rendu (.docx, .odt) »: upload, preview, « Créer le brouillon »."""

import io
import re

import msoffcrypto
import pytest
from django.contrib.auth.models import Permission
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, TestCase, override_settings
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.models import Page

from cluac_pages.importer import ImportRefused, read_minutes
from cluac_pages.importer.views import PENDING_PREFIX
from cluac_pages.models import MeetingParticipant, MinutesImport, MinutesPage
from cluac_pages.models.validation import minutes_workflow

from ..admin_browser import log_in, messages_text
from ..browser import chromium, csp_violations, needs_chromium, save_screenshot
from ..factories import CommitteePageFactory, MeetingPageFactory
from ..html import parse, text
from ..workflow_helpers import act, client_for, make_user
from . import seeds
from .builders import H, Img, L, P, T, to_docx, to_odt

MINUTES = [
    P("PRÉFET DE LA LOIRE-ATLANTIQUE"),
    P("Nantes, le 15 septembre 2023"),
    P("Objet : Comité local des usagers du 7 septembre 2023"),
    P(
        "Le comité s'est réuni le 7 septembre 2023 de 10h à 12h30 à la préfecture, sous la présidence de "
        "M. Pascal OTHEGUY, secrétaire général de la préfecture."
    ),
    P("Étaient présents :"),
    L("M. Pascal OTHEGUY, secrétaire général de la préfecture", "Mme Lucie GAUNE, diaconat Nantes"),
    P("Étaient excusés :"),
    L("M. le représentant de l'UFC Que Choisir"),
    H(1, "Accueil des usagers"),
    P("La cheffe de service présente la fréquentation de l'accueil."),
    T([["Site", "2022", "2023"], ["Nantes", "12 400", "13 100"], ["Châteaubriant", "2 100", "2 350"]]),
    Img(seeds.chart_png(), alt="", filename="frequentation.png"),
    H(1, "Questions diverses"),
    P("Aucune question n'est posée."),
]


@pytest.fixture
def meeting(home_page):
    committee = CommitteePageFactory(parent=home_page, title="Comité local des usagers")
    return MeetingPageFactory(parent=committee, title="Réunion du 7 septembre 2023", slug="reunion")


def import_url(meeting):
    return reverse("cluac_pages_meeting_import_minutes", args=[meeting.pk])


def upload(client, meeting, data, name):
    return client.post(import_url(meeting), {"action": "preview", "file": SimpleUploadedFile(name, data)})


def pending_files():
    try:
        return set(default_storage.listdir(PENDING_PREFIX)[1])
    except FileNotFoundError:
        return set()


def counts():
    return Page.objects.count(), get_image_model().objects.count(), MeetingParticipant.objects.count()


def test_upload_preview_then_create_a_draft_that_goes_through_the_workflow(meeting, author, secretary):
    client = client_for(author)
    edit_page = client.get(reverse("wagtailadmin_pages:edit", args=[meeting.pk]))
    assert import_url(meeting) in edit_page.content.decode()
    before, pending_before = counts(), pending_files()

    preview = upload(client, meeting, to_docx(MINUTES), "CR CLU 7 septembre 2023.docx")

    assert preview.status_code == 200
    page = parse(preview.content)
    headings = [text(h) for h in page.select("section[aria-labelledby=import-sections] h3")]
    assert headings == ["(avant le premier titre)", "Accueil des usagers", "Questions diverses"]
    participants = text(page.select_one("section[aria-labelledby=import-participants]"))
    assert "Mme Lucie GAUNE, diaconat Nantes" in participants
    assert "M. le représentant de l'UFC Que Choisir" in participants
    assert "nouveau participant, sans accord pour la publication du nom" in participants
    table = page.select_one("table.cluac-import-table")
    assert [text(cell) for cell in table.select("tr")[1].select("td")] == ["Nantes", "12 400", "13 100"]
    flagged = [text(mark) for mark in page.select("mark")]
    assert "texte alternatif à compléter" in flagged
    assert not [line for line in flagged if "non de celle du" in line]
    # The preview created nothing: no page, no image, no participant.
    assert counts() == before
    assert len(pending_files() - pending_before) == 1

    token = page.select_one("input[name=token]")["value"]
    created = client.post(import_url(meeting), {"action": "create", "token": token})

    minutes = MinutesPage.objects.child_of(meeting).get()
    assert created.status_code == 302
    assert created["Location"] == reverse("wagtailadmin_pages:edit", args=[minutes.pk])
    assert not minutes.live
    assert minutes.subject == "Comité local des usagers du 7 septembre 2023"
    assert (minutes.written_at, str(minutes.written_on)) == ("Nantes", "2023-09-15")
    sections = [block.value for block in minutes.body if block.block_type == "section"]
    assert [section["heading"] for section in sections] == ["Accueil des usagers", "Questions diverses"]
    assert [child.block_type for child in sections[0]["content"]] == ["paragraph", "table", "image"]
    table_value = sections[0]["content"][1].value
    assert table_value["data"][2] == ["Châteaubriant", "2 100", "2 350"]
    image = sections[0]["content"][2].value["image"]
    assert image.collection.name.startswith("Préfecture")
    rows = {
        row.name or row.organisation_name: row for row in MeetingParticipant.objects.filter(meeting=meeting)
    }
    assert rows["Lucie GAUNE"].publication_consent is False
    assert rows["Pascal OTHEGUY"].chairs_meeting
    assert rows["UFC Que Choisir"].status == "excused"
    assert MinutesImport.objects.get(minutes=minutes).already_distributed is False
    assert client.get(created["Location"]).status_code == 200
    # One set of minutes per meeting: the button is gone.
    edit_page = client.get(reverse("wagtailadmin_pages:edit", args=[meeting.pk]))
    assert import_url(meeting) not in edit_page.content.decode()
    # The uploaded file does not outlive the creation.
    assert pending_files() - pending_before == set()

    # The draft goes through the validation like any other.
    minutes_workflow().start(minutes, user=author)
    with TestCase.captureOnCommitCallbacks(execute=True):
        act(client_for(secretary), minutes, "approve")
    minutes.refresh_from_db()
    assert minutes.live
    public = Client().get(minutes.url)
    assert "12 400" in public.content.decode()
    assert Client().get(minutes.url + "pdf/")["Content-Type"] == "application/pdf"


def password_protected_docx():
    encrypted = io.BytesIO()
    msoffcrypto.OfficeFile(io.BytesIO(to_docx(MINUTES))).encrypt("clu2023", encrypted)
    return encrypted.getvalue()


@pytest.mark.parametrize(
    "name, data",
    [
        ("compte-rendu.pdf", b"%PDF-1.4 compte-rendu"),
        ("compte-rendu.docx", b"%PDF-1.4 un PDF renomme"),
        ("compte-rendu.odt", b"PK\x03\x04 archive endommagee"),
        ("compte-rendu.docx", password_protected_docx()),
    ],
    ids=["another-format", "pdf-named-docx", "damaged", "password-protected"],
)
def test_a_refused_file_shows_the_french_reason_and_creates_nothing(meeting, author, name, data):
    with pytest.raises(ImportRefused) as refused:
        read_minutes(data, name)
    before = counts()

    response = upload(client_for(author), meeting, data, name)

    assert response.status_code == 200
    assert refused.value.message in text(parse(response.content))
    assert counts() == before
    assert not MinutesPage.objects.exists()


def test_participants_wait_in_the_draft_of_a_meeting_with_unpublished_changes(meeting, author):
    meeting.place = "Préfecture de la Loire-Atlantique, salle Erdre"
    meeting.save_revision(user=author)
    client = client_for(author)
    preview = upload(client, meeting, to_docx(MINUTES), "cr.docx")
    token = parse(preview.content).select_one("input[name=token]")["value"]

    created = client.post(import_url(meeting), {"action": "create", "token": token}, follow=True)

    assert "Publiez la réunion pour qu'ils soient enregistrés." in text(parse(created.content))
    assert not MeetingParticipant.objects.filter(meeting=meeting).exists()
    meeting.refresh_from_db()
    draft = meeting.get_latest_revision_as_object()
    assert draft.place == "Préfecture de la Loire-Atlantique, salle Erdre"
    assert {row.name for row in draft.participants.all()} >= {"Lucie GAUNE", "Pascal OTHEGUY"}


def test_the_preview_warns_when_the_file_is_another_meeting_s(meeting, author):
    other = [P("Objet : Comité local des usagers du 12 mars 2024"), *MINUTES[4:]]

    preview = upload(client_for(author), meeting, to_docx(other), "CR CLU 12 mars 2024.docx")

    flagged = [text(mark) for mark in parse(preview.content).select("mark")]
    assert (
        "Le fichier est le compte-rendu d'une réunion du 12 mars 2024, et non de celle du "
        "7 septembre 2023 : vérifiez que c'est le bon fichier et la bonne réunion." in flagged
    )


@override_settings(CLUAC_IMPORT_MAX_BYTES=2000)
def test_a_file_too_large_is_refused(meeting, author):
    response = upload(client_for(author), meeting, to_odt(MINUTES), "compte-rendu.odt")

    assert "la taille maximale est de" in text(parse(response.content))
    assert not MinutesPage.objects.exists()


def test_only_who_may_add_minutes_under_the_meeting_may_import(meeting, author):
    data = to_docx(MINUTES)
    anonymous = Client().post(import_url(meeting), {"file": SimpleUploadedFile("cr.docx", data)})
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]

    outsider = make_user("lecteur")
    outsider.user_permissions.add(Permission.objects.get(codename="access_admin"))
    # Wagtail answers a refused permission with its home page and « pas la permission ».
    refused = client_for(outsider).get(import_url(meeting))
    assert (refused.status_code, refused["Location"]) == (302, reverse("wagtailadmin_home"))
    refused = client_for(outsider).post(import_url(meeting), {"file": SimpleUploadedFile("cr.docx", data)})
    assert (refused.status_code, refused["Location"]) == (302, reverse("wagtailadmin_home"))
    edit_page = client_for(outsider).get(reverse("wagtailadmin_pages:edit", args=[meeting.pk]))
    assert import_url(meeting) not in edit_page.content.decode()

    # A preview's token is for the user who uploaded.
    preview = upload(client_for(author), meeting, data, "cr.docx")
    token = parse(preview.content).select_one("input[name=token]")["value"]
    other_editor = make_user("redacteur2", "Service communication")
    response = client_for(other_editor).post(import_url(meeting), {"action": "create", "token": token})
    assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))
    assert not MinutesPage.objects.exists()


@needs_chromium
@pytest.mark.single_pass
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_import_round_trip_in_chromium(live_server, meeting, author):
    base = live_server.url
    with chromium() as browser:
        editor = log_in(browser, base, author.username)
        editor.goto(base + import_url(meeting))
        editor.set_input_files(
            "input[type=file]",
            files=[
                {
                    "name": "CR CLU 7 septembre 2023.odt",
                    "mimeType": "application/vnd.oasis.opendocument.text",
                    "buffer": to_odt(MINUTES),
                }
            ],
        )
        editor.get_by_role("button", name="Voir l'aperçu").click()
        editor.get_by_role("button", name="Créer le brouillon").wait_for(state="visible")
        preview = editor.locator("main").inner_text()
        assert "Accueil des usagers" in preview
        assert "Mme Lucie GAUNE, diaconat Nantes" in preview
        save_screenshot(editor, "import-minutes-preview")

        editor.get_by_role("button", name="Créer le brouillon").click()
        editor.wait_for_url(re.compile(r".*/admin/pages/\d+/edit/$"))
        assert "Le brouillon « Compte-rendu de la réunion du 7 septembre 2023 » a été créé" in messages_text(
            editor
        )
        assert csp_violations(editor) == []
    minutes = MinutesPage.objects.get()
    assert not minutes.live
