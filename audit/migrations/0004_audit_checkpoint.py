"""Signed checkpoints of the audit head, append-only like the events (triggers)."""

from django.db import migrations, models


def install(apps, schema_editor):
    from audit.triggers import CHECKPOINTS, install_statements

    for statement in install_statements(schema_editor.connection.vendor, CHECKPOINTS):
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    from audit.triggers import CHECKPOINTS, drop_statements

    for statement in drop_statements(schema_editor.connection.vendor, CHECKPOINTS):
        schema_editor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0003_refuse_replace_trigger'),
    ]

    operations = [
        migrations.CreateModel(
            name='AuditCheckpoint',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('at', models.DateTimeField(help_text='When the head was read and signed.')),
                ('event_count', models.PositiveBigIntegerField(help_text='How many events the trail held.')),
                ('head_seq', models.PositiveBigIntegerField(help_text="The last event's number (0 for an empty trail).")),
                ('head_hash', models.CharField(help_text="The last event's hash.", max_length=64)),
                ('public_key', models.CharField(help_text='The Ed25519 public key that signed (base64).', max_length=64)),
                ('signature', models.CharField(help_text='Ed25519 signature of the statement (base64).', max_length=128)),
            ],
            options={
                'ordering': ['-id'],
            },
        ),
        migrations.RunPython(install, drop),
    ]
