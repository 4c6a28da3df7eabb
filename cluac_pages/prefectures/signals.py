"""Each site gets its roles when saved; each prefecture's validators hear of its own minutes."""

from django.contrib.auth.models import Group
from django.db.models.signals import post_delete, post_migrate, post_save
from wagtail.admin.mail import GroupApprovalTaskStateSubmissionEmailNotifier
from wagtail.models import Site, TaskState
from wagtail.signals import task_submitted

from ..models import MinutesValidationTask, PrefectureRoles
from .roles import ensure_every_site_has_roles, ensure_site_roles, prefecture_validators


def give_the_site_its_roles(sender, instance, raw=False, **kwargs):
    if not raw:
        ensure_site_roles(instance)


def retire_the_site_groups(sender, instance, **kwargs):
    # A deleted site's groups no longer give any right: they would only confuse.
    Group.objects.filter(pk__in=[instance.communication_group_id, instance.secretary_group_id]).delete()


def give_every_site_its_roles(**kwargs):
    ensure_every_site_has_roles()


class PrefectureValidatorsNotifier(GroupApprovalTaskStateSubmissionEmailNotifier):
    """Wagtail notifies the task's install-wide groups; this tells the members of the
    prefecture's own « Secrétaire général » group, and them only, of its minutes."""

    def can_handle(self, instance, **kwargs):
        return super().can_handle(instance, **kwargs) and isinstance(
            instance.task.specific, MinutesValidationTask
        )

    def get_recipient_users(self, task_state, **kwargs):
        page = task_state.workflow_state.content_object
        recipients = prefecture_validators(page).exclude(groups__in=task_state.task.specific.groups.all())
        user = kwargs.get("user")
        return recipients.exclude(pk=user.pk) if user else recipients


prefecture_validators_notifier = PrefectureValidatorsNotifier()


# Run once at start-up (``apps.ready``), before mutmut activates a mutant: ``make mutation`` cannot
# judge changes here (the tests of test_prefectures fail when a receiver is not connected).
def connect(app_config):  # pragma: no mutate block
    post_save.connect(give_the_site_its_roles, sender=Site, dispatch_uid="cluac_pages_site_roles")
    post_delete.connect(
        retire_the_site_groups, sender=PrefectureRoles, dispatch_uid="cluac_pages_retire_groups"
    )
    # A module-level receiver: the signal holds a weak reference, which a lambda would not outlive.
    post_migrate.connect(give_every_site_its_roles, sender=app_config, dispatch_uid="cluac_pages_sites_roles")
    task_submitted.connect(
        prefecture_validators_notifier, sender=TaskState, dispatch_uid="cluac_pages_prefecture_validators"
    )
