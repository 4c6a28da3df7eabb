"""Site-level pages: the home page, plain content pages and the site map."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page

from cluac_pages.guarantee.pages import MinutesCarrierMixin
from cluac_pages.models.base import public, route_to_child, served_here

TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class HomePage(MinutesCarrierMixin, Page):
    introduction = RichTextField(_("introduction"), features=TEXT_FEATURES, blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("page d'accueil")

    def route(self, request, path_components):
        from cluac_pages.models import CommitteePage

        # Committees in one query (with what their page shows of other tables when it is the page
        # served); the other pages by Wagtail's routing.
        committees = (
            CommitteePage.for_serving()
            if served_here(CommitteePage, path_components)
            else CommitteePage.objects
        )
        return route_to_child(self, request, path_components, committees.all()) or super().route(
            request, path_components
        )

    def get_context(self, request, *args, **kwargs):
        from cluac_pages.models import CommitteePage

        context = super().get_context(request, *args, **kwargs)
        context["committees"] = public(CommitteePage.objects.child_of(self).live())
        return context


class ContentPage(MinutesCarrierMixin, Page):
    """A plain page: legal notice, accessibility statement, personal data…"""

    body = RichTextField(_("contenu"), features=TEXT_FEATURES)

    content_panels = Page.content_panels + [FieldPanel("body")]
    parent_page_types = ["home.HomePage", "home.ContentPage"]

    class Meta:
        verbose_name = _("page de contenu")


class SitemapPage(Page):
    """The human-readable site map (« Plan du site »)."""

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("plan du site")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        root = self.get_site().root_page
        pages = public(root.get_descendants(inclusive=True).live()).order_by("path")
        context["tree"] = [(page, page.depth - root.depth) for page in pages]
        return context


@register_setting(icon="list-ul")
class FooterSettings(BaseSiteSetting):
    select_related = [
        "accessibility_page",
        "legal_notice_page",
        "personal_data_page",
        "cookies_page",
        "sitemap_page",
    ]

    class Compliance(models.TextChoices):
        NONE = "non", _("non conforme")
        PARTIAL = "partiellement", _("partiellement conforme")
        FULL = "totalement", _("totalement conforme")

    accessibility_compliance = models.CharField(
        _("conformité RGAA"), max_length=15, choices=Compliance.choices, default=Compliance.NONE
    )
    accessibility_page = models.ForeignKey(
        Page,
        verbose_name=_("déclaration d'accessibilité"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    legal_notice_page = models.ForeignKey(
        Page,
        verbose_name=_("mentions légales"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    personal_data_page = models.ForeignKey(
        Page,
        verbose_name=_("données personnelles"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cookies_page = models.ForeignKey(
        Page,
        verbose_name=_("gestion des cookies"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sitemap_page = models.ForeignKey(
        Page,
        verbose_name=_("plan du site"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    description = models.TextField(_("texte du pied de page"), blank=True)

    panels = [
        FieldPanel("description"),
        MultiFieldPanel(
            [FieldPanel("accessibility_compliance"), FieldPanel("accessibility_page")],
            heading=_("Accessibilité"),
        ),
        FieldPanel("legal_notice_page"),
        FieldPanel("personal_data_page"),
        FieldPanel("cookies_page"),
        FieldPanel("sitemap_page"),
    ]

    class Meta:
        verbose_name = _("pied de page")
