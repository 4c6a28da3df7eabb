"""RSS and Atom feeds of newly published minutes, for a site and for each committee."""

from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from .models import CommitteePage
from .opendata import PublishedMinutes, current_site, public_committee_or_404, validated_minutes
from .templatetags.cluac_tags import long_date

FEED_LENGTH = 20


@dataclass
class FeedSource:
    site_name: str
    link: str
    committee: CommitteePage | None
    entries: list
    request: object


class MinutesRssFeed(Feed):
    """The last validated minutes published on the request's site (or in one committee)."""

    feed_type = Rss201rev2Feed
    language = "fr"

    def get_object(self, request, committee_id=None):
        site = current_site(request)
        committee = public_committee_or_404(site, committee_id) if committee_id is not None else None
        link = committee.get_full_url(request) if committee else site.root_page.get_full_url(request)
        entries = validated_minutes(site, committee, limit=FEED_LENGTH)
        return FeedSource(site.site_name or site.hostname, link, committee, entries, request)

    def title(self, source):
        if source.committee:
            return _("Comptes-rendus – %(committee)s") % {"committee": source.committee.title}
        return _("Comptes-rendus des comités locaux des usagers – %(site)s") % {"site": source.site_name}

    def link(self, source):
        return source.link

    def description(self, source):
        if source.committee:
            return _("Les derniers comptes-rendus validés de %(committee)s.") % {
                "committee": source.committee.title
            }
        return _("Les derniers comptes-rendus validés des comités locaux des usagers.")

    def feed_url(self, source):
        return source.request.build_absolute_uri()

    def items(self, source):
        return [(entry, source.request) for entry in source.entries]

    def item_title(self, item):
        entry: PublishedMinutes = item[0]
        if entry.meeting is None:
            return entry.minutes.title
        return _("%(minutes)s – %(meeting)s") % {
            "minutes": entry.minutes.title,
            "meeting": entry.meeting.title,
        }

    def item_description(self, item):
        entry: PublishedMinutes = item[0]
        validation = _("Compte-rendu validé par %(function)s le %(date)s") % {
            "function": entry.validation.function,
            "date": long_date(entry.validation.validated_at),
        }
        parts = []
        if entry.committee is not None:
            parts.append(entry.committee.title)
        parts += [entry.minutes.subject, validation]
        return ". ".join(part.rstrip(".") for part in parts if part) + "."

    def item_link(self, item):
        entry, request = item
        return entry.minutes.get_full_url(request)

    def item_pubdate(self, item):
        return item[0].minutes.first_published_at

    def item_updateddate(self, item):
        return item[0].minutes.last_published_at

    def item_categories(self, item):
        return [tag.name for tag in item[0].minutes.tags.all()]


class MinutesAtomFeed(MinutesRssFeed):
    feed_type = Atom1Feed

    def subtitle(self, source):
        return self.description(source)
