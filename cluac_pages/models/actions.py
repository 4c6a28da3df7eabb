"""The action plan: actions agreed in minutes, tracked across meetings."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.models import Orderable
from wagtail.search import index


class TrackedActionForm(WagtailAdminModelForm):
    """What validated minutes say of an action is not edited here: only its status and follow-up."""

    FROM_MINUTES = ("committee", "description", "owner", "due_date")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.source_block_id:
            for name in self.FROM_MINUTES:
                if name in self.fields:
                    self.fields[name].disabled = True
                    self.fields[name].help_text = _(
                        "Repris du compte-rendu validé : à corriger dans le compte-rendu, "
                        "puis à faire valider."
                    )


class ActionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=[TrackedAction.Status.TODO, TrackedAction.Status.IN_PROGRESS])

    def overdue(self, today=None):
        return self.open().filter(due_date__lt=today or timezone.localdate())


class TrackedAction(index.Indexed, ClusterableModel):
    """An action agreed by a committee, with its owner, due date and status."""

    class Status(models.TextChoices):
        TODO = "todo", _("À faire")
        IN_PROGRESS = "in_progress", _("En cours")
        DONE = "done", _("Réalisée")
        ABANDONED = "abandoned", _("Abandonnée")

    committee = models.ForeignKey(
        "cluac_pages.CommitteePage",
        verbose_name=_("comité"),
        on_delete=models.CASCADE,
        related_name="tracked_actions",
    )
    minutes = models.ForeignKey(
        "cluac_pages.MinutesPage",
        verbose_name=_("compte-rendu d'origine"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tracked_actions",
    )
    source_block_id = models.CharField(
        _("bloc d'origine"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_("Identifiant de l'action dans le compte-rendu, pour la retrouver à chaque publication."),
    )
    description = models.TextField(_("action"))
    owner = models.CharField(_("porteur (organisme ou service)"), max_length=255, blank=True)
    due_date = models.DateField(_("échéance"), null=True, blank=True)
    status = models.CharField(_("état"), max_length=12, choices=Status.choices, default=Status.TODO)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("mise à jour le"), auto_now=True)

    objects = ActionQuerySet.as_manager()
    base_form_class = TrackedActionForm

    panels = [
        FieldPanel("committee"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("owner"), FieldPanel("due_date"), FieldPanel("status")]),
        InlinePanel("follow_ups", heading=_("Suivi"), label=_("Note de suivi")),
    ]
    search_fields = [
        index.SearchField("description"),
        index.SearchField("owner"),
        index.FilterField("status"),
    ]

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("action du plan d'actions")
        verbose_name_plural = _("plan d'actions")
        constraints = [
            models.UniqueConstraint(
                fields=["minutes", "source_block_id"],
                condition=~models.Q(source_block_id=""),
                name="one_tracked_action_per_minutes_block",
            )
        ]

    def __str__(self):
        return self.description[:80]

    @property
    def is_overdue(self):
        return (
            self.status in (self.Status.TODO, self.Status.IN_PROGRESS)
            and self.due_date is not None
            and self.due_date < timezone.localdate()
        )


class ActionFollowUp(Orderable):
    """A dated note on the progress of an action."""

    action = ParentalKey(TrackedAction, on_delete=models.CASCADE, related_name="follow_ups")
    date = models.DateField(_("date"), default=timezone.localdate)
    note = models.TextField(_("note"))

    panels = [FieldPanel("date"), FieldPanel("note")]

    class Meta(Orderable.Meta):
        verbose_name = _("note de suivi")
        verbose_name_plural = _("notes de suivi")

    def __str__(self):
        return f"{self.date} – {self.note[:60]}"
