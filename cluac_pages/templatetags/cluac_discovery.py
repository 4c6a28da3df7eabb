"""What the site's ``<head>`` tells search engines, social networks and feed readers about a page."""

import html
import re

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from .cluac_tags import long_date

register = template.Library()

DESCRIPTION_LENGTH = 200


def plain_text(value):
    """Rich text as one line of plain text (entities decoded: the template escapes it again)."""
    return re.sub(r"\s+", " ", html.unescape(strip_tags(str(value or "")))).strip()


def page_description(page):
    from ..models import CommitteePage, MeetingPage, MinutesPage

    text = page.search_description
    if not text:
        if isinstance(page, MinutesPage):
            meeting = page.meeting
            text = page.subject
            if meeting is not None:
                text = _("Compte-rendu de la réunion du %(date)s : %(subject)s") % {
                    "date": long_date(meeting.start),
                    "subject": page.subject,
                }
        elif isinstance(page, MeetingPage):
            text = page.introduction or _("Réunion du %(date)s, %(place)s.") % {
                "date": long_date(page.start, True),
                "place": page.place,
            }
            if page.cancelled:
                text = _("Réunion annulée.") + " " + text
        elif isinstance(page, CommitteePage):
            text = plain_text(page.introduction) or _(
                "Rôle, composition, réunions et comptes-rendus du %(committee)s."
            ) % {"committee": page.title}
        else:
            for attribute in ("introduction", "object", "body"):
                value = getattr(page, attribute, None)
                if isinstance(value, str) and value:
                    text = plain_text(value)
                    break
    text = plain_text(text) or _(
        "%(title)s – le comité local des usagers : sa composition, ses réunions et ses comptes-rendus."
    ) % {"title": page.title}
    return Truncator(text).chars(DESCRIPTION_LENGTH)


def _alternate(kind, title, name, *args):
    try:
        return {"type": kind, "title": title, "href": reverse(name, args=args)}
    except NoReverseMatch:
        return None


RSS = "application/rss+xml"
ATOM = "application/atom+xml"
ICS = "text/calendar"


def page_alternates(page):
    """Feeds and calendars of the page: the site's minutes, and its committee's or meeting's."""
    from ..models import CommitteePage, MeetingPage, MinutesPage

    links = [
        _alternate(RSS, _("Comptes-rendus (RSS)"), "cluac_pages:minutes_rss"),
        _alternate(ATOM, _("Comptes-rendus (Atom)"), "cluac_pages:minutes_atom"),
    ]
    committee = None
    if isinstance(page, CommitteePage):
        committee = page
    elif isinstance(page, MeetingPage):
        committee = page.committee
        links.append(_alternate(ICS, _("Cette réunion (iCalendar)"), "cluac_pages:meeting_calendar", page.pk))
    elif isinstance(page, MinutesPage):
        meeting = page.meeting
        committee = meeting.committee if meeting else None
    if committee is not None:
        title = committee.title
        links += [
            _alternate(
                RSS,
                _("Comptes-rendus – %(committee)s (RSS)") % {"committee": title},
                "cluac_pages:committee_minutes_rss",
                committee.pk,
            ),
            _alternate(
                ICS,
                _("Réunions – %(committee)s (iCalendar)") % {"committee": title},
                "cluac_pages:committee_calendar",
                committee.pk,
            ),
        ]
    return [link for link in links if link]


@register.simple_tag
def page_meta(page):
    """Description, Open Graph type and alternate links of a page, for the ``<head>``."""
    from ..models import MinutesPage

    is_article = isinstance(page, MinutesPage)
    return {
        "description": page_description(page),
        "og_type": "article" if is_article else "website",
        "published_time": page.first_published_at if is_article else None,
        "alternates": page_alternates(page),
    }
