"""Validation of the minutes by the secretary general, through a Wagtail workflow."""

from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.models import AbstractGroupApprovalTask, Page, PageLogEntry, TaskState

from ..guarantee.rules import can_validate_minutes, validators_among  # noqa: F401 - re-exported


class MinutesValidationTask(AbstractGroupApprovalTask):
    """Approval of the minutes by the members of the chosen groups (the secretary general)."""

    validator_function = models.CharField(
        _("fonction du valideur"),
        max_length=255,
        default=_("le secrétaire général"),
        help_text=_(
            "Affichée sur le compte-rendu publié : « Compte-rendu validé par <fonction> le <date> »."
        ),
    )

    admin_form_fields = AbstractGroupApprovalTask.admin_form_fields + ["validator_function"]

    # A prefecture's secretary general validates the minutes of that prefecture only: the
    # members of its « Secrétaire général – <site> » group act where their page permissions
    # reach (their site's tree), and the install-wide groups chosen here act everywhere.
    def _user_in_groups(self, user):
        from .prefecture import PrefectureRoles

        if super()._user_in_groups(user):
            return True
        return user.groups.filter(pk__in=PrefectureRoles.objects.values("secretary_group")).exists()

    def may_validate(self, obj, user):
        if user.is_superuser:
            return True
        return self._user_in_groups(user) and obj.permissions_for_user(user).can_publish()

    def user_can_access_editor(self, obj, user):
        return self.may_validate(obj, user)

    def locked_for_user(self, obj, user):
        return not self.may_validate(obj, user)

    def user_can_lock(self, obj, user):
        return self.may_validate(obj, user)

    def get_actions(self, obj, user):
        return super().get_actions(obj, user) if self.may_validate(obj, user) else []

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = super().get_task_states_user_can_moderate(user, **kwargs)
        if user.is_superuser:
            return states
        roots = Page.objects.filter(
            group_permissions__group__user=user, group_permissions__permission__codename="publish_page"
        ).values_list("path", flat=True)
        under_roots = Q(pk__in=[])
        for path in roots:
            under_roots |= Q(path__startswith=path)
        page_ids = (
            Page.objects.filter(under_roots)
            .annotate(text_id=Cast("pk", models.CharField()))
            .values("text_id")
        )
        return states.filter(workflow_state__object_id__in=page_ids)

    def on_action(self, task_state, user, action_name, **kwargs):
        # Two validators may press « Approuver » at the same time: the task state's row is
        # locked and read again, so that the second finds it decided and does nothing.
        with transaction.atomic():
            current = (
                TaskState.objects.select_for_update()
                .filter(pk=task_state.pk, status=TaskState.STATUS_IN_PROGRESS)
                .first()
            )
            if current is None:
                return None
            return super().on_action(current.specific, user, action_name, **kwargs)

    @classmethod
    def get_description(cls):
        return _(
            "Les membres des groupes choisis valident le compte-rendu ou le renvoient avec un commentaire ; "
            "la validation le publie."
        )

    class Meta:
        verbose_name = _("validation des comptes-rendus")
        verbose_name_plural = _("validations des comptes-rendus")


@register_setting(icon="tasks")
class MinutesValidationSettings(BaseGenericSetting):
    """Which workflow governs every set of minutes, wherever it stands in the page tree."""

    workflow = models.ForeignKey(
        "wagtailcore.Workflow",
        verbose_name=_("circuit de validation des comptes-rendus"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldPanel("workflow")]

    class Meta:
        verbose_name = _("validation des comptes-rendus")


class ValidationRecord:
    """In what function the published version of a set of minutes was validated, and when."""

    def __init__(self, function, validated_at):
        self.function = function
        self.validated_at = validated_at


def validation_record(page):
    """The validation of the page's live revision, from the workflow's record.

    Falls back on the audit log when a validator published directly. Returns
    ``None`` when the live version was never validated.
    """
    return validation_records([page]).get(page.pk)


def validation_records(pages):
    """``{page id: ValidationRecord}`` for the pages whose live version was validated.

    The same rule as ``validation_record``, for many pages in a few queries.
    """
    pages = [page for page in pages if page.live_revision_id]
    if not pages:
        return {}
    revision_to_page = {page.live_revision_id: page.pk for page in pages}
    approvals = (
        TaskState.objects.filter(
            revision_id__in=revision_to_page,
            status=TaskState.STATUS_APPROVED,
            task__content_type__model="minutesvalidationtask",
        )
        .select_related("task__minutesvalidationtask")
        .order_by("-finished_at")
    )
    records = {}
    for approval in approvals:
        page_id = revision_to_page[approval.revision_id]
        if page_id not in records:
            function = approval.task.minutesvalidationtask.validator_function
            records[page_id] = ValidationRecord(function, approval.finished_at)
    unapproved = {page.pk: page.live_revision_id for page in pages if page.pk not in records}
    if unapproved:
        # A direct publication by a validator is credited to the current validation task.
        active_tasks = MinutesValidationTask.objects.filter(active=True).order_by("pk")
        default_task = active_tasks.first()
        default_function = default_task.validator_function if default_task else _("le secrétaire général")
        publications = (
            PageLogEntry.objects.filter(
                page_id__in=unapproved, action="wagtail.publish", revision_id__in=unapproved.values()
            )
            .select_related("user")
            .order_by("-timestamp")
        )
        publications = list(publications)
        validators = validators_among(publication.user for publication in publications)
        # Each is of its page's live revision (the filter above): the latest by a validator counts.
        for publication in publications:
            page_id = publication.page_id
            if page_id in records:
                continue
            if publication.user_id in validators:
                records[page_id] = ValidationRecord(default_function, publication.timestamp)
    return records


def minutes_workflow():
    """The active workflow that governs minutes, if one is set."""
    settings = MinutesValidationSettings.load()
    workflow = settings.workflow
    if workflow is not None and workflow.active:
        return workflow
    return None
