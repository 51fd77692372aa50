"""Full-text search over claim text and topic: FTS5 on SQLite, tsvector on PostgreSQL.

The index lives outside the model (migration ``claims.0003``): on SQLite an
external-content FTS5 table kept in step with ``claims_claim`` by triggers, on
PostgreSQL a stored generated column ``search_vector`` (``to_tsvector('english',
text || ' ' || topic)``) with a GIN index. The column is stored, not an index
expression, because for a common word the planner walks the primary key and
tests each row: recomputing the vector per row made the first page ~50 ms at
100,000 claims. A user's query is never passed to either engine as syntax: on SQLite it
is rebuilt from its words as quoted phrases, on PostgreSQL it goes through
``websearch_to_tsquery``, which accepts any input.
"""

import re

from django.db import connection as default_connection
from django.db import connections
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL

FTS_TABLE = "claims_claim_fts"
PG_INDEX = "claim_search_idx"
PG_COLUMN = "search_vector"
PG_CONFIG = "english"
PG_DOCUMENT = f'{{table}}."{PG_COLUMN}"'

MAX_TERMS = 20

_CHUNK = re.compile(r'"([^"]*)"|(\S+)')
_WORD = re.compile(r"\w+")

_SQLITE_INSTALL = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(
        text, topic, content='claims_claim', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2', prefix='2 3')""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ai AFTER INSERT ON claims_claim BEGIN
        INSERT INTO {FTS_TABLE}(rowid, text, topic) VALUES (new.id, new.text, new.topic);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ad AFTER DELETE ON claims_claim BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, text, topic)
        VALUES ('delete', old.id, old.text, old.topic);
    END""",
    # Only a change of the indexed columns touches the index: Model.save() writes
    # every column, so a status change would otherwise re-index the row too.
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_au AFTER UPDATE OF text, topic
    ON claims_claim WHEN old.text IS NOT new.text OR old.topic IS NOT new.topic
    BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, text, topic)
        VALUES ('delete', old.id, old.text, old.topic);
        INSERT INTO {FTS_TABLE}(rowid, text, topic) VALUES (new.id, new.text, new.topic);
    END""",
]
_SQLITE_REBUILD = f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')"
_SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_ai",
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_ad",
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_au",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
]
_PG_INSTALL = [
    f"""ALTER TABLE claims_claim ADD COLUMN IF NOT EXISTS {PG_COLUMN} tsvector
    GENERATED ALWAYS AS (to_tsvector('{PG_CONFIG}'::regconfig, text || ' ' || topic))
    STORED""",
    f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON claims_claim USING gin ({PG_COLUMN})",
]
_PG_DROP = [
    f"DROP INDEX IF EXISTS {PG_INDEX}",
    f"ALTER TABLE claims_claim DROP COLUMN IF EXISTS {PG_COLUMN}",
]


def install(connection=default_connection) -> None:
    """Create the search index if it is missing, and (re)fill it on SQLite.

    Idempotent, so it may also run after a migration that rebuilt ``claims_claim``
    (SQLite's table rebuild drops the table's triggers).
    """
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for statement in _SQLITE_INSTALL:
                cursor.execute(statement)
            cursor.execute(_SQLITE_REBUILD)
        elif connection.vendor == "postgresql":
            for statement in _PG_INSTALL:
                cursor.execute(statement)


def ensure_installed(connection=default_connection) -> bool:
    """Install the index if any part of it is missing; True if it had to.

    Meant for ``post_migrate``: a later migration that alters ``claims_claim`` on
    SQLite rebuilds the table, which silently drops the FTS5 triggers.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE name IN (%s, %s, %s, %s)",
                [FTS_TABLE] + [f"{FTS_TABLE}_{s}" for s in ("ai", "ad", "au")],
            )
            present = cursor.fetchone()[0] == 4
        elif connection.vendor == "postgresql":
            cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [PG_INDEX])
            present = cursor.fetchone()[0]
        else:
            return False
    if not present:
        install(connection)
    return not present


def drop(connection=default_connection) -> None:
    statements = {"sqlite": _SQLITE_DROP, "postgresql": _PG_DROP}
    with connection.cursor() as cursor:
        for statement in statements.get(connection.vendor, []):
            cursor.execute(statement)


def fts5_query(query: str) -> str:
    """The user's words as an FTS5 expression that cannot be a syntax error.

    Each whitespace-separated chunk (or "quoted phrase") becomes a quoted FTS5 phrase
    of its words, so operators such as AND, OR, NEAR( or * are searched as words;
    the phrases must all match; the last one also matches as a prefix (typing ahead).
    Returns "" when the query has no word at all.
    """
    phrases: list[tuple[str, bool]] = []
    for quoted, bare in _CHUNK.findall(query or ""):
        words = _WORD.findall(quoted or bare)
        if words:
            phrases.append((" ".join(words), bool(bare)))
        if len(phrases) >= MAX_TERMS:
            break
    parts = []
    for position, (phrase, bare) in enumerate(phrases):
        escaped = '"' + phrase.replace('"', '""') + '"'
        if bare and position == len(phrases) - 1:
            escaped += "*"
        parts.append(escaped)
    return " ".join(parts)


def search_claims(queryset: QuerySet, query: str) -> QuerySet:
    """Claims whose text or topic matches every word of the query.

    English stemming on both databases ("markets" finds "market"); the queryset's
    own ordering is kept. A blank query changes nothing; a query without any word
    (only punctuation) finds nothing.
    """
    # PostgreSQL refuses NUL in text; it is never part of a word anyway.
    query = (query or "").replace("\x00", " ")
    if not query.strip():
        return queryset
    vendor = connections[queryset.db].vendor
    table = queryset.model._meta.db_table
    if vendor == "sqlite":
        expression = fts5_query(query)
        if not expression:
            return queryset.none()
        # The SQL is constant; the user's words travel as a bound parameter.
        return queryset.filter(
            pk__in=RawSQL(  # noqa: S611
                f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",
                [expression],
            )
        )
    if vendor == "postgresql":
        words = " ".join(query.split()[: MAX_TERMS * 2])
        return queryset.filter(
            RawSQL(  # noqa: S611
                f"{PG_DOCUMENT.format(table=_quote(table))} @@ "
                f"websearch_to_tsquery('{PG_CONFIG}'::regconfig, %s)",
                [words],
                output_field=BooleanField(),
            )
        )
    return _substring_search(queryset, query)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _substring_search(queryset: QuerySet, query: str) -> QuerySet:
    # Any other database: a plain case-insensitive match of every word.
    for word in query.split()[:MAX_TERMS]:
        queryset = queryset.filter(Q(text__icontains=word) | Q(topic__icontains=word))
    return queryset
