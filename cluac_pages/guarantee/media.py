"""Documents and images used by validated minutes change only through validation.

Wagtail decides who may edit, replace, move or delete a document or an image in its
permission policies (``wagtail.permissions.policy_registry``): every view, bulk action
and chooser asks them. The add-on registers, for the document and image models and for
collections, policies that refuse ``change`` and ``delete`` without ``validate_minutes``
on what live minutes use, as Wagtail's reference index records it (annexes, images and
document links in the body). To correct an annex, one uploads a new document, puts it in
the minutes and submits them to validation.
"""

from django.contrib.contenttypes.models import ContentType
from wagtail.documents import get_document_model, get_document_model_string
from wagtail.images import get_image_model
from wagtail.models import Collection, ReferenceIndex
from wagtail.permission_policies.collections import (
    CollectionManagementPermissionPolicy,
    CollectionOwnershipPermissionPolicy,
)
from wagtail.permissions import register_permission_policy

from ..models import MinutesPage
from .rules import can_validate_minutes

GUARDED_ACTIONS = {"change", "delete"}


def references_from_live_minutes():
    """Wagtail's reference index rows whose source is live minutes (their validated content)."""
    live_minutes = MinutesPage.objects.live().values_list("pk", flat=True)
    return ReferenceIndex.objects.filter(
        content_type=ContentType.objects.get_for_model(MinutesPage),
        object_id__in=[str(pk) for pk in live_minutes],
    )


def used_by_live_minutes(instance):
    references = ReferenceIndex.get_references_to(instance).filter(
        content_type=ContentType.objects.get_for_model(MinutesPage)
    )
    minutes_ids = {int(pk) for pk in references.values_list("object_id", flat=True)}
    return MinutesPage.objects.live().filter(pk__in=minutes_ids).exists()


def collection_holds_media_of_live_minutes(collection):
    subtree = Collection.objects.descendant_of(collection, inclusive=True)
    references = references_from_live_minutes()
    for model in (get_document_model(), get_image_model()):
        used = references.filter(to_content_type=ContentType.objects.get_for_model(model))
        used_ids = {int(pk) for pk in used.values_list("to_object_id", flat=True)}
        if used_ids and model.objects.filter(pk__in=used_ids, collection__in=subtree).exists():
            return True
    return False


class ValidatedContentGuard:
    """Refuses ``change`` and ``delete`` on what validated minutes use, to non-validators."""

    def is_guarded(self, instance):
        return used_by_live_minutes(instance)

    def refuses(self, user, actions, instance):
        actions = set(actions)
        if actions - GUARDED_ACTIONS or can_validate_minutes(user):
            # Viewing, choosing or adding stay as Wagtail decides.
            return False
        return self.is_guarded(instance)

    def user_has_permission_for_instance(self, user, action, instance):
        if self.refuses(user, {action}, instance):
            return False
        return super().user_has_permission_for_instance(user, action, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        allowed = [action for action in actions if not self.refuses(user, {action}, instance)]
        return bool(allowed) and super().user_has_any_permission_for_instance(user, allowed, instance)


class GuardedMediaPolicy(ValidatedContentGuard, CollectionOwnershipPermissionPolicy):
    pass


class GuardedCollectionPolicy(ValidatedContentGuard, CollectionManagementPermissionPolicy):
    """A collection's privacy, move or deletion would withdraw the files it holds."""

    def is_guarded(self, instance):
        return collection_holds_media_of_live_minutes(instance)

    def instances_user_has_permission_for(self, user, action):
        # The collection edit and delete views find their collection among these: without this,
        # a collection manager could move the collection of an annex under a private one.
        instances = super().instances_user_has_permission_for(user, action)
        if action not in GUARDED_ACTIONS or can_validate_minutes(user):
            return instances
        return instances.exclude(pk__in=[c.pk for c in instances if self.is_guarded(c)])


# Run once at start-up (``apps.ready``), before mutmut activates a mutant: ``make mutation`` cannot
# judge changes here (the tests of test_validated_media fail when a policy is not registered).
def register_policies():  # pragma: no mutate block
    register_permission_policy(
        get_document_model(),
        GuardedMediaPolicy(
            get_document_model_string(),
            auth_model="wagtaildocs.Document",
            owner_field_name="uploaded_by_user",
        ),
        exact_class=True,
    )
    register_permission_policy(
        get_image_model(),
        GuardedMediaPolicy(
            get_image_model(), auth_model="wagtailimages.Image", owner_field_name="uploaded_by_user"
        ),
        exact_class=True,
    )
    register_permission_policy(Collection, GuardedCollectionPolicy(Collection), exact_class=True)


def index_references_of_published_minutes(sender, instance, **kwargs):
    """Record what newly validated minutes use at once, not when the background task runs."""
    if isinstance(instance, MinutesPage):
        ReferenceIndex.create_or_update_for_object(instance)


def connect():  # pragma: no mutate block (run at start-up, like register_policies)
    from wagtail.signals import page_published

    register_policies()
    page_published.connect(
        index_references_of_published_minutes, dispatch_uid="cluac_pages_index_validated_references"
    )
