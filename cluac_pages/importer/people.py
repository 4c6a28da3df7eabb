"""How minutes mention a person: « Mme Patricia DUFOUR, cheffe de service relation usagers »,
« Fabienne Proslie de l'AFOC 44 », « M. le représentant de l'UFC Que Choisir » (unnamed), « Monsieur
LASGI indique que… ».

A mention gives a raw name (when there is one), a civility, a function and an organisation as
written; matching them with the composition's persons and organisations is the page-creation
step's business.
"""

import re
from dataclasses import dataclass

from .french import fold, normalise_spaces

CIVILITIES = {
    "monsieur": "M.",
    "m": "M.",
    "mr": "M.",
    "madame": "Mme",
    "mme": "Mme",
    "mademoiselle": "Mlle",
    "mlle": "Mlle",
    "docteur": "Dr",
    "dr": "Dr",
}
_CIVILITY = re.compile(
    r"^(?P<civ>monsieur|madame|mademoiselle|mme|mlle|mr|dr|docteur|m)(?:\.\s*|\s+)(?=\S)", re.IGNORECASE
)
_ARTICLE = re.compile(r"^(?:le|la|les)\s+|^l'\s*", re.IGNORECASE)
_ROLE_SEPARATOR = re.compile(r"\s+(?:de\s+l'|de\s+la\s+|du\s+|des\s+|d'|de\s+)", re.IGNORECASE)
_ACRONYM = re.compile(r"\b[A-ZÀ-Ý]{2,}\b")
_FIRST_NAME = re.compile(r"^[A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)*$")
BULLETS = "•·▪▫◦‣⁃●○■□►▸➢➤→⇒✓✔-–—*\uf0b7\uf0a7\uf0d8\uf076\uf0fc\uf0e0\uf06e\uf02d"

# Words that start a function (« cheffe de service… », « adjoint à la directrice… »).
FUNCTION_WORDS = {
    word
    for stem in (
        "adjoint",
        "administrateur",
        "agent",
        "animateur",
        "assistant",
        "attache",
        "benevole",
        "charge",
        "chef",
        "commissaire",
        "conseiller",
        "coordinateur",
        "correspondant",
        "delegue",
        "depute",
        "directeur",
        "elu",
        "formateur",
        "gerant",
        "gestionnaire",
        "ingenieur",
        "inspecteur",
        "instructeur",
        "juriste",
        "maire",
        "mediateur",
        "moniteur",
        "membre",
        "officier",
        "president",
        "prefet",
        "referent",
        "representant",
        "responsable",
        "secretaire",
        "senateur",
        "sous-prefet",
        "technicien",
        "tresorier",
        "vice-president",
    )
    for word in (stem, stem + "e", stem + "s", stem + "es")
} | {
    "cheffe",
    "directrice",
    "animatrice",
    "administratrice",
    "coordinatrice",
    "mediatrice",
    "inspectrice",
    "instructrice",
    "conseillere",
    "tresoriere",
    "premier",
    "premiere",
    "capitaine",
    "commandant",
    "lieutenant",
    "colonel",
    "stagiaire",
    "volontaire",
    "interprete",
    "formatrice",
    "monitrice",
    "avocat",
    "avocate",
    "notaire",
    "medecin",
    "pharmacien",
    "pharmacienne",
    "exploitant",
    "exploitante",
    "intervenant",
    "intervenante",
}
# Roles that name an organisation after « de » (« représentant de l'UFC »): split into both.
GENERIC_ROLES = {
    "representant",
    "representante",
    "president",
    "presidente",
    "vice-president",
    "vice-presidente",
    "delegue",
    "deleguee",
    "membre",
    "benevole",
    "secretaire",
    "tresorier",
    "tresoriere",
    "responsable",
    "adherent",
    "adherente",
}
# Words that make a phrase an organisation, not a person's name.
ORGANISATION_WORDS = {
    "association",
    "prefecture",
    "sous-prefecture",
    "prefet",
    "prefete",
    "direction",
    "service",
    "services",
    "mairie",
    "commune",
    "conseil",
    "departement",
    "departementale",
    "departemental",
    "union",
    "federation",
    "comite",
    "caisse",
    "chambre",
    "maison",
    "point",
    "centre",
    "bureau",
    "pole",
    "cellule",
    "mission",
    "secretariat",
    "les",
    "des",
    "un",
    "une",
    "pour",
    "au",
    "aux",
    "et",
}
# Words that start an organisation written in lower case (« préfecture de la Loire-Atlantique »).
ORGANISATION_HEADS = {
    "association",
    "prefecture",
    "sous-prefecture",
    "direction",
    "service",
    "mairie",
    "commune",
    "conseil",
    "caisse",
    "chambre",
    "maison",
    "centre",
    "bureau",
    "pole",
    "cellule",
    "secretariat",
    "union",
    "federation",
    "comite",
    "diaconat",
    "espace",
    "point",
    "agence",
    "syndicat",
    "ordre",
    "confederation",
    "auto-ecole",
}
PARTICLES = {"de", "du", "des", "d'", "la", "le", "van", "von", "da", "di", "del", "ben", "el", "ter"}


@dataclass
class Mention:
    """A person as the file writes them; ``name`` is None for « le représentant de … »."""

    raw: str
    name: str | None = None
    civility: str = ""
    function: str = ""
    organisation: str = ""

    @property
    def is_person(self):
        return bool(self.name) or bool(self.civility and (self.function or self.organisation))


def clean_line(text):
    text = normalise_spaces(text.replace("\n", " "))
    text = text.lstrip(BULLETS + " \t>=")
    return text.strip().rstrip(" ;,.:").strip()


def split_civility(text):
    match = _CIVILITY.match(text)
    if not match:
        return "", text
    rest = text[match.end() :]
    word = match["civ"].lower()
    # « M » without a dot only before a capital (« M DUPONT »), never « m » in a sentence.
    if word == "m" and not text[match.start() : match.end()].startswith(("M.", "M ")):
        return "", text
    if word == "m" and not rest[:1].isupper() and not _ARTICLE.match(rest):
        return "", text
    return CIVILITIES[word], rest


def looks_like_name(text, civility=False):
    tokens = text.split()
    if not 1 <= len(tokens) <= 5 or (not civility and len(tokens) < 2):
        return False
    if any(char.isdigit() for char in text) or "@" in text:
        return False
    folded = [fold(token).strip(",.;:") for token in tokens]
    if any(word in ORGANISATION_WORDS for word in folded):
        return False
    for index, token in enumerate(tokens):
        if token[:1].isupper():
            continue
        if folded[index] in PARTICLES and 0 < index < len(tokens) - 1:
            continue
        if re.match(r"^[dl]['’][A-ZÀ-Ý]", token) and index > 0:
            continue
        return False
    if civility:
        return True
    return bool(_FIRST_NAME.match(tokens[0])) and folded[0] not in {"le", "la", "les", "un", "une"}


def is_function(text):
    words = fold(_ARTICLE.sub("", text)).split()
    return bool(words) and words[0].strip(",") in FUNCTION_WORDS


def _looks_like_organisation(text):
    if not text:
        return False
    first = fold(_ARTICLE.sub("", text)).split()[0] if text.split() else ""
    return (
        text[:1].isupper() or text[:1].isdigit() or bool(_ACRONYM.search(text)) or first in ORGANISATION_HEADS
    )


def split_role(phrase):
    """« représentant de l'UFC Que Choisir » → (« représentant », « UFC Que Choisir »)."""
    phrase = _ARTICLE.sub("", phrase.strip())
    match = _ROLE_SEPARATOR.search(phrase)
    if match:
        head, rest = phrase[: match.start()], phrase[match.end() :]
        if (
            len(head.split()) <= 2
            and fold(head.split()[0]) in GENERIC_ROLES
            and _looks_like_organisation(rest)
        ):
            return head, rest
    return phrase, ""


def _split_top(text, separators=(", ", " – ", " — ", " - ")):
    """Split on the first separator outside brackets."""
    depth = 0
    for index, char in enumerate(text):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        elif depth == 0:
            for separator in separators:
                if text.startswith(separator, index):
                    return text[:index], text[index + len(separator) :]
    return text, ""


def parse_mention(text):
    """Read one mention of a person or an organisation."""
    raw = clean_line(text)
    mention = Mention(raw=raw)
    civility, rest = split_civility(raw)
    mention.civility = civility
    if _ARTICLE.match(rest):
        mention.function, mention.organisation = split_role(rest)
        return mention
    bracket = re.search(r"\s*\((?P<inner>[^()]+)\)\s*$", rest)
    bracketed = ""
    if bracket:
        bracketed, rest = bracket["inner"].strip(), rest[: bracket.start()]
    head, tail = _split_top(rest)
    head = head.strip()
    if looks_like_name(head, bool(civility)):
        mention.name = head
    else:
        for separator in _ROLE_SEPARATOR.finditer(head):
            left, right = head[: separator.start()], head[separator.end() :]
            if looks_like_name(left, bool(civility)) and _looks_like_organisation(right):
                mention.name, tail = left, ", ".join(part for part in (right, tail) if part)
                break
    if mention.name is None:
        if civility:
            mention.name = head or None
        else:
            if is_function(head):
                mention.function, mention.organisation = split_role(head)
            else:
                mention.organisation = head
            tail_function, tail_organisation = _classify_parts(tail)
            mention.function = mention.function or tail_function
            mention.organisation = mention.organisation or tail_organisation or bracketed
            return mention
    mention.function, mention.organisation = _classify_parts(tail)
    if bracketed and not mention.organisation:
        mention.organisation = bracketed
    if mention.function and not mention.organisation:
        mention.function, mention.organisation = split_role(mention.function)
    return mention


def _classify_parts(tail):
    function, organisation = [], []
    for part in (part.strip() for part in re.split(r",\s+|\s+[–—]\s+", tail) if part.strip()):
        if is_function(part):
            function.append(_ARTICLE.sub("", part))
        elif _looks_like_organisation(part) or not function:
            organisation.append(part)
        else:
            function.append(part)
    return ", ".join(function), ", ".join(organisation)


def leading_speaker(text):
    """« Monsieur LASGI indique que… » → (mention, offset of « indique »), or None.

    The name is the capitalised words after a civility, up to the first word in lower case (the
    verb); an apposition between commas (« , président de l'UDAF, ») is read as the function.
    """
    stripped = text.lstrip(BULLETS + " \t")
    offset = len(text) - len(stripped)
    civility, rest = split_civility(stripped)
    if not civility or _ARTICLE.match(rest):
        return None
    offset += len(stripped) - len(rest)
    tokens = list(re.finditer(r"\S+", rest))
    name_end = 0
    for index, token in enumerate(tokens):
        word = token.group().rstrip(",")
        if word[:1].isupper() or (fold(word) in PARTICLES and index + 1 < len(tokens)):
            name_end = token.start() + len(word)
            if token.group().endswith(","):
                break
            continue
        break
    name = rest[:name_end].strip()
    if not name or not looks_like_name(name, civility=True):
        return None
    after = rest[name_end:]
    function = organisation = ""
    if after.startswith(","):
        closing = re.search(r",\s+(?=[a-zà-ÿ])", after[1:])
        if closing:
            function, organisation = _classify_parts(after[1 : closing.start() + 1])
            if function and not organisation:
                function, organisation = split_role(function)
            after_start = name_end + 1 + closing.end()
        else:
            return None
    else:
        after_start = name_end + (len(after) - len(after.lstrip()))
    verb = rest[after_start:]
    if not verb[:1].islower():
        return None
    mention = Mention(raw=rest[:after_start].strip(" ,"), name=name, civility=civility)
    mention.function, mention.organisation = function, organisation
    return mention, offset + after_start
