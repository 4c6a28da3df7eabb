"""The page model the add-on builds on.

Wagtail lets a site swap its base page model (``WAGTAIL_PAGE_MODEL``); the add-on's
pages inherit from whichever model the host site chose, so that a prefecture's
existing site keeps its own common fields and behaviour.
"""

import swapper
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ..guarantee.pages import MinutesCarrierMixin
from ..prefectures.forms import PrefectureScopedPageForm

BasePage = swapper.load_model("wagtailcore", "Page", require_ready=False)
BASE_PAGE_MODEL = swapper.get_model_name("wagtailcore", "Page")


def base_template_name():
    """The site-wide template that the add-on's templates extend."""
    return getattr(settings, "CLUAC_PAGES_BASE_TEMPLATE", "base.html")


class CluacPageMixin(MinutesCarrierMixin):
    """Gives the add-on's templates the host site's base template name, and its page permissions;
    its edit form offers each prefecture's team its own persons, organisations and pages."""

    base_form_class = PrefectureScopedPageForm

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["cluac_base_template"] = base_template_name()
        return context

    def clean(self):
        super().clean()
        # The admin's slug widget writes ASCII as one types; a slug typed by hand with accents would
        # make a percent-encoded address (« comit%C3%A9-… »), unreadable once printed on paper.
        if (
            self.slug
            and not self.slug.isascii()
            and not getattr(settings, "WAGTAIL_ALLOW_UNICODE_SLUGS", True)
        ):
            raise ValidationError(
                {
                    "slug": _(
                        "L'adresse de la page s'écrit sans accents ni caractères spéciaux : "
                        "par exemple « %(suggestion)s »."
                    )
                    % {"suggestion": slugify(self.slug)}
                }
            )


class TreeRulesMixin:
    """Refuses, on save, a page placed under a parent its type does not allow.

    The admin already hides forbidden choices; this also covers pages created
    from code (imports, shell, management commands).
    """

    def clean(self):
        super().clean()
        if not self.path or self.depth is None or self.depth <= 1:
            return
        parent = self.get_parent()
        if parent is None:
            return
        parent = parent.specific_deferred
        if not self.can_exist_under(parent):
            raise ValidationError(
                _("Une page « %(type)s » ne peut pas être placée sous « %(parent)s ».")
                % {"type": self._meta.verbose_name, "parent": parent._meta.verbose_name}
            )
        limit = self.max_count_per_parent
        if limit is not None:
            siblings = type(self).objects.child_of(parent).exclude(pk=self.pk)
            if siblings.count() >= limit:
                raise ValidationError(
                    _("« %(parent)s » a déjà un(e) %(type)s : il ne peut en avoir qu'un(e).")
                    % {"type": self._meta.verbose_name, "parent": parent.title}
                )
