"""Reactions to Wagtail's page events, and to the records that pages show."""

from django.db.models.signals import post_delete, post_save
from wagtail.search import index
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


def reindex_committees_of_composition(sender, instance, **kwargs):
    """The committee page shows its composition, and the search index holds it (``composition_text``):
    Wagtail reindexes a page when it is published, not when a seat, mandate or person changes."""
    from .models import CommitteePage, Mandate, Organisation, Person, Seat

    if isinstance(instance, Seat):
        committee_ids = {instance.committee_id}
    elif isinstance(instance, Mandate):
        committee_ids = set(Seat.objects.filter(pk=instance.seat_id).values_list("committee_id", flat=True))
    elif isinstance(instance, Person):
        committee_ids = set(instance.mandates.values_list("seat__committee_id", flat=True))
    elif isinstance(instance, Organisation):
        committee_ids = set(Seat.objects.filter(organisation=instance).values_list("committee_id", flat=True))
    else:
        return
    for committee in CommitteePage.objects.filter(pk__in=committee_ids - {None}):
        index.insert_or_update_object(committee)


def reindex_minutes_of_meeting(sender, instance, **kwargs):
    """Minutes show their meeting's place, chair and participants (``header_and_participants_text``):
    reindex them when the meeting is published or an attendance is recorded."""
    from .models import Attendance, MeetingPage, MinutesPage

    if isinstance(instance, Attendance):
        meeting_id = instance.meeting_id
    elif instance.specific_class is MeetingPage:
        meeting_id = instance.pk
    else:
        return
    meeting = MeetingPage.objects.filter(pk=meeting_id).first()
    if meeting is not None:
        for minutes in MinutesPage.objects.child_of(meeting):
            index.insert_or_update_object(minutes)


def connect():
    from .models import Attendance, Mandate, Organisation, Person, Seat

    for model in (Seat, Mandate, Person, Organisation):
        for signal in (post_save, post_delete):
            signal.connect(
                reindex_committees_of_composition,
                sender=model,
                dispatch_uid=f"cluac_pages_reindex_composition_{signal is post_save}_{model.__name__}",
            )
    for signal in (post_save, post_delete):
        signal.connect(
            reindex_minutes_of_meeting,
            sender=Attendance,
            dispatch_uid=f"cluac_pages_reindex_{signal is post_save}",
        )
    page_published.connect(reindex_minutes_of_meeting, dispatch_uid="cluac_pages_reindex_minutes_of_meeting")
    page_published.connect(
        distribute_minutes_on_first_publication, dispatch_uid="cluac_pages_distribute_minutes"
    )
    page_published.connect(
        raise_meeting_calendar_sequence, dispatch_uid="cluac_pages_meeting_calendar_sequence"
    )
    page_published.connect(
        track_agreed_actions_of_published_minutes, dispatch_uid="cluac_pages_track_agreed_actions"
    )
