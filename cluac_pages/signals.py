"""Reactions to Wagtail's page events."""

from wagtail.signals import page_published


def distribute_minutes_on_first_publication(sender, instance, revision=None, **kwargs):
    from .distribution import distribute_first_publication
    from .models import MinutesPage

    if isinstance(instance.specific_deferred, MinutesPage):
        distribute_first_publication(instance.specific_deferred, revision)


def connect():
    page_published.connect(
        distribute_minutes_on_first_publication, dispatch_uid="cluac_pages_distribute_minutes"
    )
