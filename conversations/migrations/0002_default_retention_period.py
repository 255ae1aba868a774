from django.db import migrations


def create_default(apps, schema_editor):
    # HR finds the default period in the admin and edits it; there is never a second one.
    RetentionPeriod = apps.get_model("conversations", "RetentionPeriod")
    if not RetentionPeriod.objects.exists():
        RetentionPeriod.objects.create(months=12)


class Migration(migrations.Migration):
    dependencies = [("conversations", "0001_initial")]

    operations = [migrations.RunPython(create_default, migrations.RunPython.noop)]
