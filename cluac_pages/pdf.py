"""The minutes as an accessible, tagged PDF (WeasyPrint, PDF/UA-1)."""

from pathlib import Path
from urllib.parse import unquote, urlsplit

import weasyprint
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.test import RequestFactory


class LocalFileFetcher(weasyprint.URLFetcher):
    """Serve media and static files from disk: rendering never fetches over the network.

    WeasyPrint's documented way (``URLFetcher`` subclass): every URL is mapped to a file under
    ``MEDIA_ROOT`` or found by the static files finders, then read through the ``file:`` scheme
    only; anything else (another host's file, a path leaving the media folder) is refused.
    """

    def __init__(self, **kwargs):
        super().__init__(allowed_protocols=("file",), **kwargs)

    def fetch(self, url, headers=None):
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
    context["absolute_url"] = request.build_absolute_uri(minutes.url)
    html = render_to_string("cluac_pages/minutes_pdf.html", context, request=request)
    document = weasyprint.HTML(
        string=html, base_url=request.build_absolute_uri("/"), url_fetcher=LocalFileFetcher()
    )
    return document.write_pdf(pdf_variant="pdf/ua-1")


def pdf_filename(minutes):
    return f"{minutes.slug}.pdf"
