"""The admin forms offer each prefecture's team its own persons, organisations, pages, documents
and images only, and refuse another prefecture's even when its id is posted by hand.

Imported by the page models (``models.base``): the models are read lazily.
"""

from functools import cache

from django.db.models import Q, QuerySet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.models import Page, Site

from ..guarantee.pages import MinutesCarrierPageForm


def user_sites(user):
    """``sites_of(user)``, read once per request's user."""
    from .roles import sites_of

    if not hasattr(user, "_cluac_sites"):
        user._cluac_sites = sites_of(user)
    return user._cluac_sites


def belongs_to_a_site(model):
    """Whether ``model`` rows name their prefecture in a ``site`` foreign key (persons, organisations)."""
    field = next((f for f in model._meta.concrete_fields if f.name == "site"), None)
    return field is not None and field.is_relation and field.related_model is Site


def of_sites(queryset, sites):
    """The rows of ``queryset`` that ``sites``' teams may use (``None``: every site). Rows of
    persons and organisations without a site are shared by every prefecture."""
    from .roles import under_sites

    if sites is None:
        return queryset
    model = queryset.model
    if belongs_to_a_site(model):
        return queryset.filter(Q(site__in=sites) | Q(site__isnull=True))
    if issubclass(model, Page):
        return queryset.filter(under_sites(sites))
    return queryset


def within_reach(queryset, user):
    """The rows of ``queryset`` that ``user`` may choose in an admin form."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.permissions import policy_registry

    model = queryset.model
    if model in (get_document_model(), get_image_model()):
        # Wagtail's choosers list what the user may choose (by collection); a posted id is held to it.
        policy = policy_registry.get_by_type(model)
        return queryset.filter(pk__in=policy.instances_user_has_permission_for(user, "choose").values("pk"))
    return of_sites(queryset, user_sites(user))


class PrefectureScopedFormMixin:
    """For a ``WagtailAdminModelForm``: each choice of a row (a select, a chooser) keeps what the
    user's prefecture may use, and the row already chosen; the forms of its inline panels too."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self, "for_user", None)
        if user is None:
            return
        for name, field in self.fields.items():
            queryset = getattr(field, "queryset", None)
            if queryset is None or field.disabled:
                continue
            limited = within_reach(queryset, user)
            if limited is queryset:
                continue  # rows that every prefecture shares (colleges, quality programmes…)
            chosen = chosen_pks(self.initial.get(name))
            if chosen:
                # A row chosen earlier (by an administrator, before the sites were split) stays valid.
                limited = limited | queryset.filter(pk__in=chosen)
            field.queryset = limited
        for formset in getattr(self, "formsets", {}).values():
            formset.form = scoped_form(formset.form)
            formset.form_kwargs = {**formset.form_kwargs, "for_user": user}


def chosen_pks(value):
    """The primary keys of a field's initial value: none, one row or id, or several."""
    if value in (None, ""):
        return []
    if isinstance(value, QuerySet):
        return list(value.values_list("pk", flat=True))
    values = value if isinstance(value, (list, tuple, set)) else [value]
    return [getattr(item, "pk", item) for item in values if item not in (None, "")]


@cache
def scoped_form(form_class):
    """``form_class`` with ``PrefectureScopedFormMixin``."""
    if issubclass(form_class, PrefectureScopedFormMixin):
        return form_class
    return type(f"PrefectureScoped{form_class.__name__}", (PrefectureScopedFormMixin, form_class), {})


class PrefectureScopedModelForm(PrefectureScopedFormMixin, WagtailAdminModelForm):
    pass


class PrefectureScopedPageForm(PrefectureScopedFormMixin, MinutesCarrierPageForm):
    """The add-on's page form: the guarantee's checks, and each prefecture's own choices."""
