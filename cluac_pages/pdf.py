"""The minutes as an accessible, tagged PDF (WeasyPrint, PDF/UA-1)."""

import functools
import re
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import weasyprint
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils.text import slugify


class LocalFileFetcher(weasyprint.URLFetcher):
    """Serve media and static files from disk: rendering never fetches over the network.

    WeasyPrint's documented way (``URLFetcher`` subclass): every URL is mapped to a file under
    ``MEDIA_ROOT`` or found by the static files finders, then read through the ``file:`` scheme
    only; anything else (another host's file, a path leaving the media folder) is refused. Inline
    ``data:`` URLs (the DSFR's Marianne drawing) need no fetching.
    """

    def __init__(self, **kwargs):
        super().__init__(allowed_protocols=("file", "data"), **kwargs)

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        return super().fetch(local_path(url).as_uri(), headers)


def local_path(url):
    """The file on disk behind a media or static URL; ``ValueError`` for anything else."""
    parts = urlsplit(url)
    path = unquote(parts.path)
    file_path = None
    if parts.scheme in ("http", "https") and path.startswith(settings.MEDIA_URL):
        media_root = Path(settings.MEDIA_ROOT).resolve()
        candidate = (media_root / path[len(settings.MEDIA_URL) :]).resolve()
        if candidate.is_relative_to(media_root):
            file_path = candidate
    elif parts.scheme in ("http", "https") and path.startswith(settings.STATIC_URL):
        found = finders.find(path[len(settings.STATIC_URL) :])
        file_path = Path(found) if found else None
    if file_path is None or not file_path.is_file():
        raise ValueError(f"Not a local media or static file: {url}")
    return file_path


@functools.cache
def state_logo_css():
    """The DSFR's rules that draw the Marianne of the « bloc-marque » (``.fr-logo`` and its ``:before``),
    read from django-dsfr's files; the screen-only variants (media queries, themes) are left out."""
    found = finders.find("dsfr/dist/component/logo/logo.main.min.css")
    if not found:
        return ""
    css = Path(found).read_text(encoding="utf-8")
    rules = re.findall(r"(?<=[}/])(\.fr-logo(?::before)?\{[^}]*\})", css)
    return "\n".join(rules).replace("forced-color-adjust:none;", "")


def request_for(page):
    """A request for ``page`` on its own site, for rendering outside a web request."""
    site = page.get_site()
    host = site.hostname if site.port in (80, 443) else f"{site.hostname}:{site.port}"
    request = RequestFactory().get(page.url or "/", HTTP_HOST=host)
    request.user = None
    return request


def minutes_pdf(minutes, request=None):
    """The PDF bytes of the live (validated) version of ``minutes``."""
    request = request or request_for(minutes)
    context = minutes.get_context(request)
    context["public_url"] = public_url(minutes)
    context["state_logo_css"] = state_logo_css()
    html = render_to_string("cluac_pages/minutes_pdf.html", context, request=request)
    # Links in the document lead to the site's public host, like its footer.
    site = minutes.get_site()
    base_url = f"{site.root_url}/" if site is not None else request.build_absolute_uri("/")
    document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=LocalFileFetcher())
    return document.write_pdf(pdf_variant="pdf/ua-1")


def public_url(page):
    """The page's address on its site's own host (never the host a request came through), readable:
    an address with accents is shown with its accents rather than percent-encoded."""
    return unquote(page.get_full_url() or "")


def pdf_filename(minutes):
    """An ASCII file name for the PDF, from the title: « compte-rendu-du-cluac-du-7-septembre-2023.pdf »."""
    return f"{slugify(minutes.title) or minutes.slug}.pdf"


def content_disposition(minutes):
    """``inline`` with the ASCII name and the title in UTF-8 (RFC 6266), so that the downloaded file
    is named « Compte-rendu du CLUAC du 7 septembre 2023.pdf » by the browsers that can."""
    title = " ".join(minutes.title.replace("/", "-").replace("\\", "-").split())
    return f"inline; filename=\"{pdf_filename(minutes)}\"; filename*=UTF-8''{quote(title + '.pdf')}"
