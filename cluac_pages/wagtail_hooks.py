"""Admin registration: the composition is managed with wagtail-modeladmin."""

from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register

from .models import College, Organisation, Person, Seat


class OrganisationAdmin(ModelAdmin):
    model = Organisation
    menu_label = _("Organismes")
    menu_icon = "group"
    list_display = ("name", "acronym", "kind")
    list_filter = ("kind",)
    search_fields = ("name", "acronym")
    list_export = ("name", "acronym", "kind", "website")
    export_filename = "organismes"


class PersonAdmin(ModelAdmin):
    model = Person
    menu_label = _("Personnes")
    menu_icon = "user"
    list_display = (
        "last_name",
        "first_name",
        "function",
        "organisation",
        "acts_as_official",
        "publication_consent",
    )
    list_filter = ("organisation__kind", "acts_as_official", "publication_consent", "organisation")
    search_fields = ("last_name", "first_name", "function", "organisation__name")
    list_export = (
        "civility",
        "first_name",
        "last_name",
        "function",
        "organisation",
        "email",
        "phone",
        "acts_as_official",
        "publication_consent",
        "consent_date",
    )
    export_filename = "personnes"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation")


class CollegeAdmin(ModelAdmin):
    model = College
    menu_label = _("Collèges")
    menu_icon = "list-ul"
    list_display = ("name", "sort_order")
    search_fields = ("name",)
    list_export = ("name", "description", "sort_order")
    export_filename = "colleges"


class SeatAdmin(ModelAdmin):
    model = Seat
    menu_label = _("Sièges")
    menu_icon = "table"
    list_display = ("title", "committee", "college", "organisation")
    list_filter = ("committee", "college")
    search_fields = ("title", "organisation__name")
    list_export = ("committee", "college", "organisation", "title", "sort_order")
    export_filename = "sieges"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("committee", "college", "organisation")


@modeladmin_register
class CompositionGroup(ModelAdminGroup):
    menu_label = _("Composition")
    menu_icon = "group"
    menu_order = 250
    items = (SeatAdmin, PersonAdmin, OrganisationAdmin, CollegeAdmin)
