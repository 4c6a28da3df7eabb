"""The add-on's public URLs: feeds of minutes, calendars of meetings, CSV downloads.

A site includes them before Wagtail's page URLs: ``path("", include("cluac_pages.urls"))``.
"""

from django.urls import path

from . import (
    converters,  # noqa: F401 - registers the « pk » converter
    opendata,
    replies,
    reviews,
    search,
    suggestions,
)
from .feeds import MinutesAtomFeed, MinutesRssFeed
from .ical import committee_calendar_view, meeting_calendar_view

app_name = "cluac_pages"

urlpatterns = [
    path("recherche/", search.search, name="search"),
    path("comites/<pk:committee_id>/suggestion/", suggestions.suggest, name="suggest"),
    path("reponse/<str:token>/", replies.meeting_reply, name="meeting_reply"),
    path("flux/comptes-rendus.rss", MinutesRssFeed(), name="minutes_rss"),
    path("flux/comptes-rendus.atom", MinutesAtomFeed(), name="minutes_atom"),
    path("flux/comites/<pk:committee_id>/comptes-rendus.rss", MinutesRssFeed(), name="committee_minutes_rss"),
    path(
        "flux/comites/<pk:committee_id>/comptes-rendus.atom",
        MinutesAtomFeed(),
        name="committee_minutes_atom",
    ),
    path("agenda/comites/<pk:committee_id>.ics", committee_calendar_view, name="committee_calendar"),
    path("agenda/reunions/<pk:meeting_id>.ics", meeting_calendar_view, name="meeting_calendar"),
    path("donnees/reunions.csv", opendata.meetings_csv, name="meetings_csv"),
    path("donnees/actions.csv", opendata.actions_csv, name="actions_csv"),
    path(
        "donnees/comites/<pk:committee_id>/reunions.csv",
        opendata.meetings_csv,
        name="committee_meetings_csv",
    ),
    path("donnees/comites/<pk:committee_id>/actions.csv", opendata.actions_csv, name="committee_actions_csv"),
]

urlpatterns += [
    path("avis/<str:token>/", reviews.document_opinion, name="document_opinion"),
]
