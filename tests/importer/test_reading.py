"""What the readers keep and leave: tracked changes, comments, images, breaks, merged cells, and a file
with no structure at all."""

import io

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from odf import dc, office, text
from odf.opendocument import OpenDocumentText

from cluac_pages.importer import read_document, read_minutes
from cluac_pages.importer import recognised as r
from cluac_pages.importer.document import Break, Heading, Image, Paragraph, Table

from . import seeds
from .builders import PAGE, WRITERS, H, Img, P, T

pytestmark = pytest.mark.single_pass

# The accepted text: « Le comité valide le plan d'actions pour 2024. »
DELETED = "rejette "
INSERTED = "valide "
COMMENT = "Vérifier la formulation avec le secrétaire général"
DELETED_PARAGRAPH = "Paragraphe retiré par la relectrice."


def docx_with_changes_and_comment():
    document = docx.Document()
    document.add_heading("Plan d'actions", 1)
    paragraph = document.add_paragraph()
    first = paragraph.add_run("Le comité ")
    paragraph._p.append(
        parse_xml(
            f'<w:ins {nsdecls("w")} w:id="1" w:author="Aurélie Madelin" w:date="2023-09-12T10:00:00Z">'
            f'<w:r><w:t xml:space="preserve">{INSERTED}</w:t></w:r></w:ins>'
        )
    )
    paragraph._p.append(
        parse_xml(
            f'<w:del {nsdecls("w")} w:id="2" w:author="Aurélie Madelin" w:date="2023-09-12T10:00:00Z">'
            f'<w:r><w:delText xml:space="preserve">{DELETED}</w:delText></w:r></w:del>'
        )
    )
    last = paragraph.add_run("le plan d'actions pour 2024.")
    document.add_comment([first, last], text=COMMENT, author="Pascal Otheguy", initials="PO")
    # A whole paragraph deleted with its text.
    document.element.body.insert(
        -1,
        parse_xml(
            f'<w:p {nsdecls("w")}><w:del w:id="3" w:author="A" w:date="2023-09-12T10:00:00Z"><w:r>'
            f"<w:delText>{DELETED_PARAGRAPH}</w:delText></w:r></w:del></w:p>"
        ),
    )
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def odt_with_changes_and_comment():
    document = OpenDocumentText()
    changes = text.TrackedChanges()
    deletion_region = text.ChangedRegion(id="ct1", check_grammar=False)
    deletion = text.Deletion()
    info = office.ChangeInfo()
    creator = dc.Creator()
    creator.addText("Aurélie Madelin")
    info.addElement(creator)
    deletion.addElement(info)
    deleted_paragraph = text.P()
    deleted_paragraph.addText(DELETED)
    deletion.addElement(deleted_paragraph)
    deletion_region.addElement(deletion)
    insertion_region = text.ChangedRegion(id="ct2", check_grammar=False)
    insertion = text.Insertion()
    insertion_info = office.ChangeInfo()
    insertion_creator = dc.Creator()
    insertion_creator.addText("Aurélie Madelin")
    insertion_info.addElement(insertion_creator)
    insertion.addElement(insertion_info)
    insertion_region.addElement(insertion)
    changes.addElement(deletion_region)
    changes.addElement(insertion_region)
    document.text.addElement(changes)
    heading = text.H(outlinelevel=1)
    heading.addText("Plan d'actions")
    document.text.addElement(heading)
    paragraph = text.P()
    annotation = office.Annotation()
    author = dc.Creator()
    author.addText("Pascal Otheguy")
    annotation.addElement(author)
    note = text.P()
    note.addText(COMMENT)
    annotation.addElement(note)
    paragraph.addElement(annotation)
    paragraph.addText("Le comité ")
    paragraph.addElement(text.ChangeStart(changeid="ct2"))
    paragraph.addText(INSERTED)
    paragraph.addElement(text.ChangeEnd(changeid="ct2"))
    paragraph.addElement(text.Change(changeid="ct1"))
    paragraph.addText("le plan d'actions pour 2024.")
    document.text.addElement(paragraph)
    output = io.BytesIO()
    document.write(output)
    return output.getvalue()


@pytest.mark.parametrize(
    "fmt,build", [("docx", docx_with_changes_and_comment), ("odt", odt_with_changes_and_comment)]
)
def test_tracked_changes_are_accepted_and_comments_left_out(fmt, build):
    minutes = read_minutes(build(), f"plan.{fmt}")

    section = minutes.section("Plan d'actions")
    assert [item.text for item in section.items] == ["Le comité valide le plan d'actions pour 2024."]
    content = repr([minutes.header, minutes.sections, minutes.participants, minutes.letterhead])
    assert DELETED.strip() not in content
    assert COMMENT not in content and DELETED_PARAGRAPH not in content
    assert COMMENT not in repr(minutes.warnings)
    codes = [warning.code for warning in minutes.warnings]
    assert "tracked_changes" in codes and "comments" in codes


@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_image_without_alt_text_is_kept_and_flagged(fmt):
    blocks = [
        H(1, "Visite de l'accueil"),
        P("Les membres du comité ont visité le nouvel espace d'accueil."),
        Img(seeds.chart_png(), alt=""),
        P("La visite s'est achevée à 12h30."),
    ]
    minutes = read_minutes(WRITERS[fmt](blocks), f"visite.{fmt}")

    items = minutes.section("Visite de l'accueil").items
    assert [type(item).__name__ for item in items] == ["Paragraph", "ImageContent", "Paragraph"]
    assert items[1].image.data == seeds.chart_png()
    assert items[1].needs_alt_text
    flagged = [warning.message for warning in minutes.warnings if warning.code == "missing_alt_text"]
    assert len(flagged) == 1 and "texte alternatif" in flagged[0]


@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_neutral_model_keeps_order_levels_breaks_and_merged_cells(fmt):
    blocks = [
        H(1, "Résultats"),
        H(2, "Enquête de satisfaction"),
        P("Le taux de satisfaction atteint 91 %."),
        PAGE,
        T(
            [["Site", "2022", "2023"], ["Evry", "88 %", "91 %"], ["Total sur les 3 sites", "", ""]],
            merges=[(2, 0, 1, 3)],
        ),
        Img(seeds.chart_png(), alt="Graphique"),
    ]
    document = read_document(WRITERS[fmt](blocks), f"r.{fmt}")

    kinds = [type(block).__name__ for block in document.blocks]
    assert kinds == ["Heading", "Heading", "Paragraph", "Break", "Table", "Image"]
    assert [block.level for block in document.blocks if isinstance(block, Heading)] == [1, 2]
    assert next(block for block in document.blocks if isinstance(block, Break)).kind == "page"
    table = next(block for block in document.blocks if isinstance(block, Table))
    assert [[cell.text for cell in row] for row in table.rows] == [
        ["Site", "2022", "2023"],
        ["Evry", "88 %", "91 %"],
        ["Total sur les 3 sites", "", ""],
    ]
    assert (table.rows[2][0].col_span, table.rows[2][1].covered, table.rows[2][2].covered) == (3, True, True)
    assert table.header_rows == 1
    image = next(block for block in document.blocks if isinstance(block, Image))
    assert (image.alt_text, image.format) == ("Graphique", "PNG")

    minutes = read_minutes(WRITERS[fmt](blocks), f"r.{fmt}")
    table_content = next(
        item for item in minutes.section("Enquête de satisfaction").items if isinstance(item, r.TableContent)
    )
    assert table_content.rows[2] == ["Total sur les 3 sites", "", ""]
    assert table_content.merged == [{"row": 2, "col": 0, "rowspan": 1, "colspan": 3}]


UNSTRUCTURED = [
    "Une démarche qualité est une démarche d'amélioration continue des services rendus aux usagers et "
    "d'accroissement de leur satisfaction.",
    "Par usagers, il faut entendre : les particuliers, les entreprises, les associations, les élus locaux "
    "ou représentants des collectivités territoriales et les syndicats professionnels.",
    "Qual-e-pref est une démarche propre aux préfectures et sous-préfectures.",
    "La labellisation doit être obtenue avant la fin de l'été 2022.",
]


@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_file_without_structure_keeps_all_its_text_with_a_warning(fmt):
    minutes = read_minutes(WRITERS[fmt]([P(text_) for text_ in UNSTRUCTURED]), f"notes.{fmt}")

    assert len(minutes.sections) == 1
    assert minutes.sections[0].heading == ""
    assert [item.text for item in minutes.sections[0].items] == UNSTRUCTURED
    assert [warning.code for warning in minutes.warnings] == ["no_structure"]
    assert "tout le texte est repris" in minutes.warnings[0].message


def test_page_header_and_footer_are_read_apart_from_the_body():
    document = read_document(WRITERS["docx"](seeds.ESSONNE_2020), "cr.docx")
    assert [type(block).__name__ for block in document.header] == ["Image", "Paragraph"]
    assert document.header[1].text == "PRÉFET DE L'ESSONNE"
    assert isinstance(document.blocks[0], Paragraph) and document.blocks[0].text == "Secrétariat général"


def test_participant_list_ends_at_the_sentence_after_it():
    blocks = [
        P("PRÉFET DE LA LOIRE-ATLANTIQUE"),
        P("Objet : Comité local des usagers du 12 mars 2024"),
        P("Étaient présents :"),
        P("Mme Lucie GAUNE, diaconat Nantes"),
        P("UFC Que Choisir"),
        P("La séance est ouverte à 14h."),
        P("La préfecture présente le bilan de l'accueil."),
    ]
    minutes = read_minutes(WRITERS["docx"](blocks), "cr.docx")

    assert [(p.name, p.organisation) for p in minutes.participants] == [
        ("Lucie GAUNE", "diaconat Nantes"),
        (None, "UFC Que Choisir"),
    ]
    assert [item.text for item in minutes.sections[0].items] == [
        "La séance est ouverte à 14h.",
        "La préfecture présente le bilan de l'accueil.",
    ]
    assert minutes.letterhead.lines == ["PRÉFET DE LA LOIRE-ATLANTIQUE"]
    assert minutes.header.start_time.hour == 14
