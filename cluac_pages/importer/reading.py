"""Read an uploaded file into the neutral document model, or refuse it with a French message."""

import logging

from django.utils.translation import gettext

from .document import Image, ListBlock, Paragraph, Table, block_text
from .docx_reader import DocxReader
from .errors import EmptyDocument, ImportRefused, refuse_corrupt
from .odt_reader import OdtReader
from .package import open_package

logger = logging.getLogger(__name__)


def _has_content(blocks):
    for block in blocks:
        if isinstance(block, Image):
            return True
        if isinstance(block, Paragraph | ListBlock | Table) or hasattr(block, "spans"):
            if block_text(block).strip():
                return True
    return False


def read_document(data, filename, limits=None):
    """The neutral Document of ``data``; raises ImportRefused (and nothing else) when refused."""
    package = open_package(data, filename, limits)
    try:
        reader = DocxReader if package.kind == "docx" else OdtReader
        document = reader(package).read()
    except ImportRefused:
        raise
    except Exception as error:
        # A file that passed the checks but that its library cannot read: damaged in a way the
        # checks do not see. Logged for the developers, refused for the user.
        logger.warning("Unreadable %s file %r", package.kind, filename, exc_info=True)
        raise refuse_corrupt() from error
    finally:
        package.zip.close()
    if not _has_content(document.blocks):
        raise EmptyDocument(gettext("Le document ne contient aucun texte : il n'y a rien à importer."))
    if package.name_mismatch:
        document.notice(
            "name_mismatch",
            gettext(
                "Le nom du fichier ne correspond pas à son format réel (%(kind)s) : il a été lu comme tel."
            )
            % {"kind": ".docx" if package.kind == "docx" else ".odt"},
        )
    return document
