"""Read existing minutes from Word (.docx) and LibreOffice Writer (.odt) files.

Two layers, imports flowing one way:

- reading (``package`` → ``docx_reader`` / ``odt_reader`` → ``document``): the file is checked
  (format, size, encryption, zip bomb, XML declarations) then read with python-docx or odfpy into
  one neutral document model;
- recognition (``recognise`` → ``recognised``): the structure of prefecture minutes is found in
  that model, once for both formats.

Above them, ``pages`` makes a draft minutes page (with the meeting's participants and the images)
of recognised minutes, ``views`` and ``wagtail_hooks`` give the meeting's admin screen
« Importer un compte-rendu », and the ``import_minutes`` command imports an archive.

``read_minutes(data, filename)`` does both reading and recognition. Every refusal is an
``ImportRefused`` with a French ``message`` for the admin; nothing else escapes.
"""

import logging

from django.utils.translation import gettext

from .errors import (
    CorruptFile,
    EmptyDocument,
    EncryptedFile,
    FileTooLarge,
    ImportRefused,
    SuspiciousArchive,
    UnsafeXML,
    UnsupportedFile,
)
from .package import Limits
from .reading import read_document
from .recognise import recognise

logger = logging.getLogger(__name__)

__all__ = [
    "CorruptFile",
    "EmptyDocument",
    "EncryptedFile",
    "FileTooLarge",
    "ImportRefused",
    "Limits",
    "SuspiciousArchive",
    "UnsafeXML",
    "UnsupportedFile",
    "read_document",
    "read_minutes",
    "recognise",
]


def read_minutes(data, filename, limits=None):
    """Read and recognise a file: a RecognisedMinutes, or ImportRefused."""
    document = read_document(data, filename, limits)
    try:
        return recognise(document)
    except Exception as error:
        logger.exception("Recognition failed on %r", filename)
        raise ImportRefused(
            gettext(
                "Le document a été lu mais son contenu n'a pas pu être analysé. Signalez-le à "
                "l'administrateur du site en joignant le fichier."
            )
        ) from error
