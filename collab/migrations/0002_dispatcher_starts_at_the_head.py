"""The dispatcher starts at the head of the audit trail: no notifications for the past."""

from django.db import migrations
from django.db.models import Max


def start_at_head(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    Cursor = apps.get_model("collab", "Cursor")
    head = AuditEvent.objects.aggregate(head=Max("seq"))["head"] or 0
    # A new, empty database needs no row (a missing cursor starts at 0), and stays
    # empty for import_data.
    if head:
        Cursor.objects.update_or_create(name="dispatcher", defaults={"position": head})


class Migration(migrations.Migration):
    dependencies = [
        ("collab", "0001_initial"),
        ("audit", "0002_append_only_triggers"),
    ]

    operations = [migrations.RunPython(start_at_head, migrations.RunPython.noop)]
