"""The action plan: agreed actions of validated minutes become tracked actions.

Each item of an « Actions décidées » block has a stable id in the minutes' StreamField; the
tracked action is keyed by (minutes, item id). Every publication of the minutes (that is, every
validation by the secretary general) copies the description, owner and due date of each item
from the published version; the status and the follow-up notes belong to the secretariat and are
never touched.

An item removed from a corrected set of minutes leaves its tracked action as it was: it may
already carry follow-up notes, and only the secretariat can tell whether the action was dropped
(status « abandonnée »), merged into another one or deleted by mistake. Nothing is marked or
deleted automatically.
"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import Panel

from .blocks.decisions import AgreedActionsBlock

OWNER_MAX_LENGTH = 255

# DSFR badge modifier of each status, on the public tracker.
STATUS_BADGES = {
    "todo": "fr-badge--new",
    "in_progress": "fr-badge--info",
    "done": "fr-badge--success",
    "abandoned": "",
}


def agreed_action_items(minutes):
    """(item id, value) of each agreed action of the minutes, wherever its block stands."""
    return list(_items_in(minutes.body.stream_block, minutes.body))


def _items_in(block, value):
    if value is None:
        return
    if isinstance(block, AgreedActionsBlock):
        actions = value.get("actions")
        for item in actions.bound_blocks if actions is not None else []:
            yield item.id, item.value
    elif isinstance(block, blocks.StreamBlock):
        for child in value:
            yield from _items_in(child.block, child.value)
    elif isinstance(block, blocks.StructBlock):
        for name, child_block in block.child_blocks.items():
            yield from _items_in(child_block, value.get(name))
    elif isinstance(block, blocks.ListBlock):
        for item in value:
            yield from _items_in(block.child_block, item)


def sync_minutes_actions(minutes):
    """Create or update the tracked actions of published minutes; return them.

    ``minutes`` must be the published version (the object Wagtail's ``page_published`` signal
    gives, built from the revision being published), never the editor's latest draft.
    """
    from .models import CommitteePage, TrackedAction

    committee = CommitteePage.objects.ancestor_of(minutes).first()
    if committee is None:
        return []
    items = agreed_action_items(minutes)
    existing = {
        action.source_block_id: action
        for action in TrackedAction.objects.filter(
            minutes=minutes, source_block_id__in=[item_id for item_id, _value in items]
        )
    }
    synced = []
    with transaction.atomic():
        for item_id, value in items:
            fields = {
                "committee_id": committee.pk,
                "description": (value.get("what") or "").strip(),
                "owner": (value.get("who") or "").strip()[:OWNER_MAX_LENGTH],
                "due_date": value.get("due_date"),
            }
            action = existing.get(item_id)
            if action is None:
                action = TrackedAction.objects.create(minutes=minutes, source_block_id=item_id, **fields)
            elif any(getattr(action, name) != new for name, new in fields.items()):
                for name, new in fields.items():
                    setattr(action, name, new)
                action.save(update_fields=[*fields, "updated_at"])
            synced.append(action)
    return synced


def public_tracker(committee):
    """The actions agreed in the committee's live, public minutes, in two queries."""
    from .models import MinutesPage, TrackedAction
    from .models.base import public

    live_minutes = public(MinutesPage.objects.descendant_of(committee).live())
    actions = list(
        TrackedAction.objects.filter(committee=committee, minutes__in=live_minutes).order_by("due_date", "pk")
    )
    for action in actions:
        action.badge_class = STATUS_BADGES.get(action.status, "")
    return actions


def open_actions_before(meeting):
    """Open actions of the meeting's committee agreed in the minutes of earlier meetings."""
    from .models import CommitteePage, MeetingPage, MinutesPage, TrackedAction
    from .models.base import BasePage

    committee = CommitteePage.objects.parent_of(meeting).first()
    if committee is None or meeting.start is None:
        return []
    earlier_meetings = set(
        MeetingPage.objects.child_of(committee)
        .filter(start__lt=meeting.start)
        .exclude(pk=meeting.pk)
        .values_list("path", flat=True)
    )
    minutes_ids = [
        pk
        for pk, path in MinutesPage.objects.descendant_of(committee).values_list("pk", "path")
        if path[: -BasePage.steplen] in earlier_meetings
    ]
    return list(
        TrackedAction.objects.open()
        .filter(committee=committee, minutes_id__in=minutes_ids)
        .order_by("due_date", "pk")
    )


class ActionPlanFollowUpPanel(Panel):
    """Read-only « Suivi du plan d'actions » on a meeting's edit page."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Suivi du plan d'actions"))
        kwargs.setdefault("icon", "tasks")
        super().__init__(**kwargs)

    @property
    def clean_name(self):
        return super().clean_name or "action_plan_follow_up"

    class BoundPanel(Panel.BoundPanel):
        template_name = "cluac_pages/admin/action_plan_follow_up_panel.html"

        def is_shown(self):
            return bool(self.instance and self.instance.pk)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["actions"] = open_actions_before(self.instance)
            return context
