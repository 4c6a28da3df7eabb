"""The page model the add-on builds on.

Wagtail lets a site swap its base page model (``WAGTAIL_PAGE_MODEL``); the add-on's
pages inherit from whichever model the host site chose, so that a prefecture's
existing site keeps its own common fields and behaviour.
"""

import swapper
from django.conf import settings

BasePage = swapper.load_model("wagtailcore", "Page", require_ready=False)
BASE_PAGE_MODEL = swapper.get_model_name("wagtailcore", "Page")


def base_template_name():
    """The site-wide template that the add-on's templates extend."""
    return getattr(settings, "CLUAC_PAGES_BASE_TEMPLATE", "base.html")


class CluacPageMixin:
    """Gives the add-on's templates the host site's base template name."""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["cluac_base_template"] = base_template_name()
        return context
