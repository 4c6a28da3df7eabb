"""The public search across committees, meetings, minutes and their annexes (Wagtail search)."""

import re
from html import unescape

from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from wagtail.fields import StreamField
from wagtail.models import Page, Site
from wagtail.search import index

from .models import CommitteePage, MeetingPage, MinutesPage, ProcedureSheetPage
from .models.base import base_template_name, public
from .opendata import without_offline_ancestors
from .read_once import stream_texts

SEARCHED_TYPES = (CommitteePage, MeetingPage, MinutesPage, ProcedureSheetPage)
RESULTS_PER_PAGE = 10
EXCERPT_WORDS = 35
# The search backends combine one condition per word, recursively: hundreds of words exhaust
# Python's stack. No one searches the minutes with more words than this.
MAX_QUERY_WORDS = 30
MAX_QUERY_LENGTH = 200


class InvalidQuery(ValueError):
    """The search cannot be run; the message says why, in French."""


def clean_query(text):
    """The words to search for in ``text``, for the search page and the API alike.

    Quotes and control characters are not words (SQLite's full-text syntax would choke on them,
    PostgreSQL refuses NUL); raises ``InvalidQuery`` for an empty or an overlong search.
    """
    query = " ".join(re.sub(r'["\x00-\x1f\x7f]', " ", text).split())
    if not query:
        raise InvalidQuery(_("Saisissez au moins un mot à rechercher."))
    # The backends split words on spaces and hyphens.
    if len(query) > MAX_QUERY_LENGTH or len(re.split(r"[\s\-]+", query)) > MAX_QUERY_WORDS:
        raise InvalidQuery(
            _("Votre recherche est trop longue : %(words)s mots et %(length)s caractères au plus.")
            % {"words": MAX_QUERY_WORDS, "length": MAX_QUERY_LENGTH}
        )
    return query


def page_text(page):
    """The readable text of a page, for its excerpt: what the search index holds of the page itself,
    besides its title, read without a query (records of their own, such as agenda items or
    participants, find the page through the index but stay out of its excerpt, so that a results
    page costs the same queries whatever it lists). Rich text and StreamField blocks are read from
    their stored HTML with a space for each tag, so that an excerpt never glues two list items or
    blocks together (« service rendu Aider »).
    """
    texts = []
    for field in page.get_search_fields():
        if not isinstance(field, index.SearchField) or field.field_name == "title":
            continue
        try:
            model_field = page._meta.get_field(field.field_name)
        except FieldDoesNotExist:
            continue  # computed from other records (composition, participants)
        if model_field.is_relation:
            continue
        value = getattr(page, field.field_name, None)
        if isinstance(model_field, StreamField):
            # Every string of the stored blocks but choice values (« todo », « left »…).
            texts.extend(
                html_to_text(text) for text in stream_texts(value.raw_data) if not IDENTIFIER.match(text)
            )
        elif value:
            texts.append(html_to_text(str(value)))
    return " ".join(" ".join(texts).split())


IDENTIFIER = re.compile(r"^[a-z0-9_\-]+$")


def html_to_text(html):
    return unescape(re.sub(r"<[^>]+>", " ", html))


def excerpt(text, query):
    """A few words of ``text`` around the first word of the query found in it."""
    words = text.split()
    terms = [term.lower() for term in re.findall(r"\w+", query) if len(term) > 2]
    start = 0
    for position, word in enumerate(words):
        if any(term in word.lower() for term in terms):
            start = max(0, position - 8)
            break
    snippet = Truncator(" ".join(words[start:])).words(EXCERPT_WORDS, truncate=" …")
    return ("… " if start else "") + snippet


def result_date(page):
    if isinstance(page, MeetingPage):
        return page.start
    if isinstance(page, MinutesPage):
        return page.written_on or page.first_published_at
    if isinstance(page, ProcedureSheetPage):
        return page.updated_on or page.last_published_at
    return page.last_published_at


def search(request):
    raw_query = request.GET.get("q", "")
    context = {
        "query": " ".join(raw_query.replace("\x00", " ").split()),
        "cluac_base_template": base_template_name(),
        "results": [],
        "page_obj": None,
    }
    if "q" not in request.GET:
        return TemplateResponse(request, "cluac_pages/search.html", context)
    try:
        query = clean_query(raw_query)
    except InvalidQuery as error:
        context["error"] = str(error)
        return TemplateResponse(request, "cluac_pages/search.html", context)
    context["query"] = query
    readable = without_offline_ancestors(public(Page.objects.live().type(*SEARCHED_TYPES)))
    site = Site.find_for_request(request)
    if site is not None:
        readable = readable.in_site(site)
    # The search backends filter on indexed fields only: the readable pages are given by id.
    pages = Page.objects.filter(id__in=readable.values("id"))
    paginator = Paginator(pages.search(query, operator="and"), RESULTS_PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    # One query per searched type, whatever the mix of types on the page (so the same count each time).
    ids = [result.pk for result in page_obj]
    found = (
        {page.pk: page for model in SEARCHED_TYPES for page in model.objects.filter(pk__in=ids)}
        if ids
        else {}
    )
    context["page_obj"] = page_obj
    context["results"] = [
        {
            "page": page,
            "type": page._meta.verbose_name,
            "date": result_date(page),
            "excerpt": excerpt(page_text(page), query),
        }
        for page in (found.get(result.pk) for result in page_obj)
        if page is not None
    ]
    return TemplateResponse(request, "cluac_pages/search.html", context)
