"""Odd input from the address bar gets a clear answer, never a server error."""

import io

import pytest
from django.test import Client

from .factories import CommitteePageFactory, MeetingPageFactory
from .workflow_helpers import client_for

HUGE = "99999999999999999999"


@pytest.fixture
def meeting(home_page):
    committee = CommitteePageFactory(parent=home_page, slug="clu")
    return MeetingPageFactory(parent=committee, slug="reunion")


@pytest.mark.parametrize("query", ['"', 'accueil "du public', "\x00", "   "])
def test_the_search_page_takes_any_text(meeting, query):
    response = Client().get("/recherche/", {"q": query})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/api/v2/reunions/?start=abc",
        "/api/v2/reunions/?end_time=abc",
        "/api/v2/comptes-rendus/?written_on=abc",
        "/api/v2/reunions/?search=a&search_operator=xx",
    ],
)
def test_the_api_refuses_malformed_filters_with_a_400(meeting, url):
    assert Client().get(url).status_code == 400


@pytest.mark.parametrize("query", ['"', "\x00", 'comité "local'])
def test_the_api_search_takes_any_text(meeting, query):
    assert Client().get("/api/v2/reunions/", {"search": query}).status_code in (200, 400)


@pytest.mark.parametrize(
    "path",
    [
        f"/agenda/comites/{HUGE}.ics",
        f"/agenda/reunions/{HUGE}.ics",
        f"/flux/comites/{HUGE}/comptes-rendus.rss",
        f"/donnees/comites/{HUGE}/reunions.csv",
        f"/comites/{HUGE}/suggestion/",
        f"/api/v2/reunions/{HUGE}/",
    ],
)
def test_an_absurd_id_is_not_found(meeting, path):
    assert Client().get(path).status_code == 404


def test_an_absurd_id_in_the_admin_is_not_found(meeting, admin_client):
    assert admin_client.get(f"/admin/cluac-pages/minutes/{HUGE}/distribution/").status_code == 404


def test_deleting_a_substitution_with_a_malformed_id_is_not_found(meeting, author):
    response = client_for(author).post(
        f"/admin/cluac-pages/meetings/{meeting.pk}/substitutions/", {"action": "delete", "notice": "abc"}
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/admin/cluac_pages/trackedaction/?committee=abc",
        "/admin/cluac_pages/trackedaction/?due_date__gte=abc",
        "/admin/cluac_pages/suggestion/?committee__id__exact=abc",
        "/admin/cluac_pages/person/?organisation__id__exact=abc",
        "/admin/cluac_pages/seat/?committee__id__exact=abc",
    ],
)
def test_an_admin_listing_answers_a_malformed_filter_without_an_error(meeting, author, url):
    response = client_for(author).get(url, follow=True)

    assert response.status_code == 200


def test_a_malformed_filter_is_explained(meeting, author):
    response = client_for(author).get("/admin/cluac_pages/trackedaction/?committee=abc", follow=True)

    assert response.redirect_chain == [("/admin/cluac_pages/trackedaction/", 302)]
    assert "Ce filtre n’est pas valable : la liste complète est affichée." in response.content.decode()


def test_exports_never_hand_a_formula_to_a_spreadsheet(meeting, author):
    import csv
    import io

    from cluac_pages.models import Suggestion

    committee = meeting.get_parent().specific
    Suggestion.objects.create(committee=committee, text='=HYPERLINK("http://x.example","y")')

    response = client_for(author).get("/admin/cluac_pages/suggestion/", {"export": "csv"})

    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    cells = [cell for row in rows[1:] for cell in row]
    assert '\'=HYPERLINK("http://x.example","y")' in cells
    assert not any(cell.startswith("=") for cell in cells)


# Issue 9, item 4: every 500 found by the attack, each reproduced here.

ENDPOINTS = ["comites", "reunions", "comptes-rendus"]
LONG_QUERY = " ".join(["accueil"] * 460)
TOO_LONG = "Votre recherche est trop longue"


def api_message(response, status=400):
    assert response.status_code == status, response.content
    return response.json()["message"]


def test_a_search_of_hundreds_of_words_is_refused_in_french(meeting):
    response = Client().get("/recherche/", {"q": LONG_QUERY})

    assert response.status_code == 200
    assert TOO_LONG in response.content.decode()


@pytest.mark.parametrize("query", [LONG_QUERY, "-".join(["accueil"] * 460), "a" * 5000])
def test_the_api_refuses_a_search_of_hundreds_of_words_in_french(meeting, query):
    assert TOO_LONG in api_message(Client().get("/api/v2/comptes-rendus/", {"search": query}))


@pytest.mark.parametrize("query", [" ", '"', "\t\n", "\x1f"])
def test_the_api_refuses_a_search_without_a_word_in_french(meeting, query):
    message = api_message(Client().get("/api/v2/comptes-rendus/", {"search": query}))
    assert message == "Saisissez au moins un mot à rechercher."


def test_the_api_searches_the_words_of_a_query_with_quotes(meeting):
    response = Client().get("/api/v2/reunions/", {"search": 'réunion "préfecture'})
    assert response.status_code == 200


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_an_absurd_offset_gives_an_empty_page(meeting, endpoint):
    response = Client().get(f"/api/v2/{endpoint}/", {"offset": HUGE})

    assert response.status_code == 200
    assert response.json()["items"] == []


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize(
    "query",
    [
        {"site": "\x00"},
        {"locale": "\x00"},
        {"search": "accueil\x00"},
        {"child_of": "\x00"},
        {"title": "\x00"},
        {"order": "\x00"},
        {"fields": "\x00"},
    ],
)
def test_a_nul_byte_in_a_parameter_is_refused_in_french(meeting, endpoint, query):
    message = api_message(Client().get(f"/api/v2/{endpoint}/", query))
    assert message == "Un paramètre de l'adresse contient un caractère nul."


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_find_refuses_a_nul_byte_in_french(meeting, endpoint):
    response = Client().get(f"/api/v2/{endpoint}/find/", {"html_path": "/clu/\x00/"})
    assert api_message(response) == "Un paramètre de l'adresse contient un caractère nul."


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("parameter", ["child_of", "descendant_of", "ancestor_of", "translation_of"])
def test_an_absurd_page_id_in_a_filter_is_refused(meeting, endpoint, parameter):
    response = Client().get(f"/api/v2/{endpoint}/", {parameter: HUGE})
    assert response.status_code in (400, 404)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_find_with_an_absurd_id_is_not_found(meeting, endpoint):
    assert Client().get(f"/api/v2/{endpoint}/find/", {"id": HUGE}).status_code == 404


def test_a_form_body_in_utf16_is_refused_with_a_french_page(meeting):
    from cluac_pages.models import Suggestion

    response = Client().post(
        f"/comites/{meeting.get_parent().pk}/suggestion/",
        "text=Une suggestion sur l'accueil du public&email=",
        content_type="application/x-www-form-urlencoded; charset=utf-16",
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert '<html lang="fr">' in page and "Requête incorrecte" in page
    assert not Suggestion.objects.exists()


def png(width, height):
    """A PNG of ``width`` × ``height`` pixels; 0 × 0 is written by hand (no library makes one)."""
    import struct
    import zlib

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (max(width, 1), max(height, 1)), "navy").save(buffer, "PNG")
    data = buffer.getvalue()
    if width and height:
        return data
    header = b"IHDR" + struct.pack(">II", width, height) + data[24:29]
    return data[:8] + struct.pack(">I", 13) + header + struct.pack(">I", zlib.crc32(header)) + data[33:]


UNREADABLE = "n’a pas pu être lu comme une image"
UNREADABLE_IMAGES = {
    "vide.png": png(0, 0),
    "corrompue.png": b"\x89PNG\r\n\x1a\n" + b"donnees-endommagees" * 20,
}


@pytest.fixture(params=["service_communication", "administrator"])
def uploader(request, db):
    from .workflow_helpers import SERVICE_COMMUNICATION, make_user

    if request.param == "administrator":
        return make_user("admin", is_superuser=True, is_staff=True)
    return make_user("redacteur", SERVICE_COMMUNICATION)


@pytest.mark.parametrize("name", UNREADABLE_IMAGES)
def test_an_unreadable_image_is_refused_in_french_in_the_admin(home_page, uploader, name):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse
    from wagtail.images import get_image_model

    data = UNREADABLE_IMAGES[name]

    single = client_for(uploader).post(
        reverse("wagtailimages:add"),
        {"title": "Photo du hall", "file": SimpleUploadedFile(name, data, "image/png"), "collection": 1},
    )
    multiple = client_for(uploader).post(
        reverse("wagtailimages:add_multiple"), {"files[]": SimpleUploadedFile(name, data, "image/png")}
    )
    chooser = client_for(uploader).post(
        reverse("wagtailimages_chooser:create"),
        {"image-chooser-upload-title": "Photo", "image-chooser-upload-file": SimpleUploadedFile(name, data)},
    )

    assert single.status_code == 200 and UNREADABLE in single.content.decode()
    assert multiple.status_code == 200
    assert multiple.json()["success"] is False and UNREADABLE in multiple.json()["error_message"]
    assert chooser.status_code == 200 and UNREADABLE in chooser.json()["htmlFragment"]
    assert not get_image_model().objects.exists()


def test_a_truncated_image_is_answered_without_error(home_page, uploader):
    """Pillow reads a truncated PNG once WeasyPrint has allowed it (process-wide): refused or kept."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    response = client_for(uploader).post(
        reverse("wagtailimages:add"),
        {"title": "Photo", "file": SimpleUploadedFile("tronquee.png", png(400, 300)[:60]), "collection": 1},
    )

    assert response.status_code == 302 or UNREADABLE in response.content.decode()


def test_a_readable_image_is_still_accepted(home_page, uploader):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse
    from wagtail.images import get_image_model

    response = client_for(uploader).post(
        reverse("wagtailimages:add"),
        {"title": "Photo du hall", "file": SimpleUploadedFile("hall.png", png(400, 300)), "collection": 1},
    )

    assert response.status_code == 302
    assert get_image_model().objects.get().width == 400


@pytest.mark.parametrize("name", UNREADABLE_IMAGES)
def test_an_unreadable_image_uploaded_as_a_document_is_answered(home_page, uploader, name):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse
    from wagtail.documents import get_document_model

    data = UNREADABLE_IMAGES[name]
    response = client_for(uploader).post(
        reverse("wagtaildocs:add"),
        {"title": "Photo", "file": SimpleUploadedFile(name, data, "image/png"), "collection": 1},
    )

    assert response.status_code == 200
    assert "png\u00a0» n’est pas autorisée" in response.content.decode()
    assert not get_document_model().objects.exists()


def test_admin_csv_exports_leave_empty_cells_empty(meeting, author):
    import csv

    from .factories import OrganisationFactory

    OrganisationFactory(name="Association sans sigle", acronym="", website="")

    response = client_for(author).get("/admin/cluac_pages/organisation/", {"export": "csv"})

    header, *rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    [row] = [row for row in rows if row[0] == "Association sans sigle"]
    assert row[1:2] == [""] and row[-1] == ""
    assert not [cell for row in rows for cell in row if cell in ("-", "'-")]


@pytest.mark.parametrize("parameter", ["date", "page", "q", "order", "x"])
def test_a_nul_byte_in_the_query_of_a_public_page_is_answered(meeting, parameter):
    committee = meeting.get_parent()
    paths = [
        "/",
        committee.url,
        meeting.url,
        "/recherche/",
        "/sitemap.xml",
        "/flux/comptes-rendus.rss",
        f"/agenda/comites/{committee.pk}.ics",
        f"/donnees/comites/{committee.pk}/reunions.csv",
        f"/comites/{committee.pk}/suggestion/",
    ]
    for path in paths:
        response = Client().get(path, {parameter: "2023\x00-09-07", "q": "accueil\x00"})
        assert response.status_code in (200, 400, 404), (path, response.status_code)
