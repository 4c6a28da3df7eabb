"""Helpers to read the public pages as a visitor's browser receives them."""

import io
import re

from bs4 import BeautifulSoup
from django.core.management import call_command
from django.test import Client
from wagtail.models import Page, Site

# The demo's sites: host header, and the prefecture title as the header's brand block shows it.
DEMO_SITES = {
    "loire-atlantique": ("127.0.0.1:8000", ["Préfet", "de la Loire-Atlantique"]),
    "essonne": ("essonne.localhost:8000", ["Préfet", "de l'Essonne"]),
    "lot": ("lot.localhost:8000", ["Préfet", "du Lot"]),
    "gard": ("gard.localhost:8000", ["Préfet", "du Gard"]),
    "meurthe-et-moselle": ("meurthe-et-moselle.localhost:8000", ["Préfet", "de Meurthe-et-Moselle"]),
}

NOT_FOUND_PATH = "/cette-page-n-existe-pas/"


def load_demo():
    """Run ``load_demo`` as a developer would (the test settings have DEBUG off); return its output."""
    out = io.StringIO()
    call_command("load_demo", force=True, stdout=out)
    return out.getvalue()


def parse(content):
    if isinstance(content, bytes):
        content = content.decode()
    return BeautifulSoup(content, "html.parser")


def text(element):
    """The text of an element as read on screen: whitespace collapsed."""
    if element is None:
        return ""
    return " ".join(element.get_text(" ").split())


def site_for_host(host):
    hostname, port = host.split(":")
    return Site.objects.get(hostname=hostname, port=int(port))


def live_pages(site):
    """Every live, public page of a site, from its home page down, with its path on that site."""
    root = site.root_page
    pages = Page.objects.descendant_of(root, inclusive=True).live().public().specific().order_by("path")
    return [(page, page.get_url_parts()[2]) for page in pages]


def crawl_demo(client=None, extra_paths=()):
    """Fetch every live page of every demo site, and ``extra_paths`` on each site.

    Returns ``{(host, path): (status_code, page_or_None, html)}``.
    """
    client = client or Client()
    fetched = {}
    for host, _title in DEMO_SITES.values():
        site = site_for_host(host)
        for page, path in live_pages(site):
            response = client.get(path, HTTP_HOST=host)
            fetched[(host, path)] = (response.status_code, page, response.content.decode())
        for path in extra_paths:
            response = client.get(path, HTTP_HOST=host)
            fetched[(host, path)] = (response.status_code, None, response.content.decode())
    return fetched


def phone_pattern(phone):
    """A regex matching a French phone number however it is written.

    « 06 39 98 00 01 », « 06.39.98.00.01 », « 0639980001 », « 06-39-98-00-01 »,
    « +33 6 39 98 00 01 », « +33 (0)6 39 98 00 01 ».
    """
    digits = re.sub(r"\D", "", phone)
    separator = r"[\s.\-\u00a0\u202f]*"
    national = separator.join(digits)
    alternatives = [national]
    if digits.startswith("0") and len(digits) == 10:
        alternatives.append(r"\+33" + separator + r"(?:\(0\))?" + separator + separator.join(digits[1:]))
    return re.compile(r"(?<!\d)(?:" + "|".join(alternatives) + r")(?!\d)")


EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
