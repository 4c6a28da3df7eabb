"""Who may do what with minutes: only validators make them public or withdraw them.

Wagtail grants page permissions by subtree, not by page type; the service
communication group publishes committees and meetings, so the rule that it can
never publish or unpublish minutes is enforced here, per page type.
"""

from functools import cached_property

from wagtail.models import PagePermissionTester


class CluacPagePermissionTester(PagePermissionTester):
    @cached_property
    def is_validator(self):
        from .models.validation import can_validate_minutes

        return can_validate_minutes(self.user)

    @cached_property
    def holds_live_minutes(self):
        from .models import MinutesPage

        return MinutesPage.objects.live().descendant_of(self.page, inclusive=True).exists()

    def can_delete(self, ignore_bulk=False):
        # Deleting a page that holds published minutes would withdraw them from the public.
        if not self.is_validator and self.holds_live_minutes:
            return False
        return super().can_delete(ignore_bulk=ignore_bulk)


class MeetingPermissionTester(CluacPagePermissionTester):
    def can_publish_subpage(self):
        # A meeting's only children are minutes.
        return self.is_validator and super().can_publish_subpage()


class MinutesPermissionTester(CluacPagePermissionTester):
    def can_publish(self):
        return self.is_validator and super().can_publish()

    def can_unpublish(self):
        return self.is_validator and super().can_unpublish()

    def can_move(self):
        return self.is_validator and super().can_move()

    def can_move_to(self, destination):
        return self.is_validator and super().can_move_to(destination)
