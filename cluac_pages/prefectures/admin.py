"""The composition, suggestions, action plan and reviews admin show each prefecture its own."""

from django.contrib.admin.utils import unquote
from django.http import Http404
from wagtail.admin.forms import WagtailAdminModelForm

from .forms import scoped_form
from .roles import sites_of, under_sites


class PrefectureScopedAdmin:
    """For a ``wagtail_modeladmin.ModelAdmin``: lists, edits, deletes and exports only what
    belongs to the user's prefectures (every row for administrators and install-wide groups).

    ``site_field`` names a foreign key to the site; ``page_path_field`` the tree path of the
    committee page a row belongs to (e.g. ``committee__path``).
    """

    site_field = None
    page_path_field = None

    def scope(self, queryset, user):
        sites = sites_of(user)
        if sites is None:
            return queryset
        if self.site_field:
            return queryset.filter(**{f"{self.site_field}__in": sites})
        return queryset.filter(under_sites(sites, self.page_path_field))

    def get_queryset(self, request):
        return self.scope(super().get_queryset(request), request.user)

    def get_edit_handler(self):
        """The create and edit forms offer only the prefecture's committees, persons, organisations,
        documents and images (see ``forms``)."""
        handler = super().get_edit_handler().clone()
        handler.base_form_class = scoped_form(
            handler.base_form_class or getattr(self.model, "base_form_class", WagtailAdminModelForm)
        )
        return handler

    def check_instance(self, request, instance_pk):
        queryset = self.scope(self.model._default_manager.all(), request.user)
        if not queryset.filter(pk=unquote(instance_pk)).exists():
            raise Http404

    def edit_view(self, request, instance_pk):
        self.check_instance(request, instance_pk)
        return super().edit_view(request, instance_pk)

    def delete_view(self, request, instance_pk):
        self.check_instance(request, instance_pk)
        return super().delete_view(request, instance_pk)

    def inspect_view(self, request, instance_pk):
        self.check_instance(request, instance_pk)
        return super().inspect_view(request, instance_pk)

    def history_view(self, request, instance_pk):
        self.check_instance(request, instance_pk)
        return super().history_view(request, instance_pk)


def committee_in_scope(user, committee):
    """Whether ``user`` acts on ``committee``'s prefecture."""
    sites = sites_of(user)
    return sites is None or any(committee.path.startswith(site.root_page.path) for site in sites)


class AssignPrefectureOnCreate:
    """For a modeladmin ``CreateView``: a row created by a prefecture's team belongs to it (set
    before the form is validated, so that the row's checks, e.g. a unique name, see its site)."""

    def get_instance(self):
        instance = super().get_instance()
        field = getattr(self.model_admin, "site_field", None)
        sites = sites_of(self.request.user)
        if field and sites and len(sites) == 1 and not getattr(instance, f"{field}_id", None):
            setattr(instance, field, sites[0])
        return instance
