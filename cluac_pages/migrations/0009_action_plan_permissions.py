"""Let both roles keep the action plan: list, add, edit (status, follow-up notes) and delete actions."""

from django.contrib.auth.management import create_permissions
from django.contrib.contenttypes.management import create_contenttypes
from django.db import migrations

ROLES = ["Service communication", "Secrétaire général"]
ACTION_PLAN_MODELS = ["trackedaction", "actionfollowup"]
ACTIONS = ["view", "add", "change", "delete"]


def grant_action_plan_permissions(apps, schema_editor):
    # Permissions are normally created after migrating; a fresh database needs them now.
    app_config = apps.get_app_config("cluac_pages")
    app_config.models_module = True
    create_contenttypes(app_config, apps=apps, verbosity=0)
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="cluac_pages",
        codename__in=[f"{action}_{model}" for action in ACTIONS for model in ACTION_PLAN_MODELS],
    )
    for group in Group.objects.filter(name__in=ROLES):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [("cluac_pages", "0008_convocations_and_action_plan")]

    operations = [migrations.RunPython(grant_action_plan_permissions, migrations.RunPython.noop)]
