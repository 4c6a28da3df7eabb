"""Template filters and tags of the public pages.

Every tag here runs a fixed number of queries per page, whatever the content size.
"""

import datetime

from django import template
from django.http import QueryDict
from django.utils import formats, timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext, ngettext
from wagtail.models import Site

from .. import french
from ..models.base import public
from ..read_once import read_site_settings

register = template.Library()

KILO = 1024


def _decimal(value):
    """A number with one decimal at most, written the French way (1,5)."""
    text = formats.number_format(round(value, 1), decimal_pos=1)
    return text[:-2] if text[-2:] in (",0", ".0") else text


@register.filter
def file_size(size):
    """A size in bytes, in French units: 512 octets, 61 Ko, 1,5 Mo."""
    if size is None or size == "":
        return ""
    size = int(size)
    if size < KILO:
        return ngettext("%(size)s octet", "%(size)s octets", size) % {"size": size}
    if round(size / KILO) < KILO:
        return gettext("%(size)s Ko") % {"size": round(size / KILO)}
    if round(size / (KILO * KILO), 1) < KILO:
        return gettext("%(size)s Mo") % {"size": _decimal(size / (KILO * KILO))}
    return gettext("%(size)s Go") % {"size": _decimal(size / (KILO * KILO * KILO))}


@register.filter
def document_meta(document):
    """Format and size of a Wagtail document, as in « PDF – 61 Ko ».

    Reads the stored ``file_size``, or else asks the storage; never calls
    ``get_file_size()``, which saves the document (a query per document).
    """
    if not document:
        return ""
    parts = []
    extension = document.file_extension
    if extension:
        parts.append(extension.upper())
    size = document.file_size
    if size is None:
        try:
            size = document.file.size
        except (OSError, ValueError):
            size = None
    size = file_size(size)
    if size:
        parts.append(size)
    return " – ".join(parts)


def _day(value):
    # French writes the first day of a month as an ordinal: « 1er septembre ».
    return gettext("1er") if value.day == 1 else str(value.day)


@register.filter
def long_date(value, with_weekday=False):
    """« 15 septembre 2023 », or « jeudi 7 septembre 2023 » with a true argument."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    text = f"{_day(value)} {date_format(value, 'F Y')}"
    if with_weekday:
        text = f"{date_format(value, 'l')} {text}"
    return text


@register.filter
def short_time(value):
    """A time as French documents write it: « 10h », « 12h30 »."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    if value.minute:
        return f"{value.hour}h{value.minute:02d}"
    return f"{value.hour}h"


@register.filter
def iso_datetime(value):
    """The value of a ``<time datetime>`` attribute, in local time."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.strftime("%Y-%m-%dT%H:%M")
    return value.isoformat()


@register.simple_tag
def public_person(person, function=""):
    """How a person may be named in public.

    By name (and function) where the name is public; otherwise by the function
    given for the role, or else as the representative of their organisation.
    Never shows an e-mail address or a phone number.
    """
    if person is None:
        return function or ""
    return person.public_label_as(function)


@register.simple_tag
def speaker_label(person, spoken_for=""):
    """A speaker in the minutes, with the organisation they speak for."""
    if person is None:
        return spoken_for or ""
    label = person.public_label
    organisation = person.organisation if person.organisation_id else None
    if organisation and spoken_for.strip().casefold() in (
        organisation.name.casefold(),
        organisation.acronym.casefold(),
    ):
        spoken_for = ""
    if spoken_for:
        return gettext("%(speaker)s, au nom %(of_organisation)s") % {
            "speaker": label,
            "of_organisation": french.after_de(spoken_for),
        }
    if person.name_is_public and organisation:
        return f"{label} ({organisation.name})"
    return label


@register.filter
def nav_current(page, item):
    """The ``aria-current`` value of a menu item for the current page."""
    if page is None or not getattr(page, "path", None):
        return ""
    if page.path == item.path:
        return "page"
    if page.path.startswith(item.path):
        return "true"
    return ""


def _site_root(request):
    # Wagtail reads the site with its root page, once per request.
    site = Site.find_for_request(request) if request else None
    return site.root_page if site is not None else None


@register.simple_tag(takes_context=True)
def site_navigation(context):
    """The site's home page and its live children shown in menus."""
    request = context.get("request")
    root = _site_root(request)
    if root is None:
        return {"home": None, "items": []}
    items = list(public(root.get_children().live().in_menu()))
    return {"home": root, "items": items}


@register.simple_tag(takes_context=True)
def breadcrumb_data(context, page):
    """Data for ``dsfr_breadcrumb``: the page's ancestors below the site's home page.

    Returns ``None`` on the home page and on pages outside the current site.
    """
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None or page is None or page.pk == site.root_page_id:
        return None
    root = site.root_page
    if not page.path.startswith(root.path):
        return None
    # Up through the parents Wagtail found while routing the request (no query), up to the root.
    ancestors = []
    parent = page.get_parent()
    while parent is not None and parent.depth > root.depth:
        ancestors.insert(0, parent)
        parent = parent.get_parent()
    links = [{"url": ancestor.get_url(request), "title": ancestor.title} for ancestor in ancestors]
    return {"links": links, "current": page.title, "root_dir": root.get_url(request)}


@register.simple_tag(takes_context=True)
def footer_data(context, footer):
    """The footer's description and bottom links, from the site's footer settings.

    ``footer`` is the host site's footer setting (``settings.home.FooterSettings``).
    A link is given only when its page is set and live; the accessibility
    status is always given, as the law requires it on every page.
    """
    request = context.get("request")
    if footer is None or request is None:
        return {"description": "", "links": []}
    labels = [
        ("legal_notice_page", gettext("Mentions légales")),
        ("personal_data_page", gettext("Données personnelles")),
        ("cookies_page", gettext("Gestion des cookies")),
        ("sitemap_page", gettext("Plan du site")),
    ]

    def url_of(field):
        # The setting reads its pages with it (``FooterSettings.select_related``).
        page = getattr(footer, field)
        return page.get_url(request) if page is not None and page.live else None

    links = [
        {
            "label": gettext("Accessibilité : %(status)s")
            % {"status": footer.get_accessibility_compliance_display()},
            "url": url_of("accessibility_page"),
        }
    ]
    links += [{"label": label, "url": url_of(field)} for field, label in labels if url_of(field)]
    return {"description": footer.description, "links": links}


@register.simple_tag(takes_context=True)
def site_identity(context):
    """The prefecture's identity for the current site, or ``None`` outside any site."""
    from cluac_pages.models import PrefectureSettings

    request = context.get("request")
    if request is None or Site.find_for_request(request) is None:
        return None
    read_site_settings(request)
    return PrefectureSettings.for_request(request)


@register.filter
def nested_tree(tree):
    """Turns a flat list of ``(page, depth)`` into nested ``{"page", "children"}`` nodes."""
    roots = []
    stack = []
    for page, depth in tree:
        node = {"page": page, "children": []}
        while stack and stack[-1][0] >= depth:
            stack.pop()
        (stack[-1][1]["children"] if stack else roots).append(node)
        stack.append((depth, node))
    return roots


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with ``changes`` applied (for pagination and filters)."""
    request = context.get("request")
    query = request.GET.copy() if request is not None else QueryDict(mutable=True)
    for key, value in changes.items():
        query[key] = value
    return query.urlencode()
