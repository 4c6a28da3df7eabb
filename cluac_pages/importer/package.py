"""What a file is, and whether it is safe to hand to a reader: checked before any reader runs.

A .docx and an .odt are both zip packages of XML parts. Before python-docx or odfpy see one:
the size is bounded; the content (not the name) must be a zip holding a Word or Writer text
document; a password-protected file (an OLE « EncryptedPackage » for Word, encrypted parts
declared in the manifest for LibreOffice) is refused; the zip's declared entries are bounded in
number, total uncompressed size and compression ratio (Python's zipfile never inflates an
entry past its declared size, so these bounds hold); and every XML part is parsed once with
defusedxml, which refuses any DTD, entity declaration or external reference, so that no reader
can be made to open a file or the network.
"""

import io
import xml.sax
import zipfile
import zlib
from dataclasses import dataclass

import olefile
from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeElementTree
from defusedxml.sax import parseString as safe_sax_parse
from django.conf import settings
from django.utils.translation import gettext

from .errors import (
    CorruptFile,
    EncryptedFile,
    FileTooLarge,
    SuspiciousArchive,
    UnsafeXML,
    UnsupportedFile,
    refuse_corrupt,
)

MB = 1024 * 1024
ACCEPTED_EXTENSIONS = (".docx", ".odt")
ODT_MIMETYPE = "application/vnd.oasis.opendocument.text"
DOCX_MAIN_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MEDIA_PREFIXES = ("word/media/", "Pictures/", "media/")


@dataclass(frozen=True)
class Limits:
    """Bounds on what an uploaded file may hold; each one a Django setting."""

    max_bytes: int = 20 * MB
    max_uncompressed_bytes: int = 200 * MB
    max_compression_ratio: int = 100
    max_entries: int = 2000
    max_image_bytes: int = 10 * MB
    max_image_pixels: int = 40_000_000

    @classmethod
    def from_settings(cls):
        defaults = cls()
        return cls(
            max_bytes=getattr(settings, "CLUAC_IMPORT_MAX_BYTES", defaults.max_bytes),
            max_uncompressed_bytes=getattr(
                settings, "CLUAC_IMPORT_MAX_UNCOMPRESSED_BYTES", defaults.max_uncompressed_bytes
            ),
            max_compression_ratio=getattr(
                settings, "CLUAC_IMPORT_MAX_COMPRESSION_RATIO", defaults.max_compression_ratio
            ),
            max_entries=getattr(settings, "CLUAC_IMPORT_MAX_ENTRIES", defaults.max_entries),
            max_image_bytes=getattr(settings, "CLUAC_IMPORT_MAX_IMAGE_BYTES", defaults.max_image_bytes),
            max_image_pixels=getattr(settings, "CLUAC_IMPORT_MAX_IMAGE_PIXELS", defaults.max_image_pixels),
        )


@dataclass
class Package:
    kind: str  # "docx" or "odt"
    data: bytes
    zip: zipfile.ZipFile
    limits: Limits
    name_mismatch: bool = False

    def read(self, name):
        return self.zip.read(name)


def _megabytes(size):
    return f"{size / MB:.0f}".replace(".", ",")


def _not_a_document(what):
    return UnsupportedFile(
        gettext(
            "Ce fichier n'est pas un document Word (.docx) ni LibreOffice Writer (.odt) : son contenu est "
            "celui d'un %(what)s. Enregistrez le compte-rendu au format .docx ou .odt puis réessayez."
        )
        % {"what": what}
    )


def _sniff_other_format(data):
    head = data[:1024].lstrip()
    lowered = head.lower()
    if head.startswith(b"%PDF"):
        return _not_a_document(gettext("fichier PDF"))
    if head.startswith(b"{\\rtf"):
        return _not_a_document(gettext("document RTF"))
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<html" in lowered[:200]:
        return _not_a_document(gettext("page web (HTML)"))
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        return _not_a_document(gettext("fichier image"))
    if head.startswith(b"<?xml"):
        return _not_a_document(gettext("fichier XML"))
    try:
        data[:4096].decode("utf-8")
    except UnicodeDecodeError:
        return _not_a_document(gettext("fichier d'un autre type"))
    return _not_a_document(gettext("fichier texte"))


def _check_ole(data):
    """An OLE compound file: Word's password-protected package, or a Word 97-2003 .doc."""
    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            encrypted = ole.exists("EncryptedPackage") or ole.exists("EncryptionInfo")
            legacy_word = ole.exists("WordDocument")
    except Exception as error:  # olefile raises many kinds on a damaged header
        raise refuse_corrupt() from error
    if encrypted:
        return EncryptedFile(
            gettext(
                "Le document est protégé par un mot de passe : il ne peut pas être lu. Retirez la "
                "protection (dans Word : Fichier > Informations > Protéger le document > Chiffrer avec "
                "mot de passe, puis effacez le mot de passe), enregistrez-le et réessayez."
            )
        )
    if legacy_word:
        return UnsupportedFile(
            gettext(
                "Ce fichier est au format Word 97-2003 (.doc), même si son nom se termine par .docx ou "
                ".odt. Ouvrez-le dans Word ou LibreOffice et enregistrez-le au format .docx ou .odt."
            )
        )
    return _not_a_document(gettext("fichier Office d'ancien format"))


def _check_archive(archive, limits):
    infos = archive.infolist()
    if len(infos) > limits.max_entries:
        raise SuspiciousArchive(
            gettext(
                "Le fichier contient un nombre anormal d'éléments (%(count)s) : il a été refusé par "
                "précaution."
            )
            % {"count": len(infos)}
        )
    total = sum(info.file_size for info in infos)
    if total > limits.max_uncompressed_bytes:
        raise SuspiciousArchive(
            gettext(
                "Une fois décompressé, le fichier occuperait %(size)s Mo (au plus %(max)s Mo) : il a été "
                "refusé par précaution."
            )
            % {"size": _megabytes(total), "max": _megabytes(limits.max_uncompressed_bytes)}
        )
    for info in infos:
        if info.flag_bits & 0x1:
            raise EncryptedFile(
                gettext("Le document est protégé par un mot de passe : retirez la protection et réessayez.")
            )
        if info.file_size > MB and info.file_size > limits.max_compression_ratio * max(info.compress_size, 1):
            raise SuspiciousArchive(
                gettext(
                    "Le fichier contient un élément compressé de façon anormale (« %(name)s », %(size)s Mo "
                    "une fois décompressé) : il a été refusé par précaution, comme une « bombe de "
                    "décompression »."
                )
                % {"name": info.filename[:80], "size": _megabytes(info.file_size)}
            )


def _unsafe_xml():
    return UnsafeXML(
        gettext(
            "Le document contient des déclarations XML (DTD ou entités) qu'un traitement de texte "
            "n'écrit pas : il a été refusé par précaution. Enregistrez-le de nouveau depuis Word ou "
            "LibreOffice puis réessayez."
        )
    )


def _check_xml_parts(archive):
    """Parse every XML part with defusedxml before any reader does."""
    handler = xml.sax.handler.ContentHandler()
    for info in archive.infolist():
        name = info.filename
        if info.is_dir() or name.startswith(MEDIA_PREFIXES):
            continue
        if not name.endswith((".xml", ".rels")):
            with archive.open(info) as member:
                start = member.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
            if not start.startswith(b"<"):
                continue
        content = archive.read(info)
        try:
            safe_sax_parse(content, handler, forbid_dtd=True, forbid_entities=True, forbid_external=True)
        except DefusedXmlException as error:
            raise _unsafe_xml() from error
        except xml.sax.SAXException as error:
            raise refuse_corrupt() from error


def _odf_kind(archive):
    try:
        mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
    except KeyError:
        mimetype = ""
    if mimetype == ODT_MIMETYPE:
        return "odt"
    if mimetype.startswith("application/vnd.oasis.opendocument.spreadsheet"):
        raise _not_a_document(gettext("tableur LibreOffice Calc (.ods)"))
    if mimetype.startswith("application/vnd.oasis.opendocument.presentation"):
        raise _not_a_document(gettext("présentation LibreOffice Impress (.odp)"))
    if mimetype.startswith("application/vnd.oasis.opendocument"):
        raise _not_a_document(gettext("document OpenDocument autre qu'un texte"))
    return None


def _check_odf_encryption(archive):
    try:
        manifest = archive.read("META-INF/manifest.xml")
    except KeyError as error:
        raise refuse_corrupt() from error
    root = SafeElementTree.fromstring(manifest, forbid_dtd=True)
    if any(element.tag.endswith("}encryption-data") for element in root.iter()):
        raise EncryptedFile(
            gettext(
                "Le document est protégé par un mot de passe : il ne peut pas être lu. Dans LibreOffice, "
                "enregistrez-le sans mot de passe (Fichier > Enregistrer sous, case « Enregistrer avec "
                "mot de passe » décochée) puis réessayez."
            )
        )


def _ooxml_kind(archive):
    try:
        content_types = archive.read("[Content_Types].xml")
    except KeyError:
        return None
    root = SafeElementTree.fromstring(content_types, forbid_dtd=True)
    types = {element.get("ContentType", "") for element in root.iter() if element.tag.endswith("}Override")}
    if types & DOCX_MAIN_TYPES:
        return "docx"
    if any(
        "ms-word.document.macroEnabled" in kind or "ms-word.template.macroEnabled" in kind for kind in types
    ):
        raise UnsupportedFile(
            gettext(
                "Les documents Word contenant des macros (.docm) ne sont pas acceptés. Enregistrez le "
                "compte-rendu au format « Document Word (.docx) » puis réessayez."
            )
        )
    if any("spreadsheetml" in kind for kind in types):
        raise _not_a_document(gettext("classeur Excel (.xlsx)"))
    if any("presentationml" in kind for kind in types):
        raise _not_a_document(gettext("présentation PowerPoint (.pptx)"))
    return None


def open_package(data, filename, limits=None):
    """Check ``data`` (named ``filename`` by its sender) and open it; raise ImportRefused if refused."""
    limits = limits or Limits.from_settings()
    name = (filename or "").lower()
    if not name.endswith(ACCEPTED_EXTENSIONS):
        raise UnsupportedFile(
            gettext(
                "Seuls les comptes-rendus au format Word (.docx) ou LibreOffice Writer (.odt) peuvent "
                "être importés."
            )
        )
    if len(data) > limits.max_bytes:
        raise FileTooLarge(
            gettext("Le fichier pèse %(size)s Mo : la taille maximale est de %(max)s Mo.")
            % {"size": _megabytes(len(data)), "max": _megabytes(limits.max_bytes)}
        )
    if not data:
        raise CorruptFile(gettext("Le fichier est vide."))
    if data.startswith(OLE_MAGIC):
        raise _check_ole(data)
    if not data.startswith(b"PK\x03\x04"):
        if data.startswith(b"PK"):
            raise refuse_corrupt()
        raise _sniff_other_format(data)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        _check_archive(archive, limits)
        kind = _odf_kind(archive)
        if kind == "odt":
            _check_odf_encryption(archive)
        else:
            kind = _ooxml_kind(archive)
        if kind is None:
            raise _not_a_document(gettext("fichier compressé (zip)"))
        _check_xml_parts(archive)
    except DefusedXmlException as error:  # a ValueError: caught first
        raise _unsafe_xml() from error
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError) as error:
        raise refuse_corrupt() from error
    except SafeElementTree.ParseError as error:
        raise refuse_corrupt() from error
    return Package(
        kind=kind, data=data, zip=archive, limits=limits, name_mismatch=not name.endswith("." + kind)
    )
