from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("cluac_pages", "0014_guests_become_participants")]

    operations = [migrations.DeleteModel(name="Guest")]
