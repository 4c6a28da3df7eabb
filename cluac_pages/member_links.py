"""Personal links for committee members, who have no account: signed, per person and per object.

A link carries the person's and the object's ids, signed with the site's secret
key and a salt per purpose, so that it cannot be forged, changed to another
person or object, or reused for another purpose. When it stops being usable
(after the meeting, after the closing date) is decided by the view that reads it.
"""

from django.core import signing
from django.template.response import TemplateResponse
from wagtail.models import Site

from .models.base import base_template_name

MEETING_REPLY = "cluac_pages.meeting-reply"
DOCUMENT_OPINION = "cluac_pages.document-opinion"


class InvalidLink(Exception):
    """The link was tampered with, truncated, or made for something else."""


def make_token(purpose, person, obj):
    return signing.dumps({"person": person.pk, "object": obj.pk}, salt=purpose, compress=True)


def read_token(purpose, token):
    """``(person_id, object_id)`` from a token made by ``make_token`` for ``purpose``."""
    try:
        payload = signing.loads(token, salt=purpose)
        return int(payload["person"]), int(payload["object"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise InvalidLink(str(error)) from error


def on_request_site(request, page):
    """Whether ``page`` belongs to the site the request is for.

    A link is made for one prefecture's site: opened on another's address, it would show one
    prefecture's meeting or document under another's name.
    """
    site = Site.find_for_request(request)
    return site is not None and page is not None and page.path.startswith(site.root_page.path)


def link_page(request, title, message, status, contact_email=""):
    """The page a member sees when a personal link cannot be used: why, and whom to write to."""
    context = {
        "title": title,
        "message": message,
        "contact_email": contact_email,
        "cluac_base_template": base_template_name(),
    }
    response = TemplateResponse(request, "cluac_pages/link_error.html", context, status=status)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
