"""Records written once: a model mixin refusing change and a DB trigger, raw SQL too.

Deleting is refused by the model and its queryset (the parent protects its
rows); a trigger refusing DELETE too would stop the test runner's flush.
The triggers are installed after every migrate, because SQLite drops a table's
triggers when a migration rebuilds it.
"""

from dataclasses import dataclass

from django.db import models


class ImmutableRecord(Exception):
    """A record written once was about to be changed or deleted."""


@dataclass(frozen=True)
class ImmutableTable:
    table: str
    prefix: str  # of the trigger's and its function's names
    message: str  # no quotes: it is written into the SQL


def _statements(vendor: str, t: ImmutableTable) -> list[str]:
    if vendor == "sqlite":
        return [
            f"""CREATE TRIGGER IF NOT EXISTS {t.prefix}_no_update BEFORE UPDATE
            ON {t.table} BEGIN SELECT RAISE(ABORT, '{t.message}'); END;"""
        ]
    if vendor == "postgresql":
        return [
            f"""CREATE OR REPLACE FUNCTION {t.prefix}_refuse_update() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '{t.message}' USING ERRCODE = 'insufficient_privilege';
    END; $$;""",
            f"DROP TRIGGER IF EXISTS {t.prefix}_no_update ON {t.table};",
            f"""CREATE TRIGGER {t.prefix}_no_update BEFORE UPDATE ON {t.table}
    FOR EACH ROW EXECUTE FUNCTION {t.prefix}_refuse_update();""",
        ]
    return []


def install(connection, table: ImmutableTable) -> None:
    if table.table not in connection.introspection.table_names():
        return
    with connection.cursor() as cursor:
        for statement in _statements(connection.vendor, table):
            cursor.execute(statement)


def installer(table: ImmutableTable):
    """A post_migrate receiver that installs ``table``'s trigger."""

    def install_after_migrate(sender, using="default", **kwargs) -> None:
        from django.db import connections

        install(connections[using], table)

    return install_after_migrate


class ImmutableQuerySet(models.QuerySet):
    refusal = "These records never change."

    def update(self, **kwargs):
        raise ImmutableRecord(self.refusal)

    def delete(self):
        raise ImmutableRecord(self.refusal)


class ImmutableModel(models.Model):
    """Saved once; ``save`` of a stored row and ``delete`` raise ImmutableRecord."""

    immutable_message = "This record never changes."

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableRecord(self.immutable_message)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecord(self.immutable_message)
