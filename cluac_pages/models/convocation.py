"""Convocations: the meeting's invitation sent to every seat holder and guest, recorded per recipient."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .delivery import EmailDelivery


class ConvocationRound(models.Model):
    """One sending of a meeting's convocation: the first invitation, or an update after a change."""

    class Kind(models.TextChoices):
        INVITATION = "invitation", _("Convocation")
        UPDATE = "update", _("Mise à jour")
        CANCELLATION = "cancellation", _("Annulation")

    meeting = models.ForeignKey(
        "cluac_pages.MeetingPage",
        verbose_name=_("réunion"),
        on_delete=models.CASCADE,
        related_name="convocation_rounds",
    )
    kind = models.CharField(_("nature"), max_length=15, choices=Kind.choices)
    fingerprint = models.CharField(
        _("empreinte des informations envoyées"),
        max_length=64,
        help_text=_("Date, heures, lieu, ordre du jour et documents tels qu'envoyés."),
    )
    sequence = models.PositiveIntegerField(_("version de l'invitation (iCalendar)"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("envoyé par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("envoi de convocation")
        verbose_name_plural = _("envois de convocations")

    def __str__(self):
        return f"{self.meeting} – {self.get_kind_display()}"


class ConvocationDelivery(EmailDelivery):
    """A convocation round sent to one address, and its outcome."""

    round = models.ForeignKey(
        ConvocationRound, verbose_name=_("envoi"), on_delete=models.CASCADE, related_name="deliveries"
    )

    class Meta:
        ordering = ["round", "email"]
        verbose_name = _("convocation envoyée")
        verbose_name_plural = _("convocations envoyées")
        constraints = [
            models.UniqueConstraint(fields=["round", "email"], name="one_convocation_per_round_and_address"),
        ]
