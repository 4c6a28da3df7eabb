"""The add-on stands on its own, and the admin speaks French."""

import ast
from pathlib import Path

import cluac_pages

ADDON = Path(cluac_pages.__file__).parent


def imported_modules(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def test_the_addon_never_imports_the_site_or_its_home_app():
    offending = [
        f"{path.relative_to(ADDON)}: {module}"
        for path in ADDON.rglob("*.py")
        for module in imported_modules(path)
        if module.split(".")[0] in {"home", "cluac_site"}
    ]
    assert offending == []


def test_the_addon_templates_extend_the_configurable_base_template():
    pages = sorted((ADDON / "templates" / "cluac_pages").glob("*_page.html"))
    assert pages, "the add-on ships its page templates"
    for template in pages:
        first_line = template.read_text(encoding="utf-8").splitlines()[0]
        assert first_line.startswith("{% extends cluac_base_template"), template.name


def test_the_admin_is_in_french(admin_client):
    body = admin_client.get("/admin/").content.decode()
    assert '<html lang="fr"' in body
    assert "Tableau de bord" in body
    assert "Composition" in body  # the add-on's menu


def test_the_public_site_can_use_another_base_template(home_page, client, settings, tmp_path):
    from .factories import CommitteePageFactory

    (tmp_path / "prefecture_base.html").write_text(
        '<!DOCTYPE html><html lang="fr"><title>Préfecture hôte</title>'
        "<body><p>Gabarit de la préfecture hôte</p>{% block content %}{% endblock %}</body></html>"
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    settings.CLUAC_PAGES_BASE_TEMPLATE = "prefecture_base.html"
    committee = CommitteePageFactory(parent=home_page, title="CLU de la préfecture hôte")

    body = client.get(committee.url).content.decode()

    assert "Gabarit de la préfecture hôte" in body
    assert "CLU de la préfecture hôte" in body


def test_french_plurals_take_the_singular_for_zero_and_one(settings):
    from django.utils import translation
    from django.utils.translation import ngettext

    with translation.override("fr"):
        forms = [ngettext("%(size)s octet", "%(size)s octets", n) % {"size": n} for n in (0, 1, 2)]
    assert forms == ["0 octet", "1 octet", "2 octets"]
