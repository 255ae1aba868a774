import hashlib

from django.db import migrations, models


def fill_verifiers(apps, schema_editor):
    """The links already sent get their verifier (riskmapping.models.verifier_of)."""
    DropToken = apps.get_model("riskmapping", "DropToken")
    links = list(DropToken.objects.only("token"))
    for link in links:
        link.verifier = hashlib.sha256(link.token.encode()).hexdigest()
    DropToken.objects.bulk_update(links, ["verifier"], batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [("riskmapping", "0008_presenter_links")]

    operations = [
        migrations.AddField(
            model_name="droptoken",
            name="verifier",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.RunPython(fill_verifiers, migrations.RunPython.noop),
    ]
