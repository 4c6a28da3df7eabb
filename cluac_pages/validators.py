from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .constants import DEPARTEMENTS


def validate_departement(value):
    if value not in DEPARTEMENTS:
        raise ValidationError(
            _(
                "« %(value)s » n'est pas un code de département valide. "
                "Saisissez un code de 01 à 95, 2A, 2B, ou 971, 972, 973, 974, 976 pour l'outre-mer."
            ),
            code="invalid_departement",
            params={"value": value},
        )
