"""Admin input that Wagtail's own forms would turn into a server error, answered instead.

A site enables them in its settings (see the README)::

    WAGTAILIMAGES_IMAGE_FORM_BASE = "cluac_pages.admin_forms.ImageForm"
    WAGTAILADMIN_RICH_TEXT_EDITORS = {"default": {"WIDGET": "cluac_pages.admin_forms.RichTextArea"}}
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image as PILImage
from wagtail.admin.rich_text import DraftailRichTextArea
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm


class ReadableImageField(WagtailImageField):
    """Wagtail's image field, refusing in French a file whose header says image but that cannot be read.

    Wagtail identifies the format from the first bytes only; a truncated or corrupt PNG, or one of
    0 × 0 pixels (which Pillow refuses), then fails when its size is read (an error, not a form message).
    """

    def check_image_pixel_size(self, f):
        try:
            f.image.get_size()
        except (PILImage.DecompressionBombWarning, PILImage.DecompressionBombError):
            pass  # Wagtail's own message for too many pixels, below.
        except Exception as error:  # noqa: BLE001 - whatever the image library says, the file is unreadable
            raise ValidationError(
                _("Ce fichier n’a pas pu être lu comme une image : il est incomplet ou endommagé."),
                code="invalid_image",
            ) from error
        super().check_image_pixel_size(f)


class ImageForm(BaseImageForm):
    """Wagtail's image form (upload, multiple upload, chooser) with ``ReadableImageField``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if field is not None and not isinstance(field, ReadableImageField):
            self.fields["file"] = ReadableImageField(
                label=field.label, required=field.required, widget=field.widget
            )


class RichTextArea(DraftailRichTextArea):
    """Draftail's widget, reading a value that is not the editor's JSON as HTML.

    The editor always posts its JSON; a client without it (a script, a tool) may post HTML, which
    Draftail cannot read (an error). It goes through the editor's own conversion instead, which
    keeps only the formatting the field allows: nothing typed is lost, nothing unsafe is stored.
    """

    def value_from_datadict(self, data, files, name):
        try:
            return super().value_from_datadict(data, files, name)
        except (ValueError, TypeError, KeyError, AttributeError):
            html = data.get(name) or ""
            return self.converter.to_database_format(self.converter.from_database_format(html))
