"""What anonymous visitors read, served from the cache (Redis in production), and never stale.

``PublicCacheMiddleware`` (first after WhiteNoise in the site's ``MIDDLEWARE``) stores the
complete response of an anonymous ``GET`` (page, PDF, feed, calendar, CSV, API, sitemap,
search) and serves it back to the next visitor before any other middleware or query runs.

Never stale: each entry records the *generation* of its site and the install's generation when
it was rendered. Any change that may show on a public output gives its site (or, when it cannot
tell which, every site) a new generation, at once and again after the transaction commits, so
that older entries are never served again. A generation is a random token, not a counter: a
generation key lost by the cache server cannot bring an old entry back.

Never behind the search index: search results (``?q=``, the API's ``?search=``) are not stored,
the index being updated by the task worker after the change.

Never personal: a request that carries a session or a message cookie neither reads nor fills the
cache (logged-in users, previews, a visitor who just sent a form); neither does a response that
sets a cookie, uses a CSRF token (a page with a form), is not a 200, streams, or says
``private``, ``no-cache`` or ``no-store`` (the members' personal links).

Settings, all optional: ``CLUAC_PUBLIC_CACHE`` = ``{"ENABLED": True, "ALIAS": "default",
"TIMEOUT": 600, "EXCLUDED_PATHS": [...]}``. An entry also expires at midnight (Paris), when
« upcoming » meetings become past ones.
"""

import datetime
import uuid

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.utils import timezone
from django.utils.cache import cc_delim_re

PREFIX = "cluac-public"
EVERY_SITE = f"{PREFIX}:generation"
DEFAULT_EXCLUDED_PATHS = ("/admin/", "/django-admin/", "/documents/", "/health/", "/static/", "/media/")
NOT_SHARED = {"private", "no-cache", "no-store"}
# Search results are read from the index that the task worker updates after a publication: no
# signal tells when, so they are never stored (the public search and the API's ``search``).
SEARCH_PARAMETERS = ("q", "search")


def options():
    configured = getattr(settings, "CLUAC_PUBLIC_CACHE", {})
    return {
        "ENABLED": configured.get("ENABLED", True),
        "ALIAS": configured.get("ALIAS", "default"),
        "TIMEOUT": configured.get("TIMEOUT", 600),
        "EXCLUDED_PATHS": tuple(configured.get("EXCLUDED_PATHS", DEFAULT_EXCLUDED_PATHS)),
    }


def cache():
    return caches[options()["ALIAS"]]


def site_generation_key(site_id):
    return f"{PREFIX}:generation:{site_id}"


def entry_key(request):
    return f"{PREFIX}:entry:{request.get_host()}:{request.get_full_path()}"


def current_generations(site_id):
    """The install's and the site's generations; missing ones are started (so they match nothing)."""
    keys = [EVERY_SITE, site_generation_key(site_id)]
    found = cache().get_many(keys)
    for key in keys:
        if key not in found:
            cache().add(key, uuid.uuid4().hex, timeout=None)
            found[key] = cache().get(key)
    return found[EVERY_SITE], found[keys[1]]


def renew(key):
    cache().set(key, uuid.uuid4().hex, timeout=None)


def purge_site(site_id):
    """Whatever a site's visitors read is rendered again (``None``: every site's)."""
    key = EVERY_SITE if site_id is None else site_generation_key(site_id)
    renew(key)
    # Once more after the change is committed: a page rendered from the old rows between the
    # first renewal and the commit is stored under a generation that is then left behind.
    transaction.on_commit(lambda: renew(key))


def purge_everything():
    purge_site(None)


def seconds_until_midnight():
    now = timezone.localtime()
    midnight = datetime.datetime.combine(now.date() + datetime.timedelta(days=1), datetime.time(), now.tzinfo)
    return max(1, int((midnight - now).total_seconds()) + 1)


def request_may_use_cache(request):
    if request.method != "GET" or not options()["ENABLED"]:
        return False
    if request.path.startswith(options()["EXCLUDED_PATHS"]):
        return False
    if any(name in request.GET for name in SEARCH_PARAMETERS):
        return False
    personal = (settings.SESSION_COOKIE_NAME, CookieStorage.cookie_name)
    return not any(name in request.COOKIES for name in personal)


def response_may_be_stored(request, response):
    if response.status_code != 200 or response.streaming:
        return False
    # A page with a form sets the CSRF cookie, on each response that uses the token (even when the
    # visitor already has one): the cookie keeps the page, and its token, out of the cache.
    if response.cookies:
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    directives = {
        part.split("=")[0].strip().lower() for part in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    return not directives & NOT_SHARED


class PublicCacheMiddleware:
    """Serves anonymous visitors' ``GET`` requests from the cache; fills it on a miss."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request_may_use_cache(request):
            return self.get_response(request)
        try:
            key = entry_key(request)
        except DisallowedHost:  # a forged Host: Django answers it as usual
            return self.get_response(request)

        entry = cache().get(key)
        if entry is not None:
            site_id, generations, response = entry
            if current_generations(site_id) == generations:
                response["X-Cache"] = "HIT"
                return response

        from wagtail.models import Site

        site = Site.find_for_request(request)
        if site is None:
            # A host that no site names, on an install without a default site: no change to a
            # site would purge what it reads (the API's listing), so nothing is stored.
            return self.get_response(request)
        # Read before rendering: a change made while the page renders leaves this entry behind.
        generations = current_generations(site.pk)
        response = self.get_response(request)
        # (Django's handler has rendered a TemplateResponse before it reaches a middleware.)
        if response_may_be_stored(request, response):
            response["X-Cache"] = "MISS"
            timeout = min(options()["TIMEOUT"], seconds_until_midnight())
            cache().set(key, (site.pk, generations, response), timeout=timeout)
        return response


# --- What purges what ----------------------------------------------------------------------------

# Rows that never show on a public output: their changes purge nothing. (A page's draft is saved
# as a revision; its publication sends ``page_published``.)
SILENT_MODELS = {
    "sessions.session",
    "admin.logentry",
    "contenttypes.contenttype",
    "wagtailcore.revision",
    "wagtailcore.workflowstate",
    "wagtailcore.taskstate",
    "wagtailcore.comment",
    "wagtailcore.commentreply",
    "wagtailcore.pagesubscription",
    "wagtailcore.referenceindex",
    "wagtailcore.uploadedfile",
    "wagtailadmin.editingsession",
    "wagtailsearch.indexentry",
    "wagtailusers.userprofile",
    "django_tasks_database.dbtaskresult",
}
# A page saved with only these fields is a draft being saved: the public reads the live version.
DRAFT_FIELDS = {
    "draft_title",
    "has_unpublished_changes",
    "latest_revision",
    "latest_revision_created_at",
    "locked",
    "locked_at",
    "locked_by",
}


def is_silent(model):
    from django.contrib.auth.base_user import AbstractBaseUser
    from wagtail.images.models import AbstractRendition
    from wagtail.models import BaseLogEntry

    from .models.delivery import EmailDelivery

    # A user account shows on no public output either (an editor's login, a password changed).
    return model._meta.label_lower in SILENT_MODELS or issubclass(
        model, (AbstractRendition, BaseLogEntry, EmailDelivery, AbstractBaseUser)
    )


def site_of_path(url_path):
    """The id of the site whose tree holds a page of tree ``url_path``, or ``None``."""
    from wagtail.models import Site

    for root in Site.get_site_root_paths():
        if url_path.startswith(root.root_path):
            return root.site_id
    return None


def site_showing(instance):
    """The id of the only site that shows ``instance``, or ``None`` when it may be any."""
    from wagtail.models import Page, Site

    if isinstance(instance, Page):
        return site_of_path(instance.url_path or "")
    for field in instance._meta.concrete_fields:
        if field.related_model is None:  # not a relation
            continue
        if field.related_model is Site:
            return getattr(instance, field.attname)
        if issubclass(field.related_model, Page):
            page_id = getattr(instance, field.attname)
            url_path = Page.objects.filter(pk=page_id).values_list("url_path", flat=True).first()
            return site_of_path(url_path) if url_path else None
    return None


def row_changed(sender, instance, raw=False, update_fields=None, **kwargs):
    from wagtail.models import Page

    if raw or is_silent(sender):
        return
    if isinstance(instance, Page) and update_fields and set(update_fields) <= DRAFT_FIELDS:
        return
    purge_site(site_showing(instance))


def page_changed(sender, instance, **kwargs):
    purge_site(site_showing(instance))
    if frontend_cache_configured():
        purge_cdn(instance)


# --- A CDN in front (wagtail.contrib.frontend_cache) ----------------------------------------------

SITE_OUTPUTS = [
    "cluac_pages:minutes_rss",
    "cluac_pages:minutes_atom",
    "cluac_pages:meetings_csv",
    "cluac_pages:actions_csv",
]
COMMITTEE_OUTPUTS = [
    "cluac_pages:committee_minutes_rss",
    "cluac_pages:committee_minutes_atom",
    "cluac_pages:committee_calendar",
    "cluac_pages:committee_meetings_csv",
    "cluac_pages:committee_actions_csv",
]
API_LISTINGS = ["/api/v2/comites/", "/api/v2/reunions/", "/api/v2/comptes-rendus/", "/sitemap.xml"]


def frontend_cache_configured():
    from django.apps import apps

    return apps.is_installed("wagtail.contrib.frontend_cache") and bool(
        getattr(settings, "WAGTAILFRONTENDCACHE", None)
    )


def purge_cdn(page):
    """Wagtail's frontend cache purges a published or withdrawn page; this purges, on the CDN, what
    else shows it: its ancestors (meeting, committee, home page), the site's and the committee's
    feeds, calendars and CSV, the API listings and the sitemap."""
    from django.urls import reverse
    from wagtail.contrib.frontend_cache.utils import PurgeBatch

    from .models import CommitteePage

    site = page.get_site()
    if site is None:
        return
    batch = PurgeBatch()
    ancestors = page.get_ancestors().filter(depth__gt=1).specific()
    batch.add_pages(ancestors)
    paths = list(API_LISTINGS)
    for name in SITE_OUTPUTS:
        paths.append(reverse(name))
    for committee in [p for p in [*ancestors, page.specific] if isinstance(p, CommitteePage)]:
        for name in COMMITTEE_OUTPUTS:
            paths.append(reverse(name, args=[committee.pk]))
    batch.add_urls(site.root_url + path for path in paths)
    batch.purge()


def everything_changed(sender, **kwargs):
    if not is_silent(sender):
        purge_everything()


def connect():
    from django.db.models.signals import m2m_changed, post_delete, post_save
    from wagtail.signals import page_published, page_unpublished, post_page_move

    # Module-level receivers: Django connects each once to a signal, however often this runs.
    post_save.connect(row_changed)
    post_delete.connect(row_changed)
    m2m_changed.connect(everything_changed)
    page_published.connect(page_changed)
    page_unpublished.connect(page_changed)
    # A page moved from one site to another: both sites' outputs change.
    post_page_move.connect(everything_changed)
