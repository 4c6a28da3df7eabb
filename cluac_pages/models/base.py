"""The page model the add-on builds on.

Wagtail lets a site swap its base page model (``WAGTAIL_PAGE_MODEL``); the add-on's
pages inherit from whichever model the host site chose, so that a prefecture's
existing site keeps its own common fields and behaviour.
"""

import swapper
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import CharField, Exists, ExpressionWrapper, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import PageViewRestriction

from ..guarantee.pages import MinutesCarrierMixin
from ..prefectures.forms import PrefectureScopedPageForm

BasePage = swapper.load_model("wagtailcore", "Page", require_ready=False)
BASE_PAGE_MODEL = swapper.get_model_name("wagtailcore", "Page")


def public(queryset):
    """``queryset`` without the pages under a view restriction, as Wagtail's ``public()``.

    Wagtail's ``public()`` reads every restriction in a query of its own each time it is called;
    here the restrictions are a subquery of the page query, so that a page listing costs one query.
    """
    restrictions = PageViewRestriction.objects.annotate(restricted_path=outer_path()).filter(
        restricted_path__startswith=F("page__path")
    )
    return queryset.exclude(Exists(restrictions))


def outer_path():
    """The path of the page a subquery is about, for a prefix test against another page's path."""
    return ExpressionWrapper(OuterRef("path"), output_field=CharField())


def parent_of_type(page, model):
    """The page's parent if it is a ``model`` page, else ``None``.

    While serving a page, Wagtail's routing keeps each page's parent on it (treebeard's
    ``_cached_parent_obj``, which ``get_parent()`` reads): that one is used, without a query.
    """
    parent = getattr(page, "_cached_parent_obj", None)
    if isinstance(parent, model):
        return parent
    return model.objects.parent_of(page).first()


def route_to_child(page, request, path_components, children):
    """Wagtail's routing from ``page`` to its child of one page type, read in one query from
    ``children`` (Wagtail reads the child, then its specific page). ``None`` when the path does not
    lead to such a child: Wagtail's own routing then takes over."""
    if not path_components:
        return None
    children = children.child_of(page).filter(slug=path_components[0])
    if served_here(children.model, path_components):
        # Only the page served has its restrictions checked: the pages routed through need not.
        children = children.annotate(cluac_restricted=restricted_with_ancestors_of(page))
    # A slug is unique among siblings: no ordering to compile.
    child = next(iter(children.order_by()[:1]), None)
    if child is None or child.specific_class is not children.model:
        return None
    child._cached_parent_obj = page  # as Wagtail's routing does
    return child.route(request, path_components[1:])


def served_here(model, path_components):
    """Whether the child that ``path_components`` lead to is the page served: the path ends there,
    or the page has no subpages (what follows is one of its own routes, such as « pdf/ »)."""
    return len(path_components) == 1 or not model.allowed_subpage_models()


def restricted_with_ancestors_of(parent):
    """For a child of ``parent``: whether it or one of its ancestors carries a view restriction
    (an alias as its source), read in the child's own query instead of a query of its own when the
    child is served (``CluacPageMixin.get_view_restrictions``)."""
    sources = (
        BasePage.objects.filter(path__in=ancestor_paths(parent))
        .annotate(source=Coalesce("alias_of_id", "id"))
        .values("source")
    )
    return Exists(
        PageViewRestriction.objects.filter(
            Q(page_id__in=Subquery(sources)) | Q(page_id=Coalesce(OuterRef("alias_of_id"), OuterRef("pk")))
        )
    )


def ancestor_paths(page, inclusive=True):
    """The tree paths of the page's ancestors, read from its own path (no query)."""
    steplen = page.steplen
    last = len(page.path) if inclusive else len(page.path) - steplen
    return [page.path[:end] for end in range(steplen, last + 1, steplen)]


def base_template_name():
    """The site-wide template that the add-on's templates extend."""
    return getattr(settings, "CLUAC_PAGES_BASE_TEMPLATE", "base.html")


class CluacPageMixin(MinutesCarrierMixin):
    """Gives the add-on's templates the host site's base template name, and its page permissions;
    its edit form offers each prefecture's team its own persons, organisations and pages."""

    base_form_class = PrefectureScopedPageForm

    def route_to_child(self, request, path_components, children):
        """Route to a child among ``children`` (a queryset of one page type) in one query."""
        return route_to_child(self, request, path_components, children) or super().route(
            request, path_components
        )

    def get_view_restrictions(self):
        # Wagtail reads the ancestors, then their restrictions: one query here, the ancestors being
        # found by their paths. An alias (the page or an ancestor) is restricted as its source.
        # None at all when the routing read that there is none (``route_to_child``).
        if getattr(self, "cluac_restricted", None) is False:
            return PageViewRestriction.objects.none()
        sources = (
            BasePage.objects.filter(path__in=ancestor_paths(self))
            .annotate(source=Coalesce("alias_of_id", "id"))
            .values("source")
        )
        return PageViewRestriction.objects.filter(page_id__in=Subquery(sources))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["cluac_base_template"] = base_template_name()
        return context

    def clean(self):
        super().clean()
        # The admin's slug widget writes ASCII as one types; a slug typed by hand with accents would
        # make a percent-encoded address (« comit%C3%A9-… »), unreadable once printed on paper.
        if (
            self.slug
            and not self.slug.isascii()
            and not getattr(settings, "WAGTAIL_ALLOW_UNICODE_SLUGS", True)
        ):
            raise ValidationError(
                {
                    "slug": _(
                        "L'adresse de la page s'écrit sans accents ni caractères spéciaux : "
                        "par exemple « %(suggestion)s »."
                    )
                    % {"suggestion": slugify(self.slug)}
                }
            )


class TreeRulesMixin:
    """Refuses, on save, a page placed under a parent its type does not allow.

    The admin already hides forbidden choices; this also covers pages created
    from code (imports, shell, management commands).
    """

    def clean(self):
        super().clean()
        if not self.path or self.depth is None or self.depth <= 1:
            return
        parent = self.get_parent()
        if parent is None:
            return
        parent = parent.specific_deferred
        if not self.can_exist_under(parent):
            raise ValidationError(
                _("Une page « %(type)s » ne peut pas être placée sous « %(parent)s ».")
                % {"type": self._meta.verbose_name, "parent": parent._meta.verbose_name}
            )
        limit = self.max_count_per_parent
        if limit is not None:
            siblings = type(self).objects.child_of(parent).exclude(pk=self.pk)
            if siblings.count() >= limit:
                raise ValidationError(
                    _("« %(parent)s » a déjà un(e) %(type)s : il ne peut en avoir qu'un(e).")
                    % {"type": self._meta.verbose_name, "parent": parent.title}
                )
