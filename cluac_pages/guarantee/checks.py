"""A system check: every page type that may stand above minutes carries the guarantee."""

from django.core import checks


@checks.register(checks.Tags.models)
def page_types_above_minutes_are_guarded(app_configs=None, **kwargs):
    from wagtail.models import get_page_models

    from .pages import MinutesCarrierMixin
    from .rules import may_hold_minutes

    warnings = []
    for model in get_page_models():
        if not model.is_creatable or issubclass(model, MinutesCarrierMixin):
            continue
        if may_hold_minutes(model):
            warnings.append(
                checks.Warning(
                    f"{model._meta.label} may stand above minutes but does not use MinutesCarrierMixin: "
                    "without the validate_minutes permission, a view restriction or an expiry date "
                    "set on such a page would withdraw validated minutes.",
                    hint="Add cluac_pages.guarantee.pages.MinutesCarrierMixin first in its bases, "
                    "or restrict its subpage_types.",
                    obj=model,
                    id="cluac_pages.W001",
                )
            )
    return warnings
