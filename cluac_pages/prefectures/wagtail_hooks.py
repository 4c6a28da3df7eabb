"""A prefecture's documents are served on its own site only."""

from django.http import Http404
from wagtail import hooks
from wagtail.models import Site

from ..models import PrefectureRoles


def prefecture_site_of_collection(collection):
    """The site whose prefecture collection holds ``collection`` (itself or an ancestor), or ``None``."""
    roles = PrefectureRoles.objects.filter(
        collection__in=collection.get_ancestors(inclusive=True)
    ).select_related("site")
    found = roles.first()
    return found.site if found else None


@hooks.register("before_serve_document")
def serve_a_prefecture_s_documents_on_its_site_only(document, request):
    """``/documents/<id>/<file>`` of one prefecture opened on another's host is not found: one site
    never shows another's content (the documents of shared collections are served everywhere)."""
    owner = prefecture_site_of_collection(document.collection)
    if owner is None or request.user.has_perm("wagtailadmin.access_admin"):
        return None
    if Site.find_for_request(request) != owner:
        raise Http404
    return None
