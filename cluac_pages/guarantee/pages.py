"""Who may do what with the pages that carry minutes.

Wagtail grants page permissions by subtree, not by page type: Service communication
publishes committees and meetings, so the rules that it never publishes minutes and
never withdraws validated ones are enforced here, in the page permission testers that
every admin view, button and bulk action asks. A page « carries » validated minutes
when live minutes stand in its subtree (the minutes themselves included): without
``validate_minutes`` nobody unpublishes, deletes, moves it or restricts its view.
"""

from functools import cached_property

from django import forms
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import PagePermissionTester

from .rules import (
    ADDRESS_CHANGE_REFUSED,
    EXPIRY_REFUSED,
    can_validate_minutes,
    holds_live_minutes,
    is_minutes_model,
    may_hold_minutes,
)


class MinutesCarrierPermissionTester(PagePermissionTester):
    """Any page that may carry minutes: only a validator withdraws validated minutes."""

    @cached_property
    def is_validator(self):
        return can_validate_minutes(self.user)

    @cached_property
    def carries_validated_minutes(self):
        return holds_live_minutes(self.page)

    @property
    def guarded(self):
        return not self.is_validator and self.carries_validated_minutes

    def can_unpublish(self):
        return not self.guarded and super().can_unpublish()

    def can_delete(self, ignore_bulk=False):
        return not self.guarded and super().can_delete(ignore_bulk=ignore_bulk)

    def can_move(self):
        # A move changes the address sent to the participants, or takes the minutes
        # under an unpublished or private section, or into another prefecture's site.
        return not self.guarded and super().can_move()

    def can_set_view_restrictions(self):
        # Adding a restriction withdraws the minutes; lifting one put by a validator
        # would publish what a validator withdrew.
        return not self.guarded and super().can_set_view_restrictions()


class MeetingPermissionTester(MinutesCarrierPermissionTester):
    def can_publish_subpage(self):
        # A meeting's only children are minutes.
        return self.is_validator and super().can_publish_subpage()


class MinutesPermissionTester(MinutesCarrierPermissionTester):
    def can_publish(self):
        return self.is_validator and super().can_publish()

    def can_unpublish(self):
        return self.is_validator and super().can_unpublish()

    def can_move(self):
        return self.is_validator and super().can_move()

    def can_move_to(self, destination):
        return self.is_validator and super().can_move_to(destination)


class MinutesCarrierPageForm(WagtailAdminPageForm):
    """Refuses, without ``validate_minutes``, a change of address or an expiry date that
    would withdraw validated minutes (published at once on a committee or meeting page)."""

    def clean(self):
        cleaned_data = super().clean()
        page = self.instance
        model = type(page)
        if not page.pk or is_minutes_model(model) or can_validate_minutes(self.for_user):
            # Minutes' own changes reach the public only through validation.
            return cleaned_data
        current = model.objects.filter(pk=page.pk).values("slug", "expire_at").first() or {}
        slug = cleaned_data.get("slug")
        if slug and slug != current.get("slug") and not page.is_root() and holds_live_minutes(page):
            self.add_error("slug", forms.ValidationError(ADDRESS_CHANGE_REFUSED))
        expire_at = cleaned_data.get("expire_at")
        if expire_at and expire_at != current.get("expire_at") and may_hold_minutes(model):
            self.add_error("expire_at", forms.ValidationError(EXPIRY_REFUSED))
        return cleaned_data


class MinutesCarrierMixin:
    """For the site's own page types that may stand above committees (home page…):
    gives them the guarantee's permissions and edit form."""

    base_form_class = MinutesCarrierPageForm
    permission_tester_class = MinutesCarrierPermissionTester

    def permissions_for_user(self, user):
        return self.permission_tester_class(user, self)
