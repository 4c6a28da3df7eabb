"""Admin forms of the add-on's pages."""

from wagtail.admin.forms import WagtailAdminPageForm


class MeetingPageForm(WagtailAdminPageForm):
    """Offers, for attendance, only the seats of the meeting's own committee."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        committee = self.parent_page
        if committee is None and self.instance.pk:
            committee = self.instance.get_parent()
        formset = self.formsets.get("attendances")
        if committee is None or formset is None:
            return
        from .models import Seat

        seats = Seat.objects.filter(committee_id=committee.pk)
        add_fields = formset.add_fields

        # Formsets build their forms lazily (and a fresh empty form for each new
        # row), so the restriction is applied wherever a form gets its fields.
        def add_fields_for_committee(form, index):
            add_fields(form, index)
            form.fields["seat"].queryset = seats

        formset.add_fields = add_fields_for_committee
        for form in formset.forms:
            form.fields["seat"].queryset = seats
