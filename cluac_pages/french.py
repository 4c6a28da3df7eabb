"""How French writes a name after a preposition: « de l'AFOC 44 », « du Secours catholique »,
« des Restos du cœur », « de la Ligue des droits de l'Homme », « à la préfecture », « d'Emmaüs ».

The article a name takes cannot be read from its letters alone (« la CAF » but « le CCAS »): the
name's first word is looked up among the nouns and acronyms that organisations start with; a
name that starts with none of them is a proper name and takes no article (« de France
Services »). The result is a default: an organisation's admin form lets an editor correct it.
"""

import re
import unicodedata

from django.utils.translation import gettext

# The first words of organisation names, by the article they take.
FEMININE_NOUNS = {
    "académie", "agence", "amicale", "antenne", "assemblée", "association", "autorité", "banque",
    "boutique", "brigade", "caisse", "cellule", "chambre", "cimade", "cité", "collectivité",
    "commission", "commune", "communauté", "compagnie", "confédération", "conférence",
    "coopérative", "coordination", "cour", "croix-rouge", "délégation", "direction", "division",
    "école", "entreprise", "épicerie", "fédération", "fondation", "gendarmerie", "halte",
    "inspection", "instance", "ligue", "mairie", "maison", "métropole", "mission", "mutuelle",
    "organisation", "permanence", "plate-forme", "plateforme", "police", "poste", "préfecture",
    "région", "régie", "résidence", "section", "société", "sous-direction", "sous-préfecture",
    "structure", "trésorerie", "union", "unité", "université", "ville", "cheffe", "directrice",
    "présidente", "préfète", "représentante", "sous-préfète", "adjointe",
}  # fmt: skip
MASCULINE_NOUNS = {
    "abri", "accueil", "atelier", "barreau", "bureau", "cabinet", "carrefour", "centre", "cercle",
    "club", "collectif", "comité", "commissariat", "conciliateur", "conseil", "conservatoire",
    "consulat", "défenseur", "département", "diaconat", "directeur", "dispositif",
    "établissement", "espace", "fonds", "forum", "foyer", "groupement", "guichet", "hôpital",
    "institut", "laboratoire", "lycée", "médiateur", "ministère", "mouvement", "musée",
    "observatoire", "office", "ordre", "organisme", "parc", "parquet", "point", "préfet",
    "président", "relais", "représentant", "réseau", "secours", "secrétaire", "secrétariat",
    "service", "sous-préfet", "syndicat", "tiers-lieu", "tribunal", "chef", "adjoint",
}  # fmt: skip
# Common nouns that start the names of administrations: lower case in running text (« de la préfecture
# de la Loire-Atlantique »), where the first word of an association's name keeps its capital.
ADMINISTRATIVE_NOUNS = {
    "agence", "bureau", "caisse", "cellule", "commissariat", "commune", "conseil", "délégation",
    "département", "direction", "gendarmerie", "mairie", "métropole", "ministère", "préfecture",
    "région", "secrétariat", "service", "sous-direction", "sous-préfecture", "tribunal",
}  # fmt: skip
PLURAL_NOUNS = {"amis", "apprentis", "compagnons", "équipes", "petits", "restos", "scouts"}
FEMININE_ACRONYMS = {
    "caf", "carsat", "cci", "clcv", "cma", "cnaf", "cnav", "cnl", "cpam", "csf", "ddcs", "ddets",
    "ddetspp", "ddfip", "ddpp", "ddt", "ddtm", "dgccrf", "dgfip", "drac", "dreal", "dreets",
    "drfip", "fnaim", "fnath", "fnaut", "mda", "mdph", "mjc", "msa", "pmi", "sncf",
}  # fmt: skip
MASCULINE_ACRONYMS = {
    "ccas", "cdad", "chu", "cias", "cidff", "clic", "cnfpt", "crous", "gip", "pimms", "samu",
    "sdis", "sgar", "sgcd", "siao", "spip",
}  # fmt: skip
# Words starting with an « h muet », before which French elides (« de l'hôpital »).
MUTE_H = ("habitat", "handicap international", "hébergement", "hôpital", "hôtel", "humanis")

APOSTROPHES = "'’"
VOWELS = "aeiouyàâäéèêëîïôöùûüœæ"
ARTICLE = re.compile(r"^(les|le|la)\s+|^(l)([" + APOSTROPHES + r"])\s*", re.IGNORECASE)
CONTRACTIONS = {("de", "le"): "du", ("de", "les"): "des", ("à", "le"): "au", ("à", "les"): "aux"}
UNCONTRACTED = {"du": "le", "des": "les"}


def _first_word(text):
    return re.split(r"[\s,;:()]+", text.strip(), maxsplit=1)[0]


def _folded(word):
    return unicodedata.normalize("NFC", word).casefold()


def _is_acronym(word):
    letters = re.sub(r"[\d\-.&]", "", word)
    return len(letters) >= 2 and letters.isupper()


def starts_with_vowel_sound(text):
    text = text.strip()
    if not text:
        return False
    lowered = _folded(text)
    if lowered[0] in VOWELS:
        return True
    return lowered.startswith(MUTE_H)


def split_article(name):
    """``(article, rest)`` of a name that starts with its article (« Le Secours… »), else ``("", name)``.

    The article is returned in lower case: « le », « la », « les » or « l' »."""
    name = name.strip()
    match = ARTICLE.match(name)
    if not match:
        return "", name
    rest = name[match.end() :]
    if not rest:
        return "", name
    if match.group(2):
        return "l" + match.group(3), rest
    return match.group(1).lower(), rest


def article_of(name):
    """The article a name takes in running text: « le », « la », « les », « l' » or « »."""
    article, rest = split_article(name)
    if article:
        return article
    # « la France Services du Grand Cahors »: one house of the network, a « maison France Services »;
    # the network itself, « France Services », takes no article.
    if re.match(r"france\s+services?\s+\S", _folded(rest)):
        return "la"
    word = _first_word(rest)
    folded = _folded(word)
    if _is_acronym(word):
        if starts_with_vowel_sound(word):
            return "l'"
        base = re.sub(r"[\d\-.&]", "", folded)
        if base in FEMININE_ACRONYMS:
            return "la"
        if base in MASCULINE_ACRONYMS:
            return "le"
        return ""
    if folded in PLURAL_NOUNS:
        return "les"
    singular = folded[:-1] if folded.endswith(("s", "x")) else None
    if folded in FEMININE_NOUNS or folded in MASCULINE_NOUNS:
        if starts_with_vowel_sound(rest):
            return "l'"
        return "la" if folded in FEMININE_NOUNS else "le"
    if singular and (singular in FEMININE_NOUNS or singular in MASCULINE_NOUNS):
        return "les"
    return ""


def _in_running_text(rest):
    """The name after its article: an administration's first word in lower case."""
    word = _first_word(rest)
    if _folded(word) in ADMINISTRATIVE_NOUNS and word[:1].isupper() and not _is_acronym(word):
        return word.lower() + rest[len(word) :]
    return rest


def with_article(name):
    """The name as it reads in a sentence: « l'AFOC 44 », « le Secours catholique », « France Services »."""
    article, rest = split_article(name)
    if not article:
        article = article_of(rest)
        if article:
            rest = _in_running_text(rest)
    if not article:
        return rest
    if article.startswith("l") and article[-1] in APOSTROPHES:
        return f"{article}{rest}"
    return f"{article} {rest}"


def with_preposition(preposition, name):
    """The name after « de » or « à », contracted and elided as French requires.

    « de » + « le Secours catholique » → « du Secours catholique »; « de » + « Emmaüs » → « d'Emmaüs »;
    « à » + « la préfecture » → « à la préfecture ».
    """
    name = name.strip()
    if not name:
        return preposition
    article, rest = split_article(name)
    if not article:
        article = article_of(rest)
        if article:
            rest = _in_running_text(rest)
    if article in ("le", "les"):
        return f"{CONTRACTIONS[(preposition, article)]} {rest}"
    if article == "la":
        return f"{preposition} la {rest}"
    if article:
        return f"{preposition} {article}{rest}"
    if preposition == "de" and starts_with_vowel_sound(rest):
        return f"d'{rest}"
    return f"{preposition} {rest}"


def after_de(name):
    """« de l'AFOC 44 », « du Secours catholique », « des Restos du cœur », « de France Services »."""
    return with_preposition("de", name)


AFTER_DE = re.compile(r"^(?:(des|du)\s+|de\s+(la|l['’])\s*|d['’]\s*|de\s+)(.+)$", re.IGNORECASE | re.DOTALL)


def is_after_de(text):
    """Whether ``text`` is written as a name after « de » (« de l'… », « du … », « des … », « d'… »)."""
    return bool(AFTER_DE.match(text.strip()))


def article_form_of(text_after_de):
    """The name with its article, read back from its form after « de »: « du Secours » → « le Secours »."""
    match = AFTER_DE.match(text_after_de.strip())
    if not match:
        return text_after_de.strip()
    contracted, article, rest = match.groups()
    if contracted:
        return f"{UNCONTRACTED[contracted.lower()]} {rest}"
    if article:
        return f"la {rest}" if article.lower() == "la" else f"l'{rest}"
    return rest


def representative_of(name_after_de, civility=""):
    """« Le représentant de l'UFC Que Choisir », « La représentante… », « Représentant(e) de… »."""
    if civility == "m":
        return gettext("Le représentant %(organisation)s") % {"organisation": name_after_de}
    if civility == "mme":
        return gettext("La représentante %(organisation)s") % {"organisation": name_after_de}
    return gettext("Représentant(e) %(organisation)s") % {"organisation": name_after_de}


def capitalise(text):
    """The first letter in upper case, the rest untouched (« président de… » → « Président de… »)."""
    return text[:1].upper() + text[1:] if text else text
