"""Full-text index over claim text and topic: FTS5 + triggers on SQLite, GIN on PostgreSQL."""

from django.db import migrations


def install(apps, schema_editor):
    from claims.search import install as install_search

    install_search(schema_editor.connection)


def drop(apps, schema_editor):
    from claims.search import drop as drop_search

    drop_search(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("claims", "0002_roles")]
    operations = [migrations.RunPython(install, drop)]
