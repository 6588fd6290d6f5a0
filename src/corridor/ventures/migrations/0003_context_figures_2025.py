from django.db import migrations


def load(apps, schema_editor):
    """Add the figures typed in since 0002 (GII 2025 for Kenya, Malaysia's 2024 startup funding);
    ``load`` only creates rows that are not there yet."""
    from corridor.ventures.context_data import load as load_figures

    Country = apps.get_model("core", "Country")
    if not Country.objects.filter(code__in=["MY", "KE"]).count() == 2:
        return
    load_figures(apps.get_model("ventures", "ContextFigure"))


class Migration(migrations.Migration):
    dependencies = [("ventures", "0002_context_figures")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
