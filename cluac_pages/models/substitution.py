"""Substitution notices: a titular who cannot attend sends a substitute."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SubstitutionNotice(models.Model):
    """The secretariat was told that a substitute will sit for a titular at a meeting.

    The procedure sheets require the substitute's identity and function at least
    N jours ouvrables before the meeting (N is the committee's setting, 2 by default).
    """

    meeting = models.ForeignKey(
        "cluac_pages.MeetingPage",
        verbose_name=_("réunion"),
        on_delete=models.CASCADE,
        related_name="substitution_notices",
    )
    seat = models.ForeignKey(
        "cluac_pages.Seat",
        verbose_name=_("siège"),
        on_delete=models.CASCADE,
        related_name="substitution_notices",
    )
    titular = models.ForeignKey(
        "cluac_pages.Person",
        verbose_name=_("titulaire remplacé(e)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    substitute = models.ForeignKey(
        "cluac_pages.Person",
        verbose_name=_("suppléant(e)"),
        on_delete=models.PROTECT,
        related_name="substitution_notices",
        help_text=_("La personne qui siégera : son identité et sa fonction sont enregistrées dans sa fiche."),
    )
    informed_at = models.DateTimeField(_("secrétariat informé le"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("enregistré par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        ordering = ["-informed_at"]
        verbose_name = _("suppléance")
        verbose_name_plural = _("suppléances")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "seat"], name="one_substitution_per_seat_and_meeting"),
        ]

    def __str__(self):
        return f"{self.substitute} – {self.meeting}"
