from django import forms
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from ..read_once import ReadOnceChooserMixin


class PersonChooserBlock(ReadOnceChooserMixin, blocks.ChooserBlock):
    """Chooses a recorded person, so that the publication rule for names applies."""

    @cached_property
    def target_model(self):
        from ..models import Person

        return Person

    @cached_property
    def widget(self):
        return forms.Select()

    @cached_property
    def field(self):
        field = super().field
        field.queryset = field.queryset.select_related("organisation")
        return field

    def get_form_state(self, value):
        return self.widget.format_value(value.pk if value else None)

    def read_once_queryset(self):
        return self.target_model.objects.select_related("organisation")

    def get_searchable_content(self, value):
        # What the minutes print: the name only where it may be published, else the organisation.
        return [value.public_label] if value else []

    class Meta:
        icon = "user"
        label = _("Personne")
