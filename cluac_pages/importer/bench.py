"""A benchmark hook: time reading and recognising a generated 20-page file.

``make bench`` (``python -m cluac_pages.importer.bench`` with ``DJANGO_SETTINGS_MODULE`` set).
Not a test: nothing here asserts a duration.
"""

import io
import time

import docx
from PIL import Image as PillowImage

from . import read_minutes

PARAGRAPH = (
    "La référente qualité présente les résultats des indicateurs Qual-e-Pref et Services Publics + : le "
    "taux de satisfaction de l'accueil physique progresse, le délai de réponse aux courriels reste à la "
    "limite de la cible et le taux de décroché du standard téléphonique doit encore être amélioré. Les "
    "membres du comité demandent que les supports de présentation soient envoyés en amont de la réunion."
)
ORGANISATIONS = ["UFC Que Choisir", "AFOC 44", "UDAF 44", "CLCV", "diaconat Nantes", "FNAIM 44"]


def _chart():
    output = io.BytesIO()
    PillowImage.new("RGB", (640, 360), "#000091").save(output, "PNG")
    return output.getvalue()


def generate_minutes(pages=20):
    """A .docx of about ``pages`` pages laid out as prefecture minutes (about 450 words a page):
    a header, 30 participants, then sections of seven paragraphs (about 550 words) with an exchange,
    a table of indicators every third section and an image every fifth."""
    document = docx.Document()
    document.add_heading("PRÉFET DE LA LOIRE-ATLANTIQUE", 1)
    document.add_paragraph("Nantes, le 15 septembre 2023")
    document.add_paragraph("Affaire suivie par Aurélie Madelin")
    document.add_paragraph(
        "Objet : Comité local des usagers pour l'amélioration continue du 7 septembre 2023"
    )
    document.add_paragraph("Étaient présents :")
    for index in range(30):
        document.add_paragraph(
            f"Mme Claire DUPONT{index}, présidente de l'{ORGANISATIONS[index % len(ORGANISATIONS)]}",
            style="List Bullet",
        )
    document.add_paragraph("Étaient excusés :")
    document.add_paragraph("M. le représentant de l'UFC Que Choisir", style="List Bullet")
    sections = max(1, round((pages - 1) * 450 / 550))
    for section in range(sections):
        document.add_heading(f"Point {section + 1} de l'ordre du jour", 2)
        for _ in range(7):
            document.add_paragraph(PARAGRAPH)
        speaker = document.add_paragraph(style="List Bullet")
        speaker.add_run(f"Lucie Gaune{section}, diaconat Nantes").bold = True
        speaker.add_run(" s'étonne du peu de fréquentation du point d'accueil numérique.")
        answer = document.add_paragraph(style="List Bullet 2")
        answer.add_run("Patricia Dufour, cheffe de service relation usagers").bold = True
        answer.add_run(" précise que le point d'accueil est réservé aux démarches liées à l'ANTS.")
        if section % 3 == 0:
            table = document.add_table(rows=6, cols=3)
            for column, title in enumerate(["Indicateur", "Cible", "Résultat 2022"]):
                table.cell(0, column).text = title
            for row in range(1, 6):
                table.cell(row, 0).text = f"Indicateur n° {row}"
                table.cell(row, 1).text = "≥ 80 %"
                table.cell(row, 2).text = f"{80 + row} %"
        if section % 5 == 0:
            document.add_picture(io.BytesIO(_chart()))
    document.add_paragraph("Pour le préfet et par délégation,")
    document.add_paragraph("Le secrétaire général")
    document.add_paragraph("Pascal OTHEGUY")
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def run(pages=20, repeat=3):
    """Seconds to read and recognise the generated file (best of ``repeat``), and what was found."""
    data = generate_minutes(pages)
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        minutes = read_minutes(data, "benchmark.docx")
        timings.append(time.perf_counter() - start)
    return {
        "pages": pages,
        "bytes": len(data),
        "seconds": min(timings),
        "sections": len(minutes.sections),
        "participants": len(minutes.participants),
    }


if __name__ == "__main__":
    import django

    django.setup()
    result = run()
    print(
        f"Lecture et reconnaissance d'un compte-rendu de {result['pages']} pages "
        f"({result['bytes'] // 1024} Ko) : {result['seconds']:.2f} s ; "
        f"{result['sections']} sections, {result['participants']} participants."
    )
