"""What the guarantee protects, and who may lift it.

Kept free of the add-on's models (it sits below them): minutes are found by their
content type, so that the page models can use these rules without an import circle.
"""

import functools

from django.utils.translation import gettext_lazy as _

VALIDATE_MINUTES_PERMISSION = "cluac_pages.validate_minutes"
MINUTES_MODEL = ("cluac_pages", "minutespage")

WITHDRAWAL_REFUSED = _(
    "Cette page porte des comptes-rendus validés : seul un valideur des comptes-rendus "
    "(le secrétaire général) peut les retirer du public ou en changer l’accès."
)
ADDRESS_CHANGE_REFUSED = _(
    "Cette page porte des comptes-rendus validés : changer son adresse changerait celle des "
    "comptes-rendus envoyée aux participants. Seul un valideur des comptes-rendus peut le faire."
)
EXPIRY_REFUSED = _(
    "Une date d’expiration retirerait du public les comptes-rendus validés que porte cette page. "
    "Seul un valideur des comptes-rendus peut la fixer."
)
MEDIA_CHANGE_REFUSED = _(
    "Ce fichier est utilisé par des comptes-rendus validés : seul un valideur peut le modifier, "
    "le déplacer ou le supprimer. Pour corriger une annexe, déposez un nouveau document, "
    "remplacez l’annexe dans le compte-rendu et soumettez-le à validation."
)


def can_validate_minutes(user):
    """Whether ``user`` may validate, publish and unpublish minutes (and withdraw them)."""
    return bool(user and user.is_active and user.has_perm(VALIDATE_MINUTES_PERMISSION))


def validators_among(users):
    """The ids of those of ``users`` who may validate minutes (``can_validate_minutes``), in one
    query rather than a reading of each one's permissions."""
    from django.contrib.auth import get_user_model

    users = {user.pk: user for user in users if user is not None}
    if not users:
        return set()
    try:
        validators = get_user_model()._default_manager.with_perm(VALIDATE_MINUTES_PERMISSION)
    except ValueError:
        # Several authentication backends: each user's permissions are asked for.
        return {pk for pk, user in users.items() if can_validate_minutes(user)}
    return set(validators.filter(pk__in=users).values_list("pk", flat=True))


def is_minutes_model(model):
    return (model._meta.app_label, model._meta.model_name) == MINUTES_MODEL


def live_minutes_under(page):
    """The live minutes in ``page``'s subtree, ``page`` included."""
    import swapper
    from django.contrib.contenttypes.models import ContentType

    Page = swapper.load_model("wagtailcore", "Page")
    minutes_type = ContentType.objects.get_by_natural_key(*MINUTES_MODEL)
    return Page.objects.live().descendant_of(page, inclusive=True).filter(content_type=minutes_type)


def holds_live_minutes(page):
    """Whether withdrawing ``page`` (or changing its access) would withdraw validated minutes."""
    return live_minutes_under(page).exists()


@functools.cache
def may_hold_minutes(model):
    """Whether pages of ``model`` may have minutes in their subtree (the page tree's rules)."""
    reachable, to_visit = set(), [model]
    while to_visit:
        current = to_visit.pop()
        if is_minutes_model(current):
            return True
        if current not in reachable:
            reachable.add(current)
            to_visit.extend(current.allowed_subpage_models())
    return False
