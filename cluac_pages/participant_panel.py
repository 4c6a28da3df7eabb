"""The rows of a meeting's other participants in the page editor: one line each, the organisation
typed or chosen in a single field (the recorded organisations are suggested as one types)."""

from django import forms
from django.db.models import F
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import InlinePanel


class OrganisationNameInput(forms.TextInput):
    """A text input that suggests the recorded organisations (HTML ``datalist``)."""

    template_name = "cluac_pages/admin/widgets/organisation_name_input.html"

    def __init__(self, attrs=None, names=None):
        super().__init__(attrs)
        # The names to suggest; the row's form gives those of the user's prefecture.
        self.names = names

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        list_id = f"{context['widget']['attrs'].get('id', name)}-organisations"
        context["widget"]["attrs"]["list"] = list_id
        context["list_id"] = list_id
        context["organisations"] = organisation_names(None) if self.names is None else self.names
        return context


def recorded_organisation(name, organisations=None):
    """The recorded organisation called ``name`` (or with that acronym, if only one has it), or ``None``;
    among ``organisations`` (a queryset) if given, the prefecture's own before the shared ones."""
    from .models import Organisation

    name = " ".join(name.split())
    if not name:
        return None
    organisations = (Organisation.objects.all() if organisations is None else organisations).order_by(
        F("site").asc(nulls_last=True), "pk"
    )
    found = organisations.filter(name__iexact=name).first()
    if found is None:
        by_acronym = list(organisations.filter(acronym__iexact=name)[:2])
        found = by_acronym[0] if len(by_acronym) == 1 else None
    return found


def organisations_for(user):
    """The organisations that ``user``'s prefecture may name in a row (every one without a user)."""
    from .models import Organisation
    from .prefectures.forms import within_reach

    organisations = Organisation.objects.all()
    return organisations if user is None else within_reach(organisations, user)


def organisations_by_id(user):
    """``{id: name}`` of the organisations ``user`` may name, read once for all the rows of an editor."""
    if user is not None and hasattr(user, "_cluac_organisations"):
        return user._cluac_organisations
    found = dict(organisations_for(user).values_list("pk", "name"))
    if user is not None:
        user._cluac_organisations = found
    return found


def organisation_names(user):
    return sorted(set(organisations_by_id(user).values()))


class ParticipantRowFormMixin:
    """Links the row to a recorded organisation when the typed name is one; keeps the text otherwise."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self, "for_user", None)
        self.organisations = organisations_for(user)
        if "organisation_name" in self.fields:
            self.fields["organisation_name"].widget.names = organisation_names(user)
            organisation_id = self.instance.organisation_id
            if organisation_id and not self.initial.get("organisation_name"):
                known = organisations_by_id(user).get(organisation_id)
                self.initial["organisation_name"] = known or self.instance.organisation.name

    def clean(self):
        cleaned = super().clean()
        if "organisation_name" in cleaned:
            typed = " ".join((cleaned["organisation_name"] or "").split())
            organisation = recorded_organisation(typed, self.organisations)
            self.instance.organisation = organisation
            cleaned["organisation_name"] = "" if organisation is not None else typed
        return cleaned


class ParticipantsPanel(InlinePanel):
    """The meeting's rows of participants, their forms with the mixin above."""

    def get_form_options(self):
        options = super().get_form_options()
        formset = options["formsets"][self.relation_name]
        base = formset.get("form", WagtailAdminModelForm)
        formset["form"] = type("ParticipantRowForm", (ParticipantRowFormMixin, base), {})
        return options
