from django.db import migrations


def load(apps, schema_editor):
    from corridor.core.reference import load_reference_data

    load_reference_data(apps.get_model("core", "Country"), apps.get_model("core", "Currency"), apps.get_model("core", "Sector"))


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
