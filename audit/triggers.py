"""Database triggers that make the audit table append-only even for raw SQL."""

from django.db.backends.base.base import BaseDatabaseWrapper

TABLE = "audit_auditevent"

_SQLITE_INSTALL = [
    f"""CREATE TRIGGER IF NOT EXISTS audit_event_no_update BEFORE UPDATE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;""",
    f"""CREATE TRIGGER IF NOT EXISTS audit_event_no_delete BEFORE DELETE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;""",
]
_SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS audit_event_no_update;",
    "DROP TRIGGER IF EXISTS audit_event_no_delete;",
]
_PG_INSTALL = [
    """CREATE OR REPLACE FUNCTION audit_event_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'audit events are append-only' USING ERRCODE = 'insufficient_privilege';
    END; $$;""",
    f"DROP TRIGGER IF EXISTS audit_event_no_change ON {TABLE};",
    f"""CREATE TRIGGER audit_event_no_change BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change();""",
    f"DROP TRIGGER IF EXISTS audit_event_no_truncate ON {TABLE};",
    f"""CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON {TABLE}
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change();""",
]
_PG_DROP = [
    f"DROP TRIGGER IF EXISTS audit_event_no_change ON {TABLE};",
    f"DROP TRIGGER IF EXISTS audit_event_no_truncate ON {TABLE};",
]


def install_statements(vendor: str) -> list[str]:
    return {"sqlite": _SQLITE_INSTALL, "postgresql": _PG_INSTALL}.get(vendor, [])


def drop_statements(vendor: str) -> list[str]:
    return {"sqlite": _SQLITE_DROP, "postgresql": _PG_DROP}.get(vendor, [])


def install(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        for statement in install_statements(connection.vendor):
            cursor.execute(statement)


def drop(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        for statement in drop_statements(connection.vendor):
            cursor.execute(statement)
