"""Reactions to Wagtail's page events."""

from wagtail.signals import page_published


def distribute_minutes_on_first_publication(sender, instance, revision=None, **kwargs):
    from .distribution import distribute_first_publication
    from .models import MinutesPage

    if isinstance(instance.specific_deferred, MinutesPage):
        distribute_first_publication(instance.specific_deferred, revision)


def raise_meeting_calendar_sequence(sender, instance, revision=None, **kwargs):
    from .ical import record_publication
    from .models import MeetingPage

    if isinstance(instance.specific_deferred, MeetingPage):
        record_publication(instance.specific_deferred)


def track_agreed_actions_of_published_minutes(sender, instance, revision=None, **kwargs):
    from .action_plan import sync_minutes_actions
    from .models import MinutesPage

    if instance.specific_class is not MinutesPage:
        return
    # Read the version being published (the validated text), never the latest draft.
    if not isinstance(instance, MinutesPage):
        instance = revision.as_object() if revision is not None else instance.specific
    sync_minutes_actions(instance)


def connect():
    page_published.connect(
        distribute_minutes_on_first_publication, dispatch_uid="cluac_pages_distribute_minutes"
    )
    page_published.connect(
        raise_meeting_calendar_sequence, dispatch_uid="cluac_pages_meeting_calendar_sequence"
    )
    page_published.connect(
        track_agreed_actions_of_published_minutes, dispatch_uid="cluac_pages_track_agreed_actions"
    )
