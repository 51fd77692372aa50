"""Database triggers that refuse to change a verdict version, raw SQL included.

Deleting is refused by the model and its queryset (and the claim protects its
versions); a trigger refusing DELETE too would stop the test runner's flush.
Installed after every migrate, because SQLite drops a table's triggers when a
migration rebuilds it.
"""

TABLE = "reviews_verdictversion"
_MESSAGE = "verdict versions never change; publish a new one"

_SQLITE = [
    f"""CREATE TRIGGER IF NOT EXISTS verdict_version_no_update BEFORE UPDATE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END;""",
]
_POSTGRESQL = [
    f"""CREATE OR REPLACE FUNCTION verdict_version_refuse_update() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '{_MESSAGE}' USING ERRCODE = 'insufficient_privilege';
    END; $$;""",
    f"DROP TRIGGER IF EXISTS verdict_version_no_update ON {TABLE};",
    f"""CREATE TRIGGER verdict_version_no_update BEFORE UPDATE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION verdict_version_refuse_update();""",
]


def install(connection) -> None:
    statements = {"sqlite": _SQLITE, "postgresql": _POSTGRESQL}.get(
        connection.vendor, []
    )
    if TABLE not in connection.introspection.table_names():
        return
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def install_after_migrate(sender, using="default", **kwargs) -> None:
    from django.db import connections

    install(connections[using])
