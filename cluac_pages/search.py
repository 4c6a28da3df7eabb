"""The public search across committees, meetings, minutes and their annexes (Wagtail search)."""

import re

from django.core.paginator import Paginator
from django.db.models import Manager
from django.template.response import TemplateResponse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from wagtail.models import Page, Site
from wagtail.search import index

from .models import CommitteePage, MeetingPage, MinutesPage, ProcedureSheetPage
from .models.base import base_template_name
from .opendata import without_offline_ancestors

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
    """The readable text of a page, for its excerpt: what the search index holds besides its title.

    The values are those Wagtail indexes (``get_value`` of each search field: rich text and
    StreamField blocks through their ``get_searchable_content``, which keeps a space between
    paragraphs, list items and blocks), so an excerpt shows the words that found the page and
    never glues two list items together. Wagtail's database backends each walk the fields with
    an indexer of their own (one module per database), hence this walk.
    """
    fields = [
        field
        for field in page.get_search_fields()
        # The page's title heads the result already; related records' titles (an agenda item's,
        # an annex's) are part of the text.
        if not (isinstance(field, index.SearchField) and field.field_name == "title")
    ]
    return " ".join(" ".join(indexed_values(page, fields)).split())


def indexed_values(obj, fields):
    for field in fields:
        if isinstance(field, index.SearchField):
            yield from flatten(field.get_value(obj))
        elif isinstance(field, index.RelatedFields):
            related = field.get_value(obj)
            if isinstance(related, Manager):
                related = related.all()
            elif related is not None:
                related = [related]
            for item in related or []:
                yield from indexed_values(item, field.fields)


def flatten(value):
    if value is None:
        return
    if isinstance(value, (list, tuple)):
        for item in value:
            yield from flatten(item)
    elif isinstance(value, dict):
        yield from flatten(list(value.values()))
    else:
        yield str(value)


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
    pages = without_offline_ancestors(Page.objects.live().public().type(*SEARCHED_TYPES))
    site = Site.find_for_request(request)
    if site is not None:
        pages = pages.in_site(site)
    paginator = Paginator(pages.search(query, operator="and"), RESULTS_PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    found = {page.pk: page for page in Page.objects.filter(pk__in=[p.pk for p in page_obj]).specific()}
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
