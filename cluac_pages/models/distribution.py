"""Sending the published minutes to the meeting's participants, recorded per recipient."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .delivery import EmailDelivery


class MinutesDistribution(models.Model):
    """One sending of a set of minutes to its participants."""

    class Reason(models.TextChoices):
        FIRST_PUBLICATION = "first_publication", _("Première publication")
        RESEND = "resend", _("Renvoi demandé")

    minutes = models.ForeignKey(
        "cluac_pages.MinutesPage",
        verbose_name=_("compte-rendu"),
        on_delete=models.CASCADE,
        related_name="distributions",
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("version envoyée"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(_("motif"), max_length=20, choices=Reason.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("demandé par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("diffusion d'un compte-rendu")
        verbose_name_plural = _("diffusions des comptes-rendus")
        constraints = [
            # However many approvals race, the first publication is distributed once.
            models.UniqueConstraint(
                fields=["minutes"],
                condition=Q(reason="first_publication"),
                name="one_first_publication_distribution",
            )
        ]

    def __str__(self):
        return f"{self.minutes} – {self.get_reason_display()}"


class DistributionDelivery(EmailDelivery):
    """The sending of one distribution to one address, and its outcome."""

    distribution = models.ForeignKey(
        MinutesDistribution,
        verbose_name=_("diffusion"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )

    class Meta:
        ordering = ["distribution", "email"]
        verbose_name = _("envoi d'un compte-rendu")
        verbose_name_plural = _("envois des comptes-rendus")
        constraints = [
            models.UniqueConstraint(fields=["distribution", "email"], name="one_delivery_per_address"),
        ]
