"""A read-only JSON API of committees, meetings and minutes, with Wagtail's API v2.

The add-on's models declare no ``api_fields``: each endpoint lists the fields it publishes, so
that nothing reaches the API by being added to a model. Persons appear only as the public
read them (``public_person``: a name only where it is public, never an e-mail address or a
phone number); minutes only when their live version was validated.

A site mounts ``api_router`` (``path("api/v2/", api_router.urls)``), or registers the
endpoints in its own router with ``register_endpoints(router)``.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import serializers
from wagtail import blocks
from wagtail.api import APIField
from wagtail.api.utils import get_full_url
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.blocks import StreamValue
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Page, Site

from .blocks.people import PersonChooserBlock
from .models import AgendaItem, CommitteePage, MeetingDocument, MeetingPage, MinutesAnnex, MinutesPage
from .models.base import public
from .models.meeting import attach_live_minutes
from .models.validation import validation_record, validation_records
from .opendata import without_offline_ancestors
from .read_once import read_references, references_read_once
from .search import InvalidQuery, clean_query
from .templatetags.cluac_tags import public_person


class ComputedField(serializers.Field):
    """A read-only value computed from the page by ``compute(page, request)``."""

    def __init__(self, compute, **kwargs):
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)
        self.compute = compute

    def to_representation(self, page):
        return self.compute(page, self.context.get("request"))


def _absolute(request, url):
    """The URL on the request's Wagtail site, as Wagtail's own ``detail_url``."""
    if not url:
        return None
    return get_full_url(request, url) if request is not None else url


def _reverse(request, name, *args):
    try:
        return _absolute(request, reverse(name, args=args))
    except NoReverseMatch:
        return None


def _page_summary(page, request):
    if page is None:
        return None
    return {"id": page.pk, "title": page.title, "html_url": page.get_full_url(request)}


def _document(document, request, title=""):
    if document is None:
        return None
    return {"title": title or document.title, "url": _absolute(request, document.url)}


# --- Minutes body: the stream as the API gives it, with persons as the public may read them --------


def public_block_value(block, value, context):
    request = context.get("request")
    if isinstance(block, PersonChooserBlock):
        return public_person(value) or None
    if isinstance(block, DocumentChooserBlock):
        return _document(value, request)
    if isinstance(block, ImageChooserBlock):
        return {"title": value.title} if value is not None else None
    if isinstance(block, blocks.StreamBlock):
        return [
            {
                "type": child.block_type,
                "value": public_block_value(child.block, child.value, context),
                "id": child.id,
            }
            for child in value
        ]
    if isinstance(block, blocks.ListBlock):
        return [public_block_value(block.child_block, item, context) for item in value]
    if isinstance(block, blocks.StructBlock):
        return {
            name: public_block_value(child_block, value.get(name), context)
            for name, child_block in block.child_blocks.items()
        }
    return block.get_api_representation(value, context)


class PublicStreamField(serializers.Field):
    """The page's body, as converted for all the pages of the response (``read_bodies``) if it was."""

    def __init__(self, **kwargs):
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, page):
        value = getattr(page, "prepared_body", None) or page.body
        return public_block_value(value.stream_block, value, self.context)


def read_bodies(pages):
    """Convert the bodies of ``pages`` together, as ``prepared_body``: Wagtail converts a body's blocks
    of one type at once (the persons, images and documents they choose in one query each), so
    that one stream of every page's blocks costs the queries of a single body."""
    if not pages:
        return
    stream_block = pages[0].body.stream_block
    raw = [list(page.body.raw_data) for page in pages]
    children = list(StreamValue(stream_block, [item for items in raw for item in items], is_lazy=True))
    start = 0
    for page, items in zip(pages, raw, strict=True):
        own = children[start : start + len(items)]
        page.prepared_body = StreamValue(
            stream_block, [(child.block_type, child.value, child.id) for child in own]
        )
        start += len(items)


# --- Endpoints ----------------------------------------------------------------------------------------


class CluacPagination(WagtailPagination):
    """Wagtail's pagination, with an offset past the last item giving an empty page.

    The database is not asked for rows it does not have: an offset beyond its integers
    (``?offset=99999999999999999999``) would be an error there.
    """

    def paginate_queryset(self, queryset, request, view=None):
        # Wagtail checks the parameters and counts the items; the slice is not read yet.
        page = super().paginate_queryset(queryset, request, view)
        if int(request.GET.get("offset", 0)) >= self.total_count:
            return []
        return page


class CluacPagesAPIViewSet(PagesAPIViewSet):
    """Live, public pages of one type, on the request's site only; no ``type`` or ``site`` switch."""

    pagination_class = CluacPagination
    known_query_parameters = PagesAPIViewSet.known_query_parameters - {"type", "site"}

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        check_query(request)

    def handle_exception(self, exc):
        # A malformed filter value (a date, an operator) is the client's mistake: 400, not 500.
        if isinstance(exc, (DjangoValidationError, ValueError)):
            exc = BadRequestError(" ".join(getattr(exc, "messages", [str(exc)])))
        return super().handle_exception(exc)

    def get_object(self):
        # An id beyond the database's integers cannot be a page.
        if not is_page_id(self.kwargs.get("pk", "")):
            raise Http404
        # DRF asks for the object more than once in a response: it is read and prepared once.
        if not hasattr(self, "_prepared_object"):
            self._prepared_object = self.prepare([super().get_object()])[0]
        return self._prepared_object

    def get_queryset(self):
        return super().get_queryset().select_related("locale")

    def paginate_queryset(self, queryset):
        pages = super().paginate_queryset(queryset)
        return self.prepare(list(pages)) if pages is not None else None

    def prepare(self, pages):
        """Read, for all the pages of a response at once, what their fields show; returns them."""
        return pages

    def find_object(self, queryset, request):
        if "id" in request.GET and not is_page_id(request.GET["id"]):
            return None
        return super().find_object(queryset, request)

    def get_base_queryset(self):
        # The request's site only: Wagtail's ``?site=`` would read another prefecture's pages.
        site = Site.find_for_request(self.request)
        if site is None:
            return Page.objects.none()
        # public(): pages under a view restriction stay out, even for a signed-in visitor.
        return without_offline_ancestors(
            public(Page.objects.live().descendant_of(site.root_page, inclusive=True))
        )


def is_page_id(value):
    value = str(value)
    return value.isascii() and value.isdigit() and len(value) <= 18


PAGE_ID_PARAMETERS = ("child_of", "descendant_of", "ancestor_of", "translation_of")


def check_query(request):
    """Refuse, in French, the query parameters that no page can match or that reach another site.

    A NUL byte cannot be stored in PostgreSQL text; a page id beyond the database's integers
    cannot be a page; a search is cleaned as the public search page cleans it.
    """
    if any("\x00" in key or "\x00" in value for key, values in request.GET.lists() for value in values):
        raise BadRequestError(_("Un paramètre de l'adresse contient un caractère nul."))
    if "site" in request.GET:
        raise BadRequestError(
            _("Le paramètre « site » n'est pas pris en charge : chaque site ne publie que ses propres pages.")
        )
    for name in PAGE_ID_PARAMETERS:
        value = request.GET.get(name, "")
        if value.isascii() and value.isdigit() and not is_page_id(value):
            raise Http404
    if "search" in request.GET:
        try:
            query = clean_query(request.GET["search"])
        except InvalidQuery as error:
            raise BadRequestError(str(error)) from error
        # Wagtail's search filter reads the query from the request: give it the cleaned one.
        cleaned = request._request.GET.copy()
        cleaned["search"] = query
        request._request.GET = cleaned


def _listing_url(request, model, parent):
    path = request.wagtailapi_router.get_model_listing_urlpath(model) if request is not None else None
    return f"{path}?child_of={parent.pk}" if path else None


def _programmes(committee, request):
    return [programme.label for programme in committee.quality_programmes.all()]


def _committee_links(committee, request):
    return {
        "meetings": _absolute(request, _listing_url(request, MeetingPage, committee)),
        "calendar": _reverse(request, "cluac_pages:committee_calendar", committee.pk),
        "minutes_rss": _reverse(request, "cluac_pages:committee_minutes_rss", committee.pk),
        "minutes_atom": _reverse(request, "cluac_pages:committee_minutes_atom", committee.pk),
        "meetings_csv": _reverse(request, "cluac_pages:committee_meetings_csv", committee.pk),
        "actions_csv": _reverse(request, "cluac_pages:committee_actions_csv", committee.pk),
    }


class CommitteesAPIViewSet(CluacPagesAPIViewSet):
    model = CommitteePage
    name = "comites"
    body_fields = CluacPagesAPIViewSet.body_fields + [
        "acronym",
        "departement",
        "departement_name",
        "introduction",
        "prefecture_role",
        "representatives_role",
        "topics",
        "perimeter",
        "min_meetings_per_year",
        "substitution_notice_days",
        "meeting_rules",
        "secretariat",
        "contact_email",
        APIField("programmes", serializer=ComputedField(_programmes)),
        APIField("links", serializer=ComputedField(_committee_links)),
    ]
    listing_default_fields = CluacPagesAPIViewSet.listing_default_fields + ["acronym", "departement"]


def _tag_names(page, request):
    # As Wagtail's tags field (names in alphabetical order), from the tags read for all the pages.
    return sorted(tag.name for tag in page.tags.all())


def _presidency(meeting, request):
    return public_person(meeting.chair, meeting.chair_function) or None


def _agenda(meeting, request):
    return [
        {
            "title": item.title,
            "presenter": item.presenter,
            "document": _document(item.document, request),
        }
        for item in meeting.agenda_items.all()  # read with their documents for all the meetings
    ]


def _meeting_documents(meeting, request):
    return [
        {
            "title": item.display_title,
            "url": _absolute(request, item.document.url),
            "sent_on": item.sent_on.isoformat() if item.sent_on else None,
        }
        for item in meeting.documents.all()
    ]


def _meeting_minutes(meeting, request):
    # Read for every meeting of the response by MeetingsAPIViewSet.prepare.
    return _page_summary(meeting.validated_minutes, request)


def _meeting_committee(meeting, request):
    return _page_summary(meeting.committee, request)


def _meeting_calendar(meeting, request):
    return _reverse(request, "cluac_pages:meeting_calendar", meeting.pk)


def attach_parents(pages, model, attribute):
    """Set ``attribute`` on each page to its parent if it is a ``model`` page, in one query (the
    page's ``get_parent()`` then gives it without a query of its own)."""
    steplen = model.steplen
    parents = {
        parent.path: parent for parent in model.objects.filter(path__in={p.path[:-steplen] for p in pages})
    }
    for page in pages:
        parent = parents.get(page.path[:-steplen])
        setattr(page, attribute, parent)
        if parent is not None:
            page._cached_parent_obj = parent  # what get_parent() gives, for the API's « parent »
    return pages


class MeetingsAPIViewSet(CluacPagesAPIViewSet):
    model = MeetingPage
    name = "reunions"
    body_fields = CluacPagesAPIViewSet.body_fields + [
        "start",
        "end_time",
        "place",
        "cancelled",
        "introduction",
        APIField("tags", serializer=ComputedField(_tag_names)),
        APIField("presidency", serializer=ComputedField(_presidency)),
        APIField("committee", serializer=ComputedField(_meeting_committee)),
        APIField("agenda", serializer=ComputedField(_agenda)),
        APIField("session_documents", serializer=ComputedField(_meeting_documents)),
        APIField("minutes", serializer=ComputedField(_meeting_minutes)),
        APIField("calendar_url", serializer=ComputedField(_meeting_calendar)),
    ]
    listing_default_fields = CluacPagesAPIViewSet.listing_default_fields + ["start", "place", "cancelled"]

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("chair", "chair__organisation")
            .prefetch_related(
                "tags",
                Prefetch("agenda_items", queryset=AgendaItem.objects.select_related("document")),
                Prefetch("documents", queryset=MeetingDocument.objects.select_related("document")),
            )
        )

    def prepare(self, meetings):
        attach_parents(meetings, CommitteePage, "committee")
        attach_live_minutes(meetings)
        records = validation_records([m.published_minutes for m in meetings if m.published_minutes])
        for meeting in meetings:
            minutes = meeting.published_minutes
            meeting.validated_minutes = minutes if minutes is not None and minutes.pk in records else None
        return meetings


def _validation(minutes, request):
    # The listing read every record at once (MinutesAPIViewSet.get_queryset).
    records = getattr(request, "cluac_validation_records", None)
    record = records.get(minutes.pk) if records is not None else validation_record(minutes)
    if record is None:
        return None
    return {"function": record.function, "validated_at": timezone.localtime(record.validated_at).isoformat()}


def _minutes_meeting(minutes, request):
    meeting = minutes.meeting
    summary = _page_summary(meeting, request)
    if summary is not None:
        summary["start"] = timezone.localtime(meeting.start).isoformat()
    return summary


def _minutes_committee(minutes, request):
    meeting = minutes.meeting
    return _page_summary(meeting.committee if meeting else None, request)


def _annexes(minutes, request):
    return [
        _document(annex.document, request, annex.title)
        for annex in minutes.annexes.all()  # read with their documents for all the minutes
    ]


class MinutesAPIViewSet(CluacPagesAPIViewSet):
    model = MinutesPage
    name = "comptes-rendus"
    body_fields = CluacPagesAPIViewSet.body_fields + [
        "subject",
        "written_at",
        "written_on",
        "recipients",
        APIField("body", serializer=PublicStreamField()),
        APIField("tags", serializer=ComputedField(_tag_names)),
        APIField("validation", serializer=ComputedField(_validation)),
        APIField("meeting", serializer=ComputedField(_minutes_meeting)),
        APIField("committee", serializer=ComputedField(_minutes_committee)),
        APIField("annex_documents", serializer=ComputedField(_annexes)),
    ]
    listing_default_fields = CluacPagesAPIViewSet.listing_default_fields + ["subject", "validation"]

    def listing_view(self, request):
        with references_read_once():
            return super().listing_view(request)

    def detail_view(self, request, pk):
        with references_read_once():
            return super().detail_view(request, pk)

    def prepare(self, minutes_pages):
        fields = self.request.GET.get("fields", "")
        if self.action == "detail_view" or "*" in fields or "body" in fields:
            # What every body chooses or links to, one query per kind for all the minutes.
            read_references(minutes.body for minutes in minutes_pages)
            read_bodies(minutes_pages)
        attach_parents(minutes_pages, MeetingPage, "meeting")
        meetings = [minutes.meeting for minutes in minutes_pages if minutes.meeting is not None]
        attach_parents(meetings, CommitteePage, "committee")
        return minutes_pages

    def get_queryset(self):
        queryset = super().get_queryset()
        # Wagtail asks for the queryset more than once in a response: the records are read once.
        records = getattr(self.request, "cluac_validation_records", None)
        if records is None:
            records = validation_records(queryset)
            self.request.cluac_validation_records = records
        annexes = Prefetch("annexes", queryset=MinutesAnnex.objects.select_related("document"))
        return queryset.filter(pk__in=list(records)).prefetch_related("tags", annexes)


ENDPOINTS = [CommitteesAPIViewSet, MeetingsAPIViewSet, MinutesAPIViewSet]


def register_endpoints(router):
    for endpoint in ENDPOINTS:
        router.register_endpoint(endpoint.name, endpoint)


api_router = WagtailAPIRouter("cluac_api")
register_endpoints(api_router)
