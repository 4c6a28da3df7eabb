"""The XML sitemap lists only what the public can reach: live pages whose ancestors are live."""

from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap


class PublicSitemap(Sitemap):
    """Wagtail's sitemap, without the pages under an unpublished page (Wagtail lists every
    live page, even the minutes of a meeting a validator unpublished)."""

    def items(self):
        from wagtail.models import Page, Site

        site = Site.find_for_request(self.request)
        if site is None:
            # A host that no site names, on an install without a default site: Wagtail's
            # fallback to the default site would fail (a server error); nothing is listed.
            return Page.objects.none()
        root = site.root_page
        pages = super().items()
        hidden_paths = (
            root.get_descendants().filter(live=False, numchild__gt=0).values_list("path", flat=True)
        )
        hidden = Q()
        for path in hidden_paths:
            hidden |= Q(path__startswith=path)
        return pages.exclude(hidden) if hidden else pages
