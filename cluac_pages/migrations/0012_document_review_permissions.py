"""Let the secretariat put documents before the committee and read the members' opinions."""

from django.contrib.auth.management import create_permissions
from django.contrib.contenttypes.management import create_contenttypes
from django.db import migrations

GRANTS = {
    "Service communication": ["view_documentreview", "add_documentreview", "change_documentreview", "view_opinion"],
    "Secrétaire général": ["view_documentreview", "view_opinion"],
}


def grant_review_permissions(apps, schema_editor):
    # Permissions are normally created after migrating; a fresh database needs them now.
    app_config = apps.get_app_config("cluac_pages")
    app_config.models_module = True
    create_contenttypes(app_config, apps=apps, verbosity=0)
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.add(
                *Permission.objects.filter(content_type__app_label="cluac_pages", codename__in=codenames)
            )


class Migration(migrations.Migration):
    dependencies = [("cluac_pages", "0011_document_reviews_and_opinions")]

    operations = [migrations.RunPython(grant_review_permissions, migrations.RunPython.noop)]
