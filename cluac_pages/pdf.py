"""The minutes as an accessible, tagged PDF (WeasyPrint, PDF/UA-1)."""

from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.test import RequestFactory


def local_url_fetcher(url):
    """Serve media and static files from disk: rendering never fetches over the network."""
    import weasyprint

    path = urlsplit(url).path
    if path.startswith(settings.MEDIA_URL):
        file_path = Path(settings.MEDIA_ROOT) / path[len(settings.MEDIA_URL) :]
    elif path.startswith(settings.STATIC_URL):
        found = finders.find(path[len(settings.STATIC_URL) :])
        file_path = Path(found) if found else None
    else:
        file_path = None
    if file_path is None or not file_path.is_file():
        raise ValueError(f"Not a local file: {url}")
    return weasyprint.default_url_fetcher(file_path.as_uri())


def request_for(page):
    """A request for ``page`` on its own site, for rendering outside a web request."""
    site = page.get_site()
    host = site.hostname if site.port in (80, 443) else f"{site.hostname}:{site.port}"
    request = RequestFactory().get(page.url or "/", HTTP_HOST=host)
    request.user = None
    return request


def minutes_pdf(minutes, request=None):
    """The PDF bytes of the live (validated) version of ``minutes``."""
    import weasyprint

    request = request or request_for(minutes)
    context = minutes.get_context(request)
    context["absolute_url"] = request.build_absolute_uri(minutes.url)
    html = render_to_string("cluac_pages/minutes_pdf.html", context, request=request)
    document = weasyprint.HTML(
        string=html, base_url=request.build_absolute_uri("/"), url_fetcher=local_url_fetcher
    )
    return document.write_pdf(pdf_variant="pdf/ua-1")


def pdf_filename(minutes):
    return f"{minutes.slug}.pdf"
