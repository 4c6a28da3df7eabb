"""URL converters of the add-on."""

from django.urls import register_converter


class PrimaryKeyConverter:
    """A database id: at most 18 digits, so that an absurd one is a 404, not an overflow."""

    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


register_converter(PrimaryKeyConverter, "pk")
