"""SQLite: refuse INSERT OR REPLACE / upsert over an existing audit event."""

from django.db import migrations


def install(apps, schema_editor):
    from audit.triggers import EVENTS, install_statements

    # Idempotent: re-creates nothing that exists; adds the no-replace trigger.
    for statement in install_statements(schema_editor.connection.vendor, EVENTS):
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS audit_event_no_replace;")


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_triggers")]
    operations = [migrations.RunPython(install, drop)]
