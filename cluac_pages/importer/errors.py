"""Why a file is refused: one exception per reason, each with the French message the admin shows.

Every refusal derives from :class:`ImportRefused`; callers catch that one class and show
``error.message``. Nothing else escapes :func:`cluac_pages.importer.read_document`.
"""

from django.utils.translation import gettext


class ImportRefused(Exception):
    """A file that cannot be imported. ``message`` is in French, for the person who sent it."""

    code = "refused"

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self):
        return self.message


class UnsupportedFile(ImportRefused):
    """Neither a Word (.docx) nor a LibreOffice Writer (.odt) document, whatever its name says."""

    code = "unsupported"


class FileTooLarge(ImportRefused):
    code = "too_large"


class CorruptFile(ImportRefused):
    code = "corrupt"


class EncryptedFile(ImportRefused):
    code = "encrypted"


class SuspiciousArchive(ImportRefused):
    """A zip bomb: too many entries, too large once decompressed, or compressed beyond reason."""

    code = "suspicious_archive"


class UnsafeXML(ImportRefused):
    """A DTD, an entity declaration or an external reference: word processors write none."""

    code = "unsafe_xml"


class EmptyDocument(ImportRefused):
    code = "empty"


def refuse_corrupt():
    return CorruptFile(
        gettext(
            "Le fichier est endommagé et ne peut pas être lu. Ouvrez-le dans Word ou LibreOffice, "
            "enregistrez-le de nouveau puis réessayez."
        )
    )
