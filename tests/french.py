"""Is a text French? The English words of Wagtail's and Django's catalogues, and the wrong forms
that users met in the admin, with where they occur."""

import gettext
import re
from pathlib import Path

import django
import wagtail
import wagtail_modeladmin

# Forms users met: English left by Wagtail's catalogue, or French that reads wrong.
KNOWN_WRONG_FORMS = [
    "Root",
    "seconds ago",
    "minutes ago",
    "e.g http://domain.com",
    r"\[my-slug\]",
    "Status",
    "resoumisse",
    "crées",
    "Salut",
    "Nouveau Personne",
    "Nouveau: ",
    r"\w\(s\)",
    r"\b(un|Aucun|sûr|créé|modifié|supprimé|Utilisé|Référencé|Verrouillé|Déverrouillé|Publié|Créé)\(e\)",
    "ce/cette",
    r"ce\(tte\)",
    "Le/la",
    r"Le\(la\)",
    r"nouveau\(elle\)",
    r"Nouvel\(le\)",
    r"\b([2-9]|\d\d+) nouvel élément",
    "ne seront pas accessible ",
    "workflow",
    "Workflow",
]

# French words that are also English words of the catalogues, and names of keys.
FRENCH_WORDS = {
    "action",
    "actions",
    "agents",
    "alt",
    "article",
    "audit",
    "bureau",
    "collection",
    "collections",
    "commentaire",
    "commentaires",
    "contact",
    "content",
    "continue",
    "date",
    "description",
    "document",
    "documents",
    "format",
    "global",
    "image",
    "images",
    "important",
    "information",
    "issue",
    "locales",
    "long",
    "message",
    "minutes",
    "note",
    "notes",
    "options",
    "page",
    "pages",
    "parties",
    "permission",
    "permissions",
    "position",
    "public",
    "publication",
    "rapports",
    "section",
    "simple",
    "site",
    "sites",
    "source",
    "suggestion",
    "suggestions",
    "table",
    "type",
    "types",
    "version",
    "versions",
    "visible",
    "ctrl",
    "shift",
    "entrée",
    "menu",
    "plan",
    "service",
    "services",
    "moderation",
    "relations",
    "correspondance",
    "titre",
    "total",
    "urgent",
    "solution",
    "office",
    "question",
    "questions",
    "direction",
    "sous",
    "consultation",
    "organisation",
    "organisations",
    "absent",
    "absents",
    "excuse",
    "orientation",
    "occupation",
    "distribution",
    "transmission",
    "mission",
    "missions",
    "communication",
    "instance",
    "installation",
    "usage",
}


def english_words():
    """Words of the English strings of Wagtail's and Django's catalogues that no French one uses."""
    roots = [Path(package.__file__).parent for package in (wagtail, django, wagtail_modeladmin)]
    english, french = set(), set()
    word = re.compile(r"[^\W\d_]{3,}")
    placeholder = re.compile(r"%\(\w+\)[sd]|\{\w*\}|<[^>]+>")
    for root in roots:
        for catalogue in root.glob("**/locale/fr/LC_MESSAGES/*.mo"):
            with catalogue.open("rb") as file:
                entries = gettext.GNUTranslations(file)._catalog
            for msgid, msgstr in entries.items():
                msgid = msgid[0] if isinstance(msgid, tuple) else msgid
                msgid = msgid.split("\x04")[-1]
                english |= {w.lower() for w in word.findall(placeholder.sub(" ", msgid))}
                french |= {w.lower() for w in word.findall(placeholder.sub(" ", msgstr))}
    return english - french - FRENCH_WORDS


# Words of the content the test builds (names and addresses), not of the interface.
CONTENT_WORDS = {"example", "replaced", "present", "excused", "absent", "invitee"}
# Time zones (« America/New_York ») are identifiers, shown with their French description.
URL = re.compile(r"https?://\S+")
TIME_ZONE = re.compile(r"\b[A-Z][a-z]+/[\w/+-]+")


def faults(text, english):
    """Each wrong form or English word on the screen, with what surrounds it."""
    text = URL.sub(" ", TIME_ZONE.sub(" ", text))
    found = [form for form in KNOWN_WRONG_FORMS if re.search(form, text)]
    found += sorted({w for w in re.findall(r"[^\W\d_]{3,}", text) if w.lower() in english - CONTENT_WORDS})
    return [f"{form} (« {context(text, form)} »)" for form in found]


def context(text, form):
    match = re.search(form if form not in text else re.escape(form), text)
    return text[max(match.start() - 40, 0) : match.end() + 40] if match else ""
