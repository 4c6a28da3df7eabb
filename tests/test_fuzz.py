"""Fuzzing every public URL, query parameter and form with Hypothesis: never a server error.

Any path, any query parameter (the known ones and others) with any value (NUL bytes, huge numbers,
quotes, hundreds of words, any Unicode), and any content posted to the public forms (search,
suggestion, reply to a convocation, opinion on a document) gets 200, a redirection, 400, 404 or
410; a refused form says why in French. The data set is ``build_public_reading_site`` with a
coming meeting and a document under review, so that the personal links are valid ones.

Bounded in time: each test has a number of examples and a per-example deadline; the module runs
in well under a minute. The inputs known to have failed are always tried first (``@example``).
"""

import datetime
import string

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from wagtail.models import Page

from cluac_pages.member_links import DOCUMENT_OPINION, MEETING_REPLY, make_token
from cluac_pages.models import DocumentReview, Mandate, MinutesPage

from .factories import MandateFactory, MeetingPageFactory, PersonFactory, SeatFactory
from .html import parse, text
from .test_opendata import build_public_reading_site, publish
from .test_reviews import make_document

pytestmark = pytest.mark.single_pass

ALLOWED = {200, 301, 302, 400, 404, 410}
FUZZ = settings(
    max_examples=250,
    deadline=datetime.timedelta(seconds=10),
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FORM_FUZZ = settings(FUZZ, max_examples=60)
PARAMETERS = [
    "q",
    "page",
    "date",
    "search",
    "search_operator",
    "offset",
    "limit",
    "fields",
    "order",
    "child_of",
    "descendant_of",
    "ancestor_of",
    "translation_of",
    "locale",
    "site",
    "type",
    "id",
    "html_path",
    "cancelled",
    "start",
    "title",
    "slug",
    "format",
    "_",
]
HUGE = "99999999999999999999"
LONG_SEARCH = " ".join(["accueil"] * 460)
# Text as a browser sends it (UTF-8): any character but lone surrogates, which UTF-8 cannot carry.
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=300)
VALUES = st.one_of(
    TEXT,
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(["", " ", "\x00", '"', "'", "*", "-1", HUGE, LONG_SEARCH, "%", "../", "<script>"]),
)
ENGLISH_ERRORS = ("This field", "Enter a", "Ensure this", "Select a valid", "Null characters", "is required")


@pytest.fixture
def site(home_page):
    """The public-reading data set, a coming meeting with a titular, and a document under review."""
    data = build_public_reading_site(home_page)
    coming = publish(
        MeetingPageFactory(
            parent=data.committee,
            slug="prochaine",
            title="Prochaine réunion",
            start=timezone.now() + datetime.timedelta(days=40),
        )
    )
    seat = SeatFactory(committee=data.committee, title="Un représentant de l'UDAF")
    titular = PersonFactory(last_name="TITULAIRE-FUZZ", email="titulaire@udaf.example")
    MandateFactory(seat=seat, person=titular, role=Mandate.Role.TITULAR, start_date=datetime.date(2020, 1, 1))
    review = DocumentReview.objects.create(
        committee=data.committee,
        title="Courrier type de relance",
        document=make_document(),
        closes_at=timezone.now() + datetime.timedelta(days=20),
    )
    data.seat = seat
    data.reply_url = f"/reponse/{make_token(MEETING_REPLY, titular, coming)}/"
    data.opinion_url = f"/avis/{make_token(DOCUMENT_OPINION, titular, review)}/"
    data.paths = public_paths(data)
    return data


def public_paths(data):
    """Every public address of the data set, ids to be fuzzed marked ``{id}``."""
    paths = ["/", "/sitemap.xml", "/robots.txt", "/recherche/", "/page-inconnue/"]
    paths += [page.url for page in Page.objects.live().specific() if page.url]
    paths += [minutes.url + "pdf/" for minutes in MinutesPage.objects.live()]
    paths += [
        "/flux/comptes-rendus.rss",
        "/flux/comptes-rendus.atom",
        "/donnees/reunions.csv",
        "/donnees/actions.csv",
        "/flux/comites/{id}/comptes-rendus.rss",
        "/flux/comites/{id}/comptes-rendus.atom",
        "/agenda/comites/{id}.ics",
        "/agenda/reunions/{id}.ics",
        "/donnees/comites/{id}/reunions.csv",
        "/donnees/comites/{id}/actions.csv",
        "/comites/{id}/suggestion/",
        data.reply_url,
        data.opinion_url,
        "/reponse/{id}/",
        "/avis/{id}/",
    ]
    for endpoint in ("comites", "reunions", "comptes-rendus"):
        paths += [f"/api/v2/{endpoint}/", f"/api/v2/{endpoint}/{{id}}/", f"/api/v2/{endpoint}/find/"]
    return paths


def page_ids():
    return list(Page.objects.values_list("pk", flat=True))


def ids(existing):
    return st.one_of(st.sampled_from(existing), st.integers(min_value=0, max_value=10**30).map(str), TEXT)


def french_form_error(response):
    """The error a person reads on a refused form: present, and not Django's English."""
    soup = parse(response.content)
    errors = [text(tag) for tag in soup.select(".fr-error-text, .fr-message--error, .fr-alert--error")]
    return errors and not any(english in error for error in errors for english in ENGLISH_ERRORS)


@FUZZ
@given(data=st.data())
@example(data=None)
def test_any_public_url_with_any_query_answers_without_error(site, data):
    client = Client()
    if data is None:  # the inputs of the attack (issue 9), tried first
        queries = [("/recherche/", {"q": LONG_SEARCH}), ("/api/v2/comptes-rendus/", {"search": LONG_SEARCH})]
        queries += [(f"/api/v2/{e}/", {"offset": HUGE}) for e in ("comites", "reunions", "comptes-rendus")]
        queries += [("/api/v2/comptes-rendus/", {name: "\x00"}) for name in ("site", "locale", "search")]
        queries += [
            ("/api/v2/comptes-rendus/find/", {"html_path": "\x00"}),
            ("/api/v2/reunions/", {"search": " "}),
        ]
    else:
        path = data.draw(st.sampled_from(site.paths), label="path")
        if "{id}" in path:
            path = path.replace("{id}", data.draw(ids([str(pk) for pk in page_ids()]), label="id"))
        names = st.one_of(st.sampled_from(PARAMETERS), st.text(string.ascii_lowercase + "_", min_size=1))
        query = data.draw(st.dictionaries(names, VALUES, max_size=4), label="query")
        queries = [(path, query)]
    for path, query in queries:
        response = client.get(path, query)
        assert response.status_code in ALLOWED, (path, query, response.status_code)


@FORM_FUZZ
@given(query=VALUES, page=VALUES)
@example(query=LONG_SEARCH, page="1")
@example(query="\x00", page=HUGE)
def test_the_search_form_answers_any_text(site, query, page):
    response = Client().get("/recherche/", {"q": query, "page": page})
    assert response.status_code == 200


def form_values():
    return st.one_of(TEXT, st.sampled_from(["", "\x00", "on", "<b>gras</b>", "=1+1", "a" * 5000]))


@FORM_FUZZ
@given(
    fields=st.fixed_dictionaries(
        {}, optional={n: form_values() for n in ("text", "email", "contact_consent", "website")}
    )
)
@example(fields={"text": "Un accueil téléphonique le samedi matin.", "email": "\x00"})
def test_the_suggestion_form_answers_any_content(site, fields):
    cache.clear()  # the hourly limit is tested elsewhere
    response = Client().post(f"/comites/{site.committee.pk}/suggestion/", fields)
    assert response.status_code in (302, 400), response.status_code
    if response.status_code == 400:
        assert french_form_error(response)


@FORM_FUZZ
@given(
    fields=st.fixed_dictionaries(
        {"answer": st.one_of(st.sampled_from(["present", "excused", "substitute"]), TEXT)},
        optional={n: form_values() for n in ("seat", "civility", "first_name", "last_name", "function")},
    )
)
@example(fields={"answer": "substitute", "last_name": "\x00", "function": "trésorier"})
def test_the_reply_form_answers_any_content(site, fields):
    fields = {"seat": str(site.seat.pk), **fields}
    response = Client().post(site.reply_url, fields)
    assert response.status_code in (302, 400), response.status_code
    if response.status_code == 400:
        assert french_form_error(response)


@FORM_FUZZ
@given(
    fields=st.fixed_dictionaries(
        {},
        optional={
            "verdict": st.one_of(st.sampled_from(["favourable", "unfavourable"]), TEXT),
            "comment": form_values(),
        },
    )
)
@example(fields={"verdict": "unfavourable", "comment": "\x00"})
def test_the_opinion_form_answers_any_content(site, fields):
    response = Client().post(site.opinion_url, fields)
    assert response.status_code in (302, 400), response.status_code
    if response.status_code == 400:
        assert french_form_error(response)
