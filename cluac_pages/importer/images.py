"""Images found in a file: bounded in bytes and in pixels before anything keeps them.

Pillow reads only the image's header here (``Image.open`` does not decode the pixels); a size in
pixels beyond the setting, or beyond Pillow's own decompression-bomb guard, skips the image with
a notice instead of refusing the whole file.
"""

import io
import warnings

from django.utils.translation import gettext
from PIL import Image as PillowImage
from PIL import UnidentifiedImageError

from .document import Image

WEB_FORMATS = {"PNG", "JPEG", "GIF", "WEBP"}


class ImageSkipped(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _label(filename):
    return filename.rsplit("/", 1)[-1] or gettext("sans nom")


def checked_image(data, limits, content_type="", filename="", alt_text="", title="", decorative=False):
    """An Image for ``data``, or ImageSkipped with the French reason."""
    label = _label(filename)
    if len(data) > limits.max_image_bytes:
        raise ImageSkipped(
            gettext("Image « %(name)s » non reprise : elle pèse %(size)s Mo (au plus %(max)s Mo).")
            % {
                "name": label,
                "size": f"{len(data) / 1024 / 1024:.0f}",
                "max": f"{limits.max_image_bytes / 1024 / 1024:.0f}",
            }
        )
    too_many_pixels = ImageSkipped(
        gettext(
            "Image « %(name)s » non reprise : ses dimensions sont démesurées (plus de %(max)s millions de "
            "pixels)."
        )
        % {"name": label, "max": f"{limits.max_image_pixels / 1_000_000:.0f}"}
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PillowImage.DecompressionBombWarning)
            with PillowImage.open(io.BytesIO(data)) as picture:
                width, height = picture.size
                image_format = picture.format or ""
    except (PillowImage.DecompressionBombError, PillowImage.DecompressionBombWarning) as error:
        raise too_many_pixels from error
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError) as error:
        raise ImageSkipped(
            gettext("Image « %(name)s » non reprise : son format n'est pas reconnu ou elle est endommagée.")
            % {"name": label}
        ) from error
    if width * height > limits.max_image_pixels:
        raise too_many_pixels
    return Image(
        data=data,
        content_type=content_type or PillowImage.MIME.get(image_format, ""),
        filename=label,
        alt_text=alt_text.strip(),
        title=title.strip(),
        decorative=decorative,
        format=image_format,
        width=width,
        height=height,
    )
