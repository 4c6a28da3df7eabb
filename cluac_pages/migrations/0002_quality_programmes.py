from django.db import migrations

PROGRAMMES = [
    ("qualepref-1", "Qual-e-pref – module 1 : relation générale avec les usagers"),
    ("qualepref-2", "Qual-e-pref – module 2 : délivrance de titres"),
    ("qualepref-3", "Qual-e-pref – module 3 : délivrance de titres étrangers"),
    ("qualepref-4", "Qual-e-pref – module 4 : relations avec les collectivités territoriales"),
    ("qualepref-5", "Qual-e-pref – module 5 : polices administratives liées à la sécurité"),
    ("qualepref-6", "Qual-e-pref – module 6 : coordination des politiques publiques"),
    ("qualepref-7", "Qual-e-pref – module 7 : communication d'urgence en cas d'événement majeur"),
    ("sp-plus", "Services Publics +"),
]


def create_programmes(apps, schema_editor):
    QualityProgramme = apps.get_model("cluac_pages", "QualityProgramme")
    for order, (code, label) in enumerate(PROGRAMMES):
        QualityProgramme.objects.update_or_create(code=code, defaults={"label": label, "sort_order": order})


def remove_programmes(apps, schema_editor):
    apps.get_model("cluac_pages", "QualityProgramme").objects.filter(
        code__in=[code for code, _ in PROGRAMMES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("cluac_pages", "0001_initial")]

    operations = [migrations.RunPython(create_programmes, remove_programmes)]
