"""The record of minutes imported from a Word or LibreOffice file."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MinutesImport(models.Model):
    """Which file a draft of minutes came from, so that importing it again creates nothing, and
    whether its participants already received it outside this site (an archive)."""

    minutes = models.OneToOneField(
        "cluac_pages.MinutesPage",
        verbose_name=_("compte-rendu"),
        on_delete=models.CASCADE,
        related_name="import_record",
    )
    source_name = models.CharField(_("fichier importé"), max_length=255)
    content_hash = models.CharField(_("empreinte SHA-256 du fichier"), max_length=64, db_index=True)
    already_distributed = models.BooleanField(
        _("déjà diffusé aux participants"),
        default=False,
        help_text=_("Compte-rendu d'archive : sa publication n'envoie de courriel à personne."),
    )
    imported_at = models.DateTimeField(_("importé le"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("importé par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("import d'un compte-rendu")
        verbose_name_plural = _("imports de comptes-rendus")

    def __str__(self):
        return self.source_name
