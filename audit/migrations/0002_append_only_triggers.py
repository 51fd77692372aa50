"""Database triggers that refuse UPDATE, DELETE (and TRUNCATE) on the audit table."""

from django.db import migrations


def install(apps, schema_editor):
    from audit.triggers import install_statements

    for statement in install_statements(schema_editor.connection.vendor):
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    from audit.triggers import drop_statements

    for statement in drop_statements(schema_editor.connection.vendor):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(install, drop)]
