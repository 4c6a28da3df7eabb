"""Several prefectures on one install: each Wagtail site has its own pair of groups."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PrefectureRoles(models.Model):
    """The groups of one prefecture's staff, and the collection of its documents and images.

    Created with the site (``cluac_pages.prefectures``): members of these groups act only
    on the site's pages, collection, composition, suggestions, action plan and reviews.
    """

    site = models.OneToOneField(
        "wagtailcore.Site", verbose_name=_("site"), on_delete=models.CASCADE, related_name="cluac_roles"
    )
    communication_group = models.OneToOneField(
        "auth.Group",
        verbose_name=_("groupe du service communication"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    secretary_group = models.OneToOneField(
        "auth.Group",
        verbose_name=_("groupe du secrétaire général"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    collection = models.ForeignKey(
        "wagtailcore.Collection",
        verbose_name=_("collection des documents et images"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("rôles d'une préfecture")
        verbose_name_plural = _("rôles des préfectures")

    def __str__(self):
        return str(self.site)
