from django.db import migrations

# Danish MED functions (Hverv) that make a person AMiR or TR; HR edits them in the admin.
DEFAULTS = {
    "Arbejdsmiljørepræsentant": "amir",
    "AMR": "amir",
    "AMiR": "amir",
    "Tillidsrepræsentant": "tr",
    "Fællestillidsrepræsentant": "tr",
    "TR": "tr",
}


def add_defaults(apps, schema_editor):
    FunctionRole = apps.get_model("workplaces", "FunctionRole")
    for function, role in DEFAULTS.items():
        FunctionRole.objects.get_or_create(function=function, defaults={"role": role})


class Migration(migrations.Migration):
    dependencies = [("workplaces", "0005_organisation_import")]
    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
