"""Template tags of documents under review: only what the secretariat chose to publish."""

from django import template

register = template.Library()


@register.simple_tag
def published_review_summaries(committee):
    """The reviews of ``committee`` with a published summary; never the members' opinions."""
    from ..reviews import published_summaries

    return published_summaries(committee)
