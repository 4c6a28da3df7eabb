"""Users' wishes and suggestions about the reception of the public, sent from the committee page."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index


class Suggestion(index.Indexed, models.Model):
    """What a person typed: never published, kept for the retention period only."""

    class Status(models.TextChoices):
        NEW = "new", _("Nouvelle")
        EXAMINED = "examined", _("Examinée en comité")
        ACTION = "action", _("Transformée en action")
        ANSWERED = "answered", _("Réponse apportée")
        DECLINED = "declined", _("Non retenue")

    committee = models.ForeignKey(
        "cluac_pages.CommitteePage",
        verbose_name=_("comité"),
        on_delete=models.CASCADE,
        related_name="suggestions",
    )
    text = models.TextField(_("suggestion"))
    email = models.EmailField(
        _("adresse pour la réponse"),
        blank=True,
        help_text=_("Facultative ; ne sert qu'à répondre, jamais publiée."),
    )
    contact_consent_at = models.DateTimeField(_("accord pour être recontacté(e) le"), null=True, blank=True)
    received_at = models.DateTimeField(_("reçue le"), auto_now_add=True)
    status = models.CharField(_("état"), max_length=10, choices=Status.choices, default=Status.NEW)
    examined_at_meeting = models.ForeignKey(
        "cluac_pages.MeetingPage",
        verbose_name=_("examinée lors de la réunion"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="examined_suggestions",
    )
    action = models.ForeignKey(
        "cluac_pages.TrackedAction",
        verbose_name=_("action du plan d'actions"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="suggestions",
    )
    internal_notes = models.TextField(_("notes du secrétariat"), blank=True)

    panels = [
        FieldPanel("committee", read_only=True),
        FieldPanel("text", read_only=True),
        FieldPanel("email", read_only=True),
        FieldRowPanel([FieldPanel("status"), FieldPanel("examined_at_meeting"), FieldPanel("action")]),
        MultiFieldPanel([FieldPanel("internal_notes")], heading=_("Suivi par le secrétariat")),
    ]
    search_fields = [index.SearchField("text"), index.FilterField("status"), index.FilterField("committee")]

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("suggestion d'usager")
        verbose_name_plural = _("suggestions des usagers")

    def __str__(self):
        return self.text[:80]
