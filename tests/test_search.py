"""The French public search across committees, meetings, minutes and their annexes."""

import datetime
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection
from django.test import TestCase
from django.utils import translation
from django.utils.dates import MONTHS, WEEKDAYS
from wagtail.documents import get_document_model
from wagtail.test.utils.form_data import inline_formset

from cluac_pages.models import CommitteePage, MeetingPage, MinutesPage
from cluac_pages.search import SEARCHED_TYPES

from .factories import PARIS, CommitteePageFactory, MeetingPageFactory, MinutesPageFactory, PersonFactory
from .html import DEMO_SITES, live_pages, load_demo, parse, site_for_host
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

SEARCH_URL = "/recherche/"
CANARY = "Canarijamaisvalide"


def results(response):
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return [
        {
            "title": item.h3.get_text(strip=True),
            "type": item.select_one(".fr-badge").get_text(strip=True),
            "date": item.time.get_text(strip=True) if item.time else "",
            "excerpt": item.find_all("p")[-1].get_text(" ", strip=True),
        }
        for item in soup.select(".cluac-search-results > li")
    ]


@pytest.fixture
def content(home_page):
    author = make_user("redacteur", SERVICE_COMMUNICATION)
    secretary = make_user("sg", SECRETAIRE_GENERAL)
    committee, meeting, _ = build_meeting(home_page)
    committee.introduction = "<p>Le comité examine les réclamations des usagers étrangers.</p>"
    committee.save_revision().publish()
    minutes = create_draft_minutes(meeting, author)
    document = get_document_model()(title="Conclusions des cas pratiques")
    document.file.save("conclusions.txt", ContentFile(b"conclusions"), save=False)
    document.save()
    with TestCase.captureOnCommitCallbacks(execute=True):
        submit(
            client_for(author),
            minutes,
            "Le service civique renforce l'accueil numérique des usagers.",
            annexes=inline_formset([{"document": document.pk, "title": ""}]),
        )
        act(client_for(secretary), minutes, "approve")
    # A correction awaiting validation and minutes never validated carry a canary.
    submit(client_for(author), minutes, f"Correction {CANARY}")
    other = MeetingPageFactory(
        parent=committee,
        slug="autre",
        title="Réunion de printemps",
        start=datetime.datetime(2024, 4, 4, 10, tzinfo=PARIS),
    )
    create_draft_minutes(other, author, text=CANARY)
    return committee, meeting, minutes


def test_minutes_are_found_by_their_text_with_type_date_and_excerpt(content, client):
    [result] = results(client.get(SEARCH_URL, {"q": "service civique"}))
    assert result["title"] == "Compte-rendu"
    assert result["type"] == "Compte-rendu"
    assert "service civique renforce l'accueil numérique" in result["excerpt"]


def test_committees_and_meetings_are_found(content, client):
    found = results(client.get(SEARCH_URL, {"q": "réclamations"}))
    assert [(r["title"], r["type"]) for r in found] == [("CLU de test", "Comité local des usagers")]
    meetings = results(client.get(SEARCH_URL, {"q": "printemps"}))
    assert meetings == [
        {
            "title": "Réunion de printemps",
            "type": "Réunion",
            "date": "4 avril 2024",
            "excerpt": meetings[0]["excerpt"],
        }
    ]


def test_minutes_are_found_by_the_title_of_an_annex(content, client):
    found = results(client.get(SEARCH_URL, {"q": "conclusions cas pratiques"}))
    assert [r["title"] for r in found] == ["Compte-rendu"]


def test_minutes_are_found_by_their_speakers_as_published_and_their_document_links(db, home_page, client):
    committee, meeting, _people = build_meeting(home_page)
    treasurer = PersonFactory(
        first_name="Odile", last_name="VERCHAMPS", function="trésorière", publication_consent=True
    )
    private = PersonFactory(last_name="DISCRETNOMPRIVE", organisation__name="Association Brionne Solidarité")
    document = get_document_model()(title="Bilan annuel des pictogrammes")
    document.file.save("bilan.pdf", ContentFile(b"%PDF-1.4 bilan"), save=False)
    document.save()
    minutes = MinutesPageFactory(parent=meeting, slug="compte-rendu", title="Compte-rendu")
    exchange = {
        "type": "exchange",
        "value": {
            "speaker": treasurer.pk,
            "spoken_for": "",
            "statement": "<p>demande des horaires élargis.</p>",
            "answers": [
                {
                    "type": "item",
                    "id": "a1",
                    "value": {"speaker": private.pk, "statement": "<p>approuve.</p>"},
                }
            ],
        },
    }
    document_link = {"type": "document", "value": {"document": document.pk, "title": ""}}
    minutes.body = MinutesPage.body.field.stream_block.to_python(
        [{"type": "section", "value": {"heading": "Accueil du public", "content": [exchange, document_link]}}]
    )
    minutes.save_revision().publish()

    for query in ("verchamps trésorière", "pictogrammes", "Brionne Solidarité"):
        assert [r["type"] for r in results(client.get(SEARCH_URL, {"q": query}))] == ["Compte-rendu"], query
    # A name the minutes do not publish is not searchable either.
    assert results(client.get(SEARCH_URL, {"q": "discretnomprive"})) == []


def test_unvalidated_text_is_never_found(content, client):
    response = client.get(SEARCH_URL, {"q": CANARY})
    assert results(response) == []
    assert "0 résultat pour « Canarijamaisvalide »" in response.content.decode()
    assert CANARY not in BeautifulSoup(response.content, "html.parser").main.select_one(
        "section"
    ).get_text().replace(f"« {CANARY} »", "")


def test_an_empty_query_asks_for_a_word(db, home_page, client):
    response = client.get(SEARCH_URL, {"q": "  "})
    assert "Saisissez au moins un mot à rechercher." in response.content.decode()
    page = client.get(SEARCH_URL).content.decode()
    assert "<h1>Rechercher</h1>" in page and "résultat" not in page


def test_results_are_limited_to_the_current_site(content, client):
    from wagtail.models import Page, Site

    other_home = Page.get_first_root_node().add_child(title="Autre préfecture", slug="autre-prefecture")
    Site.objects.create(hostname="autre.localhost", port=80, root_page=other_home)
    CommitteePageFactory(parent=other_home, slug="clu-autre", introduction="<p>Réclamations ailleurs.</p>")

    here = [r["title"] for r in results(client.get(SEARCH_URL, {"q": "réclamations"}))]
    there = [
        r["title"]
        for r in results(client.get(SEARCH_URL, {"q": "réclamations"}, HTTP_HOST="autre.localhost"))
    ]
    assert here == ["CLU de test"]
    assert len(there) == 1 and there != here


# The words of the interface (labels, hints, headings that every page of a type shows) are not
# what a page is about: they come from the templates' and views' translatable strings.
TRANSLATABLE = re.compile(
    r"""\{%\s*(?:translate|trans)\s+(["'])(.*?)\1"""  # {% translate "…" %}
    r"|\{%\s*blocktranslate[^%]*%\}(.*?)\{%\s*endblocktranslate\s*%\}"  # {% blocktranslate %}…
    r"""|\b(?:_|gettext|gettext_lazy|ngettext)\(\s*(["'])(.*?)\4""",  # _("…") in Python
    re.DOTALL,
)
SOURCES = ["cluac_pages", "home", "templates"]
WORDS_PER_PAGE = 12
MIN_WORD_LENGTH = 5


def interface_words():
    words = set()
    root = Path(settings.BASE_DIR)
    for source in SOURCES:
        for path in (root / source).rglob("*"):
            if path.suffix not in (".html", ".py") or "migrations" in path.parts:
                continue
            for match in TRANSLATABLE.finditer(path.read_text(encoding="utf-8")):
                text = re.sub(r"\{\{.*?\}\}|\{%.*?%\}", " ", "".join(part or "" for part in match.groups()))
                words.update(word.casefold() for word in re.findall(r"\w+", text))
    # Dates are written by the templates too.
    with translation.override("fr"):
        words.update(str(name).casefold() for name in [*MONTHS.values(), *WEEKDAYS.values()])
    return words


def content_words(html, page_paths):
    """The words of the page's own content, as shown in ``<main>``: no breadcrumb, form, text for
    screen readers only, nor the titles of the other pages it links to (those pages are found by them)."""
    main = parse(html).main
    for element in main.select("nav, form, .fr-sr-only, [hidden], a[href^='mailto:']"):
        element.decompose()
    for link in main.select("a[href]"):
        if urlsplit(link["href"]).path in page_paths:
            link.decompose()
    return re.findall(r"\w+", main.get_text(" "))


def is_stop_word(word):
    """PostgreSQL's French configuration drops its stop words (« notre », « étaient »): no page is
    found by them, and none should be."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT numnode(plainto_tsquery('french', %s))", [word])
        return cursor.fetchone()[0] == 0


def found_on_every_result_page(client, host, word):
    titles, number = [], 1
    while True:
        response = client.get(SEARCH_URL, {"q": word, "page": number}, HTTP_HOST=host)
        soup = parse(response.content)
        titles += [link["href"] for link in soup.select(".cluac-search-results > li h3 a")]
        if not soup.select_one(f"a[href*='page={number + 1}']"):
            return titles
        number += 1


# Not single_pass: each database indexes in its own way (PostgreSQL stems French words).
@pytest.mark.django_db
def test_every_demo_page_is_found_by_the_words_it_shows(client):
    """Each kind of searched page of the demo, rendered, is found by words sampled from its text."""
    load_demo()
    interface = interface_words()
    missed = []
    for name, (host, _title) in DEMO_SITES.items():
        site = site_for_host(host)
        pages = live_pages(site)
        page_paths = {path for _page, path in pages}
        kinds = {}
        for page, path in pages:
            if isinstance(page, SEARCHED_TYPES) and type(page) not in kinds:
                kinds[type(page)] = (page, path)
        assert name != "loire-atlantique" or len(kinds) >= 3, kinds
        for page, path in kinds.values():
            response = client.get(path, HTTP_HOST=host)
            assert response.status_code == 200
            words = []
            for word in content_words(response.content, page_paths - {path}):
                key = word.casefold()
                if (
                    len(word) >= MIN_WORD_LENGTH
                    and not any(character.isdigit() for character in word)
                    and key not in interface
                    and key not in {w.casefold() for w in words}
                ):
                    words.append(word)
            # Spread the sample over the whole page, the same words on each run.
            sample = words[:: max(1, len(words) // WORDS_PER_PAGE)][:WORDS_PER_PAGE]
            assert len(sample) >= min(5, len(words)), (path, words)
            for word in sample:
                if is_stop_word(word):
                    continue
                if path not in found_on_every_result_page(client, host, word):
                    missed.append(f"{host}{path} ({type(page).__name__}): « {word} »")
    assert not missed, "pages not found by words they show:\n" + "\n".join(missed)

    # The finding of the review: « accueil » found the minutes only, though the committee (« la
    # qualité de l'accueil ») and the meeting's agenda (« Visite de l'accueil de la DDTM ») say it;
    # and the excerpt glued two list items (« service renduAider »).
    host = DEMO_SITES["loire-atlantique"][0]
    found = results(client.get(SEARCH_URL, {"q": "accueil"}, HTTP_HOST=host))
    assert {r["type"] for r in found} >= {"Comité local des usagers", "Réunion", "Compte-rendu"}, found
    # The meeting is found by its agenda (its excerpt shows the meeting's own text).
    [meeting] = [
        r for r in results(client.get(SEARCH_URL, {"q": "visite"}, HTTP_HOST=host)) if r["type"] == "Réunion"
    ]
    [minutes] = [
        r
        for r in results(client.get(SEARCH_URL, {"q": "aider"}, HTTP_HOST=host))
        if r["type"] == "Compte-rendu"
    ]
    assert "service rendu Aider les services" in minutes["excerpt"]

    # The API's search goes through the same index.
    site = site_for_host(host)
    committee = CommitteePage.objects.live().descendant_of(site.root_page).get()
    meeting = MeetingPage.objects.live().get(slug="cluac-du-7-septembre-2023")
    for endpoint, query, page in (("comites", "accueil", committee), ("reunions", "visite", meeting)):
        response = client.get(f"/api/v2/{endpoint}/", {"search": query}, HTTP_HOST=host)
        assert response.status_code == 200
        assert page.pk in [item["id"] for item in response.json()["items"]], (endpoint, query)
