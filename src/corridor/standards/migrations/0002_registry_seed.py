from django.db import migrations


def seed(apps, schema_editor):
    from corridor.standards.registry_data import load

    load(apps.get_model("standards", "RecognitionArea"), apps.get_model("standards", "Instrument"))


class Migration(migrations.Migration):
    dependencies = [("standards", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
