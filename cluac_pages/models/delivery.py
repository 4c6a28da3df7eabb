"""What every e-mail the add-on sends to a person records: address, outcome, attempts, time."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EmailDelivery(models.Model):
    """One message to one address, and its outcome; the concrete models say what was sent."""

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente")
        SENDING = "sending", _("En cours d'envoi")
        SENT = "sent", _("Envoyé")
        FAILED = "failed", _("Échec")

    person = models.ForeignKey(
        "cluac_pages.Person",
        verbose_name=_("destinataire"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    email = models.EmailField(_("adresse"))
    status = models.CharField(_("résultat"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("dernière tentative le"), null=True, blank=True)
    error = models.TextField(_("erreur"), blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.email} – {self.get_status_display()}"
