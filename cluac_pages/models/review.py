"""Documents put before the committee for review, and the members' opinions on them."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.fields import RichTextField

SUMMARY_FEATURES = ["bold", "italic", "ul", "ol", "link"]


class DocumentReview(models.Model):
    """A standard letter, a form or a draft commitment submitted to the members' opinion."""

    committee = models.ForeignKey(
        "cluac_pages.CommitteePage",
        verbose_name=_("comité"),
        on_delete=models.CASCADE,
        related_name="document_reviews",
    )
    title = models.CharField(_("intitulé"), max_length=255)
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("document soumis"), on_delete=models.PROTECT, related_name="+"
    )
    description = models.TextField(_("présentation"), blank=True)
    meeting = models.ForeignKey(
        "cluac_pages.MeetingPage",
        verbose_name=_("réunion qui en débattra"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="document_reviews",
    )
    closes_at = models.DateTimeField(_("date limite des avis"))
    summary = RichTextField(_("synthèse des avis"), features=SUMMARY_FEATURES, blank=True)
    summary_published = models.BooleanField(
        _("publier la synthèse"),
        default=False,
        help_text=_(
            "Les avis ne sont jamais publiés ; seule cette synthèse peut l'être, si vous le décidez."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("créé par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    panels = [
        FieldPanel("committee"),
        FieldPanel("title"),
        FieldPanel("document"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("meeting"), FieldPanel("closes_at")]),
        FieldPanel("summary"),
        FieldPanel("summary_published"),
    ]

    class Meta:
        ordering = ["-closes_at"]
        verbose_name = _("document soumis pour avis")
        verbose_name_plural = _("documents soumis pour avis")

    def __str__(self):
        return self.title

    @property
    def is_open(self):
        return timezone.now() < self.closes_at


class Opinion(models.Model):
    """One member's opinion on a document under review."""

    class Verdict(models.TextChoices):
        FAVOURABLE = "favourable", _("Favorable")
        WITH_REMARKS = "with_remarks", _("Favorable avec remarques")
        UNFAVOURABLE = "unfavourable", _("Défavorable")

    review = models.ForeignKey(
        DocumentReview, verbose_name=_("document"), on_delete=models.CASCADE, related_name="opinions"
    )
    person = models.ForeignKey(
        "cluac_pages.Person", verbose_name=_("membre"), on_delete=models.CASCADE, related_name="opinions"
    )
    verdict = models.CharField(_("avis"), max_length=15, choices=Verdict.choices)
    comment = models.TextField(_("commentaire"), blank=True)
    submitted_at = models.DateTimeField(_("donné le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        ordering = ["review", "submitted_at"]
        verbose_name = _("avis")
        verbose_name_plural = _("avis")
        constraints = [
            models.UniqueConstraint(fields=["review", "person"], name="one_opinion_per_member_and_document"),
        ]

    def __str__(self):
        return f"{self.person} – {self.get_verdict_display()}"
