"""Hostile and refused files: each refused with its own French message, never an unhandled error."""

import http.server
import io
import random
import socket
import sys
import threading
import zipfile

import msoffcrypto
import pytest
from django.test import override_settings
from PIL import Image as PillowImage

from cluac_pages.importer import (
    CorruptFile,
    EmptyDocument,
    EncryptedFile,
    FileTooLarge,
    ImportRefused,
    SuspiciousArchive,
    UnsafeXML,
    UnsupportedFile,
    read_minutes,
)
from cluac_pages.importer import recognised as r

from . import seeds
from .builders import H, Img, P, to_docx, to_odt

pytestmark = pytest.mark.single_pass

MB = 1024 * 1024


def small_docx():
    return to_docx(seeds.CHATEAUBRIANT_2024)


def rewrite_zip(data, replace=None, add=None, compression=zipfile.ZIP_DEFLATED):
    """The same package with some members replaced or added."""
    replace, add = replace or {}, add or {}
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(output, "w", compression) as target:
        for info in source.infolist():
            content = replace.get(info.filename, source.read(info.filename))
            target.writestr(info.filename, content, compress_type=info.compress_type)
        for name, content in add.items():
            target.writestr(name, content)
    return output.getvalue()


def refusal(data, filename, expected):
    with pytest.raises(expected) as caught:
        read_minutes(data, filename)
    assert isinstance(caught.value, ImportRefused)
    assert caught.value.message
    return caught.value.message


# Another format under a Word or Writer name.


def test_pdf_named_docx_is_refused_as_a_pdf():
    message = refusal(
        b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n", "compte-rendu.docx", UnsupportedFile
    )
    assert "PDF" in message and ".docx" in message


def test_text_named_odt_is_refused():
    message = refusal(b"Compte rendu du CLU du 16/10/2020", "cr.odt", UnsupportedFile)
    assert "fichier texte" in message


def test_a_pdf_file_name_is_refused_before_reading():
    message = refusal(small_docx(), "compte-rendu.pdf", UnsupportedFile)
    assert "(.docx)" in message and "(.odt)" in message


def test_spreadsheets_named_as_documents_are_refused():
    xlsx = io.BytesIO()
    with zipfile.ZipFile(xlsx, "w") as package:
        package.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/></Types>',
        )
    assert "Excel" in refusal(xlsx.getvalue(), "cr.docx", UnsupportedFile)
    ods = io.BytesIO()
    with zipfile.ZipFile(ods, "w") as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    assert "Calc" in refusal(ods.getvalue(), "cr.odt", UnsupportedFile)


def test_macro_enabled_word_file_is_refused():
    data = small_docx()
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        types = package.read("[Content_Types].xml").decode()
    types = types.replace(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        "application/vnd.ms-word.document.macroEnabled.main+xml",
    )
    assert ".docm" in refusal(rewrite_zip(data, {"[Content_Types].xml": types}), "cr.docx", UnsupportedFile)


def test_odt_content_under_a_docx_name_is_read_as_odt():
    minutes = read_minutes(to_odt(seeds.CHATEAUBRIANT_2024), "compte-rendu.docx")
    assert len(minutes.participants) == 13
    assert "name_mismatch" in [warning.code for warning in minutes.warnings]


# Damaged files.


def test_truncated_zip_is_refused_as_corrupt():
    data = small_docx()
    message = refusal(data[: len(data) // 2], "cr.docx", CorruptFile)
    assert "endommagé" in message


def test_damaged_compressed_part_is_refused_as_corrupt():
    data = bytearray(to_odt(seeds.CHATEAUBRIANT_2024))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as package:
        info = package.getinfo("content.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for offset in range(start + 20, start + 60):
        data[offset] ^= 0x5A
    refusal(bytes(data), "cr.odt", CorruptFile)


def test_empty_file_and_empty_document_are_refused():
    refusal(b"", "cr.docx", CorruptFile)
    message = refusal(to_docx([P("   ")]), "cr.docx", EmptyDocument)
    assert "aucun texte" in message


def test_damaged_bytes_never_raise_anything_but_a_refusal():
    """Files damaged at random either read or are refused: never another exception."""
    data = small_docx()
    generator = random.Random(12)
    for _ in range(40):
        damaged = bytearray(data)
        for _ in range(generator.randint(1, 8)):
            damaged[generator.randrange(len(damaged))] = generator.randrange(256)
        try:
            read_minutes(bytes(damaged), "cr.docx")
        except ImportRefused as refused:
            assert refused.message


# Password-protected files.


def test_password_protected_word_file_is_refused():
    encrypted = io.BytesIO()
    msoffcrypto.OfficeFile(io.BytesIO(small_docx())).encrypt("clu2024", encrypted)
    message = refusal(encrypted.getvalue(), "compte-rendu.docx", EncryptedFile)
    assert "mot de passe" in message


def test_password_protected_writer_file_is_refused():
    """LibreOffice keeps the package readable and encrypts the parts the manifest lists."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as package:
        package.writestr(
            "mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED
        )
        package.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
            'manifest:version="1.3"><manifest:file-entry manifest:full-path="/" '
            'manifest:media-type="application/vnd.oasis.opendocument.text"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml" '
            'manifest:size="5120"><manifest:encryption-data manifest:checksum-type="urn:oasis:names:tc:'
            'opendocument:xmlns:manifest:1.0#sha256-1k" manifest:checksum="c2VjcmV0">'
            '<manifest:algorithm manifest:algorithm-name="http://www.w3.org/2001/04/xmlenc#aes256-cbc" '
            'manifest:initialisation-vector="aXY="/><manifest:key-derivation manifest:key-derivation-name='
            '"PBKDF2" manifest:key-size="32" manifest:iteration-count="100000" manifest:salt="c2Fs"/>'
            "</manifest:encryption-data></manifest:file-entry></manifest:manifest>",
        )
        package.writestr("content.xml", random.Random(3).randbytes(5120), compress_type=zipfile.ZIP_STORED)
    message = refusal(output.getvalue(), "compte-rendu.odt", EncryptedFile)
    assert "LibreOffice" in message


# Size and zip bombs.


def test_file_over_the_size_setting_is_refused():
    data = small_docx()
    with override_settings(CLUAC_IMPORT_MAX_BYTES=len(data) - 1):
        message = refusal(data, "cr.docx", FileTooLarge)
    assert "taille maximale" in message
    assert read_minutes(data, "cr.docx").participants


def test_default_size_limit_is_twenty_megabytes():
    message = refusal(b"PK\x03\x04" + bytes(21 * MB), "cr.docx", FileTooLarge)
    assert "20 Mo" in message


def _zip_with_zeros(data, name, size):
    output = io.BytesIO(data)
    with zipfile.ZipFile(output, "a", zipfile.ZIP_DEFLATED) as package:
        with package.open(name, "w", force_zip64=True) as member:
            chunk = bytes(MB)
            for _ in range(size // MB):
                member.write(chunk)
    return output.getvalue()


def test_zip_bomb_over_the_uncompressed_bound_is_refused():
    bomb = _zip_with_zeros(small_docx(), "word/media/image9.png", 210 * MB)
    assert len(bomb) < 2 * MB
    message = refusal(bomb, "cr.docx", SuspiciousArchive)
    assert "décompressé" in message


def test_entry_compressed_beyond_reason_is_refused():
    bomb = _zip_with_zeros(small_docx(), "word/document2.xml", 20 * MB)
    message = refusal(bomb, "cr.docx", SuspiciousArchive)
    assert "bombe de décompression" in message


def test_too_many_entries_is_refused():
    data = rewrite_zip(small_docx(), add={f"customXml/item{index}.bin": b"x" for index in range(2100)})
    refusal(data, "cr.docx", SuspiciousArchive)


# XML that tries to read a file or reach the network.


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests = []

    def do_GET(self):  # noqa: N802 - the name http.server calls
        _Recorder.requests.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"<x>reached</x>")

    def log_message(self, *args):
        pass


@pytest.fixture
def local_server():
    _Recorder.requests = []
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


_OPENED = []
_WATCHED = set()


def _record_opens(event, args):
    if event == "open" and args and args[0] in _WATCHED:
        _OPENED.append(args[0])


sys.addaudithook(_record_opens)


@pytest.fixture
def secret_file(tmp_path):
    """A file an entity points at; the audit hook tells whether Python opened it."""
    path = tmp_path / "secret.txt"
    path.write_text("SECRET-DE-LA-PREFECTURE")
    _OPENED.clear()
    _WATCHED.add(str(path))
    yield path
    _WATCHED.clear()
    assert _OPENED == []


def _with_doctype(xml, doctype):
    declaration, rest = xml.split("?>", 1)
    return f"{declaration}?>{doctype}{rest}"


def _hostile_doctype(secret_file, server):
    return (
        f'<!DOCTYPE doc [<!ENTITY secret SYSTEM "file://{secret_file}">'
        f'<!ENTITY remote SYSTEM "{server}/entity"><!ENTITY % dtd SYSTEM "{server}/dtd.dtd"> %dtd;]>'
    )


@pytest.fixture
def no_connection(monkeypatch):
    attempts = []
    original = socket.socket.connect

    def connect(self, address):
        attempts.append(address)
        return original(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    return attempts


def test_external_entities_in_word_xml_are_refused_unread(secret_file, local_server, no_connection):
    data = small_docx()
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        document = package.read("word/document.xml").decode()
    document = _with_doctype(document, _hostile_doctype(secret_file, local_server))
    document = document.replace("Marc MAKLOUF</w:t>", "Marc MAKLOUF &secret;&remote;</w:t>", 1)
    message = refusal(rewrite_zip(data, {"word/document.xml": document}), "cr.docx", UnsafeXML)
    assert "DTD" in message
    assert _Recorder.requests == []
    assert no_connection == []


def test_external_entities_in_writer_xml_are_refused_unread(secret_file, local_server, no_connection):
    data = to_odt(seeds.CHATEAUBRIANT_2024)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        content = package.read("content.xml").decode()
    content = _with_doctype(content, _hostile_doctype(secret_file, local_server))
    content = content.replace("Marc MAKLOUF", "Marc MAKLOUF &secret;&remote;", 1)
    refusal(rewrite_zip(data, {"content.xml": content}), "cr.odt", UnsafeXML)
    assert _Recorder.requests == []
    assert no_connection == []


def test_entity_expansion_bomb_is_refused():
    laughs = '<!DOCTYPE w [<!ENTITY a "hahahahahaha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">' + "".join(
        f'<!ENTITY {chr(99 + i)} "{("&" + chr(98 + i) + ";") * 10}">' for i in range(6)
    )
    laughs += "]>"
    data = small_docx()
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        styles = package.read("word/styles.xml").decode()
    refusal(rewrite_zip(data, {"word/styles.xml": _with_doctype(styles, laughs)}), "cr.docx", UnsafeXML)


# Images: bounded in bytes and pixels, skipped with a notice, the rest of the file kept.


def _with_image(fmt, picture, alt="Photo de l'accueil"):
    blocks = [
        H(1, "Bilan de l'accueil"),
        P("Le nouvel espace d'accueil a ouvert en janvier."),
        Img(picture, alt=alt),
    ]
    return (to_docx if fmt == "docx" else to_odt)(blocks)


def _png(size, mode="RGB", noise=False):
    if noise:
        picture = PillowImage.frombytes(mode, size, random.Random(5).randbytes(size[0] * size[1] * len(mode)))
    else:
        picture = PillowImage.new(mode, size)
    output = io.BytesIO()
    picture.save(output, "PNG")
    return output.getvalue()


@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_fifty_megabyte_image_is_skipped_by_the_decompression_bomb_guard(fmt):
    """20 000 × 20 000 pixels: 50 MB once decoded, a few kilobytes in the file."""
    minutes = read_minutes(_with_image(fmt, _png((20000, 20000), mode="1")), f"cr.{fmt}")
    section = minutes.section("Bilan de l'accueil")
    assert [type(item).__name__ for item in section.items] == ["Paragraph"]
    skipped = [warning.message for warning in minutes.warnings if warning.code == "image_skipped"]
    assert len(skipped) == 1 and "millions de pixels" in skipped[0]


@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_image_over_the_pixel_setting_is_skipped(fmt):
    with override_settings(CLUAC_IMPORT_MAX_IMAGE_PIXELS=10_000):
        minutes = read_minutes(_with_image(fmt, seeds.chart_png()), f"cr.{fmt}")
    assert not any(isinstance(item, r.ImageContent) for item in minutes.section("Bilan de l'accueil").items)
    assert "image_skipped" in [warning.code for warning in minutes.warnings]


@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_image_over_the_byte_setting_is_skipped(fmt):
    heavy = _png((700, 700), noise=True)
    assert len(heavy) > MB
    with override_settings(CLUAC_IMPORT_MAX_IMAGE_BYTES=MB):
        minutes = read_minutes(_with_image(fmt, heavy), f"cr.{fmt}")
    assert not any(isinstance(item, r.ImageContent) for item in minutes.section("Bilan de l'accueil").items)
    assert any("(au plus 1 Mo)" in warning.message for warning in minutes.warnings)
