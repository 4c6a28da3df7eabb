"""POST data for a page's edit form in the admin, as the browser would send it unchanged."""

from django import forms


def _widget_value(bound_field):
    field = bound_field.field
    value = bound_field.value()
    if isinstance(field.widget, forms.CheckboxInput):
        return "on" if value else None
    if isinstance(field, forms.ModelMultipleChoiceField | forms.MultipleChoiceField):
        return [str(getattr(item, "pk", item)) for item in (value or [])]
    formatted = field.widget.format_value(value)
    return "" if formatted is None else formatted


def _form_fields(form, prefix=""):
    data = {}
    for name in form.fields:
        value = _widget_value(form[name])
        if value is not None:
            data[f"{prefix}{name}"] = value
    return data


def edit_form_data(page, user, **changes):
    """The edit form of ``page`` filled with its current content, then ``changes`` applied."""
    page = page.specific
    form_class = page.get_edit_handler().get_form_class()
    form = form_class(instance=page, for_user=user, parent_page=page.get_parent())
    data = _form_fields(form)
    for formset in form.formsets.values():
        management = formset.management_form
        for name in management.fields:
            data[f"{formset.prefix}-{name}"] = management[name].value()
        for index, child in enumerate(formset.forms):
            data.update(_form_fields(child, prefix=f"{formset.prefix}-{index}-"))
            data[f"{formset.prefix}-{index}-ORDER"] = str(index + 1)
    data.update({key: value for key, value in changes.items() if value is not None})
    for key in [key for key, value in changes.items() if value is None]:
        data.pop(key, None)
    return data
