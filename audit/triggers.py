"""Database triggers that make the audit tables append-only even for raw SQL."""

from dataclasses import dataclass

from django.db.backends.base.base import BaseDatabaseWrapper


@dataclass(frozen=True)
class AppendOnlyTable:
    table: str
    prefix: str  # of the trigger names
    unique_columns: tuple[str, ...]  # every column an insert could collide on
    message: str


EVENTS = AppendOnlyTable(
    "audit_auditevent",
    "audit_event",
    ("id", "seq", "hash"),
    "audit events are append-only",
)
CHECKPOINTS = AppendOnlyTable(
    "audit_auditcheckpoint",
    "audit_checkpoint",
    ("id",),
    "audit checkpoints are append-only",
)
TABLES = (EVENTS, CHECKPOINTS)


def _sqlite_install(t: AppendOnlyTable) -> list[str]:
    collides = " OR ".join(f"{column} = NEW.{column}" for column in t.unique_columns)
    return [
        f"""CREATE TRIGGER IF NOT EXISTS {t.prefix}_no_update BEFORE UPDATE ON {t.table}
        BEGIN SELECT RAISE(ABORT, '{t.message}'); END;""",
        f"""CREATE TRIGGER IF NOT EXISTS {t.prefix}_no_delete BEFORE DELETE ON {t.table}
        BEGIN SELECT RAISE(ABORT, '{t.message}'); END;""",
        # INSERT OR REPLACE (and REPLACE INTO) deletes the row it collides with
        # without firing the delete trigger (unless recursive_triggers is on in
        # that very connection): it rewrote event #7 and deleted #201. Refuse any
        # insert that collides with an existing row, before SQLite resolves it.
        f"""CREATE TRIGGER IF NOT EXISTS {t.prefix}_no_replace BEFORE INSERT ON {t.table}
        WHEN EXISTS (SELECT 1 FROM {t.table} WHERE {collides})
        BEGIN SELECT RAISE(ABORT, '{t.message}'); END;""",
    ]


def _sqlite_drop(t: AppendOnlyTable) -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {t.prefix}_{kind};"
        for kind in ("no_update", "no_delete", "no_replace")
    ]


def _pg_install(t: AppendOnlyTable) -> list[str]:
    # A row-level BEFORE UPDATE OR DELETE trigger also fires for the UPDATE of an
    # INSERT … ON CONFLICT DO UPDATE and for MERGE, so upserts are refused too.
    function = f"{t.prefix}_refuse_change"
    return [
        f"""CREATE OR REPLACE FUNCTION {function}() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '{t.message}' USING ERRCODE = 'insufficient_privilege';
    END; $$;""",
        f"DROP TRIGGER IF EXISTS {t.prefix}_no_change ON {t.table};",
        f"""CREATE TRIGGER {t.prefix}_no_change BEFORE UPDATE OR DELETE ON {t.table}
    FOR EACH ROW EXECUTE FUNCTION {function}();""",
        f"DROP TRIGGER IF EXISTS {t.prefix}_no_truncate ON {t.table};",
        f"""CREATE TRIGGER {t.prefix}_no_truncate BEFORE TRUNCATE ON {t.table}
    FOR EACH STATEMENT EXECUTE FUNCTION {function}();""",
    ]


def _pg_drop(t: AppendOnlyTable) -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {t.prefix}_no_change ON {t.table};",
        f"DROP TRIGGER IF EXISTS {t.prefix}_no_truncate ON {t.table};",
    ]


def install_statements(vendor: str, table: AppendOnlyTable = EVENTS) -> list[str]:
    builder = {"sqlite": _sqlite_install, "postgresql": _pg_install}.get(vendor)
    return builder(table) if builder else []


def drop_statements(vendor: str, table: AppendOnlyTable = EVENTS) -> list[str]:
    builder = {"sqlite": _sqlite_drop, "postgresql": _pg_drop}.get(vendor)
    return builder(table) if builder else []


def _existing(connection: BaseDatabaseWrapper) -> list[AppendOnlyTable]:
    names = set(connection.introspection.table_names())
    return [t for t in TABLES if t.table in names]


def install(connection: BaseDatabaseWrapper) -> None:
    """Install the triggers on every append-only table the database has."""
    with connection.cursor() as cursor:
        for table in _existing(connection):
            for statement in install_statements(connection.vendor, table):
                cursor.execute(statement)


def drop(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        for table in _existing(connection):
            for statement in drop_statements(connection.vendor, table):
                cursor.execute(statement)
