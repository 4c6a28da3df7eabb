"""The pair of groups and the collection of each prefecture (site), and who acts where."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page, Site

from ..models import PrefectureRoles

SERVICE_COMMUNICATION = "Service communication"
SECRETAIRE_GENERAL = "Secrétaire général"
DEFAULT_PAGE_PERMISSIONS = {
    SERVICE_COMMUNICATION: ["add_page", "change_page", "publish_page"],
    SECRETAIRE_GENERAL: ["change_page", "publish_page"],
}
DEFAULT_COLLECTION_PERMISSIONS = [
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
]


def site_label(site):
    return site.site_name or site.hostname


def free_group(name):
    """The group of that name, unless another prefecture's roles use it (then a numbered one)."""
    taken = set(PrefectureRoles.objects.values_list("communication_group", flat=True))
    taken |= set(PrefectureRoles.objects.values_list("secretary_group", flat=True))
    candidate, number = name, 1
    while True:
        group, _ = Group.objects.get_or_create(name=candidate)
        if group.pk not in taken:
            return group
        number += 1
        candidate = f"{name} ({number})"


def grant_like(group, role, root_page, collection):
    """Give ``group`` what the install-wide group ``role`` may do, on this site only."""
    template = Group.objects.filter(name=role).first()
    if template is not None:
        group.permissions.add(*template.permissions.all())
        page_codenames = set(
            GroupPagePermission.objects.filter(group=template).values_list("permission__codename", flat=True)
        )
        collection_permissions = set(
            GroupCollectionPermission.objects.filter(group=template).values_list("permission_id", flat=True)
        )
    else:
        group.permissions.add(
            Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
        )
        page_codenames = set(DEFAULT_PAGE_PERMISSIONS[role])
        collection_permissions = {
            Permission.objects.get(content_type__app_label=app, codename=codename).pk
            for app, codename in DEFAULT_COLLECTION_PERMISSIONS
        }
    GroupPagePermission.objects.filter(group=group).exclude(page=root_page).delete()
    for codename in page_codenames:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=root_page,
            permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
        )
    for permission_id in collection_permissions:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission_id=permission_id
        )


@transaction.atomic
def ensure_site_roles(site):
    """Create (or bring up to date, after a change of root page) the site's pair of groups."""
    roles = PrefectureRoles.objects.filter(site=site).first()
    if roles is None:
        label = site_label(site)
        root_collection = Collection.get_first_root_node()
        collection = root_collection.get_children().filter(name=f"Préfecture : {label}").first()
        roles = PrefectureRoles.objects.create(
            site=site,
            communication_group=free_group(f"{SERVICE_COMMUNICATION} – {label}"),
            secretary_group=free_group(f"{SECRETAIRE_GENERAL} – {label}"),
            collection=collection or root_collection.add_child(name=f"Préfecture : {label}"),
        )
    grant_like(roles.communication_group, SERVICE_COMMUNICATION, site.root_page, roles.collection)
    grant_like(roles.secretary_group, SECRETAIRE_GENERAL, site.root_page, roles.collection)
    return roles


def ensure_every_site_has_roles(**kwargs):
    for site in Site.objects.select_related("root_page").filter(cluac_roles__isnull=True):
        ensure_site_roles(site)


def sites_of(user):
    """The sites where ``user`` acts, or ``None`` for every site (administrators, the
    install-wide groups, any user whose page permissions start above the sites)."""
    if not user.is_active:
        return []
    if user.is_superuser:
        return None
    roots = list(
        Page.objects.filter(group_permissions__group__user=user).distinct().values_list("path", "depth")
    )
    if any(depth == 1 for _, depth in roots):
        return None
    sites = []
    for site in Site.objects.select_related("root_page"):
        site_path = site.root_page.path
        if any(site_path.startswith(path) or path.startswith(site_path) for path, _ in roots):
            sites.append(site)
    return sites


def under_sites(sites, field="path"):
    """A filter on ``field`` (a page's tree path) keeping the pages of ``sites``."""
    condition = Q(pk__in=[])
    for site in sites:
        condition |= Q(**{f"{field}__startswith": site.root_page.path})
    return condition


def site_of_page(page):
    for site in Site.objects.select_related("root_page"):
        if page.path.startswith(site.root_page.path):
            return site
    return None


def prefecture_validators(page):
    """The members of the « Secrétaire général – <site> » group of ``page``'s prefecture."""
    from django.contrib.auth import get_user_model

    site = site_of_page(page)
    roles = PrefectureRoles.objects.filter(site=site).first() if site else None
    if roles is None:
        return get_user_model().objects.none()
    return get_user_model().objects.filter(groups=roles.secretary_group, is_active=True)
