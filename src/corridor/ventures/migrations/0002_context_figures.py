from django.db import migrations


def load(apps, schema_editor):
    from corridor.ventures.context_data import load as load_figures

    Country = apps.get_model("core", "Country")
    if not Country.objects.filter(code__in=["MY", "KE"]).count() == 2:
        return
    load_figures(apps.get_model("ventures", "ContextFigure"))


def unload(apps, schema_editor):
    apps.get_model("ventures", "ContextFigure").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("ventures", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
