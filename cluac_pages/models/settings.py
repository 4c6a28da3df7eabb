"""The prefecture's identity, per Wagtail site."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from ..validators import validate_departement


@register_setting(icon="site")
class PrefectureSettings(BaseSiteSetting):
    prefecture_title = models.TextField(
        _("intitulé du préfet"),
        default="Préfet\nde département",
        help_text=_(
            "Tel qu'il figure dans le bloc-marque, une ligne par ligne affichée : "
            "« Préfet » puis « de la Loire-Atlantique »."
        ),
    )
    departement = models.CharField(
        _("département"), max_length=3, blank=True, validators=[validate_departement]
    )
    city = models.CharField(_("ville du chef-lieu"), max_length=100, blank=True)
    service_title = models.CharField(_("nom du site"), max_length=255, default=_("Comité local des usagers"))
    service_tagline = models.CharField(_("précisions sur le site"), max_length=255, blank=True)
    website = models.URLField(_("site de la préfecture"), blank=True)

    panels = [
        FieldPanel("prefecture_title"),
        FieldPanel("departement"),
        FieldPanel("city"),
        FieldPanel("service_title"),
        FieldPanel("service_tagline"),
        FieldPanel("website"),
    ]

    class Meta:
        verbose_name = _("identité de la préfecture")

    @property
    def prefecture_title_lines(self):
        return [line.strip() for line in self.prefecture_title.splitlines() if line.strip()]
