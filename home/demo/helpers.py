"""Building blocks shared by the demo prefectures: text, documents, people, seats, pages."""

import datetime
import textwrap
import uuid
import zoneinfo

from django.core.files.base import ContentFile
from django.utils.text import slugify
from wagtail import blocks
from wagtail.documents import get_document_model
from wagtail.models import Collection

from cluac_pages.models import College, Mandate, Organisation, Person, QualityProgramme, Seat

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
DEMO_COLLECTION = "Démonstration CLUAC pages"

# Colleges are shared by every committee; sort_order gives the order of the composition.
SERVICES = "Services de la préfecture et du SGCD"
STATE_SERVICES = "Directions départementales interministérielles"
LOCAL_AUTHORITIES = "Associations d'élus et collectivités territoriales"
FRANCE_SERVICES = "Réseau France Services"
USERS = "Représentants des usagers"
INSTITUTIONS = "Institutions"

COLLEGES = [
    (SERVICES, "Représentants des services de la préfecture et du secrétariat général commun départemental."),
    (STATE_SERVICES, "Directions départementales interministérielles placées sous l'autorité du préfet."),
    (LOCAL_AUTHORITIES, "Associations de maires et représentants des collectivités territoriales."),
    (FRANCE_SERVICES, "Espaces France Services du département."),
    (
        USERS,
        "Associations d'usagers et de consommateurs, et organismes désignés pour représenter les usagers.",
    ),
    (INSTITUTIONS, "Institutions invitées à siéger, comme le Défenseur des droits."),
]


# --- Rich text -------------------------------------------------------------------------------------


def p(*paragraphs):
    """Paragraphs of rich text; the strings are trusted HTML fragments written in this package."""
    return "".join(f"<p>{text}</p>" for text in paragraphs)


def ul(*items):
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


# --- StreamField raw data --------------------------------------------------------------------------


def block(block_type, value):
    return {"type": block_type, "value": value, "id": str(uuid.uuid4())}


def items(values):
    """A ListBlock value in Wagtail's JSON representation."""
    return [{"type": "item", "value": value, "id": str(uuid.uuid4())} for value in values]


def section(heading, *content):
    return block("section", {"heading": heading, "content": list(content)})


def paragraph(html):
    return block("paragraph", html)


def check_raw(block_def, raw, where="body"):
    """Fail loudly on a typo in the demo's raw StreamField data.

    Wagtail silently drops blocks of an unknown type and ignores unknown struct keys;
    a demo that loses text without a word would be worse than one that stops.
    """
    if isinstance(block_def, blocks.StreamBlock):
        for child in raw:
            if child["type"] not in block_def.child_blocks:
                raise ValueError(f"{where}: unknown block type {child['type']!r}")
            check_raw(block_def.child_blocks[child["type"]], child["value"], f"{where}.{child['type']}")
    elif isinstance(block_def, blocks.StructBlock):
        unknown = set(raw) - set(block_def.child_blocks)
        if unknown:
            raise ValueError(f"{where}: unknown fields {sorted(unknown)}")
        for name, value in raw.items():
            check_raw(block_def.child_blocks[name], value, f"{where}.{name}")
    elif isinstance(block_def, blocks.ListBlock):
        for item in raw:
            check_raw(block_def.child_block, item["value"], where)


# --- Pages -----------------------------------------------------------------------------------------


def add_page(parent, page, **streams):
    """Add ``page`` under ``parent`` and publish it through a revision, as an editor would.

    ``streams`` gives the raw data of the page's StreamFields, checked before use.
    """
    for name, raw in streams.items():
        stream_block = page._meta.get_field(name).stream_block
        check_raw(stream_block, raw, f"{page.title}: {name}")
        stream_block.clean(stream_block.to_python(raw))
        setattr(page, name, raw)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def record_attendance(meeting, attendances):
    """Attendance is recorded by the secretariat beside the page, not in its revisions."""
    from cluac_pages.models import Attendance

    for attendance in attendances:
        attendance.meeting = meeting
    Attendance.objects.bulk_create(attendances)


def add_validated_minutes(
    meeting, minutes, validated_on=None, author=None, validator=None, check=True, **streams
):
    """Add minutes as the secretariat would: drafted by Service communication (``author``),
    submitted to the validation workflow, approved by the secretary general (``validator``),
    which publishes them. ``check=False`` skips the check of the raw StreamField data, for
    generated minutes built like others already checked.

    The demo's minutes were sent to their participants long ago: no e-mail goes out.
    """
    from django.contrib.auth import get_user_model

    from cluac_pages.distribution import past_minutes_import
    from cluac_pages.models.validation import minutes_workflow

    User = get_user_model()
    author = author or User.objects.get(username="communication")
    validator = validator or User.objects.get(username="secretaire-general")
    for name, raw in streams.items():
        if check:
            stream_block = minutes._meta.get_field(name).stream_block
            check_raw(stream_block, raw, f"{minutes.title}: {name}")
            stream_block.clean(stream_block.to_python(raw))
        setattr(minutes, name, raw)
    minutes.live = False
    meeting.add_child(instance=minutes)
    revision = minutes.save_revision(user=author)
    workflow = minutes_workflow()
    with past_minutes_import():
        workflow_state = workflow.start(minutes, user=author)
        task_state = workflow_state.current_task_state
        task_state.specific.approve(user=validator)
    if validated_on is not None:
        # The day the signed minutes give, rather than the day the demo was loaded.
        validated_at = at_paris(validated_on.year, validated_on.month, validated_on.day, 17)
        type(task_state).objects.filter(pk=task_state.pk).update(finished_at=validated_at)
    minutes.refresh_from_db()
    assert minutes.live and minutes.live_revision_id == revision.pk, "the workflow should publish the minutes"
    return minutes


# --- Documents (small real PDF files) --------------------------------------------------------------


def _pdf_text(text):
    data = text.encode("cp1252", errors="replace")
    return data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _pdf_utf16(text):
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"


def make_pdf(title, paragraphs):
    """A minimal, valid PDF (A4, Helvetica) with a title and wrapped paragraphs of real text."""
    lines = [("title", title), ("text", "")]
    for text in paragraphs:
        for line in textwrap.wrap(text, 88) or [""]:
            lines.append(("text", line))
        lines.append(("text", ""))
    per_page = 48
    pages = [lines[i : i + per_page] for i in range(0, len(lines), per_page)]

    objects = []

    def add(body):
        objects.append(body)
        return len(objects)

    catalog = add(None)
    pages_id = add(None)
    regular = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    bold = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
    kids = []
    for page_lines in pages:
        stream = [b"BT", b"15 TL", b"56 790 Td"]
        for kind, line in page_lines:
            font = b"/F2 13 Tf" if kind == "title" else b"/F1 11 Tf"
            stream.append(font + b" (" + _pdf_text(line) + b") Tj T*")
        stream.append(b"ET")
        content = b"\n".join(stream)
        content_id = add(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] " % pages_id
                + b"/Resources << /Font << /F1 %d 0 R /F2 %d 0 R >> >> /Contents %d 0 R >>"
                % (regular, bold, content_id)
            )
        )
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R /Lang (fr-FR) >>" % pages_id
    objects[pages_id - 1] = (
        b"<< /Type /Pages /Kids ["
        + b" ".join(b"%d 0 R" % kid for kid in kids)
        + b"] /Count %d >>" % len(kids)
    )
    info = add(b"<< /Title " + _pdf_utf16(title) + b" /Producer (CLUAC pages demo) >>")

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\n" % (len(objects) + 1, catalog, info)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def demo_collection():
    collection = Collection.objects.filter(name=DEMO_COLLECTION).first()
    if collection is None:
        collection = Collection.get_first_root_node().add_child(name=DEMO_COLLECTION)
    return collection


def make_document(title, filename, paragraphs):
    """A Wagtail document in the demo collection, holding a generated PDF."""
    Document = get_document_model()
    document = Document(title=title, collection=demo_collection())
    document.file.save(filename, ContentFile(make_pdf(title, paragraphs)), save=False)
    document._set_document_file_metadata()
    document.save()
    return document


# --- Colleges, organisations, people ---------------------------------------------------------------


def colleges():
    """The shared colleges, created or updated, by name."""
    result = {}
    for order, (name, description) in enumerate(COLLEGES, start=1):
        result[name], _ = College.objects.update_or_create(
            name=name, defaults={"description": description, "sort_order": order * 10}
        )
    return result


def organisation(name, kind, acronym="", website=""):
    org, _ = Organisation.objects.update_or_create(
        name=name, defaults={"kind": kind, "acronym": acronym, "website": website}
    )
    return org


def person(
    last_name,
    first_name="",
    civility="",
    function="",
    organisation=None,
    official=False,
    consent_on=None,
    phone="",
    email_hint="",
):
    """A person with a fictitious private address at example.org, keyed by that address.

    The address and phone number are the secretariat's private data: a public page
    must never show them, which is why the demo fills them in.
    """
    local = slugify(" ".join(part for part in (first_name, last_name, email_hint) if part)).replace("-", ".")
    email = f"{local}@example.org"
    found, _ = Person.objects.update_or_create(
        email=email,
        defaults={
            "civility": civility,
            "first_name": first_name,
            "last_name": last_name,
            "function": function,
            "organisation": organisation,
            "phone": phone,
            "acts_as_official": official,
            "publication_consent": consent_on is not None,
            "consent_date": consent_on,
        },
    )
    return found


def seat(committee, college, org, title, order, mandates=()):
    """A seat and its mandates: ``mandates`` holds (person, role, start, end) tuples."""
    new_seat = Seat(committee=committee, college=college, organisation=org, title=title, sort_order=order)
    new_seat.mandates = [
        Mandate(person=holder, role=role, start_date=start, end_date=end, sort_order=index)
        for index, (holder, role, start, end) in enumerate(mandates)
    ]
    new_seat.save()
    return new_seat


def titular(holder, start, end=None):
    return (holder, Mandate.Role.TITULAR, start, end)


def substitute(holder, start, end=None):
    return (holder, Mandate.Role.SUBSTITUTE, start, end)


def programmes(*codes):
    found = list(QualityProgramme.objects.filter(code__in=codes))
    missing = set(codes) - {programme.code for programme in found}
    if missing:
        raise ValueError(f"Unknown quality programmes (migration 0002 not applied?): {sorted(missing)}")
    return found


def at_paris(year, month, day, hour=0, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=PARIS)
